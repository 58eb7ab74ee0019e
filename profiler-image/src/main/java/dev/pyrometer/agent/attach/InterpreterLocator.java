package dev.pyrometer.agent.attach;

import dev.pyrometer.agent.AgentException;
import dev.pyrometer.agent.elf.ElfFile;
import dev.pyrometer.agent.memory.MemoryAccessDeniedException;
import dev.pyrometer.agent.memory.Bytes;
import dev.pyrometer.agent.memory.MemoryReadException;
import dev.pyrometer.agent.memory.ProcessMemory;
import dev.pyrometer.agent.proc.Mapping;
import dev.pyrometer.agent.proc.MemoryMap;
import dev.pyrometer.agent.python.PythonLayout;
import dev.pyrometer.agent.python.PythonVersion;
import dev.pyrometer.agent.python.layout.LayoutTable;
import dev.pyrometer.agent.python.layout.RawLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the CPython interpreter in a process: the module that holds {@code _PyRuntime} (libpython
 * for shared builds, the executable for static ones), the address of {@code _PyRuntime} (symbol,
 * then the {@code .PyRuntime} section of 3.10+, then a scan for the 3.13+ debug cookie), the exact
 * version, and the layout to read it with.
 */
public final class InterpreterLocator {
  private static final Pattern LIBPYTHON = Pattern.compile("libpython3\\.(\\d+)([a-z]*)\\.so");
  private static final Pattern PYTHON_EXE = Pattern.compile("python3?(?:\\.(\\d+))?([a-z]*)(?:-[a-z]+)?$");
  private static final byte[] COOKIE = "xdebugpy".getBytes(StandardCharsets.US_ASCII);
  private static final int MIN_MINOR = 8;
  private static final int MAX_MINOR = 15;
  private static final long SCAN_LIMIT = 64L << 20;

  private final ProcessMemory memory;
  private final MemoryMap maps;
  private final TargetFiles files;
  private final String exePath;

  /**
   * @param exePath the target's executable as it sees it (may be null: then every file mapping
   *     named like python is tried)
   */
  public InterpreterLocator(ProcessMemory memory, MemoryMap maps, TargetFiles files, String exePath) {
    this.memory = memory;
    this.maps = maps;
    this.files = files;
    this.exePath = exePath;
  }

  /** Locates the interpreter or explains, in one line, why there is none we can read. */
  public PythonRuntime locate() {
    List<String> candidates = candidateModules();
    if (candidates.isEmpty()) {
      throw AgentException.notPython(memory.describe() + " is not a Python process (no python executable or libpython mapped)");
    }
    List<String> problems = new ArrayList<>();
    for (String path : candidates) {
      try (ElfFile elf = ElfFile.open(files.resolve(path))) {
        LoadedModule module = new LoadedModule(path, elf, LoadedModule.computeBias(elf, maps.ofFile(path)));
        Optional<PythonRuntime> runtime = locateIn(module);
        if (runtime.isPresent()) {
          return runtime.get();
        }
      } catch (IOException e) {
        problems.add(path + ": " + e.getMessage());
      } catch (MemoryAccessDeniedException e) {
        throw AgentException.permissionDenied(e.pid());
      } catch (MemoryReadException e) {
        problems.add(path + ": " + e.getMessage());
      }
    }
    throw AgentException.notPython(memory.describe() + " is not a Python process we can read: no _PyRuntime found"
        + (problems.isEmpty() ? "" : " (" + String.join("; ", problems) + ")"));
  }

  /** libpython first (shared builds keep the runtime there), then the executable. */
  List<String> candidateModules() {
    Set<String> libs = new LinkedHashSet<>();
    Set<String> exes = new LinkedHashSet<>();
    for (Mapping m : maps.mappings()) {
      if (!m.isFile()) {
        continue;
      }
      String path = m.filePath();
      String name = path.substring(path.lastIndexOf('/') + 1);
      if (LIBPYTHON.matcher(name).find()) {
        libs.add(path);
      } else if (path.equals(exePath) || PYTHON_EXE.matcher(name).find() && name.startsWith("python")) {
        exes.add(path);
      }
    }
    if (exePath != null && !exePath.isEmpty() && exes.isEmpty() && libs.isEmpty()) {
      exes.add(exePath); // an embedding program: try it anyway
    }
    List<String> out = new ArrayList<>(libs);
    out.addAll(exes);
    return out;
  }

  private Optional<PythonRuntime> locateIn(LoadedModule module) throws IOException, MemoryReadException {
    ElfFile elf = module.elf();
    long runtime = 0;
    String how = null;
    Optional<Long> symbol = elf.symbol("_PyRuntime");
    if (symbol.isPresent()) {
      runtime = symbol.get() + module.bias();
      how = "symbol _PyRuntime";
    } else {
      Optional<ElfFile.Section> section = elf.section(".PyRuntime");
      if (section.isPresent()) {
        runtime = section.get().address() + module.bias();
        how = "section .PyRuntime";
      }
    }
    if (runtime == 0) {
      runtime = scanForDebugCookie(module.path());
      how = "scan for the _Py_DebugOffsets cookie";
      if (runtime == 0) {
        return Optional.empty();
      }
    }
    PythonVersion version = readVersion(module, runtime);
    boolean freeThreaded = false;
    byte[] head = memory.read(runtime, 24);
    if (startsWithCookie(head)) {
      freeThreaded = Bytes.getLong(head, 16) != 0;
    }
    checkSupported(version, freeThreaded, module.path());
    RawLayout raw = LayoutTable.forMinor(version.minor())
        .orElseThrow(() -> AgentException.unsupportedVersion("no layout table for Python " + version));
    PythonLayout layout;
    if (version.minor() >= 13) {
      if (!startsWithCookie(head)) {
        throw AgentException.unsupportedVersion("Python " + version + " in " + module.path()
            + " has no _Py_DebugOffsets at _PyRuntime (cookie missing): not a build Pyrometer can read");
      }
      byte[] blob = memory.read(runtime, (int) raw.get("sizeof._Py_DebugOffsets"));
      layout = PythonLayout.fromDebugOffsets(raw, blob);
      DebugOffsetsCheck.validate(layout, version);
    } else {
      layout = PythonLayout.fromTable(raw);
    }
    long codeCounter = version.minor() == 12 ? elf.symbol("_Py_next_func_version").map(a -> a + module.bias()).orElse(0L) : 0;
    return Optional.of(new PythonRuntime(version, layout, runtime, module.path(), how, codeCounter));
  }

  static void checkSupported(PythonVersion version, boolean freeThreaded, String path) {
    if (version.major() != 3 || version.minor() < MIN_MINOR || version.minor() > MAX_MINOR) {
      throw AgentException.unsupportedVersion("Python " + version + " (" + path + ") is not supported: Pyrometer reads CPython 3."
          + MIN_MINOR + " to 3." + MAX_MINOR);
    }
    if (!version.isFinal()) {
      throw AgentException.unsupportedVersion("Python " + version + " (" + path
          + ") is a pre-release: Pyrometer reads final releases of CPython 3." + MIN_MINOR + " to 3." + MAX_MINOR);
    }
    if (freeThreaded) {
      throw AgentException.unsupportedVersion("Python " + version + " (" + path
          + ") is a free-threaded build: Pyrometer reads the default (GIL) builds only");
    }
  }

  private static boolean startsWithCookie(byte[] bytes) {
    for (int i = 0; i < COOKIE.length; i++) {
      if (bytes[i] != COOKIE[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * The version: from the debug offsets (3.13+), else the exported {@code Py_Version} (3.11+),
   * else the minor in the file name plus the {@code PY_VERSION} string in the file's read-only
   * data.
   */
  private PythonVersion readVersion(LoadedModule module, long runtime) throws IOException, MemoryReadException {
    byte[] head = memory.read(runtime, 24);
    if (startsWithCookie(head)) {
      return PythonVersion.fromHex(Bytes.getLong(head, 8));
    }
    Optional<Long> pyVersion = module.elf().symbol("Py_Version");
    if (pyVersion.isPresent()) {
      long hex = memory.readLong(pyVersion.get() + module.bias()) & 0xffffffffL;
      if ((hex >>> 24) == 3) {
        return PythonVersion.fromHex(hex);
      }
    }
    String name = module.path().substring(module.path().lastIndexOf('/') + 1);
    Integer minor = null;
    Matcher lib = LIBPYTHON.matcher(name);
    Matcher exe = PYTHON_EXE.matcher(name);
    if (lib.find()) {
      minor = Integer.parseInt(lib.group(1));
    } else if (exe.find() && exe.group(1) != null) {
      minor = Integer.parseInt(exe.group(1));
    }
    Optional<PythonVersion> fromStrings = VersionStrings.find(module.elf(), minor);
    if (fromStrings.isPresent()) {
      return fromStrings.get();
    }
    throw AgentException.unsupportedVersion("cannot tell the Python version of " + module.path());
  }

  /** 3.13+ without symbols or section headers: the debug offsets start with a known cookie. */
  private long scanForDebugCookie(String path) throws MemoryReadException {
    List<Mapping> candidates = new ArrayList<>();
    Mapping previous = null;
    for (Mapping m : maps.mappings()) {
      boolean ofModule = m.filePath().equals(path);
      boolean bssAfter = previous != null && previous.filePath().equals(path) && m.inode() == 0 && previous.end() == m.start();
      if (m.writable() && m.readable() && (ofModule || bssAfter)) {
        candidates.add(m);
      }
      previous = m;
    }
    byte[] page = new byte[64 * 1024];
    for (Mapping m : candidates) {
      for (long at = m.start(); at < m.end() && at - m.start() < SCAN_LIMIT; at += page.length) {
        int len = (int) Math.min(page.length, m.end() - at);
        try {
          memory.read(at, page, 0, len);
        } catch (MemoryAccessDeniedException e) {
          throw e;
        } catch (MemoryReadException e) {
          break;
        }
        for (int i = 0; i + 8 <= len; i += 8) {
          if (page[i] == 'x' && Bytes.getLong(page, i) == Bytes.getLong(COOKIE, 0)) {
            return at + i;
          }
        }
      }
    }
    return 0;
  }
}
