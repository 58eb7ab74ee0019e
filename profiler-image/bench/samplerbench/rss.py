"""Peak RSS of the agent over a long 1000 Hz recording of a target whose stacks vary.

The target (target.py varied, Python 3.15) calls 4000 generated functions in 50 generated files
along pseudo-random paths 20 frames deep (four call sites per function), a new path every ~45 µs. Two workloads, one
after the other: a large application's worth of stacks (20,000 fixed paths replayed at random),
and the worst case, a new path on every call, so that almost every sample is a stack never seen
before and the call tree grows for the whole recording. For each, three recordings run at the
same time on the same target: with the JVM flags of the agent image (its Dockerfile's
PYROMETER_JAVA_OPTS: what runs in a pod), with the launcher's defaults, and with none (the JVM's
own defaults: heap up to 1/4 of the machine's memory). VmHWM (the
kernel's high-water mark of the resident set) is read from /proc/PID/status every half second
until the JVM exits, and the kernel's own peak (ru_maxrss from wait4) when it has exited, so it
covers writing the reports too; the peak while sampling is tracked separately from VmRSS.
"""
import time

from . import procfs
from .contenders import Pyrometer
from .stats import fmt, table
from .targets import Target

RATE = 1000
# leaf iterations per path: about 40 µs on 3.15, so a path still changes between two ticks (every
# sample of "every stack new" is new), but not while one is read. With 100 iterations (4 µs) the
# stack changed under nearly every walk: the agents dropped 95 % of their ticks as torn and
# their call trees stayed small, so the peak said little about a real recording's.
UNIT = 1000


WORKLOADS = (("20,000 distinct stacks", 20000), ("every stack new", 0))


def run(setup, log):
    seconds = 10 if setup.quick else 300
    rows = []
    for workload, distinct in WORKLOADS:
        rows += record(setup, log, workload, distinct, seconds)
    return {"seconds": seconds, "rateHz": RATE, "rows": rows}


def record(setup, log, workload, distinct, seconds):
    agents = [Pyrometer(setup.launcher, "wall", label="launcher defaults"),
              Pyrometer(setup.launcher, "wall", java_opts="", label="JVM defaults (no flags)")]
    if setup.image_java_opts:
        agents.insert(0, Pyrometer(setup.launcher, "wall", java_opts=setup.image_java_opts, label="agent image (Dockerfile)"))
    target = Target(setup.python315, "varied", ["--unit", str(UNIT), "--distinct", str(distinct)])
    log("rss, %s: %d s recordings at %d Hz, %d agents at once" % (workload, seconds, RATE, len(agents)))
    runs = [a.start(target.pid, RATE, seconds) for a in agents]
    state = [{"hwmKib": 0, "samplingPeakKib": 0, "sampling": None, "samplingEndedAfter": None, "exitedAfter": None}
             for _ in runs]
    try:
        next_log = time.monotonic() + 30
        while any(r.alive() for r in runs):
            for r, s, agent in zip(runs, state, agents):
                mem = procfs.memory_kib(r.pid) if r.alive() else None
                if not mem:
                    if s["exitedAfter"] is None:
                        s["exitedAfter"] = time.monotonic() - r.launched_at
                    continue
                s["hwmKib"] = max(s["hwmKib"], mem.get("VmHWM", 0))
                sampling = procfs.thread_named(r.pid, agent.sampler_thread(target.pid)) is not None
                if sampling:
                    s["samplingPeakKib"] = max(s["samplingPeakKib"], mem.get("VmRSS", 0))
                elif s["sampling"] and s["samplingEndedAfter"] is None:
                    s["samplingEndedAfter"] = time.monotonic() - r.launched_at
                s["sampling"] = s["sampling"] or sampling
            if time.monotonic() >= next_log:
                next_log += 30
                log("  " + ", ".join("%s: VmHWM %.0f MiB" % (a.name.split(" (")[0], s["hwmKib"] / 1024)
                                     for a, s in zip(agents, state)))
            time.sleep(0.5)
        for s in state:
            if s["exitedAfter"] is None:  # exited in the last half second
                s["exitedAfter"] = time.monotonic() - runs[0].launched_at
        rows = []
        for r, s, agent in zip(runs, state, agents):
            res = r.finish()
            rows.append({"workload": workload, "agent": agent.name, "exitCode": res.exit_code, "detail": res.detail,
                         "samples": res.samples, "seconds": res.seconds, "cpuSeconds": res.cpu_seconds,
                         "samplingEndedAfter": s["samplingEndedAfter"],
                         "exitedAfter": s["exitedAfter"],
                         "peakRssMib": max(s["hwmKib"], res.max_rss_kib) / 1024, "samplingPeakRssMib": s["samplingPeakKib"] / 1024,
                         "artifactBytes": getattr(res, "artifact_bytes", {})})
            log("  %s: exit %s, %d samples, peak RSS %.0f MiB (%.0f MiB while sampling), sampling ended after %s s, "
                "exited after %.0f s, %.0f CPU s %s" % (
                    agent.name, res.exit_code, res.samples, rows[-1]["peakRssMib"], s["samplingPeakKib"] / 1024,
                    s["samplingEndedAfter"] and round(s["samplingEndedAfter"]), s["exitedAfter"] or 0,
                    res.cpu_seconds, res.detail))
    finally:
        for r in runs:
            r.kill()
        target.stop()
    return rows


def markdown(section):
    rows = []
    for r in section["rows"]:
        files = r["artifactBytes"]
        rows.append([r["workload"], r["agent"], r["exitCode"], fmt(r["samples"]), fmt(r["samplingPeakRssMib"], 0),
                     fmt(r["peakRssMib"], 0), fmt(r["samplingEndedAfter"], 0), fmt(r["exitedAfter"], 0),
                     fmt(r["cpuSeconds"], 0),
                     fmt(files.get("profile.folded", 0) / 2**20, 1) + " / " + fmt(files.get("flamegraph.html", 0) / 2**20, 1)
                     + " / " + fmt(files.get("speedscope.json", 0) / 2**20, 1)])
    return table(["Target", "Agent JVM flags", "Exit", "Samples", "Peak RSS while sampling (MiB)",
                  "Peak RSS, whole run (MiB)", "Sampling ended (s after launch)", "Exited (s after launch)",
                  "CPU (s)", "profile.folded / flamegraph.html / speedscope.json (MiB)"], rows)
