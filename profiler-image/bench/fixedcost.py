"""fixedcost.py LAUNCHER_A LAUNCHER_B [RUNS]: the CPU of a whole short recording, per thread, for
two agents side by side (alternated, same target): where the fixed cost of a run goes (the main
thread's start-up and reports, the C1 compiler, the sampler). Each launcher is a bin/pyrometer next
to its own lib/ or target/ jar and archive; both run with the Dockerfile's JVM flags.

Each run: `record --rate 1000 --mode cpu --duration 1s` of target.py steady on CPython 3.15; the
threads' utime + stime are read from /proc/PID/task/*/stat every 20 ms until the agent exits (a
thread's last reading before it ends counts). Prints the medians per thread group and agent.
"""
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from samplerbench.targets import Target  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
DOCKERFILE = os.path.join(HERE, "..", "Dockerfile")
PYTHON = os.path.expanduser("~/.cache/pyrometer/cpython-3.15/bin/python3")
TICK = os.sysconf("SC_CLK_TCK")


def thread_cpu(cmd, env):
    """Runs cmd; returns {thread group: CPU seconds} over the process's life."""
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    last = {}
    while proc.poll() is None:
        try:
            for tid in os.listdir("/proc/%d/task" % proc.pid):
                try:
                    with open("/proc/%d/task/%s/stat" % (proc.pid, tid)) as f:
                        stat = f.read()
                except OSError:
                    continue
                comm = stat[stat.index("(") + 1:stat.rindex(")")]
                fields = stat[stat.rindex(")") + 2:].split()
                last[(tid, comm)] = (int(fields[11]) + int(fields[12])) / TICK
        except OSError:
            pass
        time.sleep(0.02)
    groups = {}
    for (_, comm), seconds in last.items():
        group = "sampler" if comm.startswith("sampler") else comm.split()[0]
        groups[group] = groups.get(group, 0) + seconds
    groups["total"] = sum(last.values())
    return groups


def main():
    launchers = sys.argv[1:3]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 9
    opts = re.search(r'ENV PYROMETER_JAVA_OPTS="([^"]*)"', open(DOCKERFILE).read()).group(1)
    env = dict(os.environ, PYROMETER_JAVA_OPTS=opts)
    env.pop("JAVA_OPTS", None)
    target = Target(PYTHON, "steady", ["--depth", "20"])
    out = tempfile.mkdtemp(prefix="fixedcost-")
    results = {l: [] for l in launchers}
    try:
        for _ in range(runs):
            for launcher in launchers:
                shutil.rmtree(os.path.join(out, "run"), ignore_errors=True)
                results[launcher].append(thread_cpu(
                    [launcher, "record", "--pid", str(target.pid), "--rate", "1000", "--mode", "cpu",
                     "--duration", "1s", "-o", os.path.join(out, "run")], env))
    finally:
        target.stop()
        shutil.rmtree(out, ignore_errors=True)
    print("| Agent | main thread | C1 compiler thread | sampler thread | whole process | Runs |")
    print("|---|---|---|---|---|---|")
    for launcher, rows in results.items():
        med = {k: statistics.median(r.get(k, 0) for r in rows) for k in ("java", "C1", "sampler", "total")}
        print("| %s | %.2f | %.2f | %.2f | %.2f | %d |" % (launcher, med["java"], med["C1"], med["sampler"], med["total"], len(rows)))


if __name__ == "__main__":
    main()
