package dev.pyrometer.agent.attach;

import dev.pyrometer.agent.AgentException;
import dev.pyrometer.agent.memory.MemoryAccessDeniedException;
import dev.pyrometer.agent.memory.LiveProcessMemory;
import dev.pyrometer.agent.memory.MemoryReadException;
import dev.pyrometer.agent.memory.TargetGoneException;
import dev.pyrometer.agent.proc.MemoryMap;
import dev.pyrometer.agent.proc.ProcFs;
import dev.pyrometer.agent.python.StackWalker;
import dev.pyrometer.agent.python.ThreadIdResolver;
import dev.pyrometer.agent.python.ThreadStack;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A live Python process we can read: its memory, its interpreter, a stack walker, and the mapping
 * from the thread ids CPython stores (the target's PID namespace) to ours.
 */
public final class AttachedProcess implements AutoCloseable {
  private static final int INIT_RETRIES = 20;
  private static final long INIT_RETRY_MILLIS = 20;

  private final int pid;
  private final String commandLine;
  private final LiveProcessMemory memory;
  private final PythonRuntime runtime;
  private final StackWalker walker;
  private final Map<Integer, Integer> hostTidByTargetTid = new HashMap<>();

  private AttachedProcess(int pid, String commandLine, LiveProcessMemory memory, PythonRuntime runtime) {
    this.pid = pid;
    this.commandLine = commandLine;
    this.memory = memory;
    this.runtime = runtime;
    this.walker = new StackWalker(memory, runtime, new ThreadIdResolver(memory, this::targetTids));
  }

  /** Attaches without stopping the process; explains in one line why it cannot. */
  public static AttachedProcess attach(int pid) {
    Path dir = ProcFs.dir(pid);
    if (!Files.isDirectory(dir)) {
      throw AgentException.processNotFound("no process with pid " + pid);
    }
    MemoryMap maps;
    String exe;
    try {
      maps = MemoryMap.of(pid);
      exe = Files.readSymbolicLink(dir.resolve("exe")).toString();
    } catch (AccessDeniedException e) {
      throw AgentException.permissionDenied(pid);
    } catch (NoSuchFileException e) {
      throw AgentException.processNotFound("process " + pid + " has exited");
    } catch (IOException e) {
      if (!Files.isDirectory(dir)) {
        throw AgentException.processNotFound("process " + pid + " has exited");
      }
      throw AgentException.permissionDenied(pid);
    }
    if (exe.endsWith(" (deleted)")) {
      exe = exe.substring(0, exe.length() - 10);
    }
    LiveProcessMemory memory = new LiveProcessMemory(pid);
    try {
      PythonRuntime runtime;
      try {
        runtime = new InterpreterLocator(memory, maps, TargetFiles.ofLiveProcess(pid), exe).locate();
      } catch (AgentException e) {
        if (!Files.isDirectory(dir)) {
          throw AgentException.processNotFound("process " + pid + " has exited"); // not "not Python"
        }
        throw e;
      }
      AttachedProcess attached = new AttachedProcess(pid, ProcFs.commandLine(pid), memory, runtime);
      attached.awaitInitialised();
      return attached;
    } catch (RuntimeException e) {
      memory.close();
      throw e;
    }
  }

  /** A freshly started interpreter may not have a thread state yet: retry briefly (as py-spy). */
  private void awaitInitialised() {
    MemoryReadException last = null;
    for (int i = 0; i < INIT_RETRIES; i++) {
      try {
        int[] threads = {0};
        walker.walk(new StackWalker.Listener() {
          @Override
          public void thread(ThreadStack stack) {
            threads[0]++;
          }

          @Override
          public void dropped(String reason) {}
        });
        return;
      } catch (dev.pyrometer.agent.memory.MemoryAccessDeniedException e) {
        throw AgentException.permissionDenied(pid);
      } catch (TargetGoneException e) {
        throw AgentException.processNotFound("process " + pid + " has exited");
      } catch (MemoryReadException e) {
        last = e;
      }
      sleep(INIT_RETRY_MILLIS);
    }
    throw AgentException.notPython("cannot read the interpreter state of process " + pid + " (Python "
        + runtime.version() + "): " + last.getMessage());
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Our thread id for a thread id CPython stored; refreshes the mapping when it meets a new one. */
  public int hostTid(int targetTid) {
    Integer host = hostTidByTargetTid.get(targetTid);
    if (host == null) {
      refreshTids();
      host = hostTidByTargetTid.get(targetTid);
    }
    return host == null ? targetTid : host;
  }

  private Set<Integer> targetTids() {
    refreshTids();
    return new HashSet<>(hostTidByTargetTid.keySet());
  }

  private void refreshTids() {
    hostTidByTargetTid.clear();
    for (int tid : ProcFs.tasks(pid)) {
      hostTidByTargetTid.put(ProcFs.namespacedTid(pid, tid), tid);
    }
  }

  public int pid() {
    return pid;
  }

  public String commandLine() {
    return commandLine;
  }

  public PythonRuntime runtime() {
    return runtime;
  }

  public StackWalker walker() {
    return walker;
  }

  public boolean alive() {
    return ProcFs.exists(pid);
  }

  @Override
  public void close() {
    memory.close();
  }
}
