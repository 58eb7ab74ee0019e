# Ground truth for per-line shares: crunch() spends 70% of its CPU time on one line and 30% on
# another, each a loop on a single line (its condition and body are the same line), calling only
# C functions, so every sample's innermost Python frame is crunch at one of the two lines.
# Measured in this thread's CPU time, so the split holds however busy the machine is.
import time


def crunch():
    clock = time.thread_time
    end = clock() + 0.007
    while clock() < end: pass  # noqa: E701 @heavy-line
    end = clock() + 0.003
    while clock() < end: pass  # noqa: E701 @light-line


print("READY", flush=True)
while True:
    crunch()
