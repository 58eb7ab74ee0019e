"""Highest sustained rate and cost per sample: every sampler asked for 100 kHz (faster than any of
them can go, so each runs flat out) on the same 20-deep CPU-bound target, round-robin.

Per run: samples recorded / sampling seconds (the tool's own count and duration) is the sustained
rate; 1e6 / rate is the wall-clock cost of a sample. Because the machine is shared, a flat-out
sampler does not get a whole core, so the CPU time the sampler process consumed during a steady
window in the middle of the run (all its threads: the kernel's CPU clock of that process) divided by
the samples it took in that window is reported too: that is the CPU cost per sample, and the one
that does not depend on how much CPU the neighbours left over.
"""
import time

from . import procfs
from .contenders import Austin, Pyrometer, Tachyon
from .stats import fmt, median, rotated, table
from .targets import Target

FLAT_OUT_HZ = 100_000


def contenders(setup):
    on_315 = [Pyrometer(setup.launcher, "wall"), Pyrometer(setup.launcher, "cpu"), Tachyon(setup.python315),
              Pyrometer(setup.launcher, "wall", java_opts="", label="pyrometer wall, JVM default flags")]
    on_38 = [Pyrometer(setup.launcher, "wall"), Pyrometer(setup.launcher, "cpu"), Austin(setup.austin)]
    return [(setup.python315, "3.15", on_315), (setup.python38, "3.8", on_38)]


def measure(contender, target, lead, window, log):
    """One flat-out run; CPU is read at the edges of a steady window inside it, then it is stopped."""
    run = contender.start(target.pid, FLAT_OUT_HZ, lead + window + 60)  # a cap: it is stopped after the window
    sampler_tid = None
    try:
        window_start = run.launched_at + lead
        if isinstance(contender, Pyrometer):
            # the JVM starts, attaches, then the sampler thread samples: a second later it is warm
            seen, sampler_tid = procfs.wait_for_thread(run.pid, contender.sampler_thread(target.pid), 60, 0.01, run.alive)
            if seen is None:
                raise RuntimeError("%s never started sampling" % contender.name)
            window_start = seen + 1.0
        time.sleep(max(0.0, window_start - time.monotonic()))
        cpu_a, t_a = procfs.process_cpu_seconds(run.pid), time.monotonic()
        thread_a = procfs.thread_cpu_seconds(run.pid, sampler_tid) if sampler_tid else None
        time.sleep(window)
        cpu_b, t_b = procfs.process_cpu_seconds(run.pid), time.monotonic()
        thread_b = procfs.thread_cpu_seconds(run.pid, sampler_tid) if sampler_tid else None
    except BaseException:
        run.kill()
        raise
    res = run.finish(stop_at=t_b + 0.1)
    if res.exit_code != 0 or res.samples == 0:
        raise RuntimeError("%s failed (exit %s): %s" % (contender.name, res.exit_code, res.detail))
    if None in (cpu_a, cpu_b):
        raise RuntimeError("%s exited before the end of its window" % contender.name)
    elapsed = t_b - t_a
    in_window = res.rate * elapsed
    row = {
        "rate": res.rate,
        "wallMicrosPerSample": 1e6 / res.rate,
        "cpuMicrosPerSample": (cpu_b - cpu_a) * 1e6 / in_window,
        "cpuShare": (cpu_b - cpu_a) / elapsed,
        "samplerThreadCpuMicrosPerSample":
            (thread_b - thread_a) * 1e6 / in_window if thread_a is not None and thread_b is not None else None,
        # the window must lie inside steady sampling, not in the sampler's start-up
        "windowInStartup": 1 if res.sampling_started > t_a + 0.05 else 0,
    }
    log("  %-36s %8.0f samples/s  cpu %6.1f us/sample  share %.2f core%s" % (
        contender.name, row["rate"], row["cpuMicrosPerSample"], row["cpuShare"],
        "  (WINDOW OVERLAPS START-UP: sampling began %.2f s after it)" % (res.sampling_started - t_a)
        if row["windowInStartup"] else ""))
    return row


def run(setup, log):
    rounds = 1 if setup.quick else 3
    lead, window = (2, 1) if setup.quick else (3, 4)
    results = []
    for python, version, group in contenders(setup):
        target = Target(python)
        try:
            rows = {c.name: [] for c in group}
            for r in range(rounds):
                log("rate, Python %s, round %d/%d" % (version, r + 1, rounds))
                for contender in rotated(group, r):
                    rows[contender.name].append(measure(contender, target, lead, window, log))
        finally:
            target.stop()
        for c in group:
            runs = rows[c.name]
            results.append({
                "python": version, "sampler": c.name, "runs": len(runs),
                **{k: median([x[k] for x in runs]) for k in runs[0] if k != "windowInStartup"},
                "windowsInStartup": sum(x["windowInStartup"] for x in runs),
            })
    return {"rounds": rounds, "windowSeconds": window, "rows": results}


def markdown(section):
    rows = []
    for r in section["rows"]:
        rows.append([r["python"], r["sampler"], fmt(r["rate"], 0), fmt(r["wallMicrosPerSample"]),
                     fmt(r["cpuMicrosPerSample"]), fmt(r["samplerThreadCpuMicrosPerSample"]),
                     fmt(r["cpuShare"], 2), r["runs"]])
    return table(["Python", "Sampler (asked for 100 kHz)", "Sustained samples/s", "Wall µs/sample (1/rate)",
                  "CPU µs/sample (whole process)", "CPU µs/sample (sampler thread)", "CPU share (cores)", "Runs"], rows)
