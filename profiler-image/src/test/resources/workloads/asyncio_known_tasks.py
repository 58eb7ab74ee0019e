"""Tasks with known waits at known lines, for the task reader's ground-truth test.

Prints one JSON line per task (name, awaited kind, the lines of its coroutine chain as
asyncio itself reports them, its parent task) after everything is suspended, then "READY",
and stays suspended until killed. Lines marked "# L:<tag>" are looked up by the test.
"""
import asyncio
import json
import socket
import sys
import threading
import time

MINOR = sys.version_info[1]


def slow_peer():
    """A server that accepts and never answers: readline() waits for it forever."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(8)
    held = []

    def accept():
        while True:
            conn, _ = srv.accept()
            held.append(conn)

    threading.Thread(target=accept, daemon=True).start()
    return srv.getsockname()[1]


def chain(coro):
    """The coroutine chain as asyncio itself sees it: each frame's function and line, via cr_await."""
    out = []
    while coro is not None:
        frame = getattr(coro, "cr_frame", None) or getattr(coro, "gi_frame", None)
        if frame is None:
            break
        out.append([frame.f_code.co_name, frame.f_lineno])
        coro = getattr(coro, "cr_await", None) or getattr(coro, "gi_yieldfrom", None)
    return out


async def sleeper():
    await asyncio.sleep(3600)  # L:sleep


async def fetch_inventory(port):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    line = await reader.readline()  # L:readline
    return line


async def build_offer(port):
    return await fetch_inventory(port)  # L:build_offer


async def locked(lock):
    async with lock:  # L:lock
        pass


async def consumer(queue):
    return await queue.get()  # L:queue


async def child(n):
    await asyncio.sleep(3600)  # L:child


async def gatherer():
    children = [asyncio.ensure_future(child(n)) for n in (1, 2)]
    for n, c in enumerate(children, 1):
        c.set_name("gather-child-%d" % n)
    await asyncio.gather(*children)  # L:gather


async def waits_for_task(other):
    await other  # L:await_task


async def group_parent():
    async with asyncio.TaskGroup() as tg:  # L:taskgroup
        tg.create_task(child(3), name="group-child-a")
        tg.create_task(child(4), name="group-child-b")


async def eager():
    await asyncio.sleep(3600)  # L:eager


async def main(port):
    lock = asyncio.Lock()
    await lock.acquire()  # held by main: "locked" waits
    queue = asyncio.Queue()
    loop = asyncio.get_running_loop()
    tasks = [
        asyncio.ensure_future(sleeper()),
        asyncio.ensure_future(build_offer(port)),
        asyncio.ensure_future(locked(lock)),
        asyncio.ensure_future(consumer(queue)),
        asyncio.ensure_future(gatherer()),
    ]
    names = ["sleeper", "network", "locked", "consumer", "gatherer"]
    for t, n in zip(tasks, names):
        if MINOR >= 8:
            t.set_name(n)
    target = asyncio.ensure_future(child(0))
    target.set_name("awaited")
    waiter = asyncio.ensure_future(waits_for_task(target))
    waiter.set_name("waiter")
    pure = asyncio.tasks._PyTask(sleeper(), loop=loop) if MINOR <= 13 else None
    if pure is not None:
        pure.set_name("pure-python")
    if MINOR >= 11:
        group = asyncio.ensure_future(group_parent())
        group.set_name("group")
    if MINOR >= 12:
        eager_task = asyncio.eager_task_factory(loop, eager(), name="eager")
    await asyncio.sleep(0.5)
    me = asyncio.current_task()
    for t in asyncio.all_tasks():
        if t is not me:
            print(json.dumps({"name": t.get_name(), "chain": chain(t._coro if hasattr(t, "_coro") else t.get_coro())}))
    print("READY", flush=True)
    await asyncio.sleep(3600)  # L:main


if __name__ == "__main__":
    port = slow_peer()
    asyncio.run(main(port))
