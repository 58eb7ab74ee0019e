package dev.pyrometer.agent.cli;

import dev.pyrometer.agent.AgentException;
import dev.pyrometer.agent.attach.AsyncioAccess;
import dev.pyrometer.agent.attach.AttachedProcess;
import dev.pyrometer.agent.core.CoreDump;
import dev.pyrometer.agent.memory.MemoryReadException;
import dev.pyrometer.agent.memory.TargetGoneException;
import dev.pyrometer.agent.proc.OsThreadState;
import dev.pyrometer.agent.proc.ProcFs;
import dev.pyrometer.agent.proc.ThreadStateReader;
import dev.pyrometer.agent.python.StackWalker;
import dev.pyrometer.agent.python.ThreadStack;
import dev.pyrometer.agent.python.tasks.TaskCensus;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code pyrometer dump}: the current Python stack of every thread, of a live process or a core file. */
@Command(name = "dump", mixinStandardHelpOptions = true, description = "Print the current Python stack of every thread (innermost frame first).")
final class DumpCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  static final class Source {
    @Option(names = "--pid", description = "Process id of a running Python process.")
    Integer pid;

    @Option(names = "--core", description = "An ELF core file of a Python process (e.g. made with gdb's gcore).")
    Path core;
  }

  @Option(names = "--sysroot", description = "With --core: where the dumped process's files are (default: /).")
  Path sysroot;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (source.core != null) {
      try (CoreDump core = CoreDump.open(source.core, sysroot)) {
        out.printf("Core file %s: process %d: %s%n", source.core, core.pid(), core.commandLine());
        out.printf("Python %s (%s)%n%n", core.runtime().version(), core.runtime().modulePath());
        List<ThreadStack> stacks = walkOnce(core.walker(), "core file " + source.core);
        for (ThreadStack stack : stacks) {
          String state = core.threadState(stack.nativeThreadId()).map(OsThreadState::describe).orElse("state unknown");
          print(out, stack, "", state);
        }
        java.util.Map<Long, Integer> tids = new java.util.HashMap<>();
        stacks.forEach(s -> tids.put(s.threadStateAddress(), s.nativeThreadId()));
        try (AsyncioAccess asyncio = core.asyncio()) {
          printTasks(out, asyncio, tids);
        }
      }
      out.flush();
      return 0;
    }
    try (AttachedProcess process = AttachedProcess.attach(source.pid);
        ThreadStateReader states = new ThreadStateReader(source.pid)) {
      out.printf("Process %d: %s%n", process.pid(), process.commandLine());
      out.printf("Python %s (%s)%n%n", process.runtime().version(), process.runtime().modulePath());
      List<ThreadStack> stacks = walkOnce(process.walker(), "process " + source.pid);
      for (ThreadStack stack : stacks) {
        int tid = process.hostTid(stack.nativeThreadId());
        String name = ProcFs.comm(process.pid(), tid).orElse("");
        OsThreadState state = states.read(tid, true);
        print(out, stack, name.equals(ProcFs.comm(process.pid()).orElse("")) ? "" : name, state.describe());
      }
      printTasks(out, process, stacks);
    }
    out.flush();
    return 0;
  }

  /** Each event loop's task tree, when the process runs asyncio. */
  private static void printTasks(PrintWriter out, AttachedProcess process, List<ThreadStack> stacks) {
    try (AsyncioAccess asyncio = new AsyncioAccess(process.pid(), process.runtime())) {
      java.util.Map<Long, Integer> tids = new java.util.HashMap<>();
      stacks.forEach(s -> tids.put(s.threadStateAddress(), process.hostTid(s.nativeThreadId())));
      printTasks(out, asyncio, tids);
    }
  }

  private static void printTasks(PrintWriter out, AsyncioAccess asyncio, java.util.Map<Long, Integer> tids) {
    TaskCensus census = asyncio.census();
    if (census.tasks().isEmpty() && census.runningLoops().isEmpty()) {
      return;
    }
    out.println("asyncio tasks:");
    TaskTreePrinter.print(out, census, tids);
  }

  private static List<ThreadStack> walkOnce(StackWalker walker, String what) {
    List<ThreadStack> stacks = new ArrayList<>();
    MemoryReadException last = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      stacks.clear();
      int[] dropped = {0};
      try {
        walker.walk(new StackWalker.Listener() {
          @Override
          public void thread(ThreadStack stack) {
            stacks.add(stack);
          }

          @Override
          public void dropped(String reason) {
            dropped[0]++;
          }

          @Override
          public void withoutPythonFrames(long threadStateAddress, int tid) {
            stacks.add(new ThreadStack(threadStateAddress, tid, List.of(), false));
          }
        });
        if (dropped[0] == 0) {
          return stacks;
        }
      } catch (TargetGoneException e) {
        throw AgentException.processNotFound(what + " has exited");
      } catch (MemoryReadException e) {
        last = e;
      }
    }
    if (last != null && stacks.isEmpty()) {
      throw AgentException.notPython("cannot read the threads of " + what + ": " + last.getMessage());
    }
    return stacks; // a thread kept changing under us: show what was consistent
  }

  private static void print(PrintWriter out, ThreadStack stack, String name, String state) {
    if (stack.nativeThreadId() == 0) {
      out.printf("Thread ? (its thread state names no live OS thread) state unknown%n");
    } else {
      out.printf("Thread %d%s %s%n", stack.nativeThreadId(), name.isEmpty() ? "" : " (" + name + ")", state);
    }
    if (stack.frames().isEmpty()) {
      out.printf("    (no Python frame: the thread runs C code, e.g. the server's own loop)%n");
    }
    stack.frames().forEach(f -> out.printf("    %s (%s:%d)%n", f.code().name(), f.code().fileName(), f.line()));
    if (stack.truncated()) {
      out.printf("    ... (deeper frames not shown)%n");
    }
    out.println();
  }
}
