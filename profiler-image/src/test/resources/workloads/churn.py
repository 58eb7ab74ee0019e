# A target whose stacks never hold still: threads start and end all the time, recursions of random
# depth come and go, generators and coroutines suspend and resume. Sampling it must never crash,
# and every frame it reports must be real.
import asyncio
import random
import threading
import time


def descend(depth):
    if depth == 0:
        return sum(range(200))
    return descend(depth - 1) + 1


def numbers(n):
    for i in range(n):
        yield descend(i % 7)


def short_lived():
    total = 0
    for value in numbers(random.randint(1, 30)):
        total += value
    return total


async def hop(n):
    for _ in range(n):
        await asyncio.sleep(0)
        descend(random.randint(0, 40))


def spawner():
    while True:
        workers = [threading.Thread(target=short_lived) for _ in range(random.randint(1, 6))]
        for w in workers:
            w.start()
        for w in workers:
            w.join()


def event_loop():
    while True:
        asyncio.run(hop(200))


threading.Thread(target=spawner, daemon=True).start()
threading.Thread(target=event_loop, daemon=True).start()
print("READY", flush=True)
while True:
    descend(random.randint(0, 300))
