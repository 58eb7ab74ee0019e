"""A slow upstream for the gevent test: answers every connection after DELAY seconds, for at most
LIFETIME seconds, serving many connections at once (one thread each)."""
import socket
import sys
import threading
import time

port, delay, lifetime = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])


def answer(conn):
    with conn:
        conn.recv(100)
        time.sleep(delay)
        conn.sendall(b"ok")


server = socket.create_server(("127.0.0.1", port))
server.settimeout(0.5)
print("READY", flush=True)
end = time.monotonic() + lifetime
while time.monotonic() < end:
    try:
        conn, _ = server.accept()
    except socket.timeout:
        continue
    threading.Thread(target=answer, args=(conn,), daemon=True).start()
