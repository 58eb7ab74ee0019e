"""A client that asks a slow peer (a forked child process) for quotes and waits for each answer."""
import os
import socket
import time


def slow_peer(listener):
    # Serves one client and ends when it disconnects (or never comes), so it never outlives the test.
    listener.settimeout(10)
    conn, _ = listener.accept()
    with conn:
        while conn.recv(64):
            time.sleep(0.25)
            conn.sendall(b"42.00\n")


def fetch_quote(sock):
    sock.sendall(b"QUOTE ACME\n")
    return sock.recv(64)  # <- blocking line


def main():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    address = listener.getsockname()
    if os.fork() == 0:
        try:
            slow_peer(listener)
        finally:
            os._exit(0)
    listener.close()
    sock = socket.create_connection(address)
    print("READY", flush=True)
    while True:
        fetch_quote(sock)


if __name__ == "__main__":
    main()
