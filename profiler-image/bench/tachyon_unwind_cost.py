"""In-process cost of one Tachyon sample (CPython 3.15): CPU time per RemoteUnwinder.get_stack_trace(),
created the way `python -m profiling.sampling attach -a` creates it (wall mode, cache_frames=True),
and without the frame cache for reference. Usage: python3.15 tachyon_unwind_cost.py PID SECONDS.
Prints one JSON object.
"""
import json
import sys
import time

import _remote_debugging
from profiling.sampling.constants import PROFILING_MODE_WALL


def sample(unwinder):
    """One call; a torn read raises RuntimeError, which Tachyon's own loop counts as a failed sample."""
    try:
        unwinder.get_stack_trace()
        return 0
    except RuntimeError:
        return 1


def per_call(unwinder, seconds):
    """(CPU µs per call, calls, failed calls) over a loop of the given length, after a warm-up."""
    end = time.monotonic() + 0.5
    while time.monotonic() < end:
        sample(unwinder)
    calls = failed = 0
    cpu0 = time.thread_time()
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        failed += sample(unwinder)
        calls += 1
    return (time.thread_time() - cpu0) * 1e6 / calls, calls, failed


def main():
    pid, seconds = int(sys.argv[1]), float(sys.argv[2])
    result = {}
    for cached in (True, False):
        unwinder = _remote_debugging.RemoteUnwinder(
            pid, all_threads=True, mode=PROFILING_MODE_WALL, native=False, gc=True, opcodes=False,
            skip_non_matching_threads=True, cache_frames=cached)
        micros, calls, failed = per_call(unwinder, seconds / 2)
        key = "cachedFrames" if cached else "uncachedFrames"
        result[key + "CpuMicros"] = round(micros, 3)
        result[key + "Calls"] = calls
        result[key + "Failed"] = failed
    print(json.dumps(result))


if __name__ == "__main__":
    main()
