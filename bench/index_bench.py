"""Indexing speed and memory, against a plain Whoosh writer measured in the same run.

    python bench/index_bench.py                      # 10,000 transcripts, 3 runs
    python bench/index_bench.py --counts 10000,50000 --runs 3 --large

For each corpus size it generates the synthetic news-video corpus with
`../shared/bench/gen_corpus.py --seed 1` (the generator behind the issues'
figures; kept in the work folder and reused), then measures, as whole
`soundbite` processes: a full build, a re-run with nothing changed, and adding
10 new transcripts; and the naive writer (`naive_writer.py`) on the same
files; and SQLite FTS5 (`fts5_writer.py`) on the very passages soundbite
indexed. It prints medians, peak RSS summed over all processes, index sizes,
and soundbite's ratios to both references, and writes them to
bench/results/index.json and .md. `--large` adds the real White House
briefings corpus from ../shared/large.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from procstat import machine, measure, save_results  # noqa: E402

SHARED = Path(os.environ.get("SOUNDBITE_SHARED", ROOT.parent / "shared"))
SOUNDBITE = [sys.executable, "-m", "indexer"]
TARGETS = {10000: (25.0, 400.0), 50000: (120.0, 600.0)}  # issue 14: seconds, peak MB
LARGE_TARGET_S = 90.0  # issue 14: the White House briefings


def generate(workdir: Path, count: int, seed: int, dated: bool = False) -> Path:
    """The generator's corpus (kept in the work folder and reused); `dated`: with `--dated`, a sidecar
    NAME.json with a date over ten years for each transcript."""
    corpus = workdir / (f"corpus-{count}-seed{seed}" + ("-dated" if dated else ""))
    if not (corpus / ".complete").exists():
        generator = SHARED / "bench" / "gen_corpus.py"
        if not generator.exists():
            sys.exit(f"bench: {generator} is missing: the synthetic corpora come from ../shared")
        shutil.rmtree(corpus, ignore_errors=True)
        command = [sys.executable, str(generator), str(corpus), "--count", str(count), "--seed", str(seed)]
        subprocess.run(command + (["--dated"] if dated else []), check=True)
        (corpus / ".complete").touch()
    return corpus


def extra_transcripts(workdir: Path, seed: int) -> list[Path]:
    folder = workdir / f"extra-seed{seed + 1000}"
    if not (folder / ".complete").exists():
        subprocess.run(
            [
                sys.executable,
                str(SHARED / "bench" / "gen_corpus.py"),
                str(folder),
                "--count",
                "10",
                "--seed",
                str(seed + 1000),
            ],
            check=True,
        )
        (folder / ".complete").touch()
    return sorted(folder.glob("*.txt"))


def soundbite(*args: str):
    result = measure([*SOUNDBITE, *args], env={**os.environ, "PYTHONPATH": str(ROOT)})
    if result.returncode != 0:
        sys.exit(f"bench: soundbite {' '.join(args)} failed:\n{result.stderr}")
    return result


def median(values):
    return statistics.median(values) if values else None


def dump_passages(index_dir: Path, out: Path) -> None:
    """The passages of soundbite's index, for FTS5 to index the same ones (not timed)."""
    code = (
        "import json, sys\n"
        "from indexer.engine.storage import store\n"
        "index = store.open_for_search(__import__('pathlib').Path(sys.argv[1]))\n"
        "with index.reader() as reader, open(sys.argv[2], 'w', encoding='utf-8') as out:\n"
        "    for stored in reader.all_stored_fields():\n"
        "        row = {'text': stored['text'], 'speaker': stored.get('speaker', ''), 't': stored['transcript']}\n"
        "        out.write(json.dumps(row) + '\\n')\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-c", code, str(index_dir), str(out)], check=True, env=env)


def folder_mb(folder: Path) -> float:
    return round(sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 2**20, 1)


def bench_corpus(name: str, corpus: Path, workdir: Path, runs: int, extras: list[Path] | None) -> dict:
    builds, rss, noops, adds, naive, naive_rss, fts = [], [], [], [], [], [], []
    for run in range(runs):
        index_dir = workdir / f"index-{name}"
        shutil.rmtree(index_dir, ignore_errors=True)
        build = soundbite("index", str(corpus), "--index", str(index_dir), "--quiet")
        builds.append(build.seconds)
        rss.append(build.peak_rss_mb)
        noops.append(soundbite("index", "--index", str(index_dir), "--quiet").seconds)
        if extras:
            added = [corpus / f"zz-extra-{run}-{p.name}" for p in extras]
            for source, target in zip(extras, added, strict=True):
                shutil.copy(source, target)
            adds.append(soundbite("index", "--index", str(index_dir), "--quiet").seconds)
            for target in added:
                target.unlink()
            soundbite("index", "--index", str(index_dir), "--quiet")  # back to the corpus as generated
        naive_dir = workdir / f"naive-{name}"
        shutil.rmtree(naive_dir, ignore_errors=True)
        reference = measure([sys.executable, str(HERE / "naive_writer.py"), str(corpus), str(naive_dir)])
        naive.append(reference.seconds)
        naive_rss.append(reference.peak_rss_mb)
        passages = workdir / f"passages-{name}.jsonl"
        if run == 0:
            dump_passages(index_dir, passages)
        database = workdir / f"fts5-{name}.db"
        sqlite = measure([sys.executable, str(HERE / "fts5_writer.py"), str(passages), str(database)])
        fts.append(sqlite.seconds)
        print(
            f"  run {run + 1}: build {build.seconds:.1f} s ({build.peak_rss_mb:.0f} MB), "
            f"no-op {noops[-1]:.2f} s, add 10 {adds[-1] if adds else float('nan'):.2f} s, "
            f"naive {reference.seconds:.1f} s ({reference.peak_rss_mb:.0f} MB), fts5 {sqlite.seconds:.1f} s",
            flush=True,
        )
    stats = json.loads(soundbite("stats", "--index", str(workdir / f"index-{name}"), "--json").stdout)
    fts5_mb = (workdir / f"fts5-{name}.db").stat().st_size / 2**20
    return {
        "size_vs_fts5": round(stats["size_bytes"] / 2**20 / fts5_mb, 2),
        "corpus": name,
        "transcripts": stats["transcripts"],
        "passages": stats["passages"],
        "index_mb": round(stats["size_bytes"] / 2**20, 1),
        "build_s": median(builds),
        "build_peak_rss_mb": max(rss),
        "noop_s": median(noops),
        "add10_s": median(adds),
        "naive_build_s": median(naive),
        "naive_peak_rss_mb": max(naive_rss),
        "naive_index_mb": folder_mb(workdir / f"naive-{name}"),
        "build_vs_naive": round(median(builds) / median(naive), 2),
        "fts5_build_s": median(fts),
        "fts5_db_mb": round((workdir / f"fts5-{name}.db").stat().st_size / 2**20, 1),
        "build_vs_fts5": round(median(builds) / median(fts), 1),
        "runs": runs,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--counts", default="10000", help="comma-separated corpus sizes")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", default=os.environ.get("SOUNDBITE_BENCH_DIR", "/tmp/soundbite-bench"))
    parser.add_argument("--large", action="store_true", help="also the White House briefings corpus")
    args = parser.parse_args()
    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    extras = extra_transcripts(workdir, args.seed)
    rows = []
    for count in (int(c) for c in args.counts.split(",")):
        print(f"{count} synthetic transcripts (seed {args.seed}):", flush=True)
        corpus = generate(workdir, count, args.seed)
        rows.append(bench_corpus(f"synthetic-{count}", corpus, workdir, args.runs, extras))
    if args.large:
        corpus = workdir / "wh-briefings"
        if not (corpus / ".complete").exists():
            with tarfile.open(SHARED / "large" / "wh-briefings.tar.xz") as archive:
                archive.extractall(corpus, filter="data")
            (corpus / ".complete").touch()
        print("wh-briefings (real):", flush=True)
        rows.append(bench_corpus("wh-briefings", corpus, workdir, args.runs, None))
    report(rows)


def report(rows: list[dict]) -> None:
    lines = [
        f"Machine: {machine()}. Medians of {rows[0]['runs']} runs; peak RSS summed over all processes.",
        "",
        "| corpus | transcripts | passages | full build | peak RSS | no-op re-run | add 10 "
        "| naive Whoosh writer | SQLite FTS5 | build / naive | build / FTS5 "
        "| index | naive index | FTS5 database | index / FTS5 |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        add = f"{r['add10_s']:.2f} s" if r["add10_s"] is not None else "-"
        lines.append(
            f"| {r['corpus']} | {r['transcripts']:,} | {r['passages']:,} "
            f"| {r['build_s']:.1f} s | {r['build_peak_rss_mb']:.0f} MB | {r['noop_s']:.2f} s | {add} "
            f"| {r['naive_build_s']:.1f} s ({r['naive_peak_rss_mb']:.0f} MB) | {r['fts5_build_s']:.1f} s "
            f"| {r['build_vs_naive']}x | {r['build_vs_fts5']}x "
            f"| {r['index_mb']} MB | {r['naive_index_mb']} MB | {r['fts5_db_mb']} MB | {r['size_vs_fts5']}x |"
        )
    for count, (seconds, mb) in TARGETS.items():
        for r in rows:
            if r["corpus"] == f"synthetic-{count}":
                lines.append(
                    f"\nTarget at {count:,}: build <= {seconds:.0f} s and <= {mb:.0f} MB, index <= 2x FTS5: "
                    f"build {'met' if r['build_s'] <= seconds else 'missed'}, "
                    f"memory {'met' if r['build_peak_rss_mb'] <= mb else 'missed'}, "
                    f"size {'met' if r['size_vs_fts5'] <= 2 else 'missed'}."
                )
    for r in rows:
        if r["corpus"] == "wh-briefings":
            met = "met" if r["build_s"] <= LARGE_TARGET_S else "missed"
            lines.append(f"\nTarget for the White House briefings: build <= {LARGE_TARGET_S:.0f} s: {met}.")
    save_results("index", "\n".join(lines), {"rows": rows})


if __name__ == "__main__":
    main()
