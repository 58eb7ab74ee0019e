"""A slow upstream service in a child process: answers each request line after a delay.

start() returns its port. The child runs threads that sleep, so it stays out of the profile of
the server under test (a separate process); it exits when its parent does.
"""
import os
import socket
import subprocess
import sys
import threading
import time


def start(delay=0.2):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(256)
    subprocess.Popen([sys.executable, os.path.abspath(__file__), str(listener.fileno()), str(delay)],
                     pass_fds=[listener.fileno()])
    return listener.getsockname()[1]


def serve(fd, delay):
    listener = socket.socket(fileno=fd)

    def answer(conn):
        with conn, conn.makefile("rb") as lines:
            for _ in lines:
                time.sleep(delay)
                conn.sendall(b"42 widgets\n")

    def accept():
        while True:
            conn, _ = listener.accept()
            threading.Thread(target=answer, args=(conn,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    parent = os.getppid()
    while os.getppid() == parent:
        time.sleep(0.5)


if __name__ == "__main__":
    serve(int(sys.argv[1]), float(sys.argv[2]))
