"""An asyncio server with no client: no task is pending, the loop waits for connections.

Expected: idle.event-loop (not a problem), even though asyncio tasks are read.
"""
import asyncio


async def on_client(reader, writer):
    writer.close()


def main():
    loop = asyncio.new_event_loop()
    loop.run_until_complete(asyncio.start_server(on_client, "127.0.0.1", 0))
    print("READY", flush=True)
    loop.run_forever()  # no task pending


if __name__ == "__main__":
    main()
