package dev.pyrometer.agent.analysis;

import dev.pyrometer.agent.profile.CallTree;
import dev.pyrometer.agent.profile.FrameKey;
import dev.pyrometer.agent.profile.RecordedProfile;
import dev.pyrometer.agent.sample.SampleMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Hand-built call trees shaped like the sampler's: PROCESS → THREAD → Python frames root first →
 * an optional system call leaf. Paths are those of a real CPython 3.12 in a virtualenv.
 */
final class Stacks {
  static final String APP_FILE = "/srv/app/service.py";
  static final String STDLIB = "/usr/local/lib/python3.12/";
  static final String SITE = "/srv/venv/lib/python3.12/site-packages/";

  private final CallTree tree = new CallTree();

  static FrameKey app(String function, int line) {
    return FrameKey.python(function, APP_FILE, line);
  }

  static FrameKey app(String file, String function, int line) {
    return FrameKey.python(function, file, line);
  }

  /** A standard-library frame, e.g. {@code std("subprocess.py", "run", 550)}. */
  static FrameKey std(String file, String function, int line) {
    return FrameKey.python(function, STDLIB + file, line);
  }

  /** A third-party frame, e.g. {@code lib("requests/api.py", "get", 73)}. */
  static FrameKey lib(String file, String function, int line) {
    return FrameKey.python(function, SITE + file, line);
  }

  static FrameKey sys(String name) {
    return FrameKey.syscall(name);
  }

  /** The frames threading puts above every thread's target. */
  static List<FrameKey> threadStart() {
    return List.of(std("threading.py", "Thread._bootstrap", 1030), std("threading.py", "Thread._bootstrap_inner", 1073),
        std("threading.py", "Thread.run", 1010));
  }

  /** A main-thread stack starting at the script's module level. */
  static List<FrameKey> main(FrameKey... frames) {
    List<FrameKey> out = new ArrayList<>();
    out.add(app("<module>", 99));
    out.addAll(Arrays.asList(frames));
    return out;
  }

  /** A stack of a started thread: threading's bootstrap, then the frames. */
  static List<FrameKey> thread(FrameKey... frames) {
    List<FrameKey> out = new ArrayList<>(threadStart());
    out.addAll(Arrays.asList(frames));
    return out;
  }

  /** A one-stack path as the classifier sees it (weight 1, one thread). */
  static LeafPath path(List<FrameKey> frames) {
    FunctionTree tree = new FunctionTree();
    tree.accept(ThreadRef.UNKNOWN, frames, 1);
    return tree.leafPaths().get(0);
  }

  Stacks add(int pid, int tid, String threadName, long weight, List<FrameKey> frames) {
    List<FrameKey> stack = new ArrayList<>();
    stack.add(FrameKey.process(pid, "python service.py"));
    stack.add(FrameKey.thread(tid, threadName));
    stack.addAll(frames);
    tree.add(stack, weight);
    return this;
  }

  /** Adds samples to thread {@code tid} of process 100. */
  Stacks add(int tid, long weight, List<FrameKey> frames) {
    return add(100, tid, tid == 100 ? "MainThread" : "Thread-" + tid, weight, frames);
  }

  CallTree tree() {
    return tree;
  }

  RecordedProfile profile(SampleMode mode) {
    return new RecordedProfile(mode, 100, Duration.ofSeconds(10), tree, List.of());
  }
}
