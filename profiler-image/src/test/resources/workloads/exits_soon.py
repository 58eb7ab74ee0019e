# Burns CPU for about 1.5 s after READY, then exits: a target that ends mid-recording.
import sys
import time


def work_until(deadline):
    x = 0
    while time.time() < deadline:  # @work
        x += 1


print("READY", flush=True)
work_until(time.time() + float(sys.argv[1]) if len(sys.argv) > 1 else time.time() + 1.5)
