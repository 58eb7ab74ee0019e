package dev.pyrometer.agent.heap.page;

import dev.pyrometer.agent.heap.report.MemoryArtifacts.ProcessResult;
import dev.pyrometer.agent.profile.FrameKey;
import dev.pyrometer.agent.profile.FrameKind;
import dev.pyrometer.agent.render.FrameCategorizer;
import dev.pyrometer.agent.render.FrameCategory;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Colours a memory flame graph by whose module holds the bytes: every step of a reference path
 * takes the colour of the path's root. A module global ({@code sys.modules;NAME;...}) is the
 * user's code, the standard library or a third-party package by the module's {@code __file__}
 * (read at snapshot time); a thread's locals by the code of the frame that holds them; the
 * interpreter's own roots ({@code sys}, {@code builtins}, {@code [interned]}, {@code
 * [unreached-gc]}) and modules that tell nothing are the interpreter's.
 */
public final class HeldByCategorizer implements FrameCategorizer {
  static final String MODULES_ROOT = "sys.modules";
  static final String THREAD_ROOT_PREFIX = "[thread ";
  /** The interpreter's colour: grey, as markers are in CPU graphs. */
  static final FrameCategory INTERPRETER = FrameCategory.MARKER;

  private static final Legend LEGEND = new Legend("held by:", legendLabels());

  /** Module file by module name, per process id (0 for a single process, whose tree has no process root). */
  private final Map<Integer, Map<String, String>> moduleFiles = new HashMap<>();

  public HeldByCategorizer(List<ProcessResult> results) {
    if (results.size() == 1) {
      moduleFiles.put(0, results.get(0).analysis().moduleFiles());
    } else {
      for (ProcessResult r : results) {
        moduleFiles.put(r.pid(), r.analysis().moduleFiles());
      }
    }
  }

  @Override
  public FrameCategory categorize(List<FrameKey> path) {
    int root = 0;
    int pid = 0;
    if (path.get(0).kind() == FrameKind.PROCESS) {
      if (path.size() == 1) {
        return FrameCategory.CONTEXT;
      }
      root = 1;
      pid = path.get(0).line(); // a process key keeps its pid there
    }
    String rootName = path.get(root).name();
    if (rootName.equals(MODULES_ROOT)) {
      if (path.size() == root + 1) {
        return FrameCategory.CONTEXT; // all modules together
      }
      String module = path.get(root + 1).name();
      return FrameCategory.ofModule(module, moduleFiles.getOrDefault(pid, Map.of()).get(module));
    }
    if (rootName.startsWith(THREAD_ROOT_PREFIX)) {
      return ofThreadPath(path, root);
    }
    return INTERPRETER;
  }

  /** The code of the innermost frame on the path (the frames follow the thread root), else the thread's context. */
  private static FrameCategory ofThreadPath(List<FrameKey> path, int root) {
    FrameCategory category = FrameCategory.CONTEXT;
    for (int i = root + 1; i < path.size(); i++) {
      FrameCategory frame = FrameCategory.ofLabel(path.get(i).name());
      if (frame == FrameCategory.MARKER) {
        break; // past the frames: a local variable, an attribute, a key...
      }
      category = frame;
    }
    return category;
  }

  @Override
  public Legend legend() {
    return LEGEND;
  }

  private static Map<FrameCategory, String> legendLabels() {
    Map<FrameCategory, String> labels = new LinkedHashMap<>();
    labels.put(FrameCategory.APP, "your code");
    labels.put(FrameCategory.STDLIB, "standard library");
    labels.put(FrameCategory.LIBRARY, "third-party");
    labels.put(INTERPRETER, "interpreter");
    return labels;
  }
}
