# Ground truth for the stack walker: threads parked at known lines with distinct stacks, a
# recursion 100 deep, non-ASCII names (latin-1, CJK and an emoji file name), a method (qualified
# name on 3.11+). Prints READY when every thread is in place, then sleeps.
import threading
import time

import módulo_ñ

stop = threading.Event()
ready = []


def alpha_wait():
    beta_wait()  # @alpha-calls-beta


def beta_wait():
    ready.append("beta")
    stop.wait()  # @beta-waits


def recurse(n):
    if n == 0:
        ready.append("recurse")
        stop.wait()  # @recurse-bottom
        return
    recurse(n - 1)  # @recurse-step


class Worker:
    def run_loop(self):
        ready.append("worker")
        stop.wait()  # @worker-waits


def main_sleeps():
    time.sleep(3600)  # @main-sleeps


threads = [
    threading.Thread(target=alpha_wait, name="alpha"),
    threading.Thread(target=recurse, args=(100,), name="deep"),
    threading.Thread(target=módulo_ñ.función_ü, args=(stop, ready), name="unicode"),
    threading.Thread(target=Worker().run_loop, name="worker"),
]
for t in threads:
    t.daemon = True
    t.start()
while len(ready) < len(threads):
    time.sleep(0.01)
time.sleep(0.1)  # let every thread reach its wait
print("READY", flush=True)
main_sleeps()
