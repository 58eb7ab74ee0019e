"""Starts two children with the multiprocessing start method named in argv[1] (fork, forkserver,
spawn); each burns CPU in crunch (the line marked HOT LINE) until LIFETIME seconds have passed.
Prints the children's pids, then READY."""
import multiprocessing
import sys
import time


def crunch(lifetime):
    end = time.monotonic() + lifetime
    total = 0
    while time.monotonic() < end:
        for i in range(10_000):
            total += (i * 7919) % 104729  # HOT LINE
    return total


if __name__ == "__main__":
    method, lifetime = sys.argv[1], float(sys.argv[2])
    context = multiprocessing.get_context(method)
    children = [context.Process(target=crunch, args=(lifetime,)) for _ in range(2)]
    for c in children:
        c.start()
    print("CHILDREN " + " ".join(str(c.pid) for c in children), flush=True)
    print("READY", flush=True)
    for c in children:
        c.join()
