"""Searching a whole archive (issue 29): the searches that took minutes on the White House briefings.

    python bench/archive_bench.py --index /tmp/ix-wh              # an index of ../shared/large/wh-briefings
    python bench/archive_bench.py --build /tmp/ix-wh              # unpack and index it first (about 4 minutes)
    python bench/archive_bench.py --corpus synthetic --index IX   # an index of gen_corpus.py --count 50000

Each command runs whole (a fresh `soundbite` process, as a user types it) `--runs` times; the table gives
the median seconds and the peak memory (`| head -1`: the seconds to the first line; `| wc -l`: one run of
minutes reading every hit, for its peak memory). Beside each, where SQLite's FTS5 can answer the same question over
the same passages (soundbite's own export), its median in the same run: `*` is a count, a speaker filter a
`MATCH` on its column, a transcript pattern a `LIKE` on the id.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import procstat

ROOT = Path(__file__).resolve().parent.parent
LARGE = ROOT.parent / "shared" / "large" / "wh-briefings.tar.xz"
PRESS = "brian14708+wh-briefings/press-briefings/"


def commands(word: str, speaker: str, prefix: str, shown: str) -> list[tuple[str, list[str], str | None]]:
    """(what the issue measured, the arguments after `soundbite search`, an FTS5 statement or None): a word,
    a speaker and a prefix of transcript ids of the corpus (`shown`: the prefix as the table names it)."""
    return [
        (
            f"{word} -t {shown}* -n 1",
            [word, "-t", prefix + "*", "-n", "1"],
            f"SELECT count(*) FROM p WHERE p MATCH 'text:{word}' AND transcript LIKE '{prefix}%'",
        ),
        (f"{word} -n 1", [word, "-n", "1"], f"SELECT count(*) FROM p WHERE p MATCH 'text:{word}'"),
        (
            f"* --speaker {speaker} --sort time -n 3",
            ["*", "--speaker", speaker, "--sort", "time", "-n", "3"],
            f"SELECT transcript, start FROM p WHERE p MATCH 'speaker:{speaker}' ORDER BY transcript, start LIMIT 3",
        ),
        ("* -n 1", ["*", "-n", "1"], "SELECT count(*) FROM p"),
        ("* --after 0 -n 1", ["*", "--after", "0", "-n", "1"], None),
        (
            f"transcript:{shown}* -n 1",
            [f"transcript:{prefix}*", "-n", "1"],
            f"SELECT count(*) FROM p WHERE transcript LIKE '{prefix}%'",
        ),
        ("the -n 0 --json | head -1", ["the", "-n", "0", "--json"], None),
        ("the -n 0 --json | wc -l", ["the", "-n", "0", "--json"], "SELECT count(*) FROM p WHERE p MATCH 'text:the'"),
    ]


CORPORA = {
    # The White House briefings (14,396 files) and the synthetic 50,000 (`gen_corpus.py --count 50000 --seed 1
    # --dated`: ids t000001 ..., a tenth of them t01...).
    "briefings": commands("vaccine", "psaki", PRESS, "press-briefings/"),
    "synthetic": commands("quarantine", "trump", "t01", "t01"),
}


def soundbite() -> str:
    return str(Path(sys.executable).parent / "soundbite")


def build(index: Path) -> None:
    with tempfile.TemporaryDirectory() as folder:
        with tarfile.open(LARGE) as tar:
            tar.extractall(folder, filter="data")
        subprocess.run([soundbite(), "index", folder, "--index", str(index), "-q"], check=False)


def fts5(index: Path, folder: Path) -> sqlite3.Connection:
    """The passages (soundbite's export) in an FTS5 table: text, speaker; id and start as plain columns."""
    db = sqlite3.connect(folder / "fts.db")
    db.execute("CREATE VIRTUAL TABLE p USING fts5(text, speaker, transcript UNINDEXED, start UNINDEXED)")
    export = subprocess.Popen([soundbite(), "export", "--index", str(index)], stdout=subprocess.PIPE, text=True)
    rows = (
        (r["text"], r.get("speaker") or "", r["transcript"], r.get("start")) for r in map(json.loads, export.stdout)
    )
    db.executemany("INSERT INTO p VALUES (?, ?, ?, ?)", rows)
    db.commit()
    export.wait()
    return db


def run(args: list[str], index: Path, first_line: bool) -> procstat.Measurement | float:
    command = [soundbite(), "search", *args, "--index", str(index)]
    if not first_line:
        return procstat.run_once(command)
    began = time.perf_counter()  # to the first line, as `| head -1` waits for it
    with subprocess.Popen(command, stdout=subprocess.PIPE) as process:
        process.stdout.readline()
        seconds = time.perf_counter() - began
        process.kill()
    return seconds


def whole_run(args: list[str], index: Path) -> tuple[float, float]:
    """(seconds, peak MB) of a command whose whole output is read and thrown away, as `| wc -l` reads it:
    once, under GNU time (it takes minutes)."""
    with tempfile.NamedTemporaryFile("r") as report:
        command = [soundbite(), "search", *args, "--index", str(index)]
        subprocess.run(["/usr/bin/time", "-f", "%e %M", "-o", report.name, *command], stdout=subprocess.DEVNULL)
        seconds, peak_kb = report.read().split()[-2:]
    return float(seconds), int(peak_kb) / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path)
    parser.add_argument("--build", type=Path, help="index ../shared/large/wh-briefings here first")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--corpus", choices=sorted(CORPORA), default="briefings", help="which corpus the index holds")
    args = parser.parse_args()
    index = args.build or args.index
    if index is None:
        parser.error("give --index (an index of the briefings) or --build DIR")
    if args.build:
        build(index)
    rows, data = [], {}
    with tempfile.TemporaryDirectory() as folder:
        db = fts5(index, Path(folder))
        for name, argv, sql in CORPORA[args.corpus]:
            first_line = "head -1" in name
            seconds, peaks = [], []
            if "wc -l" in name:
                took, peak = whole_run(argv, index)
                seconds.append(took)
                peaks.append(peak)
            for _ in range(0 if "wc -l" in name else args.runs):
                measured = run(argv, index, first_line)
                if isinstance(measured, float):
                    seconds.append(measured)
                else:
                    seconds.append(measured.seconds)
                    peaks.append(measured.peak_rss_mb)
            reference = None
            if sql:
                times = []
                for _ in range(args.runs):
                    began = time.perf_counter()
                    db.execute(sql).fetchall()
                    times.append(time.perf_counter() - began)
                reference = statistics.median(times)
            median = statistics.median(seconds)
            peak = f"{max(peaks):.0f} MB" if peaks else "-"
            fts = f"{reference * 1000:.1f} ms" if reference is not None else "-"
            rows.append(f"| `search {name}` | {median:.2f} s | {peak} | {fts} |")
            data[name] = {"seconds": seconds, "peak_mb": peaks, "fts5_seconds": reference}
    table = "| command | soundbite, median | peak memory | FTS5, same question |\n|---|---:|---:|---:|\n"
    procstat.save_results(
        "archive" if args.corpus == "briefings" else f"archive-{args.corpus}", table + "\n".join(rows), data
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
