# Ground truth for off-CPU sampling: one thread waits for a child process, one sleeps, one blocks
# on a socket read from a peer that never writes; the main thread burns CPU.
import socket
import subprocess
import threading
import time


def wait_child():
    subprocess.run(["sleep", "600"])  # @wait-child


def nap():
    while True:
        time.sleep(600)  # @nap


def read_socket(sock):
    sock.recv(1)  # @recv


def spin():
    x = 0
    while True:
        x += 1  # @spin


quiet_peer, reader = socket.socketpair()
for target, args in ((wait_child, ()), (nap, ()), (read_socket, (reader,))):
    threading.Thread(target=target, args=args, daemon=True).start()
time.sleep(0.3)  # the child is spawned and every thread is blocked
print("READY", flush=True)
spin()
