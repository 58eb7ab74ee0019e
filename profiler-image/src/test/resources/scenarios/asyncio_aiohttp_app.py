"""An aiohttp app whose handler awaits a slow upstream (load comes from wrk).

Prints "PORT <n>" then READY. Expected: blocking.network in fetch_inventory at the readline line,
called by build_offer, called by the handler.
"""
import asyncio
import socket

import slow_upstream
from aiohttp import web

UPSTREAM = slow_upstream.start()


async def fetch_inventory():
    reader, writer = await asyncio.open_connection("127.0.0.1", UPSTREAM)
    writer.write(b"stock?\n")
    line = await reader.readline()  # <- blocking line
    writer.close()
    return line.decode().strip()


async def build_offer():
    inventory = await fetch_inventory()
    return {"offer": inventory}


async def offer(request):
    return web.json_response(await build_offer())


if __name__ == "__main__":
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(1024)
    app = web.Application()
    app.router.add_get("/offer", offer)
    print("PORT", sock.getsockname()[1], flush=True)
    print("READY", flush=True)
    web.run_app(app, sock=sock, print=None, access_log=None)
