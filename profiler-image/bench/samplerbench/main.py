"""Command line of the sampler benchmark: checks the tools, runs the sections, writes the results."""
import argparse
import datetime
import glob
import json
import os
import re
import signal
import subprocess
import sys
import time

from . import changing, first_sample, inprocess, overhead, persample, procfs, rate, rss, slowdown, tasks
from .contenders import kill_all
from .aims import aims_markdown

BENCH_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODULE_DIR = os.path.dirname(BENCH_DIR)
REPO_DIR = os.path.dirname(MODULE_DIR)
SECTIONS = {"rate": rate, "inprocess": inprocess, "slowdown": slowdown, "overhead": overhead, "first": first_sample,
            "rss": rss, "persample": persample, "tasks": tasks, "changing": changing}
TITLES = {"rate": "Highest sustained rate and cost per sample", "inprocess": "Cost of one sample inside the sampler",
          "slowdown": "Slowdown of a CPU-bound target", "overhead": "Sampler CPU over a whole recording",
          "first": "Launch to first sample",
          "rss": "Agent peak RSS", "persample": "Cost per sample, one thread and many threads",
          "tasks": "Cost per sample with asyncio tasks",
          "changing": "Stacks that change while they are read"}


class Setup:
    """Where the tools are, and how long to measure."""

    def __init__(self, args):
        self.quick = args.quick
        self.launcher = os.path.join(MODULE_DIR, "bin", "pyrometer")
        self.jar = os.path.join(MODULE_DIR, "target", "pyrometer.jar")
        self.python315 = args.python315
        self.python38 = args.python38
        self.austin = args.austin
        self.python312 = getattr(args, "python312", None)
        self.baseline = getattr(args, "baseline", None)
        self.seconds = getattr(args, "seconds", None)  # overhead: recording length (None: its default)
        with open(self.launcher) as f:
            m = re.search(r"PYROMETER_JAVA_OPTS:-([^}]*)\}", f.read())
        self.launcher_java_opts = m.group(1) if m else ""
        # what the agent image (and so the ephemeral container in a pod) runs with
        with open(os.path.join(MODULE_DIR, "Dockerfile")) as f:
            m = re.search(r'^ENV PYROMETER_JAVA_OPTS="([^"]*)"', f.read(), re.M)
        self.image_java_opts = m.group(1) if m else None


def fail(message):
    print("run-sampler-bench: " + message, file=sys.stderr)
    sys.exit(2)


def check_tools(setup):
    for path, what in ((setup.python315, "CPython 3.15 (profiler-image/tools/install-test-deps installs it)"),
                       (setup.python38, "CPython 3.8 (pyenv install 3.8.18)"),
                       (setup.austin, "austin (apt-get install austin)")):
        if not path or not os.access(path, os.X_OK):
            fail("%s not found at %s" % (what, path))
    if subprocess.run([setup.python315, "-c", "import profiling.sampling"], capture_output=True).returncode != 0:
        fail("%s has no profiling.sampling (Tachyon): is it CPython 3.15?" % setup.python315)
    if not os.path.exists(setup.jar):
        print("building the agent: mvn -B -ntp -q -DskipTests -pl profiler-image -am package", flush=True)
        built = subprocess.run(["mvn", "-B", "-ntp", "-q", "-DskipTests", "-pl", "profiler-image", "-am", "package"], cwd=REPO_DIR)
        if built.returncode != 0 or not os.path.exists(setup.jar):
            fail("could not build %s" % setup.jar)


def first_line(cmd):
    try:
        out = subprocess.run(cmd, capture_output=True, text=True)
        return (out.stdout + out.stderr).strip().splitlines()[0]
    except (OSError, IndexError):
        return "unknown"


def environment(setup):
    model = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO_DIR, capture_output=True, text=True).stdout.strip()
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": os.cpu_count(), "cpu": model, "kernel": os.uname().release,
        "memoryGib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "jdk": first_line(["java", "-version"]), "launcherJavaOpts": setup.launcher_java_opts,
        "imageJavaOpts": setup.image_java_opts,
        "python315": first_line([setup.python315, "-V"]), "python38": first_line([setup.python38, "-V"]),
        "austin": first_line([setup.austin, "-V"]), "commit": commit, "quick": setup.quick,
        "loadAverageAtStart": procfs.load_average(),
    }


def markdown(env, results):
    out = ["Machine: %(nproc)s cores (`nproc`), %(cpu)s, %(memoryGib)s GiB, kernel %(kernel)s; %(jdk)s; "
           "agent JVM flags: launcher defaults `%(launcherJavaOpts)s` (used everywhere unless said otherwise), "
           "image (Dockerfile) `%(imageJavaOpts)s`; %(python315)s, %(python38)s, "
           "austin %(austin)s. Date %(date)s, commit %(commit)s%(mode)s. Load average (1/5/15 min) "
           "at start %(loadAverageAtStart)s, at end %(loadAverageAtEnd)s." % dict(env, mode=", QUICK run" if env["quick"] else "")]
    for key, section in results.items():
        out.append("\n### %s\n" % TITLES[key])
        out.append(SECTIONS[key].markdown(section))
    out.append("\n### Aims\n")
    out.append(aims_markdown(results))
    return "\n".join(out) + "\n"


def main(argv):
    home = os.path.expanduser("~")
    parser = argparse.ArgumentParser(prog="run-sampler-bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="short smoke run (about 2 minutes)")
    parser.add_argument("--only", default=",".join(SECTIONS), help="comma-separated sections: " + ", ".join(SECTIONS))
    parser.add_argument("--out", default=os.path.join(MODULE_DIR, "target", "sampler-bench"), help="results directory")
    parser.add_argument("--python315", default=os.path.join(home, ".cache/pyrometer/cpython-3.15/bin/python3"))
    parser.add_argument("--python38", default=(sorted(glob.glob(os.path.join(home, ".pyenv/versions/3.8.*/bin/python3.8"))) or [None])[-1])
    parser.add_argument("--austin", default="/usr/bin/austin")
    parser.add_argument("--python312", default=(sorted(glob.glob(os.path.join(home, ".pyenv/versions/3.12.*/bin/python3.12"))) or [None])[-1])
    parser.add_argument("--baseline", help="persample: another checkout's bin/pyrometer to compare with (e.g. main's)")
    parser.add_argument("--seconds", type=int, help="overhead: length of each recording (default 30; issue 13's aim is for 20)")
    args = parser.parse_args(argv)
    chosen = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = [s for s in chosen if s not in SECTIONS]
    if unknown:
        fail("unknown section(s) %s; choose from %s" % (", ".join(unknown), ", ".join(SECTIONS)))
    setup = Setup(args)
    check_tools(setup)
    env = environment(setup)
    os.makedirs(args.out, exist_ok=True)
    started = time.monotonic()

    def log(message):
        print("[%5.0f s] %s" % (time.monotonic() - started, message), flush=True)

    # SIGTERM unwinds like Ctrl-C: every section stops its targets, and no sampler is left behind
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    results = {}
    try:
        for key in chosen:
            results[key] = SECTIONS[key].run(setup, log)
            with open(os.path.join(args.out, "results.json"), "w") as f:  # keep what is done if a later section fails
                json.dump({"environment": env, "results": results}, f, indent=2)
    finally:
        kill_all()
    env["loadAverageAtEnd"] = procfs.load_average()
    env["totalSeconds"] = round(time.monotonic() - started)
    with open(os.path.join(args.out, "results.json"), "w") as f:
        json.dump({"environment": env, "results": results}, f, indent=2)
    text = markdown(env, results)
    with open(os.path.join(args.out, "results.md"), "w") as f:
        f.write(text)
    print("\n" + text)
    print("results: %s/results.{json,md} (%d s)" % (args.out, env["totalSeconds"]))
    return 0
