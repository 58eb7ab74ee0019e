package dev.pyrometer.operator.testing;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;

/**
 * report.json files as the agent writes them (the fields the operator reads: profile, findings,
 * functions.inclusive, paths), for a web app whose off-CPU time splits between a handler waiting
 * for a child process and one waiting for a database socket.
 */
public final class SyntheticReports {
  private SyntheticReports() {}

  /**
   * @param scriptShare the fraction of samples handle_by_script waits in subprocess.run; the rest
   *     handle_by_query waits in socket.recv
   */
  public static String split(double scriptShare, long samples) {
    double queryShare = 1 - scriptShare;
    Map<String, Object> report = Map.of(
        "schemaVersion", 1,
        "profile", Map.of("mode", "offcpu", "rateHz", 100, "samples", samples),
        "headline", 0,
        "findings", List.of(
            finding("blocking.subprocess", scriptShare, "handle_by_script", 12, "subprocess.run"),
            finding("blocking.socket", queryShare, "handle_by_query", 30, "socket.recv")),
        "functions", Map.of("inclusive", List.of(
            function("<module>", 40, 1.0),
            function("handle_by_script", 12, scriptShare),
            function("handle_by_query", 30, queryShare))),
        "paths", List.of(
            path(scriptShare, "handle_by_script", "subprocess.run"),
            path(queryShare, "handle_by_query", "socket.recv")));
    return Serialization.asJson(report);
  }

  private static Map<String, Object> finding(String kind, double share, String function, int line, String call) {
    return Map.of("kind", kind, "share", share, "title", "waits in " + call,
        "location", Map.of("function", function, "file", "/app/app.py", "shortFile", "app.py", "line", line),
        "call", Map.of("function", call));
  }

  private static Map<String, Object> function(String name, int line, double share) {
    return Map.of("function", name, "shortFile", "app.py", "line", line, "totalShare", share);
  }

  private static Map<String, Object> path(double share, String handler, String call) {
    return Map.of("share", share, "kind", "blocking", "frames", List.of(
        Map.of("function", "<module>"), Map.of("function", handler), Map.of("function", call)));
  }
}
