"""A FastAPI app under uvicorn whose endpoint awaits a slow upstream (load comes from wrk).

Prints "PORT <n>" then READY. Expected: blocking.network in fetch_inventory at the readline line,
called by build_offer, called by the endpoint.
"""
import asyncio
import socket

import slow_upstream
import uvicorn
from fastapi import FastAPI

UPSTREAM = slow_upstream.start()
app = FastAPI()


async def fetch_inventory():
    reader, writer = await asyncio.open_connection("127.0.0.1", UPSTREAM)
    writer.write(b"stock?\n")
    line = await reader.readline()  # <- blocking line
    writer.close()
    return line.decode().strip()


async def build_offer():
    inventory = await fetch_inventory()
    return {"offer": inventory}


@app.get("/offer")
async def offer():
    return await build_offer()


if __name__ == "__main__":
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(1024)
    print("PORT", sock.getsockname()[1], flush=True)
    print("READY", flush=True)
    uvicorn.run(app, fd=sock.fileno(), log_level="warning", access_log=False)
