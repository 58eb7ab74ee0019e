"""Sampler CPU over a recording of the default length (30 s, or --seconds): how much of a core each sampler uses
in the first, second and third ten seconds of sampling, and over its whole run (start-up, attach
and writing its output included, from wait4). The slowdown section measures only a few seconds
right after start-up, when the JVM has not compiled the sampling loop yet; this shows what a
whole recording costs. pyrometer in its default mode (cpu) and Tachyon, alternated.
"""
import time

from . import procfs
from .contenders import Pyrometer, Tachyon
from .stats import fmt, median, rotated, table
from .targets import Target

RATES = (100, 1000)


def _share(series, start, end):
    """CPU share (cores) between two moments, from a [(t, cpu_seconds)] series polled every 0.2 s."""
    inside = [(t, c) for t, c in series if start <= t <= end]
    if len(inside) < 2:
        return None
    (t0, c0), (t1, c1) = inside[0], inside[-1]
    return (c1 - c0) / (t1 - t0)


def measure(contender, target, rate, seconds):
    """CPU series of one natural-length recording, cut into thirds of its sampling time."""
    run = contender.start(target.pid, rate, seconds)
    series, first_seen, last_seen = [], None, None
    thread = contender.sampler_thread(target.pid) if isinstance(contender, Pyrometer) else None
    while run.alive():
        now, cpu = time.monotonic(), procfs.process_cpu_seconds(run.pid)
        if cpu is not None:
            series.append((now, cpu))
        if thread and procfs.thread_named(run.pid, thread) is not None:
            first_seen, last_seen = first_seen or now, now
        time.sleep(0.2)
    exited = time.monotonic()
    res = run.finish()
    if res.exit_code != 0:
        raise RuntimeError("%s failed (exit %s): %s" % (contender.name, res.exit_code, res.detail))
    if thread:
        began, ended = first_seen, last_seen  # the sampler thread lives exactly as long as sampling
    else:
        ended = exited  # Tachyon writes a few collapsed lines and exits
        began = ended - res.seconds
    third = (ended - began) / 3
    return {
        "shares": [_share(series, began + max(1.0, i * third), began + (i + 1) * third) for i in range(3)],
        "wholeRunCpu": res.cpu_seconds,
        "wholeRunSeconds": exited - run.launched_at,
        "rate": res.rate,
    }


def run(setup, log):
    rounds, seconds = (1, 6) if setup.quick else (3, 30)
    seconds = getattr(setup, "seconds", None) or seconds
    contenders = [Pyrometer(setup.launcher, "cpu"), Tachyon(setup.python315),
                  Pyrometer(setup.launcher, "wall"), Tachyon(setup.python315, "cpu")]
    target = Target(setup.python315)
    runs = {(rate, c.name): [] for rate in RATES for c in contenders}
    try:
        for r in range(rounds):
            for rate in RATES:
                log("sampler CPU over a %d s recording, %d Hz, round %d/%d" % (seconds, rate, r + 1, rounds))
                for contender in rotated(contenders, r):
                    m = measure(contender, target, rate, seconds)
                    runs[(rate, contender.name)].append(m)
                    log("  %-14s share of a core per third: %s; whole run %.2f CPU s in %.1f s" % (
                        contender.name, ", ".join("n/a" if s is None else "%.2f %%" % (100 * s) for s in m["shares"]),
                        m["wholeRunCpu"], m["wholeRunSeconds"]))
    finally:
        target.stop()
    rows = []
    for (rate, name), ms in runs.items():
        rows.append({"rateHz": rate, "sampler": name, "runs": len(ms),
                     "shares": [median([m["shares"][i] for m in ms]) for i in range(3)],
                     "wholeRunCpu": median([m["wholeRunCpu"] for m in ms]),
                     "wholeRunSeconds": median([m["wholeRunSeconds"] for m in ms]),
                     "rate": median([m["rate"] for m in ms])})
    return {"seconds": seconds, "rows": rows}


def markdown(section):
    third = section["seconds"] / 3
    header = ["Hz", "Sampler (Python 3.15 target)", "Samples/s"]
    header += ["CPU, %s–%s s of sampling (%% of a core)" % (fmt(max(1.0, i * third), 0), fmt((i + 1) * third, 0)) for i in range(3)]
    header += ["Whole run: CPU s / wall s (start-up and output included)", "Runs"]
    rows = []
    for r in section["rows"]:
        rows.append([r["rateHz"], r["sampler"], fmt(r["rate"], 0)]
                    + [fmt(None if s is None else 100 * s, 2) for s in r["shares"]]
                    + ["%s / %s" % (fmt(r["wholeRunCpu"], 2), fmt(r["wholeRunSeconds"], 1)), r["runs"]])
    return table(header, rows)
