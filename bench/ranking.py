"""Ranking test with graded judgements: NDCG@10 of soundbite's ranking, per setting, on real transcripts.

    python bench/ranking.py --briefings IX --debates IX               # NDCG@10 of each setting
    python bench/ranking.py --briefings IX --debates IX --pool OUT    # the passages to judge, as JSON

`ranking/queries.jsonl` holds topical queries on the White House briefings
(`../shared/large/wh-briefings.tar.xz`) and the presidential debates
(`../shared/corpus/speaker-lines/us-presidential-debates`), each with an optional
speaker filter. `ranking/judgements.jsonl` grades passages (`transcript#passage`)
for each: 2 relevant (says something of substance on the topic: an answer, a
position, facts), 1 partly (touches it, or asks about it with some substance),
0 not (names the word in passing, a one-line question, off the topic). The pool
judged was the union of every setting's top ten, so each setting is measured on
judged passages; an unjudged passage counts as not relevant.

Beside it, the known-item test: 150 passages drawn at random (seed 7) from each
index, each searched for by its three rarest words of four letters or more;
MRR@10 is the mean of 1/rank at which the passage itself comes back.

NDCG@10 per query: DCG of the top ten ((2^grade - 1) / log2(rank + 1)) over the
DCG of the ideal order of the query's judged passages. The table gives the
mean over the queries of each corpus and over all, for each setting of
`indexer.engine.adapter.ranking` (the text field's B, the length prior).
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
import procstat  # noqa: E402

from indexer.engine.adapter import ranking  # noqa: E402
from indexer.engine.querying.search import search  # noqa: E402
from indexer.model import SearchOptions  # noqa: E402

HERE = Path(__file__).resolve().parent / "ranking"
DEPTH = 10
# (name, text field's B, length prior in words): the first is Whoosh's defaults, as soundbite ranked before.
SETTINGS = [
    ("BM25F, B 0.75 (before)", 0.75, 0.0),
    ("B 0.5", 0.5, 0.0),
    ("B 0.4", 0.4, 0.0),
    ("B 0.3", 0.3, 0.0),
    ("B 0.2", 0.2, 0.0),
    ("B 0.75, prior 10 words", 0.75, 10.0),
    ("B 0.75, prior 20 words (chosen)", 0.75, 20.0),
    ("B 0.75, prior 30 words", 0.75, 30.0),
    ("B 0.75, prior 40 words", 0.75, 40.0),
    ("B 0.6, prior 30 words", 0.6, 30.0),
    ("B 0.5, prior 20 words", 0.5, 20.0),
]


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def key_of(entry: dict) -> tuple:
    return entry["corpus"], entry["query"], entry.get("speaker", "")


def top(index: Path, entry: dict, text_b: float, prior: float) -> list:
    ranking.TEXT_B, ranking.PRIOR_WORDS = text_b, prior
    options = SearchOptions(limit=DEPTH, speaker=entry.get("speaker") or None)
    return list(search(index, entry["query"], options).hits)


def ndcg(ranked: list[str], grades: dict[str, int]) -> float:
    def dcg(values):
        return sum((2**g - 1) / math.log2(rank + 2) for rank, g in enumerate(values))

    ideal = dcg(sorted(grades.values(), reverse=True)[:DEPTH])
    return dcg([grades.get(key, 0) for key in ranked[:DEPTH]]) / ideal if ideal else 0.0


def known_items(index: Path, count: int = 150, seed: int = 7) -> list[tuple[str, int, str]]:
    """(transcript, passage, query) for passages drawn at random: each asked for by its rarest words."""
    from indexer.engine.storage.store import open_for_search

    rng = random.Random(seed)
    picks: list[tuple[str, int, str]] = []
    with open_for_search(index).searcher() as searcher:
        reader = searcher.reader()
        while len(picks) < count:
            doc = rng.randrange(reader.doc_count_all())
            if reader.is_deleted(doc):
                continue
            stored = searcher.stored_fields(doc)
            words = {w.lower() for w in re.findall(r"[A-Za-z]{4,}", stored.get("text", ""))}
            if len(words) < 12:
                continue
            rarest = sorted(words, key=lambda w: (reader.doc_frequency("text_exact", w), w))[:3]
            picks.append((stored["transcript"], stored["passage"], " ".join(rarest)))
    return picks


def mrr(index: Path, picks, text_b: float, prior: float) -> float:
    total = 0.0
    for transcript, passage, query in picks:
        ranked = top(index, {"query": query}, text_b, prior)
        rank = next(
            (i for i, h in enumerate(ranked, 1) if (h.transcript.id, h.passage.number) == (transcript, passage)), 0
        )
        total += 1 / rank if rank else 0.0
    return total / len(picks)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--briefings", type=Path, required=True, help="an index of the White House briefings")
    parser.add_argument("--debates", type=Path, required=True, help="an index of the presidential debates")
    parser.add_argument("--pool", type=Path, help="write the passages to judge here instead")
    args = parser.parse_args()
    indexes = {"briefings": args.briefings, "debates": args.debates}
    queries = read_jsonl(HERE / "queries.jsonl")
    if args.pool:
        pool = []
        for entry in queries:
            seen: dict[str, dict] = {}
            for _, text_b, prior in SETTINGS:
                for hit in top(indexes[entry["corpus"]], entry, text_b, prior):
                    key = f"{hit.transcript.id}#{hit.passage.number}"
                    seen.setdefault(key, {"key": key, "speaker": hit.passage.speaker, "text": hit.passage.text})
            pool.append({**entry, "passages": list(seen.values())})
        args.pool.write_text(json.dumps(pool, indent=1, ensure_ascii=False), encoding="utf-8")
        print(f"{sum(len(q['passages']) for q in pool)} passages for {len(pool)} queries in {args.pool}")
        return 0
    judged = {key_of(entry): entry["grades"] for entry in read_jsonl(HERE / "judgements.jsonl")}
    missing = [entry["query"] for entry in queries if key_of(entry) not in judged]
    if missing:
        print(f"not judged: {', '.join(missing)}", file=sys.stderr)
        return 2
    lines = [
        f"{len(queries)} queries, {sum(map(len, judged.values()))} judged passages; NDCG@{DEPTH}, mean.\n",
        "| setting | NDCG@10 briefings | debates | all | unjudged in top 10 | known-item MRR@10 briefings | debates |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    data = {}
    picks = {corpus: known_items(index) for corpus, index in indexes.items()}
    for name, text_b, prior in SETTINGS:
        scores: dict[str, list[float]] = {"briefings": [], "debates": []}
        unjudged = 0
        for entry in queries:
            grades = judged[key_of(entry)]
            ranked = [
                f"{h.transcript.id}#{h.passage.number}" for h in top(indexes[entry["corpus"]], entry, text_b, prior)
            ]
            unjudged += sum(key not in grades for key in ranked)
            scores[entry["corpus"]].append(ndcg(ranked, grades))
        every = scores["briefings"] + scores["debates"]
        means = [statistics.mean(scores["briefings"]), statistics.mean(scores["debates"]), statistics.mean(every)]
        known = [mrr(indexes[corpus], picks[corpus], text_b, prior) for corpus in ("briefings", "debates")]
        cells = [*(f"{m:.3f}" for m in means), str(unjudged), *(f"{m:.3f}" for m in known)]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
        print(lines[-1], flush=True)
        data[name] = {"ndcg": means, "unjudged": unjudged, "known_item_mrr": known}
    procstat.save_results("ranking", "\n".join(lines), data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
