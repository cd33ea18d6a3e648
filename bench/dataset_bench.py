"""A dataset of many transcripts in one file: does it index in bounded memory?

    python bench/dataset_bench.py                  # 100 MB CSV, then a 25 MB one
    python bench/dataset_bench.py --mb 200,50

Writes a CSV in the TV News archive's export shape (identifier, contributor,
start_time, runtime, times, text) with seeded random broadcast text, indexes
it with `soundbite index` from this checkout, and prints the wall time and
the peak RSS of the whole process tree for each size. Bounded memory means
the peak does not grow with the file: the rows are streamed, so a file four
times larger should peak about the same.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from procstat import machine, measure, save_results  # noqa: E402

WORDS = (
    "the a of to and in that is for on it with as was he said they at be this have from or by one had not but what "
    "all were we when your can there use an each which she do how their if will up other about out many then them "
    "these so some her would make like him into time has look two more write go see number no way could people my "
    "than first water been call who oil its now find long down day did get come made may part harbour bridge council "
    "budget storm ferry election senate president minister quota fishermen police court market prices"
).split()


def write_csv(path: Path, megabytes: int, seed: int = 7) -> int:
    rng = random.Random(seed)
    rows = 0
    target = megabytes * 1024 * 1024
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["identifier", "contributor", "start_time", "utc_offset", "runtime", "times", "text"])
        while file.tell() < target:
            rows += 1
            lines = rng.randint(300, 900)
            text = " ".join(
                (">> " if rng.random() < 0.05 else "") + " ".join(rng.choices(WORDS, k=rng.randint(4, 7)))
                for _ in range(lines)
            )
            times = ",".join(str(int(i * 3600 / lines)) for i in range(lines))
            writer.writerow([f"SHOW_{rows:06d}", "NEWSNET", "2026-01-01 20:00:00", "-500", "01:00:00", times, text])
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", default="100,25")
    parser.add_argument("--workdir", default=os.environ.get("SOUNDBITE_BENCH_DIR", "/tmp/soundbite-bench"))
    args = parser.parse_args()
    workdir = Path(args.workdir) / "datasets"
    workdir.mkdir(parents=True, exist_ok=True)
    soundbite = shutil.which("soundbite") or str(Path(sys.executable).parent / "soundbite")
    lines = [
        f"Machine: {machine()}.",
        "",
        "| dataset | rows | passages | wall | peak RSS (tree) |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    results = []
    for size in (int(mb) for mb in args.mb.split(",")):
        path = workdir / f"archive-{size}mb.csv"
        if not path.exists():
            print(f"writing {path}…", flush=True)
            write_csv(path, size)
        with path.open(encoding="utf-8", newline="") as file:
            rows = sum(1 for _ in csv.reader(file)) - 1
        index_dir = workdir / f"index-{size}mb"
        shutil.rmtree(index_dir, ignore_errors=True)
        m = measure([soundbite, "index", str(path), "--index", str(index_dir), "-q"])
        if m.returncode != 0:
            sys.exit(f"bench: indexing {path} failed: {m.stderr[-500:]}")
        stats = subprocess.run(
            [soundbite, "stats", "--index", str(index_dir), "--json"], capture_output=True, text=True
        )
        passages = json.loads(stats.stdout)["passages"]
        line = f"| {size} MB CSV | {rows:,} | {passages:,} | {m.seconds:.1f} s | {m.peak_rss_mb:.0f} MB |"
        print(line, flush=True)
        lines.append(line)
        results.append(
            {"mb": size, "rows": rows, "passages": passages, "seconds": m.seconds, "peak_rss_mb": m.peak_rss_mb}
        )
    save_results("dataset", "\n".join(lines), {"results": results})


if __name__ == "__main__":
    main()
