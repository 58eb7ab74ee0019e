package dev.pyrometer.agent.python.layout;

import java.util.Map;
import java.util.OptionalLong;

/**
 * The struct offsets, sizes and constants of one CPython minor version, as compiled from that
 * version's headers by {@code profiler-image/tools/layouts/generate-layouts}.
 *
 * <p>Keys: {@code Struct.member.path} (offsetof in bytes, e.g. {@code PyThreadState.next}),
 * {@code sizeof.Type}, {@code const.NAME}, {@code bitfield.Struct.member.field.shift|width} and,
 * for 3.13+, {@code _Py_DebugOffsets.section.field} (position of that field inside the debug
 * offsets block the target publishes).
 *
 * @param minor the {@code X} of Python 3.X
 * @param sourceVersion the exact CPython version whose headers were compiled, e.g. {@code 3.12.1}
 * @param values every key of the table
 */
public record RawLayout(int minor, String sourceVersion, Map<String, Long> values) {

  public RawLayout {
    values = Map.copyOf(values);
  }

  /** The value of {@code key}; a missing key is a bug in the caller's version switch. */
  public long get(String key) {
    Long value = values.get(key);
    if (value == null) {
      throw new IllegalStateException("no layout key " + key + " for Python 3." + minor);
    }
    return value;
  }

  /** The value of {@code key}, or empty when this version has no such member. */
  public OptionalLong find(String key) {
    Long value = values.get(key);
    return value == null ? OptionalLong.empty() : OptionalLong.of(value);
  }

  public boolean has(String key) {
    return values.containsKey(key);
  }
}
