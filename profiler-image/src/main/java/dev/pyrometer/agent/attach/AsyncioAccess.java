package dev.pyrometer.agent.attach;

import dev.pyrometer.agent.elf.ElfFile;
import dev.pyrometer.agent.memory.LiveImage;
import dev.pyrometer.agent.memory.LiveProcessMemory;
import dev.pyrometer.agent.memory.MemoryReadException;
import dev.pyrometer.agent.memory.ProcessMemory;
import dev.pyrometer.agent.proc.Mapping;
import dev.pyrometer.agent.proc.MemoryMap;
import dev.pyrometer.agent.python.CodeCache;
import dev.pyrometer.agent.python.RemoteObjects;
import dev.pyrometer.agent.python.layout.HeapLayout;
import dev.pyrometer.agent.python.objects.BuiltinTypes;
import dev.pyrometer.agent.python.objects.TypeRegistry;
import dev.pyrometer.agent.python.tasks.AsyncioLayout;
import dev.pyrometer.agent.python.tasks.TaskCensus;
import dev.pyrometer.agent.python.tasks.TaskReader;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a live process's asyncio tasks: builds a {@link TaskReader} once the interpreter shows
 * what it needs. 3.14+ publishes the task layout only once {@code _asyncio} is imported (its
 * {@code .AsyncioDebug} section, in {@code _asyncio*.so}, libpython or the executable): until
 * then the lookup is retried, at most once a second. Reads a live process, or a core file's memory.
 * Not thread-safe: one per sampling thread.
 */
public final class AsyncioAccess implements AutoCloseable {
  private static final long RETRY_NANOS = 1_000_000_000L;
  private static final String SECTION = ".AsyncioDebug";

  private final PythonRuntime runtime;
  private final ProcessMemory memory;
  private final boolean ownsMemory;
  private final LiveImage image;
  private final MapsSource maps;
  private final TargetFiles files;
  private TaskReader reader;
  private String unavailable;
  private long lastAttempt = Long.MIN_VALUE / 2;

  /** The mappings of the process, read when the reader is built (a live process maps {@code _asyncio} late). */
  public interface MapsSource {
    MemoryMap read() throws IOException;
  }

  public AsyncioAccess(int pid, PythonRuntime runtime) {
    this(new LiveProcessMemory(pid), true, runtime, () -> MemoryMap.of(pid), TargetFiles.ofLiveProcess(pid));
  }

  /**
   * Over any process memory, e.g. a core file's; {@code ownsMemory}: {@link #close()} closes it.
   */
  public AsyncioAccess(ProcessMemory memory, boolean ownsMemory, PythonRuntime runtime, MapsSource maps, TargetFiles files) {
    this.runtime = runtime;
    this.memory = memory;
    this.ownsMemory = ownsMemory;
    this.image = new LiveImage(memory, 16_384);
    this.maps = maps;
    this.files = files;
  }

  /** Reads every pending task now; empty when the process has no asyncio (yet) or it cannot be read. */
  public TaskCensus census() {
    TaskReader r = reader();
    if (r == null) {
      return TaskCensus.EMPTY;
    }
    image.refresh(); // the pages of the last census, read again in one go: most tasks are where they were
    return r.read(System.nanoTime());
  }

  /** Why tasks cannot be read, or null. */
  public String unavailable() {
    return unavailable;
  }

  public long pageReads() {
    return image.pageReads();
  }

  /** Reads from the process (on demand, or a batch read ahead) since creation. */
  public long readCalls() {
    return image.readCalls();
  }

  /** Coroutine chains decoded, and found unchanged since the previous census and reused (cost measures). */
  public long chainsDecoded() {
    return reader == null ? 0 : reader.chainsDecoded();
  }

  public long chainsReused() {
    return reader == null ? 0 : reader.chainsReused();
  }

  private TaskReader reader() {
    if (reader != null) {
      return reader;
    }
    long now = System.nanoTime();
    if (now - lastAttempt < RETRY_NANOS) {
      return null;
    }
    lastAttempt = now;
    try {
      reader = build();
    } catch (IOException | MemoryReadException | RuntimeException e) {
      unavailable = "cannot read asyncio tasks: " + e.getMessage();
    }
    return reader;
  }

  private TaskReader build() throws IOException, MemoryReadException {
    int minor = runtime.version().minor();
    int debugSize = HeapLayout.debugOffsetsSize(runtime.version());
    byte[] debugOffsets = debugSize == 0 ? null : memory.read(runtime.runtimeAddress(), debugSize);
    HeapLayout layout = HeapLayout.of(runtime.version(), runtime.layout(), debugOffsets);
    MemoryMap maps = this.maps.read();
    AsyncioLayout asyncio;
    if (minor >= 14) {
      byte[] section = debugSection(maps);
      if (section == null) {
        unavailable = "asyncio not imported (no " + SECTION + " section mapped yet)";
        return null;
      }
      asyncio = AsyncioLayout.fromDebugSection(minor, section);
      if (asyncio == null) {
        throw new MemoryReadException("the " + SECTION + " section does not look valid", 0);
      }
    } else {
      asyncio = AsyncioLayout.tabled(minor, runtime.layout().tstateSize);
      if (asyncio == null) {
        unavailable = "asyncio tasks are not supported on Python " + runtime.version();
        return null;
      }
    }
    BuiltinTypes builtins;
    try (ElfFile elf = ElfFile.open(files.resolve(runtime.modulePath()))) {
      long bias = LoadedModule.computeBias(elf, maps.ofFile(runtime.modulePath()));
      builtins = BuiltinTypes.fromElf(elf, bias);
    }
    TypeRegistry types = new TypeRegistry(image, layout.objects(), builtins, memory);
    CodeCache codes = new CodeCache(memory, runtime.layout(), new RemoteObjects(memory, runtime.layout()));
    unavailable = null;
    return new TaskReader(image, types, codes, layout, asyncio, runtime.runtimeAddress(), builtins.setDummyPointer(),
        TaskReader.MAX_TASKS);
  }

  /** The 104 bytes of {@code .AsyncioDebug} from whichever mapped Python file carries it, or null. */
  private byte[] debugSection(MemoryMap maps) throws IOException, MemoryReadException {
    Set<String> candidates = new LinkedHashSet<>();
    for (Mapping m : maps.mappings()) {
      String path = m.filePath();
      if (path.startsWith("/") && (path.contains("python") || path.contains("_asyncio"))) {
        candidates.add(path);
      }
    }
    for (String path : candidates) {
      try (ElfFile elf = ElfFile.open(files.resolve(path))) {
        Optional<ElfFile.Section> section = elf.section(SECTION);
        if (section.isPresent()) {
          long bias = LoadedModule.computeBias(elf, maps.ofFile(path));
          return memory.read(section.get().address() + bias, AsyncioLayout.DEBUG_SECTION_SIZE);
        }
      } catch (IOException e) {
        // not an ELF file, or gone: try the next one
      }
    }
    return null;
  }

  @Override
  public void close() {
    if (ownsMemory) {
      memory.close();
    }
  }
}
