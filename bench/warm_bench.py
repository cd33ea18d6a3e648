"""A warm searcher's top 10, soundbite beside Tantivy and SQLite FTS5 on the same passages, in one run.

    python bench/warm_bench.py                               # 50,000 synthetic and the briefings
    python bench/warm_bench.py --corpus synthetic-50000 --rounds 5
    python bench/warm_bench.py --corpus briefings --briefings-index IX

What `soundbite serve` answers from (issue 31: at most 5 ms median and 20 ms
p95 for every query class): an index opened once (`Searcher(resident=True)`),
each query parsed, run, counted (matches and transcripts) and its 10 best hits
made (stored fields read, highlighted). Beside it, in the same process and
the same rounds, on soundbite's own passages (`index_bench.py`'s dump):

- Tantivy 0.27 through its Python bindings (`tantivy_reference.py`'s schema:
  text and speaker, speaker weighed 1.5, words ANDed, BM25): parse, top 10
  with the exact count, each hit's transcript id read;
- SQLite FTS5 (text and speaker, BM25): the top 10 with a highlight of each,
  and the count of matches.

Queries by class: for the synthetic corpus `search_bench.py`'s (drawn from the
generator's own vocabulary); for the briefings drawn the same way from the
passages' own words (rare: in 5-50 passages; common: among the 300 most
frequent words past the first 30; and/or: two words of middling frequency; a
phrase: a frequent pair of adjacent words; a speaker's surname; a fuzzy word:
a middling word with one letter changed). Every query runs once to warm up,
then `--rounds` times; a query's time is its median, a class's the median and
95th percentile of its queries'. Writes bench/results/warm.json and
docs/benchmarks/warm.md.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sqlite3
import statistics
import sys
import time
from collections import Counter
from itertools import pairwise
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

from index_bench import dump_passages  # noqa: E402
from procstat import machine, save_results  # noqa: E402
from search_bench import percentile, queries  # noqa: E402

WORKDIR = Path("/tmp/soundbite-bench")
PER_CLASS = 40
CLASSES = ("rare", "common", "and", "or", "phrase", "speaker", "fuzzy")
TARGET_MEDIAN_MS, TARGET_P95_MS = 5.0, 20.0
_WORD = re.compile(r"[a-z]{4,}")


def corpus_paths(name: str, args) -> tuple[Path, Path]:
    """(soundbite index, passage dump) of a corpus; the dump is made if missing."""
    index_dir = Path(args.briefings_index) if name == "briefings" else WORKDIR / f"index-{name}"
    passages = WORKDIR / f"passages-{name}.jsonl"
    if not index_dir.exists():
        sys.exit(f"bench: no soundbite index of {name} at {index_dir} (index_bench.py or soundbite index makes one)")
    if not passages.exists():
        print(f"  dumping the passages of {index_dir}…", flush=True)
        dump_passages(index_dir, passages)
    return index_dir, passages


def rows(passages: Path):
    with passages.open(encoding="utf-8") as lines:
        for line in lines:
            yield json.loads(line)


def tantivy_index(name: str, passages: Path):
    import tantivy
    from tantivy_reference import build

    folder = WORKDIR / f"tantivy-{name}"
    if not (folder / "meta.json").exists():
        print(f"  building Tantivy's index of {name}…", flush=True)
        build(str(passages), str(folder))
    return tantivy.Index.open(str(folder))


def fts5_database(name: str, passages: Path) -> sqlite3.Connection:
    path = WORKDIR / f"fts5-warm-{name}.db"
    if not path.exists():
        print(f"  building FTS5's table of {name}…", flush=True)
        db = sqlite3.connect(path)
        db.execute("CREATE VIRTUAL TABLE passages USING fts5(text, speaker, t UNINDEXED, tokenize='porter')")
        values = ((r["text"], r["speaker"], r["t"]) for r in rows(passages))
        db.executemany("INSERT INTO passages VALUES (?, ?, ?)", values)
        db.commit()
        db.close()
    return sqlite3.connect(path)


def drawn_queries(passages: Path, seed: int) -> dict[str, list[tuple[str, str, str]]]:
    """(soundbite, Tantivy, FTS5) queries per class, drawn from the passages' own words."""
    frequency: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    surnames: Counter[str] = Counter()
    for row in rows(passages):
        words = re.findall(r"[a-z]+", row["text"].lower())  # (as the index cuts words, near enough)
        frequency.update({w for w in words if _WORD.fullmatch(w)})
        pairs.update((a, b) for a, b in pairwise(words) if _WORD.fullmatch(a) and _WORD.fullmatch(b))
        if row["speaker"]:
            surname = row["speaker"].split()[-1].lower()
            if _WORD.fullmatch(surname):
                surnames[surname] += 1
    rng = random.Random(seed)
    ranked = [w for w, _ in frequency.most_common()]
    rare = rng.sample(sorted(w for w, n in frequency.items() if 5 <= n <= 50), PER_CLASS)
    common = rng.sample(ranked[30:330], PER_CLASS)
    middling = ranked[300:2000]
    both = [tuple(rng.sample(middling, 2)) for _ in range(PER_CLASS)]
    either = [tuple(rng.sample(middling, 2)) for _ in range(PER_CLASS)]
    phrases = rng.sample([p for p, _ in pairs.most_common(400)], PER_CLASS)
    speakers = rng.sample([s for s, _ in surnames.most_common(200)], min(PER_CLASS, len(surnames)))
    fuzzy = []
    for word in rng.sample(middling, PER_CLASS):
        i = rng.randrange(1, len(word) - 1)
        fuzzy.append((word[:i] + ("a" if word[i] != "a" else "e") + word[i + 1 :], word))
    return {
        "rare": [(w, w, w) for w in rare],
        "common": [(w, w, w) for w in common],
        "and": [(f"{a} AND {b}", f"{a} AND {b}", f"{a} AND {b}") for a, b in both],
        "or": [(f"{a} OR {b}", f"{a} OR {b}", f"{a} OR {b}") for a, b in either],
        "phrase": [(f'"{a} {b}"', f'"{a} {b}"', f'"{a} {b}"') for a, b in phrases],
        "speaker": [(f"speaker:{s}", f"speaker:{s}", f"speaker:{s}") for s in speakers],
        "fuzzy": [(f"{typo}~", f"{typo}", f"{typo[:3]}*") for typo, _ in fuzzy],
    }


def synthetic_queries(seed: int) -> dict[str, list[tuple[str, str, str]]]:
    """`search_bench.py`'s queries as (soundbite, Tantivy, FTS5)."""
    found = {}
    for cls, items in queries(seed).items():
        if cls == "fuzzy":
            found[cls] = [(ours, ours.rstrip("~"), fts) for ours, fts, _ in items]
        else:
            found[cls] = [(ours, ours, fts) for ours, fts, _ in items]
    return found


def engines(name: str, index_dir: Path, passages: Path):
    """{engine: run(query of that engine's syntax, class) -> matches}, each opened once."""
    from indexer.engine.querying.search import Searcher
    from indexer.model import SearchOptions

    resident = Searcher(index_dir, resident=True)
    ten = SearchOptions(limit=10)

    def soundbite(query: str, cls: str) -> int:
        result = resident.search(query, ten)
        for _ in result.hits:  # each made: stored fields read, highlighted
            pass
        return result.total

    tantivy = tantivy_index(name, passages)
    tantivy.reload()
    tantivy_searcher = tantivy.searcher()

    def tantivy_search(query: str, cls: str) -> int:
        fuzzy = {"text": (False, 1, True)} if cls == "fuzzy" else None
        parsed = tantivy.parse_query(
            query, ["text", "speaker"], field_boosts={"speaker": 1.5}, fuzzy_fields=fuzzy, conjunction_by_default=True
        )
        found = tantivy_searcher.search(parsed, 10)
        for _, address in found.hits:
            tantivy_searcher.doc(address)["transcript"]
        return found.count

    db = fts5_database(name, passages)

    def fts5(query: str, cls: str) -> int:
        try:
            top = "SELECT t, highlight(passages, 0, '[', ']') FROM passages WHERE passages MATCH ?"
            db.execute(top + " ORDER BY rank LIMIT 10", (query,)).fetchall()
            return db.execute("SELECT count(*) FROM passages WHERE passages MATCH ?", (query,)).fetchone()[0]
        except sqlite3.OperationalError:  # (a query FTS5's syntax refuses)
            return -1

    return {"soundbite": (soundbite, 0), "tantivy": (tantivy_search, 1), "fts5": (fts5, 2)}


def bench_corpus(name: str, args) -> dict:
    index_dir, passages = corpus_paths(name, args)
    classes = synthetic_queries(args.seed) if name.startswith("synthetic") else drawn_queries(passages, args.seed)
    runs = engines(name, index_dir, passages)
    result = {"corpus": name, "classes": {}}
    for cls in CLASSES:
        per_engine = {}
        for engine, (run, column) in runs.items():
            times: dict[str, list[float]] = {}
            matches = 0
            for query in classes[cls]:
                run(query[column], cls)  # warm
            for _ in range(args.rounds):
                for query in classes[cls]:
                    began = time.perf_counter()
                    matches = run(query[column], cls)
                    times.setdefault(query[column], []).append((time.perf_counter() - began) * 1000)
            per_query = [statistics.median(t) for t in times.values()]
            per_engine[engine] = {
                "median_ms": round(statistics.median(per_query), 3),
                "p95_ms": round(percentile(per_query, 95), 3),
                "last_matches": matches,
            }
        result["classes"][cls] = per_engine
        ours, peer = per_engine["soundbite"], per_engine["tantivy"]
        print(
            f"  {name} {cls:8} soundbite {ours['median_ms']:7.2f} ms (p95 {ours['p95_ms']:7.2f})"
            f"  tantivy {peer['median_ms']:6.2f}  fts5 {per_engine['fts5']['median_ms']:6.2f}",
            flush=True,
        )
    return result


def report(results: list[dict], rounds: int) -> str:
    lines = [
        f"Machine: {machine()}. One process a corpus, each engine's index opened once; every query run once "
        f"to warm up, then {rounds} rounds; a class's figure is the median (and 95th percentile) of its "
        f"{PER_CLASS} queries' medians, in ms. soundbite: parse, search, count matches and transcripts, "
        "make the 10 hits (stored fields, highlights). Tantivy: parse, top 10 with the count, each hit's "
        "transcript. FTS5: top 10 with highlights, and the count.",
        "",
        "| corpus | class | soundbite median | soundbite p95 | Tantivy median | FTS5 median | soundbite / Tantivy |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    missed = []
    for result in results:
        for cls, engines_ in result["classes"].items():
            ours, peer, fts = engines_["soundbite"], engines_["tantivy"], engines_["fts5"]
            ratio = ours["median_ms"] / peer["median_ms"] if peer["median_ms"] else float("inf")
            lines.append(
                f"| {result['corpus']} | {cls} | {ours['median_ms']:.2f} | {ours['p95_ms']:.2f} | "
                f"{peer['median_ms']:.2f} | {fts['median_ms']:.2f} | {ratio:.0f}x |"
            )
            if ours["median_ms"] > TARGET_MEDIAN_MS or ours["p95_ms"] > TARGET_P95_MS:
                missed.append(f"{result['corpus']} {cls}")
    lines += [
        "",
        f"Target (issue 31): every class at most {TARGET_MEDIAN_MS:g} ms median and {TARGET_P95_MS:g} ms p95: "
        + ("met." if not missed else f"missed by {', '.join(missed)}."),
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", action="append", help="synthetic-50000, synthetic-10000 or briefings (repeatable)")
    parser.add_argument("--briefings-index", default="/tmp/large/ix-wh-whole", help="its soundbite index")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--save", default="warm", help="name of the results files")
    args = parser.parse_args()
    results = [bench_corpus(name, args) for name in args.corpus or ["synthetic-50000", "briefings"]]
    save_results(args.save, report(results, args.rounds), {"results": results, "rounds": args.rounds})


if __name__ == "__main__":
    main()
