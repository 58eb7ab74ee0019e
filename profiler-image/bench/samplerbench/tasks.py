"""Cost per sample with asyncio tasks: one event loop thread idle in its selector while 10, 100 or
1,000 tasks wait (target.py tasks: three coroutines deep, a third in asyncio.sleep of 0.5 to 1.5 s
so that tasks change state while they are sampled, a third on a Queue, a third on an Event), on
CPython 3.12 and 3.15. Every sampler is asked for 100 kHz (flat out) in wall mode with all waiting
tasks in its samples: pyrometer `record --mode wall` (a task census per tick, the loop's time given
to the waiting tasks), and on 3.15 CPython's own Tachyon `attach --async-aware --async-mode all`
(it cannot read another version). A sample here is one tick: one look at the process (pyrometer:
its summary's samples, one per thread per tick, and the target has one thread; Tachyon: the
"Captured N samples" it prints, each of which emits one stack per task). CPU µs per sample = CPU
time of the whole sampler process (all threads) over a steady window divided by the ticks in that
window, as in the rate section; round-robin, median of the rounds. Load average is recorded at the
start and end of each run: the machine is shared.
"""
import glob
import os
import re
import time

from . import procfs
from .contenders import Pyrometer, Result, Tachyon
from .stats import fmt, median, rotated, table
from .targets import Target

FLAT_OUT_HZ = 100_000
TASK_COUNTS = (10, 100, 1000)


class TachyonAsync(Tachyon):
    """Tachyon reconstructing every task's stack (async-aware, all tasks); counts ticks, not stacks."""

    _captured = re.compile(r"Captured ([\d,]+) samples? in ([\d.]+) seconds")

    def __init__(self, python):
        super().__init__(python)
        self.name = "tachyon --async-aware --async-mode all"

    def start(self, pid, rate_hz, seconds):
        def cmd(workdir):
            return [self.python, "-m", "profiling.sampling", "attach", "-r", str(rate_hz), "-d", str(int(seconds)),
                    "--async-aware", "--async-mode", "all", "--collapsed", "-o", os.path.join(workdir, "collapsed.txt"),
                    str(pid)]
        return self._launch(cmd, seconds)

    def result(self, run, stdout, stderr, cpu):
        m = self._captured.search(stdout)
        ticks = int(m.group(1).replace(",", "")) if m else 0
        seconds = float(m.group(2)) if m else run.seconds
        return Result(ticks, seconds, run.proc.returncode, cpu,
                      "" if run.proc.returncode == 0 else self._tail(stderr + stdout))


def python312():
    found = sorted(glob.glob(os.path.expanduser("~/.pyenv/versions/3.12.*/bin/python3.12")))
    return found[-1] if found else None


def measure(contender, target, lead, window, log):
    run = contender.start(target.pid, FLAT_OUT_HZ, lead + window + 60)
    load_start = procfs.load_average()
    try:
        window_start = run.launched_at + lead
        if isinstance(contender, Pyrometer):
            seen, _ = procfs.wait_for_thread(run.pid, contender.sampler_thread(target.pid), 120, 0.01, run.alive)
            if seen is None:
                raise RuntimeError("%s never started sampling" % contender.name)
            window_start = seen + 2.0  # JIT warm-up, first census
        time.sleep(max(0.0, window_start - time.monotonic()))
        cpu_a, t_a = procfs.process_cpu_seconds(run.pid), time.monotonic()
        time.sleep(window)
        cpu_b, t_b = procfs.process_cpu_seconds(run.pid), time.monotonic()
    except BaseException:
        run.kill()
        raise
    res = run.finish(stop_at=t_b + 0.1)
    if res.exit_code != 0 or res.samples == 0:
        raise RuntimeError("%s failed (exit %s): %s" % (contender.name, res.exit_code, res.detail))
    in_window = res.rate * (t_b - t_a)
    row = {"rate": res.rate, "cpuMicrosPerSample": (cpu_b - cpu_a) * 1e6 / in_window,
           "cpuShare": (cpu_b - cpu_a) / (t_b - t_a), "loadStart": load_start, "loadEnd": procfs.load_average()}
    log("  %-40s %8.0f samples/s  cpu %8.1f us/sample  load %s -> %s" % (
        contender.name, row["rate"], row["cpuMicrosPerSample"], row["loadStart"], row["loadEnd"]))
    return row


def run(setup, log):
    rounds = 1 if setup.quick else 3
    lead, window = (3, 2) if setup.quick else (4, 4)
    results = []
    for python, version in ((python312(), "3.12"), (setup.python315, "3.15")):
        if not python:
            raise RuntimeError("CPython 3.%s not found" % version)
        group = [Pyrometer(setup.launcher, "wall")] + ([TachyonAsync(setup.python315)] if version == "3.15" else [])
        for n in TASK_COUNTS:
            target = Target(python, "tasks", ["--tasks", str(n)])
            try:
                rows = {c.name: [] for c in group}
                for r in range(rounds):
                    log("tasks, Python %s, %d tasks, round %d/%d" % (version, n, r + 1, rounds))
                    for contender in rotated(group, r):
                        rows[contender.name].append(measure(contender, target, lead, window, log))
            finally:
                target.stop()
            for c in group:
                runs = rows[c.name]
                results.append({"python": version, "tasks": n, "sampler": c.name, "runs": len(runs),
                                "rate": median([x["rate"] for x in runs]),
                                "cpuMicrosPerSample": median([x["cpuMicrosPerSample"] for x in runs]),
                                "cpuShare": median([x["cpuShare"] for x in runs]),
                                "load": "%s .. %s" % (runs[0]["loadStart"], runs[-1]["loadEnd"])})
    return {"rounds": rounds, "windowSeconds": window, "rows": results}


def markdown(section):
    rows = [[r["python"], r["tasks"], r["sampler"], fmt(r["rate"], 0), fmt(r["cpuMicrosPerSample"]),
             fmt(r["cpuShare"], 2), r["load"], r["runs"]] for r in section["rows"]]
    return table(["Python", "Pending tasks", "Sampler (asked for 100 kHz)", "Samples (ticks)/s",
                  "CPU µs/sample (whole process)", "CPU share (cores)", "Load average (1/5/15) first .. last run", "Runs"], rows)
