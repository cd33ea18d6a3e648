"""watchfiles against watchdog, as `soundbite index --watch` would use them: start-up, first event, idle CPU.

    python bench/watch_libs.py [--folder DIR] [--idle 10] [--runs 3]

Each library runs in a fresh process watching DIR recursively (default: the
10,000-transcript synthetic corpus, made if needed). Measured, medians of
`--runs`: the import, the time from starting the watch until a file written
then is reported (the watch has to be in place on every folder first), and the
CPU the process uses while nothing changes for `--idle` seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

CHILD = r"""
import json, os, sys, threading, time
library, folder, idle = sys.argv[1], sys.argv[2], float(sys.argv[3])
began = time.perf_counter()
if library == "watchfiles":
    import watchfiles
else:
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers import Observer
imported = time.perf_counter() - began
probe = os.path.join(folder, f"probe-{os.getpid()}.srt")
seen = threading.Event()
stop = threading.Event()

def write_probe():
    time.sleep(0.05)
    with open(probe, "w") as out:
        out.write("1\n00:00:01,000 --> 00:00:02,000\nprobe\n")

started = time.perf_counter()
if library == "watchfiles":
    def run():
        for changes in watchfiles.watch(folder, stop_event=stop, debounce=50, step=10, rust_timeout=1000,
                                        yield_on_timeout=True, raise_interrupt=False):
            if any(path == probe for _, path in changes):
                seen.set()
    thread = threading.Thread(target=run, daemon=True)
    thread.start()
else:
    class Handler(FileSystemEventHandler):
        def on_any_event(self, event):
            if event.src_path == probe:
                seen.set()
    observer = Observer()
    observer.schedule(Handler(), folder, recursive=True)
    observer.start()
write_probe()
seen.wait(120)
first_event = time.perf_counter() - started
os.unlink(probe)
time.sleep(1.0)
cpu0 = sum(os.times()[:2])
time.sleep(idle)
cpu = sum(os.times()[:2]) - cpu0
stop.set()
if library != "watchfiles":
    observer.stop()
print(json.dumps({"import_s": imported, "first_event_s": first_event, "idle_cpu_s": cpu, "idle_s": idle}))
"""


def one(library: str, folder: Path, idle: float) -> dict:
    command = [sys.executable, "-c", CHILD, library, str(folder), str(idle)]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"bench: {library}: {done.stderr.strip()}")
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--folder")
    parser.add_argument("--idle", type=float, default=10.0)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workdir", default=os.environ.get("SOUNDBITE_BENCH_DIR", "/tmp/soundbite-bench"))
    args = parser.parse_args()
    if args.folder:
        folder = Path(args.folder)
    else:
        from index_bench import generate

        folder = generate(Path(args.workdir), 10000, 1)
    files = sum(len(names) for _, _, names in os.walk(folder))
    folders = sum(1 for _ in os.walk(folder))
    rows = {}
    for library in ("watchfiles", "watchdog"):
        runs = [one(library, folder, args.idle) for _ in range(args.runs)]
        rows[library] = {key: statistics.median(r[key] for r in runs) for key in runs[0]}
    lines = [
        f"{folder}: {files:,} files in {folders:,} folders; medians of {args.runs} runs, idle {args.idle:g} s",
        "",
        "| library | import | watch started to first event | CPU while idle | idle CPU share |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for library, row in rows.items():
        lines.append(
            f"| {library} | {row['import_s'] * 1000:.0f} ms | {row['first_event_s'] * 1000:.0f} ms | "
            f"{row['idle_cpu_s'] * 1000:.0f} ms | {row['idle_cpu_s'] / row['idle_s'] * 100:.2f} % |"
        )
    print("\n".join(lines))
    with tempfile.NamedTemporaryFile("w", delete=False, suffix=".json") as out:
        json.dump(rows, out)


if __name__ == "__main__":
    main()
