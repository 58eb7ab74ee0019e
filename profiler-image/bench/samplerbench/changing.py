"""Stacks that change while they are read: how many ticks give a stack, and whether any is false.

target.py routes: one thread whose stack below routes() changes every 40 µs (route_k -> middle_k ->
leaf_k for k = 0..3 in turn). The target runs on CPU 0 and the samplers on CPU 1, so that the
thread runs while it is read (on one CPU the sampler would read it stopped). 3 s at 1 kHz, wall
mode, contenders alternated, three rounds, medians:
- stacks per second: what the sampler recorded, of the 1,000 it was asked for;
- pyrometer's "dropped": ticks whose stack changed under every walk and were not reported;
- stacks that never were: leaf_k under anything but middle_k, middle_k under anything but route_k,
  or route_k under a line of routes() other than its own (the line it shows under most often).
On 3.15 next to Tachyon; --baseline compares with another build of the agent.
"""
import os
import re

from .contenders import Pyrometer, Tachyon
from .stats import fmt, median, rotated, table
from .targets import Target

HZ = 1000
SECONDS = 3
_ROUTE = re.compile(r"^(route|middle|leaf)_(\d):(\d+)$")


def run(setup, log):
    ours = Pyrometer(setup.launcher, "wall")
    base = [Pyrometer(setup.baseline, "wall", label="baseline wall")] if setup.baseline else []
    pythons = [("3.15", setup.python315, [ours, Tachyon(setup.python315)] + base)]
    if setup.python312:
        pythons.append(("3.12", setup.python312, [ours] + base))
    pythons.append(("3.8", setup.python38, [ours] + base))
    rounds = 1 if setup.quick else 3
    pinned = len(os.sched_getaffinity(0)) >= 2
    rows = []
    for version, python, contenders in pythons:
        target = Target(python, "routes")
        runs = {c.name: [] for c in contenders}
        try:
            if pinned:
                os.sched_setaffinity(target.pid, {0})
            for r in range(rounds):
                for contender in rotated(contenders, r):
                    res = _record(contender, target.pid, pinned)
                    if res.exit_code != 0:
                        raise RuntimeError("%s failed on %s: %s" % (contender.name, version, res.detail))
                    runs[contender.name].append(res)
                    log("changing stacks %s, round %d/%d, %s: %d stacks, %s dropped"
                        % (version, r + 1, rounds, contender.name, res.samples, getattr(res, "dropped", "n/a")))
        finally:
            target.stop()
        for contender in contenders:
            results = runs[contender.name]
            false = _never_were([s for res in results for s in res.stacks])
            rows.append({"python": version, "contender": contender.name,
                         "stacksPerSecond": median([res.rate for res in results]),
                         "dropped": median([getattr(res, "dropped", None) for res in results]),
                         "keptShare": median([res.samples / (res.samples + res.dropped) if hasattr(res, "dropped")
                                              and res.samples + res.dropped else None for res in results]),
                         "stacksThatNeverWere": false, "stacks": sum(res.samples for res in results)})
    return {"rounds": rounds, "pinned": pinned, "rows": rows}


def _record(contender, pid, pinned):
    mine = os.sched_getaffinity(0)
    if pinned:
        os.sched_setaffinity(0, {1})  # the sampler inherits it
    try:
        run_ = contender.start(pid, HZ, SECONDS)
    finally:
        os.sched_setaffinity(0, mine)
    return run_.finish(stacks=True)


def _never_were(stacks):
    """Samples (all rounds together) whose stack breaks the route structure."""
    site_lines = {}  # k -> {line of routes(): samples}
    calls = []  # (k, line of routes(), count) of every route_k
    false = 0
    for names, count in stacks:
        for i, name in enumerate(names):
            m = _ROUTE.match(name)
            if not m:
                continue
            kind, k = m.group(1), m.group(2)
            caller = names[i - 1] if i > 0 else ""
            if kind == "route":
                line = caller.split(":")[-1] if caller.startswith("routes:") else None
                if line is None:
                    false += count
                else:
                    site_lines.setdefault(k, {}).setdefault(line, 0)
                    site_lines[k][line] += count
                    calls.append((k, line, count))
            elif not caller.startswith(("route_" if kind == "middle" else "middle_") + k + ":"):
                false += count
    for k, line, count in calls:
        lines = site_lines[k]
        if line != max(lines, key=lines.get):
            false += count
    return false


def markdown(section):
    rows = [[r["python"], r["contender"], fmt(r["stacksPerSecond"], 0),
             fmt(r["dropped"], 0) if r["dropped"] is not None else "n/a",
             fmt(100 * r["keptShare"], 1, " %") if r["keptShare"] is not None else "n/a",
             "%s of %s" % (fmt(r["stacksThatNeverWere"]), fmt(r["stacks"]))] for r in section["rows"]]
    note = "" if section["pinned"] else "\n\n(one CPU: target and samplers not pinned apart)"
    return table(["Python", "Sampler", "Stacks/s (of 1,000)", "Dropped (median)", "Ticks kept",
                  "Stacks that never were (all %d rounds)" % section["rounds"]], rows) + note
