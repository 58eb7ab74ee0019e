"""An asyncio server whose handler awaits a slow upstream, under load.

The event loop thread is the only thread of this process: the slow upstream and the clients run
in a helper process (this script with the argument "helper"), so the profile holds only the loop.
Expected: blocking.network in fetch_inventory, at the readline line, under the handler's tasks.
"""
import asyncio
import os
import socket
import subprocess
import sys
import threading
import time

UPSTREAM_DELAY = 0.2
CLIENTS = 8


def helper(upstream_fd, server_port):
    upstream = socket.socket(fileno=upstream_fd)

    def serve(conn):
        with conn, conn.makefile("rb") as lines:
            for _ in lines:
                time.sleep(UPSTREAM_DELAY)
                conn.sendall(b"42 widgets\n")

    def accept():
        while True:
            conn, _ = upstream.accept()
            threading.Thread(target=serve, args=(conn,), daemon=True).start()

    def client():
        while True:
            try:
                with socket.create_connection(("127.0.0.1", server_port)) as s, s.makefile("rb") as f:
                    while True:
                        s.sendall(b"offer\n")
                        if not f.readline():
                            break
            except OSError:
                time.sleep(0.1)

    threading.Thread(target=accept, daemon=True).start()
    for _ in range(CLIENTS):
        threading.Thread(target=client, daemon=True).start()
    parent = os.getppid()
    while os.getppid() == parent:  # the server exited: so does the helper
        time.sleep(0.5)


async def fetch_inventory(upstream_port):
    reader, writer = await asyncio.open_connection("127.0.0.1", upstream_port)
    writer.write(b"stock?\n")
    line = await reader.readline()  # <- blocking line
    writer.close()
    return line


async def build_offer(upstream_port):
    inventory = await fetch_inventory(upstream_port)
    return b"offer: " + inventory


async def main(upstream_fd, upstream_port):
    served = asyncio.Event()
    # asyncio holds tasks only weakly, and 3.8-3.11's start_server keeps no reference to a
    # handler's task: a handler suspended on its upstream read is then garbage in a cycle, and
    # the collector destroys it mid-request ("Task was destroyed but it is pending!"). Servers
    # keep their connections' tasks; so does this one.
    handlers = set()

    async def handle(reader, writer):
        me = asyncio.current_task()
        handlers.add(me)
        try:
            while await reader.readline():
                writer.write(await build_offer(upstream_port))
                await writer.drain()
                served.set()
            writer.close()
        finally:
            handlers.discard(me)

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    subprocess.Popen([sys.executable, __file__, "helper", str(upstream_fd), str(port)], pass_fds=[upstream_fd])
    await served.wait()
    print("READY", flush=True)
    await asyncio.sleep(3600)


if __name__ == "__main__":
    if sys.argv[1:2] == ["helper"]:
        helper(int(sys.argv[2]), int(sys.argv[3]))
    else:
        upstream = socket.socket()
        upstream.bind(("127.0.0.1", 0))
        upstream.listen(64)
        asyncio.run(main(upstream.fileno(), upstream.getsockname()[1]))
