"""Which web stack `soundbite serve` is built on: the standard library's threaded server against Starlette
on uvicorn, measured side by side on this machine (issue 32).

    python bench/serve_stack.py                 # both, 3 runs each
    python bench/serve_stack.py --clients 20 --requests 300

For each stack, in a process of its own serving one small JSON answer (the
cost of the stack itself; a search adds the same milliseconds to either):
the time from starting the process to its first answer, then requests per
second and the median and p95 latency with `--clients` clients at once, each
on its own keep-alive connection. Starlette and uvicorn are measured from
this machine's environment (`pip install starlette uvicorn`); the standard
library needs nothing.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time

STDLIB = r"""
import json, sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

BODY = json.dumps({"ok": True, "hits": list(range(20))}).encode()

class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # (headers and body go in two writes: no 40 ms wait for an ACK)
    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)
    def log_message(self, *args):
        pass

ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
"""

STARLETTE = r"""
import sys
import uvicorn
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route

def ping(request):
    return JSONResponse({"ok": True, "hits": list(range(20))})

app = Starlette(routes=[Route("/api/ping", ping)])
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def first_answer(port: int, began: float) -> float:
    while True:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/api/ping")
            connection.getresponse().read()
            return time.perf_counter() - began
        except OSError:
            time.sleep(0.002)


def load(port: int, clients: int, requests: int) -> tuple[float, list[float]]:
    latencies: list[float] = []
    lock = threading.Lock()

    def client():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine = []
        for _ in range(requests):
            began = time.perf_counter()
            connection.request("GET", "/api/ping")
            answer = connection.getresponse()
            json.loads(answer.read())
            mine.append(time.perf_counter() - began)
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return len(latencies) / (time.perf_counter() - began), latencies


def run(name: str, code: str, clients: int, requests: int) -> dict:
    port = free_port()
    began = time.perf_counter()
    server = subprocess.Popen([sys.executable, "-c", code, str(port)], env={**os.environ, "PYTHONWARNINGS": "ignore"})
    try:
        ready = first_answer(port, began)
        rate, latencies = load(port, clients, requests)
    finally:
        server.terminate()
        server.wait()
    ordered = sorted(latencies)
    return {
        "stack": name,
        "first_answer_ms": ready * 1000,
        "requests_per_s": rate,
        "median_ms": statistics.median(ordered) * 1000,
        "p95_ms": ordered[int(0.95 * (len(ordered) - 1))] * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=200, help="requests a client")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    stacks = [("standard library (ThreadingHTTPServer)", STDLIB)]
    try:
        import starlette  # noqa: F401
        import uvicorn  # noqa: F401

        stacks.append(("Starlette on uvicorn", STARLETTE))
    except ImportError:
        print("(Starlette or uvicorn not installed: the standard library alone)")
    print(f"{args.clients} clients at once, {args.requests} requests each, medians of {args.runs} runs")
    print("| stack | first answer | requests/s | median | p95 |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, code in stacks:
        runs = [run(name, code, args.clients, args.requests) for _ in range(args.runs)]
        m = {key: statistics.median(r[key] for r in runs) for key in runs[0] if key != "stack"}
        print(
            f"| {name} | {m['first_answer_ms']:.0f} ms | {m['requests_per_s']:.0f} | "
            f"{m['median_ms']:.2f} ms | {m['p95_ms']:.2f} ms |"
        )


if __name__ == "__main__":
    main()
