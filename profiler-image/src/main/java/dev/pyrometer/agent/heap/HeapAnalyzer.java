package dev.pyrometer.agent.heap;

import dev.pyrometer.agent.AgentException;
import dev.pyrometer.agent.attach.AttachedProcess;
import dev.pyrometer.agent.attach.LoadedModule;
import dev.pyrometer.agent.attach.PythonRuntime;
import dev.pyrometer.agent.attach.TargetFiles;
import dev.pyrometer.agent.elf.ElfFile;
import dev.pyrometer.agent.heap.roots.InterpreterRoots;
import dev.pyrometer.agent.heap.snapshot.CopyBudget;
import dev.pyrometer.agent.heap.snapshot.Freezer;
import dev.pyrometer.agent.heap.snapshot.LiveSnapshotter;
import dev.pyrometer.agent.heap.snapshot.Snapshot;
import dev.pyrometer.agent.heap.snapshot.SnapshotTooLargeException;
import dev.pyrometer.agent.heap.snapshot.TakenSnapshot;
import dev.pyrometer.agent.memory.LiveProcessMemory;
import dev.pyrometer.agent.memory.MemoryAccessDeniedException;
import dev.pyrometer.agent.memory.MemoryReadException;
import dev.pyrometer.agent.memory.TargetGoneException;
import dev.pyrometer.agent.proc.MemoryMap;
import dev.pyrometer.agent.proc.ProcFs;
import dev.pyrometer.agent.python.StackWalker;
import dev.pyrometer.agent.python.ThreadStack;
import dev.pyrometer.agent.python.layout.HeapLayout;
import dev.pyrometer.agent.python.objects.BuiltinTypes;
import dev.pyrometer.contract.ExitReason;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Takes heap snapshots of one attached Python process and analyses them: what its Python objects
 * are, along which reference paths they are held, and how its resident memory splits.
 */
public final class HeapAnalyzer implements AutoCloseable {
  /** Symbols only debug builds (Py_REF_DEBUG) define: their object header differs. */
  private static final List<String> DEBUG_BUILD_SYMBOLS = List.of("_Py_NegativeRefcount", "_Py_RefTotal");

  /**
   * @param freezer stops the target's threads during the copy, or null to copy while it runs
   * @param pauseBudget the longest the target may stay stopped
   * @param maxCopy the most bytes one snapshot may copy into the agent
   */
  public record Options(Freezer freezer, Duration pauseBudget, long maxCopy) {
    public Options(Freezer freezer, Duration pauseBudget) {
      this(freezer, pauseBudget, CopyBudget.defaultLimit());
    }

    public static Options racy() {
      return new Options(null, Duration.ZERO);
    }
  }

  private final AttachedProcess process;
  private final Options options;
  private final LiveProcessMemory liveMemory;
  private final BuiltinTypes builtins;

  public HeapAnalyzer(AttachedProcess process, Options options) {
    this.process = process;
    this.options = options;
    this.liveMemory = new LiveProcessMemory(process.pid());
    try {
      this.builtins = readBuiltins(process);
    } catch (RuntimeException e) {
      liveMemory.close();
      throw e;
    }
  }

  private static BuiltinTypes readBuiltins(AttachedProcess process) {
    PythonRuntime runtime = process.runtime();
    try (ElfFile elf = ElfFile.open(TargetFiles.ofLiveProcess(process.pid()).resolve(runtime.modulePath()))) {
      for (String symbol : DEBUG_BUILD_SYMBOLS) {
        if (elf.symbol(symbol).isPresent()) {
          throw AgentException.unsupportedVersion("Python " + runtime.version() + " (" + runtime.modulePath()
              + ") is a debug build: its objects have a different header; Pyrometer's heap analysis reads release builds only");
        }
      }
      long bias = LoadedModule.computeBias(elf, MemoryMap.of(process.pid()).ofFile(runtime.modulePath()));
      BuiltinTypes types = BuiltinTypes.fromElf(elf, bias);
      if (types.size() < 10) {
        throw AgentException.unsupportedVersion("Python " + runtime.version() + " in " + runtime.modulePath()
            + " does not export its built-in types (PyDict_Type...): cannot decode its objects");
      }
      return types;
    } catch (NoSuchFileException e) {
      throw AgentException.processNotFound("process " + process.pid() + " has exited");
    } catch (IOException e) {
      throw new AgentException(ExitReason.NOT_PYTHON,
          "cannot read " + runtime.modulePath() + " of process " + process.pid() + ": " + e.getMessage(), e);
    }
  }

  public AttachedProcess process() {
    return process;
  }

  /** Takes one snapshot and analyses it. */
  public HeapAnalysis analyze() {
    PythonRuntime runtime = process.runtime();
    Map<Long, Integer> tids = threadIds();
    HeapLayout layout = HeapLayout.of(runtime.version(), runtime.layout(), debugOffsets());
    LiveSnapshotter snapshotter = new LiveSnapshotter(process.pid(), options.freezer(), options.pauseBudget(), options.maxCopy());
    try (TakenSnapshot taken = snapshotter.take(snapshot -> collecting(snapshot, layout))) {
      long started = System.nanoTime();
      SnapshotAnalysis analysis = new SnapshotAnalysis(taken, layout, builtins, runtime.runtimeAddress(), liveMemory);
      return analysis.run(process, tids, started);
    } catch (SnapshotTooLargeException e) {
      throw new AgentException(ExitReason.NO_SAMPLES, String.format(Locale.ROOT,
          "process %d has %.1f MB of memory to copy, more than the %.1f MB this snapshot may take (80%% of the memory"
              + " available, or --max-copy): the copy could push the pod out of memory", process.pid(),
          e.planned() / 1e6, e.limit() / 1e6));
    } catch (TargetGoneException e) {
      throw AgentException.processNotFound("process " + process.pid() + " exited during the snapshot");
    } catch (MemoryAccessDeniedException e) {
      throw AgentException.permissionDenied(process.pid());
    } catch (MemoryReadException | IOException e) {
      if (!ProcFs.exists(process.pid())) {
        throw AgentException.processNotFound("process " + process.pid() + " exited during the snapshot");
      }
      throw new AgentException(ExitReason.INTERNAL_ERROR,
          "cannot snapshot process " + process.pid() + ": " + e.getMessage(), e);
    }
  }

  /** Takes a snapshot, walks it and applies {@code inspection} while it is open (for tests). */
  <T> T inspect(java.util.function.Function<dev.pyrometer.agent.heap.report.WalkResult, T> inspection) {
    PythonRuntime runtime = process.runtime();
    HeapLayout layout = HeapLayout.of(runtime.version(), runtime.layout(), debugOffsets());
    LiveSnapshotter snapshotter = new LiveSnapshotter(process.pid(), options.freezer(), options.pauseBudget(), options.maxCopy());
    try (TakenSnapshot taken = snapshotter.take(snapshot -> collecting(snapshot, layout))) {
      try (var walk = new SnapshotAnalysis(taken, layout, builtins, runtime.runtimeAddress(), liveMemory)
          .walk(process, threadIds())) {
        return inspection.apply(walk);
      }
    } catch (MemoryReadException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private boolean collecting(Snapshot snapshot, HeapLayout layout) {
    InterpreterRoots roots = InterpreterRoots.read(snapshot, layout, process.runtime().runtimeAddress(), 0);
    long flag = layout.interpreter().gcCollecting;
    return flag >= 0 && snapshot.u32(roots.gcState() + flag) != 0;
  }

  private byte[] debugOffsets() {
    int size = HeapLayout.debugOffsetsSize(process.runtime().version());
    if (size == 0) {
      return null;
    }
    try {
      return liveMemory.read(process.runtime().runtimeAddress(), size);
    } catch (MemoryReadException e) {
      throw AgentException.processNotFound("cannot read the interpreter of process " + process.pid() + ": " + e.getMessage());
    }
  }

  /**
   * Thread ids by thread state address. 3.11+ stores them in the thread state; before, only the
   * pthread id is there, and the sampler's resolver maps it (from the live process).
   */
  private Map<Long, Integer> threadIds() {
    Map<Long, Integer> out = new HashMap<>();
    if (process.runtime().layout().tstateNativeThreadId >= 0) {
      return out;
    }
    try {
      process.walker().walk(new StackWalker.Listener() {
        @Override
        public void thread(ThreadStack stack) {
          out.put(stack.threadStateAddress(), stack.nativeThreadId());
        }

        @Override
        public void dropped(String reason) {}
      });
    } catch (MemoryReadException e) {
      // names only: threads then show as "thread 0"
    }
    return out;
  }

  @Override
  public void close() {
    liveMemory.close();
  }
}
