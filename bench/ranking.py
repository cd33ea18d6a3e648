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

NDCG@10 per query: DCG of the top ten ((2^grade - 1) / log2(rank + 1)) over the
DCG of the ideal order of the query's judged passages. The table gives the
mean over the queries of each corpus and over all, for each setting of
`indexer.engine.adapter.ranking` (the text field's B, the length prior).
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from indexer.engine.adapter import ranking  # noqa: E402
from indexer.engine.querying.search import search  # noqa: E402
from indexer.model import SearchOptions  # noqa: E402

HERE = Path(__file__).resolve().parent / "ranking"
DEPTH = 10
# (name, text field's B, length prior in words): the first is Whoosh's defaults, as soundbite ranked before.
SETTINGS = [
    ("BM25F, B 0.75 (before)", 0.75, 0.0),
    ("B 0.5", 0.5, 0.0),
    ("B 0.3", 0.3, 0.0),
    ("B 0.75, prior 5", 0.75, 5.0),
    ("B 0.75, prior 10", 0.75, 10.0),
    ("B 0.5, prior 5", 0.5, 5.0),
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
    print(f"{len(queries)} queries, {sum(map(len, judged.values()))} judged passages; NDCG@{DEPTH}, mean\n")
    print("| setting | briefings | debates | all | unjudged in top 10 |")
    print("|---|---:|---:|---:|---:|")
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
        print(f"| {name} | " + " | ".join(f"{m:.3f}" for m in means) + f" | {unjudged} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
