"""A target whose memory sits behind attributes, closures, class attributes and C references.

Prints "READY <json>" and sleeps until stdin closes. Each holder keeps about 1 MiB of distinct
bytes objects, so that its path stands out:
  app.REGISTRY.items      a list attribute of an instance (values inline or in __dict__)
  app.handler             a closure: the function's cell `cache`
  app.Config.cache        a class attribute
  app.pair                a short tuple: (small, big)
  a dict held only through a reference C code took (ctypes Py_IncRef), then dropped by Python
"""
import ctypes
import json
import os
import sys
import types


def megabyte(tag):
    return [bytes(f"{tag}-{i}", "ascii") + bytes(1024) for i in range(1024)]


class Registry:
    def __init__(self):
        self.name = "registry"
        self.items = megabyte("registry")


def make_handler():
    cache = {i: blob for i, blob in enumerate(megabyte("closure"))}

    def handler(key):
        return cache.get(key)

    return handler


class Config:
    cache = {i: blob for i, blob in enumerate(megabyte("class"))}


app = types.ModuleType("app")
sys.modules["app"] = app
app.REGISTRY = Registry()
app.handler = make_handler()
app.Config = Config
app.pair = (1, megabyte("pair"))

held = {"held": megabyte("held-by-c")}
ctypes.pythonapi.Py_IncRef(ctypes.py_object(held))
held_id = id(held)
del held

sys.stdout.write("READY " + json.dumps({"pid": os.getpid(), "held_id": held_id}) + "\n")
sys.stdout.flush()
sys.stdin.read()
