"""`soundbite serve` under load: one client's latency per query class, then many clients at once.

    python bench/serve_bench.py                         # 10,000 and 50,000 transcripts
    python bench/serve_bench.py --counts 50000 --clients 20 --seconds 60

The server is the real command (`python -m indexer serve --port 0` with this
checkout's code), on the synthetic corpora of `search_bench.py` (indexed if
need be). First one client asks `/api/search?q=…&limit=10` for every query of
`search_bench.py`'s classes (each once to warm up, then `--rounds` times):
median and p95 a class, against issue 32's target of 20 ms median at 50,000
(a terminal search is a new process: 80-150 ms). Then `--clients` clients ask
the same queries in turn, at once, for `--seconds`: errors, requests a second,
median and p95, and the server's memory (RSS) sampled every second, which
must stay flat. Writes bench/results/serve.json and docs/benchmarks/serve.md.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from procstat import machine, save_results  # noqa: E402
from search_bench import percentile, queries  # noqa: E402

WORKDIR = Path("/tmp/soundbite-bench")
TARGET_MEDIAN_MS = 20.0


def start_server(index_dir: Path, workers: int = 1):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    command = [sys.executable, "-P", "-m", "indexer", "serve", "--index", str(index_dir), "--port", "0"]
    command += ["--workers", str(workers)]
    server = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, env=env)
    line = server.stderr.readline()  # (printed once it listens)
    if "http://127.0.0.1:" not in line:
        server.kill()
        sys.exit(f"bench: the server did not start: {line}{server.stderr.read()}")
    port = int(line.split("http://127.0.0.1:")[1].split("/")[0])
    return server, port


def rss_mb(pid: int) -> float:
    """The resident memory of a process and of its children (the workers of `serve --workers`)."""
    total = 0.0
    for one in (pid, *children_of(pid)):
        try:
            for line in Path(f"/proc/{one}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) / 1024
        except OSError:
            pass
    return total


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def ask(connection: http.client.HTTPConnection, query: str) -> tuple[int, float]:
    began = time.perf_counter()
    connection.request("GET", f"/api/search?q={quote(query)}&limit=10")
    answer = connection.getresponse()
    body = answer.read()
    elapsed = time.perf_counter() - began
    if answer.status == 200:
        json.loads(body)
    return answer.status, elapsed


def one_client(port: int, classes: dict, rounds: int) -> dict:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    found = {}
    for cls, items in classes.items():
        for query, _, _ in items:
            ask(connection, query)  # warm
        per_query: dict[str, list[float]] = {}
        for _ in range(rounds):
            for query, _, _ in items:
                status, elapsed = ask(connection, query)
                if status != 200:
                    sys.exit(f"bench: {query!r} answered {status}")
                per_query.setdefault(query, []).append(elapsed * 1000)
        medians = [statistics.median(times) for times in per_query.values()]
        found[cls] = {"median_ms": statistics.median(medians), "p95_ms": percentile(medians, 95)}
        print(f"  one client  {cls:8} median {found[cls]['median_ms']:7.2f} ms  p95 {found[cls]['p95_ms']:7.2f} ms")
    return found


def many_clients(server, port: int, classes: dict, clients: int, seconds: float) -> dict:
    everything = [query for items in classes.values() for query, _, _ in items]
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop = threading.Event()

    def client(number: int):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        mine, at = [], number * 7
        while not stop.is_set():
            query = everything[at % len(everything)]
            at += 1
            try:
                status, elapsed = ask(connection, query)
            except (OSError, http.client.HTTPException) as exc:
                with lock:
                    errors.append(f"{type(exc).__name__}: {exc}")
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                continue
            if status != 200:
                with lock:
                    errors.append(f"{query!r}: {status}")
            mine.append(elapsed * 1000)
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    memory = [rss_mb(server.pid)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    while time.perf_counter() - began < seconds:
        time.sleep(1.0)
        memory.append(rss_mb(server.pid))
    stop.set()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    ordered = sorted(latencies)
    found = {
        "clients": clients,
        "seconds": round(elapsed, 1),
        "requests": len(latencies),
        "errors": len(errors),
        "first_errors": errors[:5],
        "requests_per_s": len(latencies) / elapsed,
        "median_ms": statistics.median(ordered),
        "p95_ms": percentile(ordered, 95),
        "rss_mb_start": memory[0],
        "rss_mb_at_quarter": memory[len(memory) // 4],
        "rss_mb_end": memory[-1],
        "rss_mb_peak": max(memory),
    }
    print(
        f"  {clients} clients {found['seconds']} s: {found['requests']} requests, {found['errors']} errors, "
        f"{found['requests_per_s']:.0f}/s, median {found['median_ms']:.1f} ms, p95 {found['p95_ms']:.1f} ms, "
        f"RSS {found['rss_mb_start']:.0f} -> {found['rss_mb_at_quarter']:.0f} -> {found['rss_mb_end']:.0f} MB"
    )
    return found


def ensure_index(count: int, seed: int) -> Path:
    index_dir = WORKDIR / f"index-synthetic-{count}"
    if not index_dir.exists():
        from index_bench import generate

        corpus = generate(WORKDIR, count, seed)
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        subprocess.run(
            [sys.executable, "-P", "-m", "indexer", "index", str(corpus), "--index", str(index_dir), "-q"],
            check=True,
            env=env,
        )
    return index_dir


def report(results: list[dict], args) -> str:
    lines = [
        f"Machine: {machine()}. The server is `soundbite serve --workers {args.workers}` (this checkout), "
        "queried over loopback; "
        f"`/api/search?q=…&limit=10`, {args.rounds} rounds of 40 queries a class after one to warm up.",
        "",
        "| transcripts | class | median | p95 |",
        "| ---: | --- | ---: | ---: |",
    ]
    for result in results:
        for cls, figures in result["one_client"].items():
            lines.append(
                f"| {result['count']:,} | {cls} | {figures['median_ms']:.1f} ms | {figures['p95_ms']:.1f} ms |"
            )
    lines += [
        "",
        "| transcripts | clients | seconds | requests | errors | per second | median | p95 | RSS start/¼/end/peak |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for result in results:
        load = result["many"]
        memory = " / ".join(
            f"{load[key]:.0f}" for key in ("rss_mb_start", "rss_mb_at_quarter", "rss_mb_end", "rss_mb_peak")
        )
        lines.append(
            f"| {result['count']:,} | {load['clients']} | {load['seconds']} | {load['requests']:,} | "
            f"{load['errors']} | {load['requests_per_s']:.0f} | {load['median_ms']:.1f} ms | {load['p95_ms']:.1f} ms | "
            f"{memory} MB |"
        )
    for result in results:
        if result["count"] == 50000:
            worst = max(result["one_client"].items(), key=lambda item: item[1]["median_ms"])
            verdict = "met" if worst[1]["median_ms"] <= TARGET_MEDIAN_MS else "MISSED"
            lines.append(
                f"\nTarget (issue 32): median at most {TARGET_MEDIAN_MS:g} ms at 50,000 for every class: "
                f"worst {worst[1]['median_ms']:.1f} ms ({worst[0]}): {verdict}."
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--counts", default="10000,50000")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=1, help="`serve --workers`: processes answering")
    parser.add_argument("--save", default="serve")
    args = parser.parse_args()
    classes = queries(args.seed)
    results = []
    for count in (int(c) for c in args.counts.split(",")):
        index_dir = ensure_index(count, args.seed)
        print(f"{count:,} transcripts ({index_dir})")
        server, port = start_server(index_dir, args.workers)
        try:
            result = {"count": count, "one_client": one_client(port, classes, args.rounds)}
            result["many"] = many_clients(server, port, classes, args.clients, args.seconds)
        finally:
            server.terminate()
            server.wait()
        results.append(result)
    save_results(args.save, report(results, args), {"results": results})


if __name__ == "__main__":
    main()
