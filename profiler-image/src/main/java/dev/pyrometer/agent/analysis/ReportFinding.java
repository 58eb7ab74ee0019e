package dev.pyrometer.agent.analysis;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.pyrometer.contract.Finding;
import java.util.List;

/**
 * One thing the analysis found: a kind of wait or of CPU work at one place in the code, over
 * every path that leads there.
 *
 * @param kind e.g. {@code blocking.subprocess}, {@code cpu.hot-function}, {@code idle.worker}
 * @param verdict whether it is worth fixing
 * @param rule the blocking rule that matched (null for CPU findings)
 * @param title one short line for tables and the summary
 * @param message the full sentence of the diagnosis
 * @param samples samples on the finding's paths
 * @param share their fraction of all samples
 * @param seconds their estimated time, summed over threads
 * @param threads how many threads contributed
 * @param location the deepest application frame (the line to open); another frame when no
 *     application frame is on the path
 * @param applicationCode false when {@code location} is not application code
 * @param call what the application frame calls there (the library or stdlib function), if any
 * @param syscall the system call the path blocks in, for blocking findings
 * @param path the heaviest path of the finding, root first
 * @param notes recognised patterns and other remarks
 * @param suggestion what to do about it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReportFinding(
    String kind,
    Verdict verdict,
    String rule,
    String title,
    String message,
    long samples,
    double share,
    double seconds,
    int threads,
    ReportFrame location,
    boolean applicationCode,
    ReportFrame call,
    String syscall,
    List<ReportFrame> path,
    List<String> notes,
    String suggestion) {

  /** The summary's form: title, {@code function (file:line)}, share, suggestion. */
  public Finding toSummaryFinding() {
    return new Finding(kind, title, location == null ? null : location.location(), share, suggestion);
  }
}
