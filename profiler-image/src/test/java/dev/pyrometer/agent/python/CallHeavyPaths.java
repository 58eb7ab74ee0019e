package dev.pyrometer.agent.python;

import java.util.List;

/** The ground truth of {@code call_heavy.py}: leaf_k runs under middle_k, under route_k, called from drive at SITE k. */
final class CallHeavyPaths {
  private CallHeavyPaths() {}

  /** Why the stack (innermost frame first) is not one the thread can have; null when it can. */
  static String wrongCall(List<PyFrame> frames, int[] sites) {
    for (int i = 0; i + 1 < frames.size(); i++) {
      String name = frames.get(i).code().name();
      PyFrame caller = frames.get(i + 1);
      int under = name.lastIndexOf('_');
      if (under < 0 || !(name.startsWith("route_") || name.startsWith("middle_") || name.startsWith("leaf_"))) {
        continue;
      }
      String k = name.substring(under + 1);
      String expected = name.startsWith("route_") ? "drive" : name.startsWith("middle_") ? "route_" + k : "middle_" + k;
      boolean right = caller.code().name().equals(expected)
          && (!expected.equals("drive") || caller.line() == sites[Integer.parseInt(k)]);
      if (!right) {
        return name + " called from " + caller.code().name() + " at line " + caller.line() + ", expected " + expected
            + (expected.equals("drive") ? " at line " + sites[Integer.parseInt(k)] : "");
      }
    }
    return null;
  }
}
