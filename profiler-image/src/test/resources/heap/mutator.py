"""A target that keeps changing its heap from 8 threads, for snapshots under load.

Prints "READY <json>" and runs until stdin closes. Options:
  --ballast N   MiB of resident bytes objects held in a module global (a larger copy to freeze)
"""
import argparse
import json
import os
import random
import sys
import threading
import types

parser = argparse.ArgumentParser()
parser.add_argument("--ballast", type=int, default=0)
args = parser.parse_args()

state = types.ModuleType("state")
sys.modules["state"] = state
state.BALLAST = [os.urandom(1 << 20) for _ in range(args.ballast)]
state.SHARED = {}
state.LISTS = [[] for _ in range(8)]


def mutate(n):
    rng = random.Random(n)
    mine = state.LISTS[n]
    while True:
        key = rng.randrange(10000)
        state.SHARED[key] = [str(key)] * rng.randrange(1, 20)
        mine.append({"k": key, "v": str(rng.random())})
        if len(mine) > 5000:
            del mine[: rng.randrange(1000, 4000)]
        if rng.random() < 0.01:
            state.SHARED.pop(rng.randrange(10000), None)


for n in range(8):
    threading.Thread(target=mutate, args=(n,), name=f"mutator-{n}", daemon=True).start()
sys.stdout.write("READY " + json.dumps({"pid": os.getpid(), "threads": threading.active_count()}) + "\n")
sys.stdout.flush()
sys.stdin.read()
