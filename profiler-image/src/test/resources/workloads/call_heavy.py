# A thread whose whole stack below drive() changes every few tens of microseconds: drive calls four
# routes in turn, route_k -> middle_k -> leaf_k -> spin, and spin runs about LEAF_MICROS. spin is
# one function under every route: 3.8-3.10 run it in one frame object at one address, whatever its
# caller. A sampler that reads a stack over a longer window than that sees it change, and must
# walk it again rather than drop it or report a mix. Ground truth: leaf_k is only ever called by middle_k, middle_k by route_k,
# route_k from the call site marked "SITE k"; the main thread never leaves Python code.
import sys
import time

LEAF_MICROS = float(sys.argv[1]) if len(sys.argv) > 1 else 40.0


def spin(n):
    total = 0
    for i in range(n):
        total += i * i % 7
    return total


def leaf_0(n):
    return spin(n)


def leaf_1(n):
    return spin(n)


def leaf_2(n):
    return spin(n)


def leaf_3(n):
    return spin(n)


def middle_0(n):
    return leaf_0(n)


def middle_1(n):
    return leaf_1(n)


def middle_2(n):
    return leaf_2(n)


def middle_3(n):
    return leaf_3(n)


def route_0(n):
    return middle_0(n)


def route_1(n):
    return middle_1(n)


def route_2(n):
    return middle_2(n)


def route_3(n):
    return middle_3(n)


def iterations_for(micros):
    n = 1000
    while True:
        start = time.perf_counter()
        for _ in range(20):
            spin(n)
        took = (time.perf_counter() - start) / 20 * 1e6
        if took > 200:
            return max(1, int(n * micros / took))
        n *= 4


def drive(n):
    while True:
        route_0(n)  # SITE 0
        route_1(n)  # SITE 1
        route_2(n)  # SITE 2
        route_3(n)  # SITE 3


n = iterations_for(LEAF_MICROS)
print("READY", flush=True)
drive(n)
