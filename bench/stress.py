"""Stress: index runs (incremental and --rebuild, some killed) while searches run, for as long as you like.

    python bench/stress.py --minutes 30

The guarantee under test: every search answers from one whole committed index,
whatever mix of runs, kills and searches is going on; no run hangs; the run
after a kill completes. The folder holds small transcripts, each one passage
`stressword fileNNN verK`; between runs files are added, changed (K goes up)
and deleted. Every state the index may hold is known: the folder as it was
before and after each run. Searchers run `soundbite search stressword --json
--limit 0` without pause and read back the {file: version} the index holds;
each answer must be a state that was current at some moment while the search
ran (before or after a run that overlapped it), never a mixture. A run is
killed with SIGKILL or SIGINT at a random moment a quarter of the time, and
the next run must complete within the timeout. At the end a summary: runs,
rebuilds, kills, searches, violations, hangs, tracebacks.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

RUN_TIMEOUT = 180  # seconds: a run (of a few hundred small files) that takes longer has hung


def soundbite() -> str:
    return shutil.which("soundbite") or str(Path(sys.executable).parent / "soundbite")


class State:
    """The folder's transcripts as {file: version}, and the history of the states the index may hold."""

    def __init__(self, folder: Path, rng: random.Random):
        self.folder = folder
        self.rng = rng
        self.files: dict[str, int] = {}
        self.next_file = 0

    def write(self, name: str) -> None:
        (self.folder / f"{name}.txt").write_text(f"stressword {name} ver{self.files[name]}.\n")

    def add(self, count: int = 1) -> None:
        for _ in range(count):
            name = f"file{self.next_file:05d}"
            self.next_file += 1
            self.files[name] = 1
            self.write(name)

    def mutate(self) -> None:
        """Add, change and delete a few files, as new transcripts arrive and old ones are corrected."""
        self.add(self.rng.randint(0, 4))
        for name in self.rng.sample(sorted(self.files), min(len(self.files), self.rng.randint(0, 4))):
            self.files[name] += 1
            self.write(name)
        for name in self.rng.sample(sorted(self.files), min(len(self.files) // 10, self.rng.randint(0, 3))):
            del self.files[name]
            (self.folder / f"{name}.txt").unlink()

    def snapshot(self) -> dict[str, int]:
        return dict(self.files)


def read_index(index_dir: Path, env: dict) -> tuple[dict[str, int] | None, str]:
    """What one search sees: {file: version}, or None with the reason the search failed."""
    done = subprocess.run(
        [soundbite(), "search", "stressword", "--json", "--limit", "0", "--index", str(index_dir)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    if done.returncode not in (0, 1):
        return None, done.stderr.strip()
    seen: dict[str, int] = {}
    for line in done.stdout.splitlines():
        words = json.loads(line)["text"].rstrip(".").split()
        seen[words[1]] = int(words[2][3:])
    return seen, done.stderr


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--minutes", type=float, default=30)
    parser.add_argument("--files", type=int, default=150)
    parser.add_argument("--searchers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--workdir", default=os.environ.get("SOUNDBITE_BENCH_DIR", "/tmp/soundbite-bench"))
    args = parser.parse_args()
    rng = random.Random(args.seed)
    root = Path(args.workdir) / "stress"
    shutil.rmtree(root, ignore_errors=True)
    folder, index_dir = root / "transcripts", root / "index"
    folder.mkdir(parents=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("SOUNDBITE_")}
    env["SOUNDBITE_LOCK_WAIT"] = "120"

    state = State(folder, rng)
    state.add(args.files)
    subprocess.run([soundbite(), "index", str(folder), "--index", str(index_dir), "-q"], check=True, env=env)
    # (start, end, states the index may hold meanwhile); searches are checked against these.
    history: list[tuple[float, float, list[dict[str, int]]]] = [(0.0, time.monotonic(), [state.snapshot()])]
    lock = threading.Lock()
    stop = threading.Event()
    counts = {
        "runs": 0,
        "rebuilds": 0,
        "sigkill": 0,
        "sigint": 0,
        "searches": 0,
        "violations": 0,
        "hangs": 0,
        "tracebacks": 0,
        "failed runs": 0,
        "failed searches": 0,
    }
    problems: list[str] = []

    def allowed(begin: float, end: float) -> list[dict[str, int]]:
        with lock:
            return [s for (a, b, states) in history if a <= end and b >= begin for s in states]

    def searcher() -> None:
        while not stop.is_set():
            begin = time.monotonic()
            seen, stderr = read_index(index_dir, env)
            end = time.monotonic()
            with lock:
                counts["searches"] += 1
            if "Traceback" in stderr:
                with lock:
                    counts["tracebacks"] += 1
                    problems.append(f"search traceback: {stderr[-300:]}")
            if seen is None:
                with lock:
                    counts["failed searches"] += 1
                    problems.append(f"search failed: {stderr[-200:]}")
                continue
            if seen not in allowed(begin, end):
                with lock:
                    counts["violations"] += 1
                    problems.append(f"a search saw a state never committed: {len(seen)} files")

    threads = [threading.Thread(target=searcher, daemon=True) for _ in range(args.searchers)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + args.minutes * 60
    while time.monotonic() < deadline:
        before = state.snapshot()
        state.mutate()
        after = state.snapshot()
        rebuild = rng.random() < 0.2
        kill = rng.choice([None, None, None, signal.SIGKILL, signal.SIGINT])
        command = [soundbite(), "index", str(folder), "--index", str(index_dir), "-q"] + (
            ["--rebuild"] if rebuild else []
        )
        begin = time.monotonic()
        with lock:
            history.append((begin, float("inf"), [before, after]))
            step = len(history) - 1
        # A harness started in the background inherits SIGINT ignored; a user's shell would not.
        process = subprocess.Popen(
            command,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
            start_new_session=True,  # its own process group, as a shell's foreground job
        )
        if kill is not None:
            # From 50 ms on: before that the interpreter itself is starting (a Ctrl-C then is Python's).
            time.sleep(rng.uniform(0.05, 1.5))
            if kill == signal.SIGINT:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, kill)  # Ctrl-C: the terminal signals the whole group, workers too
            else:
                process.send_signal(kill)  # `kill -9` of the command: its workers must end with it
        try:
            _, stderr = process.communicate(timeout=RUN_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            _, stderr = process.communicate()
            counts["hangs"] += 1
            problems.append(f"a run hung ({'rebuild' if rebuild else 'update'}, signal {kill})")
        counts["runs"] += 1
        counts["rebuilds"] += rebuild
        if kill is not None and process.returncode in (-signal.SIGKILL, 130, -signal.SIGINT):
            counts["sigkill" if kill == signal.SIGKILL else "sigint"] += 1
            # Killed: the index holds the old state or the new one. The next run must bring it up to date.
            recover = subprocess.run(
                [soundbite(), "index", str(folder), "--index", str(index_dir), "-q"],
                env=env,
                capture_output=True,
                text=True,
                timeout=RUN_TIMEOUT,
            )
            counts["runs"] += 1
            if recover.returncode != 0:
                counts["failed runs"] += 1
                problems.append(f"the run after a kill failed: {recover.stderr[-300:]}")
            stderr += recover.stderr
        elif process.returncode != 0:
            counts["failed runs"] += 1
            problems.append(f"a run failed ({process.returncode}): {stderr[-300:]}")
        if "Traceback" in stderr:
            counts["tracebacks"] += 1
            problems.append(f"run traceback: {stderr[-300:]}")
        with lock:
            history[step] = (begin, time.monotonic(), [before, after])
            history.append((time.monotonic(), float("inf"), [after]))
        final, _ = read_index(index_dir, env)
        if final != after:
            counts["violations"] += 1
            problems.append(f"after a completed step the index holds {len(final or {})} files, the folder {len(after)}")
        with lock:
            history[-1] = (history[-1][0], time.monotonic(), [after])
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
    summary = ", ".join(f"{value} {name}" for name, value in counts.items())
    print(f"{args.minutes:g} minutes: {summary}")
    for line in problems[:20]:
        print("  " + line)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
