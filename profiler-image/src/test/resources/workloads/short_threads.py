# Ground truth for cpu mode on a thread-per-request server: the main thread starts a thread per
# "request" that computes 6 ms of its own CPU time in burst() and ends (socketserver's
# ThreadingMixIn, http.server), one at a time, 10 ms apart; a long-lived "steady" thread computes
# 3 ms in every 10. Every 50 ms the main thread prints the CPU time each kind of thread used
# (time.thread_time(), measured in the threads; the short ones add theirs as they end):
#   CPU <monotonic> bursts:0:<cpu seconds> main:<native id>:<cpu seconds> steady:<native id>:<cpu seconds>
import threading
import time

lock = threading.Lock()
cpu = {"bursts": (0, 0.0), "main": (0, 0.0), "steady": (0, 0.0)}


def burst():
    end = time.thread_time() + 0.006
    while time.thread_time() < end:  # @burst
        pass


def request():
    burst()
    used = time.thread_time()
    with lock:
        cpu["bursts"] = (0, cpu["bursts"][1] + used)


def steady():
    while True:
        end = time.thread_time() + 0.003
        while time.thread_time() < end:  # @steady
            pass
        cpu["steady"] = (threading.get_native_id(), time.thread_time())
        time.sleep(0.007)


def print_cpu():
    cpu["main"] = (threading.get_native_id(), time.thread_time())
    with lock:
        line = " ".join("%s:%d:%.6f" % (n, tid, s) for n, (tid, s) in sorted(cpu.items()))
    print("CPU %.4f %s" % (time.monotonic(), line), flush=True)


threading.Thread(target=steady, name="steady", daemon=True).start()
print_cpu()  # a line before READY: a reader starts from one
print("READY", flush=True)
next_print = 0.0
while True:
    t = threading.Thread(target=request)
    t.start()
    t.join()
    now = time.monotonic()
    if now >= next_print:
        next_print = now + 0.05
        print_cpu()
    time.sleep(0.010)
