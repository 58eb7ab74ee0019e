"""Ground truth for `pyrometer diff` of two heap snapshots: leakmod.CACHE, a planted module-level
dict, gets N more entries on each stdin line "grow N". Prints "READY <json>" and then "GREW <json>"
after each growth, with the dict's deep size measured in process (sys.getsizeof of the dict, its
keys and its values) and the process's pid. Exits when stdin closes.
"""
import json
import os
import sys
import types

leakmod = types.ModuleType("leakmod")
sys.modules["leakmod"] = leakmod
leakmod.CACHE = {}


def grow(n):
    start = len(leakmod.CACHE)
    for i in range(start, start + n):
        leakmod.CACHE[i + 100_000] = f"{i:010d}" + "v" * 2000


def deep_size():
    d = leakmod.CACHE
    return sys.getsizeof(d) + sum(sys.getsizeof(k) + sys.getsizeof(v) for k, v in d.items())


def report(word):
    sys.stdout.write(word + " " + json.dumps({"pid": os.getpid(), "cache_deep_size": deep_size(),
                                              "entries": len(leakmod.CACHE)}) + "\n")
    sys.stdout.flush()


grow(500)
report("READY")
for line in sys.stdin:
    parts = line.split()
    if len(parts) == 2 and parts[0] == "grow":
        grow(int(parts[1]))
        report("GREW")
