"""`soundbite index --watch`: how soon a new transcript is findable, and memory over a long run.

    python bench/watch_bench.py [--arrivals 100] [--settle 2] [--long 10000]

Uses the installed command (a plain install of this checkout in the work
folder's venv) and a copy of the 10,000-transcript synthetic corpus as the
watched folder, indexed first.

- **Arrival to findable**: `--arrivals` new transcripts, one at a time, each
  written to the watched folder and then searched for (its own word) in a
  loop in a second process, every 20 ms, until a search finds it: the time
  from the end of the write to the first search that finds it. Median, p95 and
  max, against the target of settle + 2 s.
- **Memory over a long run**: `--long` more transcripts arrive in bursts of 50
  (each burst one batch) into a second watcher with settle 0.5 s; its RSS
  (/proc) after the first run, then after every tenth of the arrivals. With
  `--churn`, each burst deletes the one before, so the index keeps its size and
  what grows is the watcher's own.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from index_bench import generate  # noqa: E402
from search_bench import _environment, installed_command  # noqa: E402

POLLER = r"""
import sys, time
from pathlib import Path
from indexer.engine.querying.search import search
index = Path(sys.argv[1])
for line in sys.stdin:
    word, written = line.split()
    written = float(written)
    while True:
        try:
            if search(index, word).total:
                break
        except Exception:
            pass
        time.sleep(0.02)
    print(time.time() - written, flush=True)
"""


def transcript(n: int, word: str) -> str:
    return (
        "1:00\n"
        f"Harbour report number {n}.\n"
        f"The {word} arrived at the harbour this morning, officials said.\n"
        "Crews worked through the night to unload it.\n"
        "Jane Doe, Example News, Lagos, Nigeria.\n"
    )


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def start_watcher(soundbite: Path, folder: Path, index: Path, settle: float, env: dict) -> subprocess.Popen:
    process = subprocess.Popen(
        [soundbite, "index", "--watch", str(folder), "--index", str(index), "--settle", str(settle), "-q"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    # The first run (an unchanged index: a stat per file) and the watch being set up.
    deadline = time.time() + 600
    while time.time() < deadline:
        if process.poll() is not None:
            sys.exit(f"bench: the watcher ended: {process.stderr.read()}")
        time.sleep(0.5)
        if _watching(process.pid):
            return process
    sys.exit("bench: the watcher did not start")


def _watching(pid: int) -> bool:
    """The watcher has its inotify descriptor once the first run is over."""
    try:
        return any("inotify" in os.readlink(f"/proc/{pid}/fd/{fd}") for fd in os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        return False


def stop(process: subprocess.Popen) -> str:
    process.send_signal(signal.SIGTERM)  # as a service manager stops it (a background job ignores SIGINT)
    _, err = process.communicate(timeout=60)
    return err


def arrivals(soundbite: Path, workdir: Path, args, env: dict) -> dict:
    folder, index = prepared(soundbite, workdir, "watch-arrivals", env)
    watcher = start_watcher(soundbite, folder, index, args.settle, env)
    poller = subprocess.Popen(
        [str(soundbite.parent / "python"), "-c", POLLER, str(index)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    latencies = []
    try:
        for n in range(args.arrivals):
            word = f"cargoship{n:05d}x{os.getpid()}"
            path = folder / f"arrival-{os.getpid()}-{n:05d}.txt"
            path.write_text(transcript(n, word), encoding="utf-8")
            written = time.time()
            poller.stdin.write(f"{word} {written}\n")
            poller.stdin.flush()
            latencies.append(float(poller.stdout.readline()))
            time.sleep(0.3)
            if (n + 1) % 10 == 0:
                print(f"  {n + 1} arrivals: median {statistics.median(latencies):.2f} s", flush=True)
    finally:
        poller.stdin.close()
        poller.wait(timeout=30)
        errors = stop(watcher)
    ordered = sorted(latencies)
    return {
        "arrivals": len(latencies),
        "median_s": round(statistics.median(latencies), 2),
        "p95_s": round(ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))], 2),
        "max_s": round(max(latencies), 2),
        "min_s": round(min(latencies), 2),
        "watcher_stderr": errors.strip().splitlines()[-3:],
    }


def long_run(soundbite: Path, workdir: Path, args, env: dict) -> dict:
    folder, index = prepared(soundbite, workdir, "watch-long", env)
    watcher = start_watcher(soundbite, folder, index, 0.5, env)
    samples = [(0, round(rss_mb(watcher.pid), 1))]
    burst = 50
    try:
        for start in range(0, args.long, burst):
            for n in range(start, start + burst):
                (folder / f"long-{n:06d}.txt").write_text(transcript(n, f"longrun{n:06d}"), encoding="utf-8")
                if args.churn and n >= burst:  # the previous burst's files go: the index stays the same size
                    (folder / f"long-{n - burst:06d}.txt").unlink()
            # Wait for this burst's batch: its last file findable.
            subprocess.run(
                [str(soundbite.parent / "python"), "-c", POLLER, str(index)],
                input=f"longrun{start + burst - 1:06d} {time.time()}\n",
                capture_output=True,
                text=True,
                env=env,
                check=True,
            )
            done = start + burst
            if done % max(burst, args.long // 10) == 0:
                samples.append((done, round(rss_mb(watcher.pid), 1)))
                print(f"  {done} arrivals: watcher RSS {samples[-1][1]} MB", flush=True)
    finally:
        errors = stop(watcher)
    return {"arrivals": args.long, "rss_mb": samples, "watcher_stderr": errors.strip().splitlines()[-3:]}


def prepared(soundbite: Path, workdir: Path, name: str, env: dict) -> tuple[Path, Path]:
    """A fresh copy of the 10,000-transcript corpus and its index."""
    corpus = generate(workdir, 10000, 1)
    folder, index = workdir / name, workdir / f"{name}-index"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.rmtree(index, ignore_errors=True)
    shutil.copytree(corpus, folder)
    print(f"  indexing {folder.name}…", flush=True)
    subprocess.run([soundbite, "index", str(folder), "--index", str(index), "-q"], check=True, env=env)
    return folder, index


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--arrivals", type=int, default=100)
    parser.add_argument("--settle", type=float, default=2.0)
    parser.add_argument("--long", type=int, default=10000)
    parser.add_argument(
        "--churn", action="store_true", help="each burst's files replace the last burst's: the index keeps its size"
    )
    parser.add_argument("--workdir", default=os.environ.get("SOUNDBITE_BENCH_DIR", "/tmp/soundbite-bench"))
    args = parser.parse_args()
    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    soundbite = installed_command(workdir)
    env = _environment()
    print(f"arrival to findable, {args.arrivals} arrivals, settle {args.settle:g} s:", flush=True)
    first = arrivals(soundbite, workdir, args, env) if args.arrivals else None
    if first:
        target = args.settle + 2
        verdict = "met" if first["max_s"] <= target else "missed"
        print(
            f"arrival to findable: median {first['median_s']} s, p95 {first['p95_s']} s, max {first['max_s']} s, "
            f"min {first['min_s']} s (target: within settle + 2 s = {target:g} s: {verdict})"
        )
    if args.long:
        print(f"memory over {args.long} arrivals:", flush=True)
        second = long_run(soundbite, workdir, args, env)
        print("watcher RSS (arrivals, MB): " + ", ".join(f"{n}: {mb}" for n, mb in second["rss_mb"]))


if __name__ == "__main__":
    main()
