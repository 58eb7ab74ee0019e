"""A target with planted memory and its in-process ground truth, for the heap analyzer's tests.

Prints one line "READY <json>" with what Python itself says about its heap, then sleeps until its
stdin closes. Options (all sizes in MiB, 0 to leave out):
  --plant N      leakmod.CACHE: a module-level dict of ~N MiB of distinct strings
  --thread N     a sleeping thread "holder" whose local `buf` is a bytearray of N MiB
  --big-str N    leakmod.BIG_STR: a str of N MiB (not GC-tracked)
  --closure      also compute the in-process closure size (slow on big heaps)
  --stdlib-cache N   N distinct regular expressions compiled: re._cache, a standard-library cache
  --third-party N    thirdlib.TABLE: a list of ~N MiB in a package imported from a site-packages directory
"""
import argparse
import gc
import json
import os
import sys
import threading
import time
import types

parser = argparse.ArgumentParser()
parser.add_argument("--plant", type=float, default=0)
parser.add_argument("--thread", type=float, default=0)
parser.add_argument("--big-str", type=float, default=0)
parser.add_argument("--closure", action="store_true")
parser.add_argument("--stdlib-cache", type=int, default=0)
parser.add_argument("--third-party", type=float, default=0)
args = parser.parse_args()

# a few stdlib modules, as a real program would have
import collections, json as _json, re, decimal, logging  # noqa: E401,F401

leakmod = types.ModuleType("leakmod")
leakmod.__file__ = os.path.join(os.path.dirname(os.path.abspath(__file__)), "leakmod.py")
sys.modules["leakmod"] = leakmod
# distinct 100-character strings: "x" * 100 would be one shared constant
entries = int(args.plant * 1024 * 1024 / 200)
leakmod.CACHE = {i: f"{i:0100d}" for i in range(entries)}
if args.big_str:
    leakmod.BIG_STR = "y" * int(args.big_str * 1024 * 1024)
leakmod.NAMES = tuple(f"name-{i}" for i in range(2000))

for i in range(args.stdlib_cache):
    re.compile(f"stdlib-cache-{i}-[a-z]+(x|y){{2,{i + 2}}}")
if args.third_party:
    import tempfile
    site = os.path.join(tempfile.mkdtemp(prefix="pyrometer-site"), "lib", "site-packages")
    os.makedirs(os.path.join(site, "thirdlib"))
    with open(os.path.join(site, "thirdlib", "__init__.py"), "w") as f:
        f.write("TABLE = []\n")
    sys.path.insert(0, site)
    import thirdlib
    thirdlib.TABLE.extend(f"{i:0100d}" for i in range(int(args.third_party * 1024 * 1024 / 150)))

ready = threading.Event()


def holder():
    buf = bytearray(int(args.thread * 1024 * 1024))
    ready.set()
    while True:
        time.sleep(3600)
    return buf


if args.thread:
    threading.Thread(target=holder, name="holder", daemon=True).start()
    ready.wait()


def elf_loads(path):
    """(vaddr, memsz) of the PT_LOAD segments of an ELF file, or [] when it is not one."""
    import struct
    try:
        with open(path, "rb") as f:
            header = f.read(64)
            if header[:4] != b"\x7fELF":
                return []
            phoff, = struct.unpack_from("<Q", header, 32)
            phentsize, phnum = struct.unpack_from("<HH", header, 54)
            f.seek(phoff)
            table = f.read(phentsize * phnum)
    except OSError:
        return []
    loads = []
    for i in range(phnum):
        p_type, _, _, vaddr, _, _, memsz, _ = struct.unpack_from("<IIQQQQQQ", table, i * phentsize)
        if p_type == 1:
            loads.append((vaddr, memsz))
    return loads


def image_ranges():
    """Address ranges of loaded files, .bss included: objects there are not heap."""
    ranges = []
    lowest = {}
    with open("/proc/self/maps") as maps:
        for line in maps:
            fields = line.split()
            start, end = (int(x, 16) for x in fields[0].split("-"))
            path = fields[5] if len(fields) > 5 else ""
            if path.startswith("/"):
                ranges.append((start, end))
                if int(fields[2], 16) == 0:
                    lowest.setdefault(path, start)
    for path, start in lowest.items():
        loads = elf_loads(path)
        if loads:
            bias = start - (loads[0][0] & ~0xFFF)
            ranges.extend((bias + vaddr, bias + vaddr + memsz) for vaddr, memsz in loads)
    return ranges


def in_image(address, ranges):
    return any(start <= address < end for start, end in ranges)


def referents(o):
    """What o holds: gc.get_referents, plus what it misses (dict keys, code and type fields).

    Only stored fields: properties computed on access (co_lnotab, 3.11+ co_varnames tuples)
    would count objects that do not exist in the heap.
    """
    refs = list(gc.get_referents(o))
    if isinstance(o, dict):
        refs.extend(o.keys())
    if isinstance(o, types.CodeType):
        refs.extend([o.co_consts, o.co_names, o.co_filename, o.co_name])
        for name in ("co_qualname", "co_linetable", "co_exceptiontable"):
            if hasattr(o, name):
                refs.append(getattr(o, name))
        if sys.version_info < (3, 11):
            refs.extend([o.co_varnames, o.co_freevars, o.co_cellvars, o.co_code])
            if sys.version_info < (3, 10):
                refs.append(o.co_lnotab)
        else:
            refs.extend(o.co_varnames + o.co_freevars + o.co_cellvars)
    if isinstance(o, type):
        refs.extend([o.__name__, o.__qualname__])
    return refs


def closure_size(ranges):
    """Objects reachable from everything the GC tracks, with sys.getsizeof: the heap Python sees.

    No generator or nested function here, and `seen` is made after the object list: both would
    make the bookkeeping itself reachable.
    """
    stack = gc.get_objects()
    # thread stacks: 3.11+ frames are not objects, so the GC does not list their locals
    for frame in sys._current_frames().values():
        while frame is not None:
            if frame.f_code is not closure_size.__code__:  # our own bookkeeping is not the heap
                stack.extend(frame.f_locals.values())
            frame = frame.f_back
    seen = set()
    total = 0
    count = 0
    while stack:
        o = stack.pop()
        if id(o) in seen:
            continue
        seen.add(id(o))
        if not in_image(id(o), ranges):
            total += sys.getsizeof(o)
            count += 1
        for r in referents(o):
            if id(r) not in seen:
                stack.append(r)
    return count, total


def malloc_stats():
    """pymalloc's own counters, from sys._debugmallocstats() (which writes to the C stderr)."""
    import tempfile
    with tempfile.TemporaryFile(mode="w+") as out:
        saved = os.dup(2)
        os.dup2(out.fileno(), 2)
        try:
            sys._debugmallocstats()
        finally:
            os.dup2(saved, 2)
            os.close(saved)
        out.seek(0)
        text = out.read()
    stats = {}
    for line in text.splitlines():
        if line.startswith("# arenas allocated current"):
            stats["pymalloc_arenas"] = int(line.split("=")[1].replace(",", ""))
        elif line.startswith("# bytes in allocated blocks"):
            stats["pymalloc_allocated_bytes"] = int(line.split("=")[1].replace(",", ""))
    return stats


cache = leakmod.CACHE
cache_deep = sys.getsizeof(cache) + sum(sys.getsizeof(k) + sys.getsizeof(v) for k, v in cache.items())
gc.collect()
truth = {
    "pid": os.getpid(),
    "version": sys.version.split()[0],
    "cache_entries": len(cache),
    "cache_deep_size": cache_deep,
    "names_tracked": gc.is_tracked(leakmod.NAMES),
    "big_str_tracked": gc.is_tracked(getattr(leakmod, "BIG_STR", "")),
    "holder_tid": next((t.native_id for t in threading.enumerate() if t.name == "holder"), 0),
}
if args.closure:
    truth["closure_objects"], truth["closure_bytes"] = closure_size(image_ranges())
del cache
gc.collect()
truth.update(malloc_stats())
truth["gc_objects"] = len(gc.get_objects())
truth["permanent_objects"] = gc.get_freeze_count()
sys.stdout.write("READY " + json.dumps(truth) + "\n")
sys.stdout.flush()
sys.stdin.read()
