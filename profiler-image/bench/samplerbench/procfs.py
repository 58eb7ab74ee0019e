"""What the harness reads about other processes from /proc: CPU time, threads, memory."""
import os
import time

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    """utime + stime of every thread of the process, dead threads included (10 ms resolution)."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return None
    # fields[0] is the state (field 3 of stat); utime and stime are fields 14 and 15
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def process_cpu_seconds(pid):
    """CPU time of the whole process, dead threads included, to the nanosecond and up to date: the
    kernel's process CPU clock of another process (clock id MAKE_PROCESS_CPUCLOCK(pid, CPUCLOCK_SCHED))."""
    try:
        return time.clock_gettime(((~pid) << 3) | 2)
    except OSError:
        return cpu_seconds(pid)


def thread_named(pid, name, skip=None):
    """The tid of the first thread of pid whose comm is name, or None.

    skip: a set of tids known to have another final name; grown here so that polling stays cheap
    (a new thread is called like its process until it names itself, so those are re-read).
    """
    try:
        tids = os.listdir("/proc/%d/task" % pid)
    except FileNotFoundError:
        return None
    for tid in tids:
        if skip is not None and tid in skip:
            continue
        try:
            with open("/proc/%d/task/%s/comm" % (pid, tid)) as f:
                comm = f.read().strip()
        except FileNotFoundError:
            continue
        if comm == name:
            return int(tid)
        if skip is not None and comm not in ("java", "python3", "pyrometer"):
            skip.add(tid)
    return None


def thread_cpu_seconds(pid, tid):
    """CPU time of one thread, nanosecond resolution (first field of schedstat)."""
    try:
        with open("/proc/%d/task/%d/schedstat" % (pid, tid)) as f:
            return int(f.read().split()[0]) / 1e9
    except (FileNotFoundError, ProcessLookupError):
        return None


def memory_kib(pid):
    """{'VmHWM': kib, 'VmRSS': kib} of the process, or None once it is gone."""
    out = {}
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                key = line.split(":", 1)[0]
                if key in ("VmHWM", "VmRSS"):
                    out[key] = int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        return None
    return out


def load_average():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def wait_for_thread(pid, name, timeout, poll=0.002, alive=lambda: True):
    """Polls until pid has a thread named name; returns (monotonic time seen, tid) or (None, None)."""
    deadline = time.monotonic() + timeout
    skip = set()
    while time.monotonic() < deadline and alive():
        tid = thread_named(pid, name, skip)
        if tid is not None:
            return time.monotonic(), tid
        time.sleep(poll)
    return None, None
