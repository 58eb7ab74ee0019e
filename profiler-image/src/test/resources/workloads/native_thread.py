# Ground truth for cpu mode's account of the process's CPU time: a native thread (native_spin.c,
# the shared library named by argv[1]) and a Python thread ("hog") both compute without pause.
# Every 50 ms the main thread prints each one's own CPU time and the whole process's:
#   CPU <monotonic> <name>:<native id>:<cpu seconds> ... process:0:<process CPU seconds>
import ctypes
import sys
import threading
import time

spinner = ctypes.CDLL(sys.argv[1])
spinner.start_spinner.restype = ctypes.c_long
spinner.spinner_cpu_seconds.restype = ctypes.c_double
cpu = {}


def publish(name):
    cpu[name] = (threading.get_native_id(), time.thread_time())


def hog():
    while True:
        x = 0
        for i in range(20_000):
            x += i  # @hog
        publish("hog")


native_tid = spinner.start_spinner()
if native_tid < 0:
    sys.exit("cannot start the native thread")
threading.Thread(target=hog, name="hog", daemon=True).start()


def print_cpu():
    publish("main")
    cpu["native"] = (native_tid, spinner.spinner_cpu_seconds())
    cpu["process"] = (0, time.process_time())
    print("CPU %.4f %s" % (time.monotonic(), " ".join("%s:%d:%.6f" % (n, t, s) for n, (t, s) in sorted(cpu.items()))), flush=True)


while "hog" not in cpu:
    time.sleep(0.01)
print_cpu()  # a line before READY: a reader starts from one
print("READY", flush=True)
while True:
    print_cpu()
    time.sleep(0.05)
