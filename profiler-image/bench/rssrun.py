"""rssrun.py LAUNCHER SECONDS DISTINCT: one recording at 1000 Hz of target.py varied (Python 3.15)
with the agent image's JVM flags (EXTRA_OPTS appended); prints peak RSS while sampling and for the
whole run (VmHWM, ru_maxrss), CPU seconds and artifact sizes as JSON. The rss section of
run-sampler-bench, reduced to the one agent that runs in a pod."""
import os, sys, time, json, re
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from samplerbench import procfs, rss
from samplerbench.contenders import Pyrometer
from samplerbench.targets import Target
launcher, seconds, distinct = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
extra = os.environ.get("EXTRA_OPTS", "")
df = open(os.path.join(os.path.dirname(launcher), "..", "Dockerfile")).read()
opts = re.search(r'ENV PYROMETER_JAVA_OPTS="([^"]*)"', df).group(1) + " " + extra
py = os.path.expanduser("~/.cache/pyrometer/cpython-3.15/bin/python3")
t = Target(py, "varied", ["--unit", str(rss.UNIT), "--distinct", str(distinct)])
a = Pyrometer(launcher, "wall", java_opts=opts)
r = a.start(t.pid, 1000, seconds)
hwm = samp = 0; sampling = None; ended = None
while r.alive():
    mem = procfs.memory_kib(r.pid)
    if not mem: break
    hwm = max(hwm, mem.get("VmHWM", 0))
    s = procfs.thread_named(r.pid, a.sampler_thread(t.pid)) is not None
    if s: samp = max(samp, mem.get("VmRSS", 0))
    elif sampling and ended is None: ended = time.monotonic() - r.launched_at
    sampling = sampling or s
    time.sleep(0.2)
exited = time.monotonic() - r.launched_at
res = r.finish()
t.stop()
print(json.dumps({"opts": extra, "distinct": distinct, "exit": res.exit_code, "samples": res.samples, "cpu": res.cpu_seconds,
  "samplingPeakMiB": round(samp/1024,1), "peakMiB": round(max(hwm, getattr(res,'max_rss_kib',0))/1024,1),
  "samplingEnded": ended, "exited": round(exited,1), "workdir": r.workdir, "detail": res.detail, "artifacts": getattr(res,'artifact_bytes',{})}))
