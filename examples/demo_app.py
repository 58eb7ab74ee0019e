"""Pyrometer demo: a small checkout service with two slow paths.

A web server (standard library only) with two handlers, and a load generator (this same file,
started as a child process with --load) that keeps calling them, so the service is busy without
any outside traffic:

  /label   handle_by_script() runs an external command for every request (subprocess.run):
           the service waits, with low CPU usage that cannot go up.  -> pyrometer --mode offcpu
  /report  handle_report() renders a report; checksum() is the hot helper.  -> --mode cpu

Run: python3 demo_app.py [PORT]   (default 8000; prints READY when serving and loaded)
"""
import hashlib
import http.server
import sys
import threading
import time
import urllib.request
import subprocess


def handle_by_script(order_id):
    # the slow part: one external process per request
    result = subprocess.run(["sleep", "0.2"], capture_output=True)
    return f"label for order {order_id}: exit {result.returncode}"


def checksum(rows):
    digest = 0
    for row in rows:
        for ch in row:
            digest = (digest * 31 + ord(ch)) % 1_000_000_007
    return digest


def handle_report(order_id):
    rows = [f"{order_id},{i},{i * 3.5:.2f},item-{i % 97}" for i in range(4000)]
    total = checksum(rows)
    return f"report {order_id}: {hashlib.sha256(str(total).encode()).hexdigest()[:12]}"


class Handler(http.server.BaseHTTPRequestHandler):
    routes = {"/label": handle_by_script, "/report": handle_report}

    def do_GET(self):
        path, _, query = self.path.partition("?")
        handler = self.routes.get(path)
        if handler is None:
            self.send_error(404)
            return
        body = handler(query or "1").encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def client(port, path, pause):
    order = 0
    while True:
        order += 1
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}{path}?{order}", timeout=10).read()
        except OSError:
            time.sleep(0.5)
        time.sleep(pause)


def generate_load(port):
    for path, pause in (("/label", 0.0), ("/label", 0.0), ("/report", 0.05)):
        threading.Thread(target=client, args=(port, path, pause), daemon=True).start()
    threading.Event().wait()


def main():
    if sys.argv[1:2] == ["--load"]:
        generate_load(int(sys.argv[2]))
        return
    # "PORT --no-load" and "--load PORT" run the two apart, as the Kubernetes demo does (the load
    # generator in a container of its own, outside the service's PID namespace)
    args = [a for a in sys.argv[1:] if a != "--no-load"]
    port = int(args[0]) if args else 8000
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
    # the load runs in its own process, so that profiling the service shows only the service
    if "--no-load" not in sys.argv:
        subprocess.Popen([sys.executable, "-u", __file__, "--load", str(port)])
    print("READY", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
