# Ground truth for stacks kept between samples: threads that wait in one place, then move on.
# Each steady worker sleeps 10 ms in phase_a, then 30 ms in phase_b, forever (a quarter of its time
# in phase_a); a generator does the same with its frame outside the data-stack chunk (3.11+); relay
# threads live 20 ms each, so new thread states take the addresses of ended ones; the main thread
# never moves. Prints READY when every thread runs.
import threading
import time

SHORT, LONG = 0.01, 0.03
running = []


def phase_a():
    time.sleep(SHORT)  # @phase-a


def phase_b():
    time.sleep(LONG)  # @phase-b


def steady_worker():
    running.append(1)
    while True:
        phase_a()  # @calls-a
        phase_b()  # @calls-b


def ticking():
    while True:
        time.sleep(SHORT)  # @gen-a
        yield
        time.sleep(LONG)  # @gen-b
        yield


def gen_worker():
    running.append(1)
    for _ in ticking():  # @gen-loop
        pass


def relay_odd():
    time.sleep(0.02)  # @relay-odd


def relay_even():
    time.sleep(0.02)  # @relay-even


def relay():
    running.append(1)
    n = 0
    while True:
        t = threading.Thread(target=relay_odd if n % 2 else relay_even, daemon=True)
        t.start()
        t.join()  # @relay-joins
        n += 1


for target in (steady_worker, steady_worker, steady_worker, gen_worker, relay):
    threading.Thread(target=target, daemon=True).start()
while len(running) < 5:
    time.sleep(0.01)
print("READY", flush=True)
threading.Event().wait()  # @main-waits
