# Ground truth for cpu-mode weights on a busy machine: "hog" computes without pause, "duty"
# computes 10 ms of its own CPU time then sleeps 20 ms, "sleeper" loops on time.sleep. Every 50 ms
# the main thread prints each thread's own CPU time (time.thread_time(), measured in the thread):
#   CPU <monotonic> <name>:<native id>:<cpu seconds> ...
import threading
import time

cpu = {}


def publish(name):
    cpu[name] = (threading.get_native_id(), time.thread_time())


def hog():
    while True:
        x = 0
        for i in range(20_000):
            x += i  # @hog
        publish("hog")


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


def print_cpu():
    publish("main")
    print("CPU %.4f %s" % (time.monotonic(), " ".join("%s:%d:%.6f" % (n, t, s) for n, (t, s) in sorted(cpu.items()))), flush=True)


while len(cpu) < 3:
    time.sleep(0.01)
print_cpu()  # a line before READY: a reader starts from one
print("READY", flush=True)
while True:
    print_cpu()
    time.sleep(0.05)
