"""A proxy in front of the receiving installation for bench/exchange.sh: it answers 413 (as an nginx with a
smaller client_max_body_size would) to BENCH_FLAKY_PERCENT % of the packages the first time it sees them, and passes
everything else through, so the sender must retry those and must not lose or duplicate any. Loopback only; stops
after BENCH_FLAKY_SECONDS."""

import hashlib
import os
import signal
import sys
import threading
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LISTEN, TARGET = int(sys.argv[1]), sys.argv[2]
PERCENT = float(os.environ.get("BENCH_FLAKY_PERCENT", "5"))
seen: set[str] = set()
lock = threading.Lock()
refused = 0


class Proxy(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def _forward(self, method: str) -> None:
        global refused
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0)) if method == "POST" else None
        message_id = self.headers.get("X-CongSo-Message-Id", "")
        if message_id and self.path.startswith("/lien-thong/goi-tin/"):
            first = False
            with lock:
                if message_id not in seen:
                    seen.add(message_id)
                    first = True
            if first and int(hashlib.sha256(message_id.encode()).hexdigest(), 16) % 10000 < PERCENT * 100:
                with lock:
                    refused += 1
                self.send_response(413)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                self.wfile.write(b"<html><body><h1>413 Request Entity Too Large</h1></body></html>")
                return
        headers = {
            k: v for k, v in self.headers.items() if k.lower() not in ("host", "content-length", "connection")
        }
        request = urllib.request.Request(TARGET + self.path, data=body, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - loopback target
                status, answer, kind = (
                    response.status,
                    response.read(),
                    response.headers.get("Content-Type", ""),
                )
        except urllib.error.HTTPError as exc:
            status, answer, kind = exc.code, exc.read(), exc.headers.get("Content-Type", "")
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def do_POST(self):  # noqa: N802
        self._forward("POST")

    def do_GET(self):  # noqa: N802
        self._forward("GET")


def _stop(signum, frame):
    raise SystemExit(0)


signal.signal(signal.SIGTERM, _stop)
server = ThreadingHTTPServer(("127.0.0.1", LISTEN), Proxy)
timer = threading.Timer(float(os.environ.get("BENCH_FLAKY_SECONDS", "1800")), server.shutdown)
timer.daemon = True
timer.start()
try:
    server.serve_forever()
finally:
    print(f"flaky proxy: answered 413 to {refused} packages", flush=True)
