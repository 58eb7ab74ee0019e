package dev.pyrometer.agent.analysis;

import dev.pyrometer.agent.profile.CallTree;
import dev.pyrometer.agent.profile.FrameKey;
import dev.pyrometer.agent.profile.FrameKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Walks every stack of a call tree once and hands it to consumers with the PROCESS and THREAD
 * levels taken off and turned into a {@link ThreadRef}, so each consumer sees code frames only.
 */
final class StackSplitter {
  private StackSplitter() {}

  static void walk(CallTree tree, List<StackConsumer> consumers) {
    List<FrameKey> code = new ArrayList<>();
    // one ThreadRef per thread, not per stack: the analysis keeps one per place where samples ended
    Map<ThreadRef, ThreadRef> threads = new HashMap<>();
    tree.forEachStack(
        (rootFirst, weight) -> {
          int pid = 0;
          int tid = 0;
          String commandLine = "";
          String threadName = "";
          code.clear();
          for (FrameKey frame : rootFirst) {
            if (frame.kind() == FrameKind.PROCESS) {
              pid = frame.line();
              commandLine = commandLineOf(frame.name());
            } else if (frame.kind() == FrameKind.THREAD) {
              tid = frame.line();
              threadName = frame.name();
            } else {
              code.add(frame);
            }
          }
          if (code.isEmpty()) {
            return;
          }
          ThreadRef seen = new ThreadRef(pid, commandLine, tid, threadName);
          ThreadRef thread = threads.computeIfAbsent(seen, t -> t);
          for (StackConsumer consumer : consumers) {
            consumer.accept(thread, code, weight);
          }
        });
  }

  /** {@code process 42: python app.py} → {@code python app.py}. */
  static String commandLineOf(String processName) {
    int colon = processName.indexOf(": ");
    return colon >= 0 ? processName.substring(colon + 2) : processName;
  }
}
