"""Tasks that change between two task censuses, for the chain cache's test.

Phase 1 (then "READY"): "mover" naps in asyncio.sleep; twenty "done-N" tasks wait on an Event.
On the line "step" on stdin, phase 2 (then "STEPPED"): mover's nap is cut short and it goes on to
await a Queue; the Event is set, so the done-N tasks finish and are freed; then twenty "new-N"
tasks are created, awaiting a Queue in another coroutine at another line: most of them land at the
addresses the done-N tasks (and their coroutines) had. Before each marker the script prints one JSON
line per pending task (name, id, its coroutine chain as asyncio itself sees it via cr_await), and in
phase 2 how many new tasks reuse the address of a finished one. Lines marked "# L:<tag>" are looked
up by the test.
"""
import asyncio
import json
import sys
import threading

MINOR = sys.version_info[1]


def chain(coro):
    out = []
    while coro is not None:
        frame = getattr(coro, "cr_frame", None) or getattr(coro, "gi_frame", None)
        if frame is None:
            break
        out.append([frame.f_code.co_name, frame.f_lineno])
        coro = getattr(coro, "cr_await", None) or getattr(coro, "gi_yieldfrom", None)
    return out


def report(marker, extra=None):
    me = asyncio.current_task()
    for t in asyncio.all_tasks():
        if t is not me:
            print(json.dumps({"name": t.get_name(), "id": id(t), "chain": chain(t.get_coro())}))
    if extra:
        print(json.dumps(extra))
    print(marker, flush=True)


async def nap():
    try:
        await asyncio.sleep(3600)  # L:nap
    except asyncio.CancelledError:
        if MINOR >= 11:
            asyncio.current_task().uncancel()


async def mover(queue):
    await nap()  # L:mover_nap
    await queue.get()  # L:mover_queue


async def done_soon(event):
    await event.wait()  # L:done


async def fresh(queue):
    await queue.get()  # L:fresh


async def main():
    loop = asyncio.get_running_loop()
    step = asyncio.Event()
    threading.Thread(target=lambda: sys.stdin.readline() and loop.call_soon_threadsafe(step.set), daemon=True).start()
    queue, finish = asyncio.Queue(), asyncio.Event()
    moving = asyncio.ensure_future(mover(queue))
    moving.set_name("mover")
    done = [asyncio.ensure_future(done_soon(finish)) for _ in range(20)]
    for n, t in enumerate(done):
        t.set_name("done-%d" % n)
    await asyncio.sleep(0.2)
    report("READY")

    await step.wait()
    old_ids = {id(t) for t in done}
    moving.cancel()  # cuts the nap short: mover goes on to the Queue
    finish.set()
    await asyncio.gather(*done)
    del done
    for _ in range(3):
        await asyncio.sleep(0)
    new = [asyncio.ensure_future(fresh(queue)) for _ in range(20)]
    for n, t in enumerate(new):
        t.set_name("new-%d" % n)
    await asyncio.sleep(0.2)
    report("STEPPED", {"reused": sum(1 for t in new if id(t) in old_ids)})
    await asyncio.sleep(3600)


if __name__ == "__main__":
    asyncio.run(main())
