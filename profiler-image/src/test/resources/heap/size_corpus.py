"""A corpus of objects of every size-relevant kind, with sys.getsizeof and gc.get_referents.

Prints "READY <json>": {"pid": pid, "corpus": {name: {"id": address, "size": sys.getsizeof,
"refs": [addresses]}}}
where refs are gc.get_referents plus, for dicts, their keys. Then sleeps until stdin closes.
Values are built at run time so that none is a shared constant.
"""
import ctypes
import gc
import json
import os
import sys
import types


def runtime(text):
    return "".join(list(text))  # a fresh str, not the constant


class Plain:
    def __init__(self):
        self.a = 1
        self.b = "two"
        self.c = [3]


class Slotted:
    __slots__ = ("x", "y")

    def __init__(self):
        self.x = runtime("slot-x")
        self.y = [1, 2]


class Wide:
    pass


class MyDict(dict):
    pass


class MyList(list):
    pass


class MyStr(str):
    pass


wide = Wide()
for i in range(40):
    setattr(wide, f"attr{i}", i * 1000)

deleted = {f"key{i}": i * 1000 for i in range(100)}
for i in range(0, 100, 2):
    del deleted[f"key{i}"]

slack = []
for i in range(17):
    slack.append(i * 1000)

grown = bytearray()
for i in range(100):
    grown.append(i)

utf8_cached = runtime("caf\u00e9 cr\u00e8me")
ctypes.pythonapi.PyUnicode_AsUTF8.restype = ctypes.c_char_p
ctypes.pythonapi.PyUnicode_AsUTF8(ctypes.py_object(utf8_cached))
materialized = Plain()
vars(materialized)  # 3.11+: the instance now has a real __dict__

CORPUS = {
    "str ascii": runtime("hello world, this is ascii"),
    "str latin1": runtime("\u00e9t\u00e9 \u00e0 la plage"),
    "str ucs2": runtime("\u20ac\u4e2d\u6587 text"),
    "str ucs4": runtime("\U0001F600 smile \U0001F680"),
    "str utf8 cached": utf8_cached,
    "str subclass": MyStr("subclassed"),
    "str long": runtime("x") * 10000,
    "int": int("12345678"),
    "int negative": -int("99999999999"),
    "int huge": 2 ** int("1000"),
    "bytes": bytes(range(100)),
    "bytes long": bytes(5000),
    "bytearray": bytearray(100),
    "bytearray slack": grown,
    "float": float("3.25"),
    "complex": complex(float("1.5"), 2.0),
    "tuple": tuple([1000, runtime("a"), None]),
    "tuple long": tuple(range(1000, 1100)),
    "list": [int("1001"), int("1002")],
    "list slack": slack,
    "list long": list(range(1000, 3000)),
    "dict empty": {},
    "dict str keys": {runtime("alpha"): 1, runtime("beta"): 2, runtime("gamma"): 3},
    "dict int keys": {i * 1000: i for i in range(50)},
    "dict with deletions": deleted,
    "dict large": {runtime(f"k{i}"): i for i in range(10000)},
    "dict instance": materialized.__dict__,
    "set small": {int("1001"), int("1002")},
    "set": set(range(1000, 1100)),
    "frozenset": frozenset(range(1000, 1020)),
    "instance": Plain(),
    "instance materialized": materialized,
    "instance slots": Slotted(),
    "instance wide": wide,
    "dict subclass": MyDict(a=1, b=2),
    "list subclass": MyList([1, 2, 3]),
    "module": types.ModuleType("corpus_module"),
    "function": Plain.__init__,
    "class": Plain,
}
if sys.version_info < (3, 12):
    wstr = runtime("wide \u00e9 chars")
    ctypes.pythonapi.PyUnicode_AsUnicode(ctypes.py_object(wstr))
    CORPUS["str wstr cached"] = wstr

corpus = types.ModuleType("corpus")
corpus.CORPUS = CORPUS
sys.modules["corpus"] = corpus


def referents(o):
    refs = list(gc.get_referents(o))
    if isinstance(o, dict):
        refs.extend(o.keys())
    return sorted({id(r) for r in refs})


truth = {name: {"id": id(o), "size": sys.getsizeof(o), "refs": referents(o)} for name, o in CORPUS.items()}
gc.collect()
sys.stdout.write("READY " + json.dumps({"pid": os.getpid(), "corpus": truth}) + "\n")
sys.stdout.flush()
sys.stdin.read()
