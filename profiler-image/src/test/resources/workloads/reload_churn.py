# A target that makes a sampler's cached reads go stale all the time: threads start and end (the
# interpreter's thread list changes its head), sub-interpreters are created and destroyed (the
# interpreter list changes), and a module is rewritten and reloaded so that new code objects take
# the addresses of freed ones. Generation g defines w<g> and is only ever called from the call
# site marked "SITE g % 4": a sample that shows w<g> under another site shows a frame that was
# not on the stack (a stale cache entry).
import importlib
import os
import random
import sys
import threading
import time

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
MODULE = os.path.join(HERE, "reloaded_mod.py")
GENERATION_SECONDS = 0.15


def write_generation(g):
    # w<g>'s def is on line 3 + g % 5, its body on the four lines after it
    with open(MODULE, "w") as f:
        f.write("# generation %d\n" % g)
        f.write("for _n in [k for k in globals() if k[:1] == 'w' and k[1:].isdigit()]: del globals()[_n]\n")
        f.write("\n" * (g % 5))
        f.write("def w%d(n):\n    total = 0\n    for i in range(n):\n        total += i * i %% 7\n    return total\n" % g)
        f.write("work = w%d\n" % g)


def drive(mod):
    g = 0
    while True:
        g += 1
        write_generation(g)
        mod = importlib.reload(mod)
        k = g % 4
        end = time.monotonic() + GENERATION_SECONDS
        while time.monotonic() < end:  # LOOP
            if k == 0:
                mod.work(3000)  # SITE 0
            elif k == 1:
                mod.work(3000)  # SITE 1
            elif k == 2:
                mod.work(3000)  # SITE 2
            else:
                mod.work(3000)  # SITE 3


def short_lived():
    total = 0
    for i in range(random.randint(100, 3000)):
        total += i
    return total


def spawner():
    while True:
        workers = [threading.Thread(target=short_lived) for _ in range(random.randint(1, 6))]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        time.sleep(0.002)  # churn, but leave the machine's CPU to the sampler


SUB_CODE = (
    "import time\n"
    "def in_sub():\n"
    "    for _ in range(5):\n"
    "        time.sleep(0.001)\n"
    "in_sub()\n"
)


def subinterpreters():
    try:
        import _interpreters as interpreters
    except ImportError:
        import _xxsubinterpreters as interpreters
    while True:
        interp = interpreters.create()
        try:
            interpreters.run_string(interp, SUB_CODE)
        finally:
            interpreters.destroy(interp)
        time.sleep(0.005)


write_generation(0)
import reloaded_mod  # noqa: E402

threading.Thread(target=spawner, daemon=True).start()
if "--no-subinterpreters" not in sys.argv:  # else the interpreter list stays still
    threading.Thread(target=subinterpreters, daemon=True).start()
print("READY", flush=True)
drive(reloaded_mod)
