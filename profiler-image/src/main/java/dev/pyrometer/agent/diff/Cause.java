package dev.pyrometer.agent.diff;

import dev.pyrometer.agent.profile.FrameKey;
import dev.pyrometer.agent.profile.FrameKind;
import dev.pyrometer.agent.profile.SourcePaths;
import dev.pyrometer.agent.render.FrameCategory;
import java.util.List;
import java.util.Map;

/**
 * Why one stack's time moved, told the way a user says it: the application function that
 * changed, whether it runs or waits, and the call it makes ("handle_by_script waits in
 * subprocess.run"). The subject is the deepest application frame whose own share moved by at least
 * half as much as the stack's, so a helper both paths share (a {@code burn()} under {@code hot()}
 * and {@code cold()}) does not hide the function that really changed.
 *
 * @param subject the function that changed, e.g. {@code handle_by_script}
 * @param verb {@code waits} when the stack ends in a system call, else {@code runs}
 * @param call what the subject calls on this stack ({@code subprocess.run}), null when it is the leaf
 */
public record Cause(String subject, String verb, String call) {

  /** How causes are keyed and listed: {@code handle_by_script waits in subprocess.run}. */
  public String text() {
    return subject + " " + verb + (call == null ? "" : " in " + call);
  }

  /**
   * @param stack root first
   * @param stackPoints the stack's change in share points
   * @param functionPoints each function's change, by {@link #functionName(FrameKey)}
   */
  static Cause of(List<FrameKey> stack, double stackPoints, Map<String, Double> functionPoints) {
    FrameKey leaf = stack.get(stack.size() - 1);
    String verb = leaf.kind() == FrameKind.SYSCALL ? "waits" : "runs";
    int deepestApp = -1;
    int subject = -1;
    for (int i = stack.size() - 1; i >= 0; i--) {
      FrameKey frame = stack.get(i);
      if (frame.kind() != FrameKind.PYTHON || FrameCategory.of(frame) != FrameCategory.APP) {
        continue;
      }
      deepestApp = deepestApp < 0 ? i : deepestApp;
      double moved = functionPoints.getOrDefault(functionName(frame), 0.0);
      if (Math.signum(moved) == Math.signum(stackPoints) && Math.abs(moved) >= 0.5 * Math.abs(stackPoints)) {
        subject = i;
        break;
      }
    }
    if (subject < 0) {
      subject = deepestApp >= 0 ? deepestApp : firstPython(stack);
    }
    if (subject < 0) {
      return new Cause(leaf.label(), verb, null);
    }
    String call = subject + 1 < stack.size() ? callName(stack.get(subject + 1)) : null;
    return new Cause(stack.get(subject).name(), verb, call);
  }

  private static int firstPython(List<FrameKey> stack) {
    for (int i = stack.size() - 1; i >= 0; i--) {
      if (stack.get(i).kind() == FrameKind.PYTHON) {
        return i;
      }
    }
    return -1;
  }

  /**
   * A function across its lines: {@code name (file)} for Python ({@code run (subprocess.py)}), the
   * label otherwise.
   */
  static String functionName(FrameKey frame) {
    return frame.kind() == FrameKind.PYTHON ? frame.name() + " (" + SourcePaths.shortName(frame.file()) + ")" : frame.label();
  }

  /** How a call reads in a sentence: {@code subprocess.run} for library code, the name for the user's own. */
  private static String callName(FrameKey frame) {
    if (frame.kind() != FrameKind.PYTHON) {
      return frame.label();
    }
    FrameCategory category = FrameCategory.of(frame);
    if (category == FrameCategory.APP) {
      return frame.name();
    }
    String module = SourcePaths.shortName(frame.file());
    module = module.endsWith(".py") ? module.substring(0, module.length() - 3) : module;
    module = module.endsWith("/__init__") ? module.substring(0, module.length() - "/__init__".length()) : module;
    return module.replace('/', '.') + "." + frame.name();
  }
}
