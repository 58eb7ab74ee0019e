package dev.pyrometer.agent.analysis;

import dev.pyrometer.agent.sample.SampleMode;
import java.util.List;

/**
 * Decides for one leaf path whether it waited or ran, why, and at which application line: the
 * deepest application frame on the path, with the library or stdlib call it makes there.
 */
final class PathClassifier {
  private final SampleMode mode;
  private final SourceLines sources;
  private final FunctionStats functions;

  PathClassifier(SampleMode mode, SourceLines sources, FunctionStats functions) {
    this.mode = mode;
    this.sources = sources;
    this.functions = functions;
  }

  ClassifiedPath classify(LeafPath path) {
    BlockingRules.Blocking blocking =
        mode == SampleMode.CPU ? null : BlockingRules.classify(new BlockedStack(path, sources)).orElse(null);
    List<PathFrame> python = path.python();
    int app = path.deepestAppIndex();
    int locationIndex = app >= 0 ? app : fallbackLocation(python);
    PathFrame location = locationIndex >= 0 ? python.get(locationIndex) : null;
    PathFrame call = locationIndex >= 0 && locationIndex + 1 < python.size() ? python.get(locationIndex + 1) : null;
    if (blocking != null) {
      String key = String.join("|", blocking.cause().name(), blocking.rule(), site(location, true), site(call, false));
      return new ClassifiedPath(path, blocking, blocking.cause().kind(), blocking.cause().verdict(), location, app >= 0,
          call, null, key);
    }
    String kind = cpuKind(app, python, call);
    CpuPattern pattern = CpuPatterns.match(python, locationIndex + 1).orElse(null);
    if (call == null && location != null) {
      // A hot leaf function: name the line most of its own time is spent on, over all callers.
      int hottest = functions.hottestLine(location.frame());
      location = new PathFrame(location.frame(), hottest > 0 ? hottest : location.line(), location.total(), location.pid());
    }
    String key = String.join("|", kind, site(location, call != null), site(call, false));
    return new ClassifiedPath(path, null, kind, Verdict.PROBLEM, location, app >= 0, call, pattern, key);
  }

  private static String cpuKind(int app, List<PathFrame> python, PathFrame call) {
    if (app < 0) {
      return CpuKinds.NO_APP_CODE;
    }
    if (call == null) {
      return CpuKinds.HOT_FUNCTION;
    }
    return call.frame().category() == CodeCategory.LIBRARY ? CpuKinds.LIBRARY_CALL : CpuKinds.STDLIB_CALL;
  }

  /** Without application code, the deepest library frame, else the deepest Python frame. */
  private static int fallbackLocation(List<PathFrame> python) {
    for (int i = python.size() - 1; i >= 0; i--) {
      if (python.get(i).frame().category() == CodeCategory.LIBRARY) {
        return i;
      }
    }
    return python.size() - 1;
  }

  private static String site(PathFrame frame, boolean withLine) {
    if (frame == null) {
      return "-";
    }
    String site = frame.frame().function() + "@" + frame.frame().file();
    return withLine ? site + ":" + frame.line() : site;
  }
}
