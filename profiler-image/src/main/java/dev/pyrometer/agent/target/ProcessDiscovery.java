package dev.pyrometer.agent.target;

import dev.pyrometer.agent.proc.Mapping;
import dev.pyrometer.agent.proc.MemoryMap;
import dev.pyrometer.agent.proc.ProcFs;
import java.io.File;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Finds the Python processes this process can see in {@code /proc}: those that map a libpython or
 * run a python executable. In a pod's ephemeral container that is the target container's processes.
 */
public final class ProcessDiscovery {
  private static final Pattern PYTHON_MODULE =
      Pattern.compile("/(libpython3\\.\\d+[a-z]*\\.so[.\\d]*|python3?(\\.\\d+)?[a-z]*(-[a-z]+)?)$");

  private ProcessDiscovery() {}

  /**
   * What a look through /proc found: the Python processes, and how many processes could not be
   * read (the kernel refuses their mappings to another user without CAP_SYS_PTRACE), of which how
   * many are named like Python, so that an empty list can say why it is empty.
   */
  public record Scan(List<PythonProcessInfo> python, int unreadable, int unreadableNamedPython) {}

  /** Every visible Python process but this one, by ascending pid. */
  public static List<PythonProcessInfo> pythonProcesses() {
    return scan().python();
  }

  /** Every visible Python process but this one, by ascending pid, and the count of unreadable ones. */
  public static Scan scan() {
    List<PythonProcessInfo> out = new ArrayList<>();
    int unreadable = 0;
    int unreadablePython = 0;
    long self = ProcessHandle.current().pid();
    String[] names = new File("/proc").list();
    if (names == null) {
      return new Scan(out, 0, 0);
    }
    List<Integer> pids = new ArrayList<>();
    for (String n : names) {
      if (!n.isEmpty() && n.chars().allMatch(Character::isDigit)) {
        pids.add(Integer.parseInt(n));
      }
    }
    pids.sort(Integer::compare);
    for (int pid : pids) {
      if (pid == self) {
        continue;
      }
      MemoryMap maps;
      try {
        maps = MemoryMap.of(pid);
      } catch (AccessDeniedException e) {
        unreadable++;
        if (namedPython(pid)) {
          unreadablePython++;
        }
        continue;
      } catch (IOException | RuntimeException e) {
        continue; // gone meanwhile
      }
      String module = pythonModule(maps);
      if (module != null) {
        out.add(new PythonProcessInfo(pid, ProcFs.commandLine(pid), module));
      }
    }
    return new Scan(out, unreadable, unreadablePython);
  }

  /** Whether the command name (readable by anyone, unlike the mappings) says python. */
  private static boolean namedPython(int pid) {
    return ProcFs.comm(pid).map(c -> c.startsWith("python")).orElse(false)
        || PYTHON_MODULE.matcher(ProcFs.commandLine(pid).split(" ", 2)[0]).find();
  }

  /** The python executable or libpython the process maps, or null when it is not Python. */
  static String pythonModule(int pid) {
    try {
      return pythonModule(MemoryMap.of(pid));
    } catch (IOException | RuntimeException e) {
      return null; // gone, or not ours to read
    }
  }

  private static String pythonModule(MemoryMap maps) {
    String exe = null;
    for (Mapping m : maps.mappings()) {
      if (!m.isFile() || !PYTHON_MODULE.matcher(m.filePath()).find()) {
        continue;
      }
      if (m.filePath().contains("libpython")) {
        return m.filePath();
      }
      exe = m.filePath();
    }
    return exe;
  }
}
