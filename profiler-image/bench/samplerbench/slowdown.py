"""Slowdown of a CPU-bound target: the time per fixed unit of work of one long-running target while
no sampler, pyrometer, or the other sampler of that Python version samples it at 100 Hz and at
1000 Hz, alternated round-robin (the order rotates every round).

Each phase measures the units that start and end inside a window that begins after the sampler
has started (pyrometer: a second after its sampler thread appeared; the others: a fixed lead after
launch) and ends before it stops, so start-up and report writing are outside. Per phase the median
unit time is taken (wall clock, and the target thread's own CPU time); per round the slowdown is
median(with sampler) / median(without) - 1; the table gives the median over the rounds.
Wall-clock slowdown includes the CPU the sampler takes away from a busy machine, and on a shared
machine everything else that happens meanwhile (a second phase without any sampler shows how
much); CPU-time slowdown is what reading the target's memory costs the target itself (caches,
page-table locks). The sampler's own CPU use during the window (share of one core) is the most it
can take away from the target when both compete for one core: slowdown on a loaded machine is at
most about CPU-time slowdown + that share. The sampler's CPU for its whole run (start-up, attach,
writing its output; from wait4) is given too: inside a pod at its CPU limit, that is taken from the
target as well.
"""
import time

from . import procfs
from .contenders import Austin, Pyrometer, Tachyon
from .stats import fmt, median, pct, rotated, table
from .targets import Target

RATES = (100, 1000)


class NoSampler:
    """A phase without any sampler. Two of them per round: the second one, compared with the first
    like a sampler, shows how much two identical phases differ on this machine (the noise floor)."""

    def __init__(self, name):
        self.name = name


BASELINE = NoSampler("none")


def contenders(setup):
    # wall: like the others; cpu: the default mode, which also reads /proc/PID/task/TID/{stat,schedstat} per sample
    wall, cpu = Pyrometer(setup.launcher, "wall"), Pyrometer(setup.launcher, "cpu")
    again = NoSampler("none, again (noise floor)")
    return [(setup.python315, "3.15", [BASELINE, again, wall, cpu, Tachyon(setup.python315)]),
            (setup.python38, "3.8", [BASELINE, again, wall, cpu, Austin(setup.austin)])]


def phase(contender, target, rate, lead, window):
    """{'wall': median unit s, 'cpu': median unit CPU s, 'units': n, 'rate': achieved samples/s or None}."""
    run = None
    if isinstance(contender, NoSampler):
        start = time.monotonic() + 0.2
    else:
        run = contender.start(target.pid, rate, lead + window + 60)  # a cap: it is stopped after the window
        start = run.launched_at + lead
        if isinstance(contender, Pyrometer):
            seen, _ = procfs.wait_for_thread(run.pid, contender.sampler_thread(target.pid), 60, 0.01, run.alive)
            if seen is None:
                run.kill()
                raise RuntimeError("%s never started sampling" % contender.name)
            start = seen + 1.0
    sampler_cpu = None
    if run is not None:
        time.sleep(max(0.0, start - time.monotonic()))
        cpu_a, t_a = procfs.process_cpu_seconds(run.pid), time.monotonic()
    time.sleep(max(0.0, start + window - time.monotonic()))
    end = time.monotonic()
    achieved, in_startup, whole_run_cpu = None, False, None
    if run is not None:
        cpu_b = procfs.process_cpu_seconds(run.pid)
        if cpu_a is not None and cpu_b is not None:
            sampler_cpu = (cpu_b - cpu_a) / (end - t_a)
        res = run.finish(stop_at=end + 0.1)
        if res.exit_code != 0:
            raise RuntimeError("%s failed (exit %s): %s" % (contender.name, res.exit_code, res.detail))
        achieved = res.rate
        whole_run_cpu = res.cpu_seconds
        in_startup = res.sampling_started > start + 0.05
    units = target.units_within(start, end)
    if len(units) < 5:
        raise RuntimeError("only %d units of work in a %s s window: machine too busy?" % (len(units), window))
    return {"wall": median([u[1] for u in units]), "cpu": median([u[2] for u in units]), "units": len(units),
            "rate": achieved, "inStartup": in_startup, "samplerCpu": sampler_cpu,
            "wholeRunCpu": whole_run_cpu}


def run(setup, log):
    rounds = 1 if setup.quick else 4
    lead, window = (2, 2) if setup.quick else (3, 4)
    results = []
    for python, version, group in contenders(setup):
        target = Target(python)
        names = [c.name for c in group]
        phases = {(rate, n): [] for rate in RATES for n in names}
        try:
            for r in range(rounds):
                for rate in RATES:
                    log("slowdown, Python %s, %d Hz, round %d/%d" % (version, rate, r + 1, rounds))
                    for contender in rotated(group, r):
                        name = contender.name
                        p = phase(contender, target, rate, lead, window)
                        phases[(rate, name)].append(p)
                        log("  %-14s median unit %.2f ms wall, %.2f ms cpu (%d units)%s%s" % (
                            name, 1e3 * p["wall"], 1e3 * p["cpu"], p["units"],
                            "" if p["rate"] is None else ", %.0f samples/s, sampler CPU %.2f %%" % (
                                p["rate"], 100 * (p["samplerCpu"] or 0)),
                            "  (WINDOW OVERLAPS START-UP)" if p["inStartup"] else ""))
        finally:
            target.stop()
        for rate in RATES:
            base = phases[(rate, BASELINE.name)]
            for name in names:
                mine = phases[(rate, name)]
                results.append({
                    "python": version, "rateHz": rate, "sampler": name, "rounds": len(mine),
                    "unitsPerPhase": median([p["units"] for p in mine]),
                    "medianUnitWallMs": 1e3 * median([p["wall"] for p in mine]),
                    "medianUnitCpuMs": 1e3 * median([p["cpu"] for p in mine]),
                    "achievedRate": median([p["rate"] for p in mine]),
                    "samplerCpuShare": median([p["samplerCpu"] for p in mine]),
                    "samplerWholeRunCpuSeconds": median([p["wholeRunCpu"] for p in mine]),
                    "windowsInStartup": sum(1 for p in mine if p["inStartup"]),
                    "wallSlowdown": None if name == BASELINE.name else median([m["wall"] / b["wall"] - 1 for m, b in zip(mine, base)]),
                    "cpuSlowdown": None if name == BASELINE.name else median([m["cpu"] / b["cpu"] - 1 for m, b in zip(mine, base)]),
                })
    return {"rounds": rounds, "windowSeconds": window, "rows": results}


def markdown(section):
    rows = []
    for r in section["rows"]:
        rows.append([r["python"], r["rateHz"], r["sampler"], fmt(r["achievedRate"], 0),
                     fmt(r["medianUnitWallMs"], 2), pct(r["wallSlowdown"], 2),
                     fmt(r["medianUnitCpuMs"], 2), pct(r["cpuSlowdown"], 2),
                     "" if r["samplerCpuShare"] is None else fmt(100 * r["samplerCpuShare"], 2, " %"),
                     "" if r["samplerWholeRunCpuSeconds"] is None else fmt(r["samplerWholeRunCpuSeconds"], 2),
                     fmt(r["unitsPerPhase"], 0), r["rounds"]])
    return table(["Python", "Hz", "Sampler", "Achieved samples/s", "Unit, wall (ms)", "Slowdown, wall",
                  "Unit, target CPU (ms)", "Slowdown, target CPU", "Sampler CPU in the window (% of a core)",
                  "Sampler CPU, whole run incl. start-up and output (s)", "Units/phase",
                  "Rounds"], rows)
