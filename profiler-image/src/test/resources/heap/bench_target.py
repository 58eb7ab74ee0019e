"""A benchmark target: about --objects Python objects in a realistic mix, held by module globals.

Records (dicts with an int id, a str name, a list of tags, a float score) in a list, an index
dict from name to record, and instances of a small class. Prints "READY <json>" with the
object count and RSS, then sleeps until stdin closes.
"""
import argparse
import gc
import json
import os
import sys
import types

parser = argparse.ArgumentParser()
parser.add_argument("--objects", type=int, default=1_000_000)
args = parser.parse_args()


class Session:
    def __init__(self, user, token):
        self.user = user
        self.token = token
        self.hits = [user["id"]]


bench = types.ModuleType("bench")
sys.modules["bench"] = bench
# per record: dict, id int, name str, tags list + 1 str, score float; per session: instance,
# token str, hits list (the user is shared): about 10 objects per record
records = args.objects // 10
bench.RECORDS = [{"id": 1000 + i, "name": f"user-{i}", "tags": [f"tag-{i}"], "score": i * 0.5} for i in range(records)]
bench.INDEX = {r["name"]: r for r in bench.RECORDS}
bench.SESSIONS = [Session(r, f"token-{i:08x}") for i, r in enumerate(bench.RECORDS)]
gc.collect()
with open("/proc/self/statm") as statm:
    rss = int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
sys.stdout.write("READY " + json.dumps({"pid": os.getpid(), "records": records, "gc_objects": len(gc.get_objects()),
                                          "rss": rss}) + "\n")
sys.stdout.flush()
sys.stdin.read()
