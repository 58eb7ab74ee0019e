package dev.pyrometer.agent.cli;

import dev.pyrometer.agent.AgentException;
import dev.pyrometer.agent.attach.AttachedProcess;
import dev.pyrometer.agent.proc.ProcFs;
import dev.pyrometer.agent.target.ProcessDiscovery;
import dev.pyrometer.agent.target.PythonProcessInfo;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pyrometer ps}: the visible Python processes, busiest first, to pick a target. */
@Command(name = "ps", mixinStandardHelpOptions = true, description = "List the Python processes this process can see, with their Python version, CPU use (%%CPU), memory (RSS) and command line.")
final class PsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--interval", defaultValue = "250", paramLabel = "MS",
      description = "How long to measure %%CPU over, in milliseconds (the kernel counts CPU time in 10 ms ticks: short intervals are coarse). Default: ${DEFAULT-VALUE}.")
  long intervalMillis;

  record Row(int pid, String version, double cpuPercent, long rssBytes, String commandLine) {}

  @Override
  public Integer call() throws InterruptedException {
    if (intervalMillis < 10 || intervalMillis > 60_000) {
      throw AgentException.invalidArguments("--interval must be between 10 and 60000 ms");
    }
    ProcessDiscovery.Scan scan = ProcessDiscovery.scan();
    List<PythonProcessInfo> processes = scan.python();
    // Every process's CPU time is read at t0 and at t1 in one quick pass each, with the time of
    // each read: attaching (slow) comes after, so it never stretches a process's interval.
    CpuReading[] before = read(processes);
    Thread.sleep(intervalMillis);
    CpuReading[] after = read(processes);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < processes.size(); i++) {
      PythonProcessInfo p = processes.get(i);
      if (after[i].ticks() < 0) {
        continue; // exited meanwhile
      }
      double cpu = before[i].ticks() < 0 ? 0 : CpuReading.percent(before[i], after[i]);
      rows.add(new Row(p.pid(), version(p.pid()), cpu, ProcFs.rssBytes(p.pid()), p.commandLine()));
    }
    rows.sort(Comparator.comparingDouble(Row::cpuPercent).reversed().thenComparingInt(Row::pid));
    PrintWriter out = spec.commandLine().getOut();
    out.printf("%7s  %-9s %6s %9s  %s%n", "PID", "PYTHON", "%CPU", "RSS", "COMMAND");
    for (Row r : rows) {
      out.printf("%7d  %-9s %6.1f %8.1fM  %s%n", r.pid(), r.version(), r.cpuPercent(), r.rssBytes() / 1048576.0,
          r.commandLine());
    }
    if (rows.isEmpty()) {
      out.println("(no Python process visible)");
    }
    out.flush();
    if (scan.unreadable() > 0) {
      PrintWriter err = spec.commandLine().getErr();
      err.println("pyrometer: " + unreadableNote(scan));
      err.flush();
    }
    return 0;
  }

  /** "3 processes not readable (permission denied: ...), 2 of them named python". */
  static String unreadableNote(ProcessDiscovery.Scan scan) {
    String note = scan.unreadable() + (scan.unreadable() == 1 ? " process" : " processes")
        + " not readable (permission denied: run as their user or with CAP_SYS_PTRACE)";
    if (scan.unreadableNamedPython() > 0) {
      note += ", " + scan.unreadableNamedPython() + " of them named python";
    }
    return note;
  }

  /** A process's CPU time in clock ticks (-1 when gone) and when it was read. */
  record CpuReading(long ticks, long nanoTime) {
    static double percent(CpuReading before, CpuReading after) {
      double seconds = (after.nanoTime - before.nanoTime) / 1e9;
      return seconds <= 0 ? 0 : 100.0 * (after.ticks - before.ticks) / ProcFs.CLOCK_TICKS_PER_SECOND / seconds;
    }
  }

  private static CpuReading[] read(List<PythonProcessInfo> processes) {
    CpuReading[] out = new CpuReading[processes.size()];
    for (int i = 0; i < out.length; i++) {
      long ticks = ProcFs.cpuTicks(processes.get(i).pid());
      out[i] = new CpuReading(ticks, System.nanoTime());
    }
    return out;
  }

  /** The exact version when the process can be read, else why not in a word. */
  private static String version(int pid) {
    try (AttachedProcess p = AttachedProcess.attach(pid)) {
      return p.runtime().version().toString();
    } catch (AgentException e) {
      return switch (e.reason()) {
        case PERMISSION_DENIED -> "denied";
        case UNSUPPORTED_PYTHON_VERSION -> "unsupp.";
        default -> "?";
      };
    }
  }
}
