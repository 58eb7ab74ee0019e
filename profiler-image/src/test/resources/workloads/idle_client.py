# Ground truth for choosing processes: a client that is almost always blocked (three threads
# waiting on sockets that never answer, as a load generator waits for its server): many off-CPU
# samples, next to no CPU.
import socket
import sys
import threading

# optional ballast: "--ballast MB" keeps that many MiB alive (and resident: every page written)
BALLAST = bytearray(int(sys.argv[sys.argv.index("--ballast") + 1]) << 20) if "--ballast" in sys.argv else None
if BALLAST is not None:
    for i in range(0, len(BALLAST), 4096):
        BALLAST[i] = 1


def wait_for_answer(sock):
    sock.recv(1)  # @client-waits


peers = []
for _ in range(3):
    quiet, reader = socket.socketpair()
    peers.append(quiet)
    threading.Thread(target=wait_for_answer, args=(reader,), daemon=True).start()
print("READY", flush=True)
threading.Event().wait()
