# Ground truth for CPU sampling: hot() burns 70% of the CPU time, cold() 30%. Measured in this
# thread's CPU time, so the split holds however busy the machine is.
import time


def burn(seconds):
    end = time.thread_time() + seconds
    while time.thread_time() < end:  # @burn-loop
        pass


def hot():
    burn(0.007)  # @hot-burns


def cold():
    burn(0.003)  # @cold-burns


print("READY", flush=True)
while True:
    hot()
    cold()
