package dev.pyrometer.agent.render;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A text resource with named slots: a start comment ("slash star name colon star slash"), a default
 * value, and an end comment ("slash star colon name star slash"). The comments are valid JavaScript,
 * so the template is a working page by itself; a {@link Filler} copies it to a writer and streams a
 * new value in place of each default, in the style of async-profiler's flame.html.
 */
final class MarkedTemplate {
  private static final Pattern START = Pattern.compile("/\\*([a-z]+):\\*/");

  private final String text;
  private final List<Slot> slots = new ArrayList<>();

  private record Slot(String name, int start, int end) {}

  private MarkedTemplate(String resource, String text) {
    this.text = text;
    Matcher m = START.matcher(text);
    int from = 0;
    while (m.find(from)) {
      String endMarker = "/*:" + m.group(1) + "*/";
      int end = text.indexOf(endMarker, m.end());
      if (end < 0) {
        throw new IllegalStateException(resource + ": slot " + m.group(1) + " has no end marker " + endMarker);
      }
      slots.add(new Slot(m.group(1), m.start(), end + endMarker.length()));
      from = end + endMarker.length();
    }
  }

  static MarkedTemplate load(Class<?> anchor, String resource) {
    try (InputStream in = anchor.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("resource " + resource + " is missing from the classpath");
      }
      return new MarkedTemplate(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read resource " + resource, e);
    }
  }

  /** Slot names in the order they appear, which is the order a filler must fill them. */
  List<String> slotNames() {
    return slots.stream().map(Slot::name).toList();
  }

  Filler fill(Writer out) {
    return new Filler(out);
  }

  /** Writes the value of one slot. */
  @FunctionalInterface
  interface SlotValue {
    void writeTo(Writer out) throws IOException;
  }

  /** Copies the template to one writer, slot by slot, in template order. */
  final class Filler {
    private final Writer out;
    private int next;
    private int copied;
    private boolean lenient;

    private Filler(Writer out) {
      this.out = out;
    }

    /**
     * From now on, slots not named keep their default value: for a page that fills only the slots
     * it knows (the differential flame graph), so a slot added to the template later does not break it.
     */
    Filler keepingUnnamedDefaults() {
      lenient = true;
      return this;
    }

    Filler slot(String name, SlotValue value) throws IOException {
      while (lenient && next < slots.size() && !slots.get(next).name().equals(name)
          && slots.subList(next, slots.size()).stream().anyMatch(s -> s.name().equals(name))) {
        next++; // its default stays: copied with the text before the next filled slot
      }
      if (next >= slots.size() || !slots.get(next).name().equals(name)) {
        throw new IllegalStateException("template slot " + name + " filled out of order; slots are " + slotNames());
      }
      Slot slot = slots.get(next++);
      out.write(text, copied, slot.start() - copied);
      value.writeTo(out);
      copied = slot.end();
      return this;
    }

    void finish() throws IOException {
      if (next != slots.size() && !lenient) {
        throw new IllegalStateException("template slots left unfilled: " + slotNames().subList(next, slots.size()));
      }
      out.write(text, copied, text.length() - copied);
      out.flush();
    }
  }
}
