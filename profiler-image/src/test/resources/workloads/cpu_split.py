# Ground truth for CPU sampling: hot() burns 70% of the CPU time, cold() 30%.
import time


def burn(seconds):
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:  # @burn-loop
        pass


def hot():
    burn(0.007)  # @hot-burns


def cold():
    burn(0.003)  # @cold-burns


print("READY", flush=True)
while True:
    hot()
    cold()
