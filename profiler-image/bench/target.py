"""CPU-bound benchmark target for the sampler benchmark (Python 3.8+, stdlib only).

steady: a pure-Python loop running at the bottom of a stack exactly DEPTH frames deep
        (<module> -> main -> steady -> level_1 ... -> leaf). After every fixed unit of work it
        appends "MONOTONIC_END WALL_SECONDS CPU_SECONDS" to the progress file, so that a harness
        can compare the time per unit with and without a profiler attached (time.monotonic() is
        the same CLOCK_MONOTONIC in every process; CPU time is this thread's own).
varied: many generated functions in many generated files, called along pseudo-random paths
        20 deep. By default every call takes a new path, so that nearly every sample is a stack
        never seen before and a profiler's call tree keeps growing (worst case for its memory);
        --distinct N replays N fixed paths instead (a large application's worth of stacks).
routes: a stack that changes every --leaf-micros (default 40): routes() calls route_0 ... route_3
        in turn, each from its own line, route_k -> middle_k -> leaf_k, and a leaf loops for about
        that long. A sample that shows leaf_k under anything but middle_k, middle_k under anything
        but route_k, or route_k under more than one line of routes() shows a stack that never was.
tasks:  an asyncio event loop with --tasks N pending tasks, each three coroutines deep
        (serve -> handle -> wait_*) and suspended: a third in asyncio.sleep (0.5 to 1.5 s, then
        again: those tasks change state while they are sampled), a third on a Queue that is
        never fed, a third on an Event that is never set. The loop thread idles in its selector.
"""
import argparse
import random
import sys
import threading
import time

LEAF_NAME = "leaf"


def build_chain(depth_below_main, leaf_function=None):
    """level_1 -> ... -> level_N -> leaf as real, distinct functions (distinct frames)."""
    levels = depth_below_main - 1  # the last frame is the leaf
    lines = []
    for i in range(1, levels + 1):
        callee = "level_%d" % (i + 1) if i < levels else LEAF_NAME
        lines.append("def level_%d(n):\n    return %s(n)\n" % (i, callee))
    namespace = {LEAF_NAME: leaf_function or leaf}
    exec(compile("\n".join(lines), __file__ + ":levels", "exec"), namespace)
    return namespace["level_1"]


def leaf(n):
    total = 0
    for i in range(n):
        total += i * i % 7
    return total


def napping_leaf(n):
    while True:
        time.sleep(0.01)


def steady(args):
    # <module>, main, steady, then depth - 3 frames: level_1 ... leaf
    top = build_chain(args.depth - 3)
    # more threads (many-threads benchmark), each waiting at the bottom of its own stack as deep
    idle = build_chain(args.depth - 3, napping_leaf)
    for _ in range(args.threads - 1):
        threading.Thread(target=idle, args=(0,), daemon=True).start()
    out = open(args.progress, "a", buffering=1) if args.progress else sys.stdout
    out.write("ready %d\n" % args.depth)
    out.flush()
    deadline = time.monotonic() + args.seconds if args.seconds else float("inf")
    while time.monotonic() < deadline:
        start, start_cpu = time.monotonic(), time.thread_time()
        top(args.unit)
        end, end_cpu = time.monotonic(), time.thread_time()
        out.write("%.6f %.6f %.6f\n" % (end, end - start, end_cpu - start_cpu))


def build_varied(modules, per_module, seed):
    """modules x per_module functions, each in its own file name, each with four call sites (four
    lines, four callees); bits 2d and 2d+1 of route pick the call site taken at depth d."""
    rng = random.Random(seed)
    count = modules * per_module
    namespace = {"leaf": leaf}
    for m in range(modules):
        src = []
        for k in range(per_module):
            i = m * per_module + k
            callees = [rng.randrange(count) for _ in range(4)]
            src.append(
                "def fn_%d(d, n, route):\n"
                "    if d == 0:\n"
                "        return leaf(n)\n"
                "    site = (route >> (2 * d)) & 3\n"
                "    if site == 0:\n"
                "        return fn_%d(d - 1, n, route)\n"
                "    if site == 1:\n"
                "        return fn_%d(d - 1, n, route)\n"
                "    if site == 2:\n"
                "        return fn_%d(d - 1, n, route)\n"
                "    return fn_%d(d - 1, n, route)\n" % tuple([i] + callees))
        code = compile("\n".join(src), "/srv/app/generated/module_%03d.py" % m, "exec")
        exec(code, namespace)
    return [namespace["fn_%d" % i] for i in range(count)], rng


def varied(args):
    functions, rng = build_varied(args.modules, args.functions_per_module, args.seed)
    levels = args.depth - 5  # <module>, main, varied, depth - 4 generated frames (d = levels .. 0), leaf

    def new_route():
        return rng.randrange(len(functions)), rng.getrandbits(2 * (levels + 1))

    # --distinct N: replay N fixed routes (N distinct stacks, an application's worth); 0: every call new
    routes = [new_route() for _ in range(args.distinct)]
    deadline = time.monotonic() + args.seconds if args.seconds else float("inf")
    out = open(args.progress, "a", buffering=1) if args.progress else sys.stdout
    out.write("ready varied %d functions, %s distinct stacks\n" % (len(functions), args.distinct or "unbounded"))
    out.flush()
    while time.monotonic() < deadline:
        first, route = rng.choice(routes) if routes else new_route()
        functions[first](levels, args.unit, route)


def build_routes():
    """route_k -> middle_k -> leaf_k for k in 0..3, as real, distinct functions."""
    namespace = {"leaf": leaf}
    src = []
    for k in range(4):
        src.append("def leaf_%d(n):\n    return leaf(n)\n" % k)
        src.append("def middle_%d(n):\n    return leaf_%d(n)\n" % (k, k))
        src.append("def route_%d(n):\n    return middle_%d(n)\n" % (k, k))
    exec(compile("\n".join(src), __file__ + ":routes", "exec"), namespace)
    return [namespace["route_%d" % k] for k in range(4)]


def routes(args):
    route_0, route_1, route_2, route_3 = build_routes()
    n = 1000
    while True:  # leaf iterations that take --leaf-micros
        start = time.perf_counter()
        for _ in range(20):
            leaf(n)
        took = (time.perf_counter() - start) / 20 * 1e6
        if took > 200:
            n = max(1, int(n * args.leaf_micros / took))
            break
        n *= 4
    out = open(args.progress, "a", buffering=1) if args.progress else sys.stdout
    out.write("ready routes %d iterations per leaf\n" % n)
    out.flush()
    while True:
        route_0(n)
        route_1(n)
        route_2(n)
        route_3(n)


def tasks(args):
    import asyncio

    async def wait_sleep(rng):
        await asyncio.sleep(0.5 + rng.random())

    async def wait_queue(queue):
        await queue.get()

    async def wait_event(event):
        await event.wait()

    async def handle(kind, rng, queue, event):
        if kind == 0:
            await wait_sleep(rng)
        elif kind == 1:
            await wait_queue(queue)
        else:
            await wait_event(event)

    async def serve(kind, rng, queue, event):
        while True:
            await handle(kind, rng, queue, event)

    async def run():
        rng = random.Random(args.seed)
        queue, event = asyncio.Queue(), asyncio.Event()
        pending = [asyncio.ensure_future(serve(i % 3, rng, queue, event)) for i in range(args.tasks)]
        await asyncio.sleep(0.2)
        out = open(args.progress, "a", buffering=1) if args.progress else sys.stdout
        out.write("ready tasks %d\n" % len(pending))
        out.flush()
        await asyncio.gather(*pending)

    asyncio.run(run())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workload", choices=["steady", "varied", "routes", "tasks"])
    parser.add_argument("--leaf-micros", type=float, default=40.0, help="routes: how long each leaf runs")
    parser.add_argument("--tasks", type=int, default=100, help="tasks: pending asyncio tasks")
    parser.add_argument("--depth", type=int, default=20, help="Python frames at the leaf, <module> included")
    parser.add_argument("--unit", type=int, default=400000, help="leaf loop iterations per unit of work")
    parser.add_argument("--seconds", type=float, default=0, help="stop after this long (0: run until killed)")
    parser.add_argument("--threads", type=int, default=1, help="steady: threads running the same loop")
    parser.add_argument("--progress", help="append unit timings here (default: stdout)")
    parser.add_argument("--modules", type=int, default=50)
    parser.add_argument("--functions-per-module", type=int, default=80)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--distinct", type=int, default=0, help="varied: replay this many fixed call paths (0: a new one every call)")
    args = parser.parse_args()
    if args.depth < 5:
        parser.error("--depth must be at least 5")
    {"steady": steady, "varied": varied, "routes": routes, "tasks": tasks}[args.workload](args)


if __name__ == "__main__":
    main()
