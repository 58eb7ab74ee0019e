package dev.pyrometer.agent.core;

import dev.pyrometer.agent.AgentException;
import dev.pyrometer.agent.attach.AsyncioAccess;
import dev.pyrometer.agent.attach.InterpreterLocator;
import dev.pyrometer.agent.attach.PythonRuntime;
import dev.pyrometer.agent.attach.TargetFiles;
import dev.pyrometer.agent.elf.ElfFile;
import dev.pyrometer.agent.memory.Bytes;
import dev.pyrometer.agent.proc.Mapping;
import dev.pyrometer.agent.proc.MemoryMap;
import dev.pyrometer.agent.proc.OsThreadState;
import dev.pyrometer.agent.python.StackWalker;
import dev.pyrometer.agent.python.ThreadIdResolver;
import dev.pyrometer.contract.ExitReason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Python process read back from an ELF core file: the same interpreter locator and stack walker
 * as for a live process, over the core's memory. Threads and the system call each was in come
 * from the core's NT_PRSTATUS notes, mappings from NT_FILE, the command line from NT_PRPSINFO.
 */
public final class CoreDump implements AutoCloseable {
  private static final int NT_PRSTATUS = 1;
  private static final int NT_PRPSINFO = 3;
  private static final int NT_FILE = 0x46494c45;
  private static final int PRSTATUS_PID = 32;
  private static final int PRSTATUS_ORIG_RAX = 112 + 15 * 8;

  private final CoreFileMemory memory;
  private final PythonRuntime runtime;
  private final StackWalker walker;
  private final int pid;
  private final String commandLine;
  private final Map<Integer, Long> syscallByTid;
  private final MemoryMap maps;
  private final TargetFiles files;

  private CoreDump(CoreFileMemory memory, PythonRuntime runtime, int pid, String commandLine, Map<Integer, Long> syscallByTid,
      MemoryMap maps, TargetFiles files) {
    this.memory = memory;
    this.maps = maps;
    this.files = files;
    this.runtime = runtime;
    this.pid = pid;
    this.commandLine = commandLine;
    this.syscallByTid = syscallByTid;
    this.walker = new StackWalker(memory, runtime, new ThreadIdResolver(memory, () -> syscallByTid.keySet()));
  }

  /** Opens a core file; one clear line when it is not a readable core of a Python process. */
  public static CoreDump open(Path file, Path sysroot) {
    if (!Files.isReadable(file)) {
      throw new AgentException(ExitReason.UNREADABLE_CORE, "cannot read core file " + file + ": "
          + (Files.exists(file) ? "permission denied" : "no such file"));
    }
    ElfFile elf;
    try {
      elf = ElfFile.open(file);
    } catch (IOException e) {
      throw new AgentException(ExitReason.UNREADABLE_CORE, "cannot read core file " + file + ": " + e.getMessage());
    }
    try {
      if (elf.type() != ElfFile.ET_CORE) {
        throw new AgentException(ExitReason.UNREADABLE_CORE, file + " is an ELF file but not a core dump");
      }
      List<Mapping> mappings = new ArrayList<>();
      Map<Integer, Long> syscalls = new LinkedHashMap<>();
      String[] psinfo = {null, null};
      elf.forEachNote(note -> {
        if (!note.name().equals("CORE")) {
          return;
        }
        switch (note.type()) {
          case NT_FILE -> mappings.addAll(parseFileNote(note.desc()));
          case NT_PRSTATUS -> {
            if (note.desc().length >= PRSTATUS_ORIG_RAX + 8) {
              syscalls.put(Bytes.getInt(note.desc(), PRSTATUS_PID), Bytes.getLong(note.desc(), PRSTATUS_ORIG_RAX));
            }
          }
          case NT_PRPSINFO -> {
            if (note.desc().length >= 136) {
              psinfo[0] = Integer.toString(Bytes.getInt(note.desc(), 24));
              psinfo[1] = cString(note.desc(), 56, 80);
            }
          }
          default -> { }
        }
      });
      if (mappings.isEmpty()) {
        throw new AgentException(ExitReason.UNREADABLE_CORE, file + " has no NT_FILE note: cannot tell which files were mapped");
      }
      TargetFiles files = TargetFiles.ofSysroot(sysroot);
      CoreFileMemory memory = new CoreFileMemory(elf, mappings, files::resolve);
      MemoryMap maps = new MemoryMap(mappings);
      PythonRuntime runtime = new InterpreterLocator(memory, maps, files, null).locate();
      int pid = psinfo[0] != null ? Integer.parseInt(psinfo[0]) : syscalls.keySet().stream().findFirst().orElse(0);
      return new CoreDump(memory, runtime, pid, psinfo[1] == null ? "?" : psinfo[1], syscalls, maps, files);
    } catch (IOException e) {
      elf.close();
      throw new AgentException(ExitReason.UNREADABLE_CORE, "cannot read core file " + file + ": " + e.getMessage());
    } catch (RuntimeException e) {
      elf.close();
      throw e;
    }
  }

  private static List<Mapping> parseFileNote(byte[] desc) {
    List<Mapping> out = new ArrayList<>();
    if (desc.length < 16) {
      return out;
    }
    long count = Bytes.getLong(desc, 0);
    long pageSize = Bytes.getLong(desc, 8);
    if (count < 0 || count > 1 << 20 || 16 + count * 24 > desc.length) {
      return out;
    }
    int names = (int) (16 + count * 24);
    for (int i = 0; i < count; i++) {
      int at = 16 + i * 24;
      int end = names;
      while (end < desc.length && desc[end] != 0) {
        end++;
      }
      String path = new String(desc, names, end - names, StandardCharsets.UTF_8);
      names = end + 1;
      out.add(new Mapping(Bytes.getLong(desc, at), Bytes.getLong(desc, at + 8), "r--p",
          Bytes.getLong(desc, at + 16) * pageSize, 1, path));
    }
    return out;
  }

  private static String cString(byte[] bytes, int offset, int max) {
    int end = offset;
    while (end < offset + max && end < bytes.length && bytes[end] != 0) {
      end++;
    }
    return new String(bytes, offset, end - offset, StandardCharsets.UTF_8).trim();
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

  /** The asyncio tasks as the core holds them; closing it leaves the core open. */
  public AsyncioAccess asyncio() {
    return new AsyncioAccess(memory, false, runtime, () -> maps, files);
  }

  /** What the thread was doing when the core was written: the system call it was in, if any. */
  public Optional<OsThreadState> threadState(int tid) {
    Long syscall = syscallByTid.get(tid);
    if (syscall == null) {
      return Optional.empty();
    }
    return Optional.of(syscall >= 0 ? new OsThreadState('S', syscall.intValue())
        : new OsThreadState('R', OsThreadState.NOT_IN_SYSCALL));
  }

  @Override
  public void close() {
    memory.close();
  }
}
