# Ground truth for `pyrometer diff`: hot() burns 70% of this thread's CPU time and cold() 30%,
# until a line "swap" on stdin turns the split into 30/70 (it prints SWAPPED then). Measured in
# thread CPU time, so the split holds however busy the machine is.
import sys
import threading
import time

split = {"hot": 0.007, "cold": 0.003}


def burn(seconds):
    end = time.thread_time() + seconds
    while time.thread_time() < end:  # @burn-loop
        pass


def hot():
    burn(split["hot"])  # @hot-burns


def cold():
    burn(split["cold"])  # @cold-burns


def listen():
    for line in sys.stdin:
        if line.strip() == "swap":
            split["hot"], split["cold"] = split["cold"], split["hot"]
            print("SWAPPED", flush=True)


threading.Thread(target=listen, name="listener", daemon=True).start()
print("READY", flush=True)
while True:
    hot()
    cold()
