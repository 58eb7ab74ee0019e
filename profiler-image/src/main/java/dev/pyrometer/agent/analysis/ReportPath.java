package dev.pyrometer.agent.analysis;

import java.util.List;

/**
 * A code path from the outermost frame to where its samples ended.
 *
 * @param share fraction of all samples that ended on this path
 * @param kind the finding kind of the path (its cause, or a CPU kind)
 * @param finding index of the finding this path belongs to
 * @param frames root first
 */
public record ReportPath(long samples, double share, double seconds, String kind, int finding, List<ReportFrame> frames) {

  /** Frames leaf first joined by "←", as the diagnosis quotes a path. */
  public String leafFirst() {
    StringBuilder out = new StringBuilder();
    for (int i = frames.size() - 1; i >= 0; i--) {
      ReportFrame f = frames.get(i);
      if (out.length() > 0) {
        out.append(" ← ");
      }
      out.append(f.location());
    }
    return out.toString();
  }
}
