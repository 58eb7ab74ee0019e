"""Ground truth for comparing two sessions: a target whose change between them is known.

Usage: compare_app.py CONTROL REPORT. The main thread runs hot() and cold(), which burn a known
share of its CPU time each (measured in thread CPU time, so the split holds however busy the
machine is); leakmod.CACHE is a planted module-level dict. The test writes CONTROL as JSON
{"seq": N, "hot": 0.7, "entries": 500}: the split becomes 70/30 and the dict grows to 500 entries.
Once applied, REPORT holds {"seq": N, "cache_deep_size": ..., "entries": ...}, the dict's deep size
measured in process (sys.getsizeof of the dict, its keys and its values).
"""
import json
import os
import sys
import threading
import time
import types

CONTROL, REPORT = sys.argv[1], sys.argv[2]
# one hot()+cold() round burns CYCLE seconds of CPU: not a divisor or multiple of the sampler's
# 10 ms interval, so successive samples land at every phase of the round instead of locking
# onto one (a 10 ms round aliased with 100 Hz sampling and skewed a 3 s session's split)
CYCLE = 0.0037
split = {"hot": CYCLE * 0.7, "cold": CYCLE * 0.3}
leakmod = types.ModuleType("leakmod")
sys.modules["leakmod"] = leakmod
leakmod.CACHE = {}


def burn(seconds):
    end = time.thread_time() + seconds
    while time.thread_time() < end:
        pass


def hot():
    burn(split["hot"])


def cold():
    burn(split["cold"])


def grow_to(entries):
    for i in range(len(leakmod.CACHE), entries):
        leakmod.CACHE[i + 100_000] = f"{i:010d}" + "v" * 2000


def deep_size():
    d = leakmod.CACHE
    return sys.getsizeof(d) + sum(sys.getsizeof(k) + sys.getsizeof(v) for k, v in d.items())


def watch():
    applied = None
    while True:
        try:
            with open(CONTROL) as f:
                command = json.load(f)
        except (OSError, ValueError):
            command = None
        if command and command.get("seq") != applied:
            share = float(command.get("hot", 0.7))
            split["hot"], split["cold"] = CYCLE * share, CYCLE * (1 - share)
            grow_to(int(command.get("entries", 0)))
            applied = command.get("seq")
            tmp = REPORT + ".tmp"
            with open(tmp, "w") as f:
                json.dump({"seq": applied, "cache_deep_size": deep_size(), "entries": len(leakmod.CACHE)}, f)
            os.replace(tmp, REPORT)
        time.sleep(0.05)


threading.Thread(target=watch, name="control", daemon=True).start()
while True:
    hot()
    cold()
