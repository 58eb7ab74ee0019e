"""A target whose module-level dict grows at a steady rate, for the growth analysis.

Prints "READY <json>" with the bytes each entry adds (key + value, sys.getsizeof), then adds
--rate entries per second to leakmod.CACHE (each value a distinct str of --value-bytes) until
stdin closes.
"""
import argparse
import json
import os
import sys
import threading
import time
import types

parser = argparse.ArgumentParser()
parser.add_argument("--rate", type=int, default=100)
parser.add_argument("--value-bytes", type=int, default=10_000)
args = parser.parse_args()

leakmod = types.ModuleType("leakmod")
sys.modules["leakmod"] = leakmod
leakmod.CACHE = {}


def value(i):
    return f"{i:010d}" + "v" * (args.value_bytes - 10)


def grow():
    start = time.monotonic()
    added = 0
    while True:
        due = int((time.monotonic() - start) * args.rate)
        while added < due:
            leakmod.CACHE[added + 1000] = value(added)
            added += 1
        time.sleep(0.005)


entry = sys.getsizeof(value(0)) + sys.getsizeof(123456)
threading.Thread(target=grow, name="grower", daemon=True).start()
sys.stdout.write("READY " + json.dumps({"pid": os.getpid(), "entry_bytes": entry, "rate": args.rate}) + "\n")
sys.stdout.flush()
sys.stdin.read()
