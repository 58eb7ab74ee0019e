"""A coroutine that blocks its event loop: it computes and calls time.sleep() between awaits,
while other tasks wait for an Event it never sets.

Expected: offcpu: blocking.sleep in blocker at the time.sleep line, noted as blocking the event
loop; cpu: the samples are under the running task "blocker".
"""
import asyncio
import time


def crunch():
    return sum(i * i for i in range(100_000))  # <- hot line


async def blocker():
    while True:
        crunch()
        time.sleep(0.05)  # <- blocking line
        await asyncio.sleep(0)


async def main():
    ready = asyncio.Event()
    waiters = [asyncio.create_task(ready.wait(), name="waiter-%d" % i) for i in range(5)]
    asyncio.create_task(blocker(), name="blocker")
    await asyncio.sleep(0.2)
    print("READY", flush=True)
    await asyncio.gather(*waiters)


if __name__ == "__main__":
    asyncio.run(main())
