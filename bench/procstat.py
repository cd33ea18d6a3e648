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


def run_once(command: list[str], env: dict | None = None) -> Measurement:
    """One single-process command: wall time and the kernel's own peak RSS for it (no sampling).

    For short commands (a search takes ~0.1 s) a sampler would miss the peak;
    wait4 returns the child's maximum resident set size as the kernel kept it.
    """
    import os
    import tempfile

    with tempfile.TemporaryFile() as errors:
        began = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=errors, env=env)
        stdout = process.stdout.read()
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - began
        process.stdout.close()
        process.returncode = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        stderr = errors.read()
    return Measurement(
        seconds, usage.ru_maxrss / 1024, process.returncode, stdout.decode(errors="replace"), stderr.decode()
    )


def machine() -> str:
    import os
    import platform

    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"


def save_results(name: str, text: str, data: dict) -> None:
    """Print the Markdown table and write it with the JSON to bench/results/NAME.md and .json."""
    import json

    print("\n" + text)
    out = Path(__file__).resolve().parent / "results"
    out.mkdir(exist_ok=True)
    (out / f"{name}.md").write_text(text + "\n")
    (out / f"{name}.json").write_text(json.dumps({"machine": machine(), **data}, indent=2) + "\n")
