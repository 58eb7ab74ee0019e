package dev.pyrometer.agent.python.layout;

import dev.pyrometer.agent.memory.Bytes;
import dev.pyrometer.agent.python.layout.RawLayout;

/**
 * Looks up one version's offsets: from the target's own {@code _Py_DebugOffsets} block when it
 * publishes the field (3.13+, exact for the running binary), else from the generated table.
 */
final class LayoutValues {
  private final RawLayout raw;
  private final byte[] debugOffsets;

  LayoutValues(RawLayout raw, byte[] debugOffsets) {
    this.raw = raw;
    this.debugOffsets = debugOffsets;
  }

  int minor() {
    return raw.minor();
  }

  /** The first of the table keys this version has; a version with none is a bug in the caller. */
  long get(String... tableKeys) {
    long v = find(tableKeys);
    if (v < 0) {
      throw new IllegalStateException("the layout of Python 3." + raw.minor() + " has none of " + String.join(", ", tableKeys));
    }
    return v;
  }

  /** The first of the table keys this version has, or -1. */
  long find(String... tableKeys) {
    for (String key : tableKeys) {
      if (raw.has(key)) {
        return raw.get(key);
      }
    }
    return -1;
  }

  /** The debug-offsets value when published, else the table value of {@code tableKeys}. */
  long preferDebug(String debugKey, String... tableKeys) {
    if (debugOffsets != null) {
      String key = "_Py_DebugOffsets." + debugKey;
      if (raw.has(key)) {
        int position = (int) raw.get(key);
        if (position + 8 <= debugOffsets.length) {
          return Bytes.getLong(debugOffsets, position);
        }
      }
    }
    return find(tableKeys);
  }

  /** A {@code const.NAME} value, or {@code fallback} when this version does not define it. */
  long constant(String name, long fallback) {
    String key = "const." + name;
    return raw.has(key) ? raw.get(key) : fallback;
  }

  /** Every {@code Struct.member} offset of one struct, keyed by member name (top-level members only). */
  java.util.Map<String, Long> members(String struct) {
    java.util.Map<String, Long> out = new java.util.TreeMap<>();
    String prefix = struct + ".";
    for (var e : raw.values().entrySet()) {
      String member = e.getKey().startsWith(prefix) ? e.getKey().substring(prefix.length()) : null;
      if (member != null && !member.contains(".")) {
        out.put(member, e.getValue());
      }
    }
    return out;
  }

  /** Shift of a one-word bitfield member, or -1. */
  int bitShift(String struct, String field) {
    String key = "bitfield." + struct + "." + field + ".shift";
    return raw.has(key) ? (int) raw.get(key) : -1;
  }
}
