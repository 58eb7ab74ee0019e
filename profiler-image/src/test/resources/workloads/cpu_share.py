# Ground truth for cpu-mode weights on a busy machine: "hog" computes without pause, "duty"
# computes 10 ms of its own CPU time then sleeps 20 ms, "sleeper" loops on time.sleep. Every 50 ms
# the main thread prints each thread's own CPU time (time.thread_time(), measured in the thread):
#   CPU <monotonic> <name>:<native id>:<cpu seconds> ...
import threading
import time

from cpu_lines import cpu, hog, print_forever, publish


def duty():
    while True:
        end = time.thread_time() + 0.010
        while time.thread_time() < end:  # @duty
            pass
        publish("duty")
        time.sleep(0.020)
        publish("duty")


def sleeper():
    while True:
        time.sleep(0.2)  # @sleeper
        publish("sleeper")


for target in (hog, duty, sleeper):
    threading.Thread(target=target, name=target.__name__, daemon=True).start()

print_forever(lambda: len(cpu) >= 3)
