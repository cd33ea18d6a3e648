"""Export speed and memory: `soundbite export` of whole synthetic indexes, and of a query's hits.

    python bench/export_bench.py [--counts 10000,50000] [--rounds 3]

For each corpus (made by ../shared/bench/gen_corpus.py, indexed if needed with
the installed command) it times, as medians of `--rounds` runs, with the peak
RSS summed over the process tree:

- the reference: reading every stored document of the index with Whoosh and
  nothing else (`reader.iter_docs()`), the floor of any export;
- `export` of the whole index as jsonl, csv and opensearch (bulk.ndjson), to files;
- `export WORD` (a word in a third of the passages) as jsonl and vtt, beside
  `search WORD --json --limit 0`, which prints the same hits.

Memory that stays the same from 10,000 to 50,000 transcripts is what shows
the whole-index export is streamed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from index_bench import generate  # noqa: E402
from procstat import measure, save_results  # noqa: E402
from search_bench import _environment, _index_if_needed, installed_command  # noqa: E402

READ_ALL = """
import sys
from indexer.engine.storage import store
index = store.open_for_search(__import__('pathlib').Path(sys.argv[1]))
with index.searcher() as searcher:
    n = sum(1 for _ in searcher.reader().iter_docs())
print(n)
"""
WORD = "minister"


def runs(command: list[str], rounds: int, env: dict) -> dict:
    measured = [measure(command, env=env) for _ in range(rounds)]
    for one in measured:
        if one.returncode not in (0, 1):
            sys.exit(f"bench: {' '.join(map(str, command))} failed: {one.stderr.strip()}")
    return {
        "seconds": round(statistics.median(m.seconds for m in measured), 2),
        "peak_rss_mb": round(max(m.peak_rss_mb for m in measured), 1),
    }


def bench_count(count: int, args, workdir: Path, soundbite: Path) -> dict:
    env = _environment()
    corpus = generate(workdir, count, args.seed)
    index = workdir / f"index-synthetic-{count}"
    _index_if_needed(soundbite, corpus, index, env)
    python = str(soundbite.parent / "python")
    out = Path(tempfile.mkdtemp(prefix="export-bench-", dir=workdir))
    rows: dict[str, dict] = {}
    print(f"{count} transcripts:", flush=True)
    commands = {
        "reference: Whoosh reads every stored document": [python, "-c", READ_ALL, str(index)],
        "export (whole index) -f jsonl": [soundbite, "export", "--index", index, "-o", out / "all.jsonl"],
        "export (whole index) -f csv": [soundbite, "export", "--index", index, "-f", "csv", "-o", out / "all.csv"],
        "export (whole index) -f opensearch": [
            soundbite,
            "export",
            "--index",
            index,
            "-f",
            "opensearch",
            "-o",
            out / "cluster",
        ],
        f"search {WORD} --json --limit 0": [soundbite, "search", WORD, "--index", index, "--json", "-n", "0"],
        f"export {WORD} -f jsonl": [soundbite, "export", WORD, "--index", index, "-o", out / "word.jsonl"],
        f"export {WORD} -f vtt": [soundbite, "export", WORD, "--index", index, "-f", "vtt", "-o", out / "word.vtt"],
    }
    for name, command in commands.items():
        rows[name] = runs([str(part) for part in command], args.rounds, env)
        print(f"  {name}: {rows[name]['seconds']} s, {rows[name]['peak_rss_mb']} MB", flush=True)
    sizes = {
        "jsonl": (out / "all.jsonl").stat().st_size,
        "csv": (out / "all.csv").stat().st_size,
        "bulk.ndjson": (out / "cluster" / "bulk.ndjson").stat().st_size,
    }
    passages = sum(1 for _ in (out / "all.jsonl").open(encoding="utf-8"))
    hits = sum(1 for _ in (out / "word.jsonl").open(encoding="utf-8"))
    for path in sorted(out.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    out.rmdir()
    return {"count": count, "passages": passages, "hits": hits, "rows": rows, "sizes": sizes}


def report(results: list[dict], rounds: int) -> None:
    lines = [
        f"Medians of {rounds} runs; peak RSS summed over the process tree, the largest of the runs.",
        "",
        "| transcripts | command | median | x reference | peak RSS |",
        "| ---: | --- | ---: | ---: | ---: |",
    ]
    for result in results:
        rows = result["rows"]
        reference = rows["reference: Whoosh reads every stored document"]["seconds"]
        for name, row in rows.items():
            ratio = row["seconds"] / reference if reference else 0
            median, peak = f"{row['seconds']:.2f} s", f"{row['peak_rss_mb']:.0f} MB"
            lines.append(f"| {result['count']:,} | {name} | {median} | {ratio:.1f}x | {peak} |")
        sizes = ", ".join(f"{name} {size / 1e6:.1f} MB" for name, size in result["sizes"].items())
        lines.append(
            f"| {result['count']:,} | {result['passages']:,} passages ({sizes}); {WORD}: "
            f"{result['hits']:,} hits | | | |"
        )
    save_results("export", "\n".join(lines), {"results": results})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--counts", default="10000")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", default=os.environ.get("SOUNDBITE_BENCH_DIR", "/tmp/soundbite-bench"))
    args = parser.parse_args()
    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    soundbite = installed_command(workdir)
    results = [bench_count(int(count), args, workdir, soundbite) for count in args.counts.split(",")]
    report(results, args.rounds)


if __name__ == "__main__":
    main()
