package dev.pyrometer.agent.target;

import dev.pyrometer.agent.proc.Mapping;
import dev.pyrometer.agent.proc.MemoryMap;
import dev.pyrometer.agent.proc.ProcFs;
import java.io.File;
import java.io.IOException;
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

  /** Every visible Python process but this one, by ascending pid. */
  public static List<PythonProcessInfo> pythonProcesses() {
    List<PythonProcessInfo> out = new ArrayList<>();
    long self = ProcessHandle.current().pid();
    String[] names = new File("/proc").list();
    if (names == null) {
      return out;
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
      String module = pythonModule(pid);
      if (module != null) {
        out.add(new PythonProcessInfo(pid, ProcFs.commandLine(pid), module));
      }
    }
    return out;
  }

  /** The python executable or libpython the process maps, or null when it is not Python. */
  static String pythonModule(int pid) {
    MemoryMap maps;
    try {
      maps = MemoryMap.of(pid);
    } catch (IOException | RuntimeException e) {
      return null; // gone, or not ours to read
    }
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
