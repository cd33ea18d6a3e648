"""Run a command and measure it: wall time and peak RSS summed over its whole process tree.

Also the one place the benchmarks describe the machine and save their results.

`/usr/bin/time` reports the largest single process, which hides the workers of
a multi-process writer; this samples every process of the tree from /proc.
"""

from __future__ import annotations

import contextlib
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Measurement:
    seconds: float
    peak_rss_mb: float
    returncode: int
    stdout: str
    stderr: str


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):  # the task ended while we looked
            found += [int(c) for c in (task / "children").read_text().split()]
    return found


def _tree_rss_kb(pid: int) -> int:
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
                    break
        except OSError:
            continue
        stack += _children(current)
    return total


def measure(command: list[str], env: dict | None = None, interval: float = 0.02) -> Measurement:
    began = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    peak = 0
    done = threading.Event()

    def sample():
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss_kb(process.pid))
            time.sleep(interval)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = process.communicate()
    seconds = time.perf_counter() - began
    done.set()
    sampler.join()
    return Measurement(seconds, peak / 1024, process.returncode, stdout, stderr)


def run_once(command: list[str], env: dict | None = None, peak: bool = True) -> Measurement:
    """One single-process command: wall time, and its peak RSS as the kernel counted it.

    For short commands (a search takes ~0.1 s) a sampler misses the peak. The
    kernel's own figure is read through GNU time in a second run: a child's
    ru_maxrss seen from here would include this (larger) process, whose memory
    the child shares between fork and exec. The wall time is of the first run,
    the command alone.
    """
    import os
    import tempfile

    began = time.perf_counter()
    done = subprocess.run(command, capture_output=True, env=env)
    seconds = time.perf_counter() - began
    peak_kb = 0
    if not peak:
        return Measurement(seconds, 0.0, done.returncode, done.stdout.decode(errors="replace"), done.stderr.decode())
    with tempfile.NamedTemporaryFile("r") as report:
        timed = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", report.name, *command], capture_output=True, env=env)
        if timed.returncode == done.returncode and os.path.getsize(report.name):
            peak_kb = int(report.read().split()[-1])
    return Measurement(
        seconds, peak_kb / 1024, done.returncode, done.stdout.decode(errors="replace"), done.stderr.decode()
    )


def elapsed(command: list[str], env: dict | None = None) -> float:
    """Wall seconds of one run of a command, output discarded."""
    began = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    return time.perf_counter() - began


def machine() -> str:
    import os
    import platform

    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"


def save_results(name: str, text: str, data: dict) -> None:
    """Print the Markdown table and write it to docs/benchmarks/NAME.md (the reference's figures are the
    script's own, never copied by hand), with the raw figures in bench/results/NAME.json."""
    import json
    import sys
    import time

    print("\n" + text)
    here = Path(__file__).resolve().parent
    command = " ".join(["python", f"bench/{Path(sys.argv[0]).name}", *sys.argv[1:]])
    header = (
        f"# {name}: the latest figures\n\nWritten by `{command}` on {time.strftime('%Y-%m-%d')}"
        f" ({machine()}); see [What it costs at scale](../scale.md) for what they mean.\n\n"
    )
    docs = here.parent / "docs" / "benchmarks"
    docs.mkdir(parents=True, exist_ok=True)
    (docs / f"{name}.md").write_text(header + text + "\n")
    out = here / "results"
    out.mkdir(exist_ok=True)
    (out / f"{name}.json").write_text(json.dumps({"machine": machine(), **data}, indent=2) + "\n")
