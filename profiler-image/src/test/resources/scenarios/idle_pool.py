"""A service at rest: a thread pool, queue consumers and an HTTP server, none with any work."""
import http.server
import queue
import threading
from concurrent.futures import ThreadPoolExecutor

JOBS = queue.Queue()


def consume():
    while True:
        job = JOBS.get()
        job()


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(204)
        self.end_headers()


def main():
    pool = ThreadPoolExecutor(max_workers=4)
    for f in [pool.submit(pow, 2, n) for n in range(16)]:
        f.result()
    for i in range(2):
        threading.Thread(target=consume, name=f"consumer-{i}", daemon=True).start()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print("READY", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
