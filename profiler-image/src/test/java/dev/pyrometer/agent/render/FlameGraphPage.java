package dev.pyrometer.agent.render;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the data a written flame graph page carries back out of its script, for assertions. */
record FlameGraphPage(List<Frame> frames, List<String> names, List<String> details, List<Integer> highlight, JsonNode title) {
  private static final JsonMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_TRAILING_COMMA).build();

  /** One decoded frame with its absolute x. */
  record Frame(int depth, long x, long width, String name, String category) {}

  static FlameGraphPage parse(String html) {
    try {
      List<String> names = strings(JSON.readTree(value(html, "names")));
      List<String> categories = strings(JSON.readTree(value(html, "categories")));
      JsonNode data = JSON.readTree(value(html, "frames"));
      List<Frame> frames = new ArrayList<>();
      List<Long> parentX = new ArrayList<>();
      for (int p = 0; p < data.size(); p += 5) {
        int depth = data.get(p).asInt();
        long x = (depth == 0 ? 0 : parentX.get(depth - 1)) + data.get(p + 1).asLong();
        while (parentX.size() <= depth) {
          parentX.add(0L);
        }
        parentX.set(depth, x);
        frames.add(new Frame(depth, x, data.get(p + 2).asLong(), names.get(data.get(p + 3).asInt()),
            categories.get(data.get(p + 4).asInt())));
      }
      List<Integer> highlight = new ArrayList<>();
      JSON.readTree(value(html, "highlight")).forEach(n -> highlight.add(n.asInt()));
      return new FlameGraphPage(frames, names, strings(JSON.readTree(value(html, "details"))), highlight,
          JSON.readTree(value(html, "title")));
    } catch (Exception e) {
      throw new AssertionError("page data does not parse: " + e.getMessage(), e);
    }
  }

  /** The text between a slot's start and end comments (the writer keeps neither, so find by variable). */
  static String value(String html, String slot) {
    Pattern declaration = Pattern.compile(switch (slot) {
      case "frames" -> "const frameData = (.*?);\\n";
      case "highlight" -> "const highlightPath = (.*?);\\n";
      case "title", "subtitle", "unit", "minwidth", "lines" -> "  " + (slot.equals("minwidth") ? "minWidth" : slot) + ": (.*?),\\n";
      case "names", "details" -> "const line" + Character.toUpperCase(slot.charAt(0)) + slot.substring(1) + " = (.*?);\\n";
      default -> "const " + slot + " = (.*?);\\n";
    }, Pattern.DOTALL);
    Matcher m = declaration.matcher(html);
    if (!m.find()) {
      throw new AssertionError("no value for slot " + slot);
    }
    return m.group(1);
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
