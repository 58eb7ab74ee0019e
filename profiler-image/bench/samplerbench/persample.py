"""Cost per sample with one thread and with many (issue 13's aims), side by side in one run.

Same method as the rate section (a steady window inside each run; CPU time of the whole sampler
process from /proc over that window, divided by the thread-samples it took in the window), on
target.py steady (20 frames deep) with 1 and with 50 threads:
- flat out (asked for 100 kHz): pyrometer wall vs Tachyon on 3.15; pyrometer vs a baseline build
  (--baseline: another checkout's bin/pyrometer, e.g. main's) on 3.12 and 3.15; austin on 3.8
  (Debian's austin 1.0.1 reads Python 3.8 at most).
- at 100 Hz: a 200-thread and a 1-thread 3.15 target, pyrometer (and the baseline): the achieved
  rate (its summary's clock) and the CPU per thread-sample of both.
A "sample" is one thread's stack: a tick of the 50-thread target is 50 samples. Contenders
alternate round-robin, the order rotating each round; every figure is the median of the rounds.
"""
from . import rate
from .contenders import Austin, Pyrometer, Tachyon
from .stats import fmt, median, rotated, table
from .targets import Target


def scenarios(setup):
    ours = Pyrometer(setup.launcher, "wall")
    base = [Pyrometer(setup.baseline, "wall", label="baseline wall")] if setup.baseline else []
    out = [("3.15", setup.python315, 1, rate.FLAT_OUT_HZ, [ours, Tachyon(setup.python315)] + base),
           ("3.15", setup.python315, 50, rate.FLAT_OUT_HZ, [ours, Tachyon(setup.python315)] + base)]
    if setup.python312:
        out.append(("3.12", setup.python312, 1, rate.FLAT_OUT_HZ, [ours] + base))
    out.append(("3.8", setup.python38, 1, rate.FLAT_OUT_HZ, [ours, Austin(setup.austin)]))
    out.append(("3.15", setup.python315, 1, 100, [ours] + base))
    out.append(("3.15", setup.python315, 200, 100, [ours] + base))
    return out


def measure(contender, target, hz, lead, window, log):
    saved = rate.FLAT_OUT_HZ
    rate.FLAT_OUT_HZ = hz  # rate.measure asks for this rate
    try:
        return rate.measure(contender, target, lead, window, log)
    finally:
        rate.FLAT_OUT_HZ = saved


def run(setup, log):
    rounds = 1 if setup.quick else 3
    lead, window = 8, 4  # a long lead: on a loaded machine Tachyon takes seconds to import and attach
    rows = []
    for version, python, threads, hz, group in scenarios(setup):
        target = Target(python, extra_args=["--threads", str(threads)])
        try:
            runs = {c.name: [] for c in group}
            for r in range(rounds):
                log("persample, Python %s, %d thread(s), %d Hz, round %d/%d" % (version, threads, hz, r + 1, rounds))
                for c in rotated(group, r):
                    runs[c.name].append(measure(c, target, hz, lead, window, log))
        finally:
            target.stop()
        for c in group:
            rs = runs[c.name]
            rows.append({"python": version, "threads": threads, "askedHz": hz, "sampler": c.name, "runs": len(rs),
                         "samplesPerSecond": median([x["rate"] for x in rs]),
                         "cpuMicrosPerSample": median([x["cpuMicrosPerSample"] for x in rs]),
                         "cpuShare": median([x["cpuShare"] for x in rs]),
                         "ticksPerSecond": median([x["rate"] / threads for x in rs])})
    return {"rounds": rounds, "windowSeconds": window, "rows": rows}


def markdown(section):
    rows = []
    for r in section["rows"]:
        rows.append([r["python"], r["threads"], fmt(r["askedHz"], 0), r["sampler"], fmt(r["samplesPerSecond"], 0),
                     fmt(r["ticksPerSecond"], 1), fmt(r["cpuMicrosPerSample"]),
                     fmt(r["cpuMicrosPerSample"] * r["threads"]), fmt(r["cpuShare"], 2), r["runs"]])
    return table(["Python", "Threads", "Asked Hz", "Sampler", "Thread-samples/s", "Ticks/s",
                  "CPU µs per thread-sample (whole process)", "CPU µs per tick", "CPU share (cores)", "Runs"], rows)
