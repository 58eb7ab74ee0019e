"""Time from launch to the first sample.

pyrometer: `bin/pyrometer record --duration 1s` is launched and the harness polls its threads
every 2 ms; the recorder starts the thread `sampler-PID` after the JVM has started and attached,
and that thread takes its first sample before anything else (ProcessSampler.run), so the moment
the thread appears is the first sample, within the polling interval. As a cross-check without
polling, launch -> exit minus the 1 s recording is an upper bound (it also includes writing the
reports). Tachyon gets the same upper bound, for context. Alternated, median of the runs.
"""
import time

from . import procfs
from .contenders import Pyrometer, Tachyon
from .stats import fmt, median, table
from .targets import Target


def run(setup, log):
    repetitions = 2 if setup.quick else 5
    pyrometer = Pyrometer(setup.launcher, "cpu")
    tachyon = Tachyon(setup.python315)
    target = Target(setup.python315)
    first, upper, tachyon_upper = [], [], []
    try:
        for i in range(repetitions):
            log("first sample, run %d/%d" % (i + 1, repetitions))
            run_ = pyrometer.start(target.pid, 100, 1)
            seen, _ = procfs.wait_for_thread(run_.pid, pyrometer.sampler_thread(target.pid), 60, 0.002, run_.alive)
            res = run_.finish()
            exited = time.monotonic()
            if seen is None or res.exit_code != 0:
                raise RuntimeError("pyrometer did not sample (exit %s): %s" % (res.exit_code, res.detail))
            first.append(seen - run_.launched_at)
            upper.append(exited - run_.launched_at - 1.0)
            log("  pyrometer: first sample after %.3f s, exit - 1 s = %.3f s" % (first[-1], upper[-1]))
            run_ = tachyon.start(target.pid, 100, 1)
            res = run_.finish()
            tachyon_upper.append(time.monotonic() - run_.launched_at - 1.0)
            log("  tachyon: exit - 1 s = %.3f s" % tachyon_upper[-1])
    finally:
        target.stop()
    return {"repetitions": repetitions, "pyrometerFirstSample": median(first), "pyrometerFirstSampleMax": max(first),
            "pyrometerUpperBound": median(upper), "tachyonUpperBound": median(tachyon_upper)}


def markdown(section):
    n = section["repetitions"]
    return table(["Measurement (Python 3.15 target)", "Median (s)", "Runs"], [
        ["pyrometer: launch → sampler thread starts = first sample (2 ms polling; slowest run: %s s)"
         % fmt(section["pyrometerFirstSampleMax"], 3), fmt(section["pyrometerFirstSample"], 3), n],
        ["pyrometer: launch → exit of a 1 s recording, minus 1 s (upper bound, includes writing the reports)",
         fmt(section["pyrometerUpperBound"], 3), n],
        ["Tachyon: launch → exit of a 1 s recording, minus 1 s (upper bound, for context)",
         fmt(section["tachyonUpperBound"], 3), n],
    ])
