# Ground truth for cpu mode's account of the process's CPU time: a native thread (native_spin.c,
# the shared library named by argv[1]) and a Python thread ("hog") both compute without pause.
# Every 50 ms the main thread prints each one's own CPU time and the whole process's:
#   CPU <monotonic> <name>:<native id>:<cpu seconds> ... process:0:<process CPU seconds>
import ctypes
import sys
import threading
import time

from cpu_lines import cpu, hog, print_forever

spinner = ctypes.CDLL(sys.argv[1])
spinner.start_spinner.restype = ctypes.c_long
spinner.spinner_cpu_seconds.restype = ctypes.c_double
native_tid = spinner.start_spinner()
if native_tid < 0:
    sys.exit("cannot start the native thread")
threading.Thread(target=hog, name="hog", daemon=True).start()


def native_and_process():
    cpu["native"] = (native_tid, spinner.spinner_cpu_seconds())
    cpu["process"] = (0, time.process_time())


print_forever(lambda: "hog" in cpu, native_and_process)
