# The CPU lines of cpu mode's ground-truth workloads (cpu_share.py, native_thread.py): each thread
# publishes its own CPU time, measured inside it (time.thread_time()); the main thread prints
#   CPU <monotonic> <name>:<native id>:<cpu seconds> ...
import threading
import time

cpu = {}


def publish(name):
    cpu[name] = (threading.get_native_id(), time.thread_time())


def hog():
    """Computes without pause, publishing its CPU time as "hog"."""
    while True:
        x = 0
        for i in range(20_000):
            x += i  # @hog
        publish("hog")


def print_cpu():
    publish("main")
    print("CPU %.4f %s" % (time.monotonic(), " ".join("%s:%d:%.6f" % (n, t, s) for n, (t, s) in sorted(cpu.items()))), flush=True)


def print_forever(ready, refresh=lambda: None):
    """Once ready() is true: a CPU line, READY (a reader starts from a line), then a line every 50 ms.
    refresh() adds what the threads do not publish themselves, before each line."""
    while not ready():
        time.sleep(0.01)
    refresh()
    print_cpu()
    print("READY", flush=True)
    while True:
        refresh()
        print_cpu()
        time.sleep(0.05)
