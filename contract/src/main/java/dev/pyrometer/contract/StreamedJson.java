package dev.pyrometer.contract;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;

/**
 * The few shapes the hand-written JSON writers repeat (the run summary here, report.json in the
 * agent), each as data binding writes it: a list as an array, a string left out or written as
 * null.
 */
public final class StreamedJson {
  private StreamedJson() {}

  /** Writes one element of an array. */
  @FunctionalInterface
  public interface ElementWriter<T> {
    void write(T element) throws IOException;
  }

  /** {@code "name" : [ ... ]}; a null list is left out, or written as null when {@code includeNull}. */
  public static <T> void array(JsonGenerator json, String name, List<T> items, boolean includeNull, ElementWriter<T> element)
      throws IOException {
    if (items == null) {
      if (includeNull) {
        json.writeNullField(name);
      }
      return;
    }
    json.writeArrayFieldStart(name);
    for (T item : items) {
      element.write(item);
    }
    json.writeEndArray();
  }

  /** {@code "name" : [ "a", "b" ]}; a null list is left out. */
  public static void strings(JsonGenerator json, String name, List<String> values) throws IOException {
    array(json, name, values, false, json::writeString);
  }

  /** A string field; a null one is left out, or written as null when {@code includeNull}. */
  public static void string(JsonGenerator json, String name, String value, boolean includeNull) throws IOException {
    if (value != null) {
      json.writeStringField(name, value);
    } else if (includeNull) {
      json.writeNullField(name);
    }
  }
}
