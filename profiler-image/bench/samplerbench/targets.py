"""Benchmark target processes (target.py) and the unit timings they report."""
import os
import subprocess
import tempfile
import time

TARGET_SCRIPT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "target.py")


class Target:
    """A running target.py; stop() ends it. Unit timings go to a private progress file."""

    def __init__(self, python, workload="steady", extra_args=()):
        self.python = python
        self.workload = workload
        self._dir = tempfile.mkdtemp(prefix="sampler-bench-target-")
        self.progress = os.path.join(self._dir, "progress.txt")
        cmd = [python, TARGET_SCRIPT, workload, "--progress", self.progress] + list(extra_args)
        self._log = open(os.path.join(self._dir, "stdout"), "w")
        self.proc = subprocess.Popen(cmd, stdout=self._log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        self._await_ready()

    @property
    def pid(self):
        return self.proc.pid

    def _await_ready(self, timeout=90):  # 200 threads on a loaded machine take a while
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("target %s %s exited with %s" % (self.python, self.workload, self.proc.returncode))
            if os.path.exists(self.progress):
                with open(self.progress) as f:
                    if f.readline().startswith("ready"):
                        time.sleep(0.5)  # let it settle into its loop
                        return
            time.sleep(0.05)
        self.proc.kill()  # never leave it running behind a failed run
        self.proc.wait()
        raise RuntimeError("target %s did not start within %d s" % (self.python, timeout))

    def units(self):
        """[(end, wall_seconds, cpu_seconds)] of every unit of work finished so far."""
        out = []
        with open(self.progress) as f:
            for line in f:
                parts = line.split()
                if len(parts) == 3 and parts[0] != "ready":
                    out.append((float(parts[0]), float(parts[1]), float(parts[2])))
        return out

    def units_within(self, start, end):
        """Units that started and ended inside [start, end] (monotonic clock, as the harness's)."""
        return [u for u in self.units() if u[0] - u[1] >= start and u[0] <= end]

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._log.close()
        for name in os.listdir(self._dir):
            os.remove(os.path.join(self._dir, name))
        os.rmdir(self._dir)
