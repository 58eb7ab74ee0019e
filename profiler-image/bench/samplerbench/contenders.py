"""The samplers under comparison: how to launch each one on a pid, and how to count its samples.

Every contender samples every thread in wall-clock mode unless told otherwise, writes into a
private temporary directory, and is measured from the outside: the harness never needs its
cooperation beyond its normal output.
"""
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time


class Result:
    """What one finished sampler run produced."""

    def __init__(self, samples, seconds, exit_code, cpu_seconds, detail=""):
        self.samples = samples  # stacks recorded (one per thread per tick)
        self.seconds = seconds  # how long it sampled, as well as we know
        self.exit_code = exit_code
        self.cpu_seconds = cpu_seconds  # user + system of the whole sampler process, all threads
        self.detail = detail  # stderr tail when something went wrong

    @property
    def rate(self):
        return self.samples / self.seconds if self.seconds else 0.0


LIVE_RUNS = set()  # killed by kill_all() when the harness is interrupted


def kill_all():
    for run in list(LIVE_RUNS):
        run.kill()


class Run:
    """A launched sampler process; finish() stops it (or waits for it) and returns a Result."""

    def __init__(self, contender, proc, workdir, seconds):
        self.contender = contender
        self.proc = proc
        self.workdir = workdir
        self.seconds = seconds
        self.launched_at = time.monotonic()
        self.stopped_at = None
        LIVE_RUNS.add(self)

    @property
    def pid(self):
        return self.proc.pid

    def alive(self):
        """True until it has exited; never reaps it (finish() needs its resource usage from wait4)."""
        if self.proc.returncode is not None:
            return False
        try:
            return os.waitid(os.P_PID, self.proc.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is None
        except ChildProcessError:
            return False

    def finish(self, stop_at=None, stacks=False):
        """Stops the sampler at stop_at (its own way: every one of them still writes its output),
        or lets it end by itself when stop_at is None; waits for it and collects the result; with
        stacks, also the stacks it recorded (res.stacks: [(["function:line", ...], count)], outermost
        first), before its output is removed."""
        try:
            if stop_at is not None:
                time.sleep(max(0.0, stop_at - time.monotonic()))
                if self.proc.poll() is None:
                    self.stopped_at = time.monotonic()
                    self.proc.send_signal(self.contender.stop_signal)
            _, status, usage = os.wait4(self.proc.pid, 0)
            ended = time.monotonic()
            self.proc.returncode = os.waitstatus_to_exitcode(status)
            cpu = usage.ru_utime + usage.ru_stime
            with open(os.path.join(self.workdir, "stderr"), errors="replace") as f:
                stderr = f.read()
            with open(os.path.join(self.workdir, "stdout"), errors="replace") as f:
                stdout = f.read()
            res = self.contender.result(self, stdout, stderr, cpu)
            if stacks:
                res.stacks = self.contender.stacks(self)
            res.max_rss_kib = usage.ru_maxrss  # the kernel's peak resident set of the sampler process
            # when sampling began, counted back from the end of sampling and the tool's own duration
            res.sampling_started = (self.stopped_at or ended) - res.seconds
            return res
        finally:
            LIVE_RUNS.discard(self)
            shutil.rmtree(self.workdir, ignore_errors=True)

    def kill(self):
        if self.proc.returncode is None:
            self.proc.kill()
            self.proc.wait()
        LIVE_RUNS.discard(self)
        shutil.rmtree(self.workdir, ignore_errors=True)


class Contender:
    """Base: launch(cmd) with stdout/stderr into the run's work directory."""

    name = "?"
    stop_signal = signal.SIGINT

    def _launch(self, cmd, seconds, env=None):
        workdir = tempfile.mkdtemp(prefix="sampler-bench-")
        with open(os.path.join(workdir, "stdout"), "w") as out, open(os.path.join(workdir, "stderr"), "w") as err:
            proc = subprocess.Popen(cmd(workdir), stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=env)
        return Run(self, proc, workdir, seconds)

    @staticmethod
    def _tail(text, lines=3):
        """The gist of an error output: its first line, the first frame of our own code if it is a
        Java stack trace, and the last lines."""
        all_lines = text.strip().splitlines()
        picked = all_lines[:1] + [l.strip() for l in all_lines if l.strip().startswith("at dev.pyrometer")][:1]
        picked += [l for l in all_lines[-lines:] if l not in picked]
        return " | ".join(picked)


class Pyrometer(Contender):
    """bin/pyrometer record; JVM flags from java_opts (None: the launcher's defaults, "": the JVM's)."""

    stop_signal = signal.SIGTERM  # ends the recording early; everything is still written

    def __init__(self, launcher, mode="wall", java_opts=None, label=None):
        self.launcher = launcher
        self.mode = mode
        self.java_opts = java_opts
        self.name = label or "pyrometer %s" % mode

    def start(self, pid, rate_hz, seconds):
        env = dict(os.environ)
        env.pop("JAVA_OPTS", None)
        if self.java_opts is None:
            env.pop("PYROMETER_JAVA_OPTS", None)
        else:
            # a lone space is "set": the launcher then passes no flags of its own
            env["PYROMETER_JAVA_OPTS"] = self.java_opts or " "

        def cmd(workdir):
            return [self.launcher, "record", "--pid", str(pid), "--mode", self.mode,
                    "--duration", "%dms" % round(seconds * 1000), "--rate", str(rate_hz),
                    "-o", os.path.join(workdir, "out")]
        return self._launch(cmd, seconds, env)

    def sampler_thread(self, target_pid):
        return "sampler-%d" % target_pid

    _folded_frame = re.compile(r"^(.*) \((.*):(\d+)\)$")

    def stacks(self, run):
        """profile.folded: "function (file:line);... count" per line (3.11+ qualified names)."""
        out = []
        with open(os.path.join(run.workdir, "out", "profile.folded"), errors="replace") as f:
            for line in f:
                frames, _, count = line.rstrip("\n").rpartition(" ")
                names = []
                for frame in frames.split(";"):
                    m = self._folded_frame.match(frame)
                    names.append("%s:%s" % (m.group(1).rsplit(".", 1)[-1], m.group(3)) if m else frame)
                out.append((names, int(count)))
        return out

    def result(self, run, stdout, stderr, cpu):
        path = os.path.join(run.workdir, "out", "summary.json")
        if not os.path.exists(path):
            return Result(0, 0.0, run.proc.returncode, cpu, self._tail(stderr))
        with open(path) as f:
            summary = json.load(f)
        samples = sum(p.get("samples", 0) for p in summary.get("processes", []))
        artifacts = {a["name"]: a["bytes"] for a in summary.get("artifacts", [])}
        res = Result(samples, summary.get("elapsedSeconds", 0.0), run.proc.returncode, cpu,
                     "" if run.proc.returncode == 0 else self._tail(stderr))
        res.dropped = sum(p.get("dropped", 0) for p in summary.get("processes", []))
        clocks = [p["clock"] for p in summary.get("processes", []) if p.get("clock")]
        res.achieved_hz = clocks[0].get("achievedHz") if clocks else None
        res.artifact_bytes = artifacts
        return res


class Tachyon(Contender):
    """CPython 3.15's own sampler: python3 -m profiling.sampling attach (same interpreter as the target);
    SIGINT ends it early and it still writes its output."""

    name = "tachyon"
    _captured = re.compile(r"Captured ([\d,]+) samples? in ([\d.]+) seconds")

    def __init__(self, python, mode="wall"):
        self.python = python
        self.mode = mode
        if mode != "wall":
            self.name = "tachyon %s" % mode

    def start(self, pid, rate_hz, seconds):
        if seconds != int(seconds):
            raise ValueError("Tachyon takes whole seconds")

        def cmd(workdir):
            return [self.python, "-m", "profiling.sampling", "attach", "-r", str(rate_hz), "-d", str(int(seconds)),
                    "-a", "--mode", self.mode, "--collapsed", "-o", os.path.join(workdir, "collapsed.txt"), str(pid)]
        return self._launch(cmd, seconds)

    def stacks(self, run):
        """collapsed.txt: "tid:N;file:function:line;... count" per line."""
        out = []
        with open(os.path.join(run.workdir, "collapsed.txt"), errors="replace") as f:
            for line in f:
                frames, _, count = line.rstrip("\n").rpartition(" ")
                names = [":".join(frame.rsplit(":", 2)[1:]) for frame in frames.split(";") if not frame.startswith("tid:")]
                out.append((names, int(count)))
        return out

    def result(self, run, stdout, stderr, cpu):
        samples = 0
        path = os.path.join(run.workdir, "collapsed.txt")
        if os.path.exists(path):
            with open(path, errors="replace") as f:
                for line in f:
                    count = line.rsplit(" ", 1)[-1]
                    if count.strip().isdigit():
                        samples += int(count)
        m = self._captured.search(stdout)
        seconds = float(m.group(2)) if m else run.seconds
        return Result(samples, seconds, run.proc.returncode, cpu,
                      "" if run.proc.returncode == 0 else self._tail(stderr + stdout))


class Austin(Contender):
    """Debian's austin (1.0.1: Python 3.8 at most): no duration option, so always stopped with SIGINT."""

    name = "austin"

    def __init__(self, binary="/usr/bin/austin"):
        self.binary = binary

    def start(self, pid, rate_hz, seconds):
        interval_us = max(1, round(1e6 / rate_hz))

        def cmd(workdir):
            return [self.binary, "-i", str(interval_us), "-p", str(pid), "-o", os.path.join(workdir, "samples.txt")]
        return self._launch(cmd, seconds)

    def result(self, run, stdout, stderr, cpu):
        samples = 0
        path = os.path.join(run.workdir, "samples.txt")
        if os.path.exists(path):
            with open(path, errors="replace") as f:
                # one line per thread per sample: "Thread ...;frames... usec" (1.x), "P<pid>;T..." (3.x)
                samples = sum(1 for line in f if line.startswith(("Thread ", "P")))
        seconds = (run.stopped_at or time.monotonic()) - run.launched_at  # it samples from its first moment
        # austin exits with 0 or with the signal's code when interrupted; both are normal here
        code = 0 if run.proc.returncode in (0, -signal.SIGINT, 128 + signal.SIGINT) else run.proc.returncode
        return Result(samples, seconds, code, cpu, "" if code == 0 else self._tail(stderr))
