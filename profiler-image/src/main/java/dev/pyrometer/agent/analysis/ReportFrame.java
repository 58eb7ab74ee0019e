package dev.pyrometer.agent.analysis;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One frame as a report shows it.
 *
 * @param function qualified name as sampled (or the system call / marker text)
 * @param module dotted module name, null for native frames
 * @param file full source path, null for native frames
 * @param shortFile the path as users read it
 * @param line the line on this path (0 for native frames)
 * @param category whose code it is
 * @param kind python, syscall or marker
 * @param share fraction of all samples through this frame in the context of its callers
 * @param code the text of the source line, when it could be read
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReportFrame(String function, String module, String file, String shortFile, int line, CodeCategory category,
    String kind, Double share, String code) {

  /** {@code function (shortFile:line)}, or the bare name for native frames. */
  public String location() {
    return file == null ? function : function + " (" + shortFile + ":" + line + ")";
  }

  /** {@code file:line}, what an editor opens; null for native frames. */
  public String fileLine() {
    return file == null ? null : file + ":" + line;
  }

  static ReportFrame of(PathFrame f, double totalSamples, SourceLines sources) {
    CodeFrame frame = f.frame();
    String code = frame.isPython() ? sources.line(f.pid(), frame.file(), f.line()) : null;
    Double share = totalSamples > 0 ? f.total() / totalSamples : null;
    return new ReportFrame(frame.function(), frame.module(), frame.file(), frame.shortFile(), f.line(),
        frame.category(), frame.key().kind().name().toLowerCase(java.util.Locale.ROOT), share, code);
  }
}
