# Ground truth for choosing processes: a pre-fork server, one master that only waits for its
# workers and two workers (os.fork: the same command line) that burn CPU handling "requests".
import os
import sys
import time


def handle_request():
    end = time.thread_time() + 0.01
    while time.thread_time() < end:  # @handle
        pass


def worker():
    while True:
        handle_request()


workers = []
for _ in range(int(sys.argv[1]) if len(sys.argv) > 1 else 2):
    pid = os.fork()
    if pid == 0:
        worker()
    workers.append(pid)
print("READY", flush=True)
for _ in workers:
    os.wait()  # @master-waits
