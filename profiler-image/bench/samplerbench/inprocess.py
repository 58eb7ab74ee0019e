"""In-process cost of one sample, without process start-up or a sampling clock: pyrometer's
StackWalker.walk (and walk + aggregation into its call tree) called in a loop from WalkCost.java
with the launcher's JVM flags, and Tachyon's RemoteUnwinder.get_stack_trace() called in a loop
from Python 3.15. CPU time of the calling thread per call; for the JVM also heap bytes allocated
per call. Alternated, median of the runs.
"""
import json
import os
import shlex
import subprocess

from .stats import fmt, median, table
from .targets import Target

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def java_cost(setup, pid, seconds):
    cmd = ["java"] + shlex.split(setup.launcher_java_opts) + ["-cp", setup.jar, os.path.join(HERE, "WalkCost.java"),
                                                              str(pid), str(seconds)]
    return json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)


def tachyon_cost(setup, pid, seconds):
    cmd = [setup.python315, os.path.join(HERE, "tachyon_unwind_cost.py"), str(pid), str(seconds)]
    return json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)


def run(setup, log):
    repetitions = 1 if setup.quick else 3
    seconds = 2 if setup.quick else 4
    rows = []
    for python, version in ((setup.python315, "3.15"), (setup.python38, "3.8")):
        target = Target(python)
        java, tachyon = [], []
        try:
            for i in range(repetitions):
                log("in-process cost, Python %s, run %d/%d" % (version, i + 1, repetitions))
                java.append(java_cost(setup, target.pid, seconds))
                log("  pyrometer: %s" % java[-1])
                if version == "3.15":
                    tachyon.append(tachyon_cost(setup, target.pid, seconds))
                    log("  tachyon: %s" % tachyon[-1])
        finally:
            target.stop()
        rows.append({"python": version, "what": "pyrometer StackWalker.walk", "runs": len(java),
                     "cpuMicros": median([j["walkCpuMicros"] for j in java]),
                     "allocatedBytes": median([j["walkAllocatedBytes"] for j in java])})
        rows.append({"python": version, "what": "pyrometer walk + CallTree.add (as the sampler, wall mode)", "runs": len(java),
                     "cpuMicros": median([j["walkAndAggregateCpuMicros"] for j in java]),
                     "allocatedBytes": median([j["walkAndAggregateAllocatedBytes"] for j in java])})
        if tachyon:
            rows.append({"python": version, "what": "Tachyon get_stack_trace(), frame cache on (as attach uses it)",
                         "runs": len(tachyon), "cpuMicros": median([t["cachedFramesCpuMicros"] for t in tachyon]),
                         "allocatedBytes": None})
            rows.append({"python": version, "what": "Tachyon get_stack_trace(), frame cache off", "runs": len(tachyon),
                         "cpuMicros": median([t["uncachedFramesCpuMicros"] for t in tachyon]), "allocatedBytes": None})
    return {"seconds": seconds, "rows": rows}


def markdown(section):
    return table(["Python", "Call", "CPU µs per call", "Heap bytes per call", "Runs"],
                 [[r["python"], r["what"], fmt(r["cpuMicros"], 1), fmt(r["allocatedBytes"], 0), r["runs"]]
                  for r in section["rows"]])
