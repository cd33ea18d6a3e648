"""Where a search with many matches spends its time, stage by stage, inside one process.

    python bench/search_profile.py                       # 50,000 transcripts, "climate change"
    python bench/search_profile.py --count 10000 --words climat chang

The p95 of phrase searches is set by the phrases with the most matches (the
generator's collocations follow a power law). This walks the same postings
the search walks, adding one stage at a time, so each stage's cost per posting
is visible: walking a posting list, scoring (BM25F), finding the phrase
(leapfrog plus positions), and the whole search (top 10, counts, highlights),
in one process and split across the cores by segment.
Words are given as indexed (stemmed): `climat chang` for "climate change".
Uses the index `search_bench.py` builds in the same work folder. Best of 3.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from whoosh.query import Term

from indexer.engine.adapter import postings
from indexer.engine.adapter.phrases import AdjacentWordsMatcher
from indexer.engine.querying.search import search
from indexer.engine.storage import store
from indexer.model import SearchOptions


def best_of(runs: int, work) -> tuple[float, object]:
    best, value = float("inf"), None
    for _ in range(runs):
        began = time.perf_counter()
        value = work()
        best = min(best, time.perf_counter() - began)
    return best, value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=50000)
    parser.add_argument("--words", nargs="+", default=["climat", "chang"])
    parser.add_argument("--query", default='"climate change"')
    parser.add_argument("--workdir", default=os.environ.get("SOUNDBITE_BENCH_DIR", "/tmp/soundbite-bench"))
    args = parser.parse_args()
    index_dir = Path(args.workdir) / f"index-synthetic-{args.count}"
    postings.install()
    index = store.open_for_search(index_dir)
    with index.searcher() as searcher:
        leaves = [leaf for leaf, _ in searcher.leaf_searchers()]

        def drain(make_matcher, score=False) -> int:
            """Step a fresh matcher of each segment to its end; the number of documents it matched."""
            total = 0
            for leaf in leaves:
                m = make_matcher(leaf)
                while m.is_active():
                    if score:
                        m.score()
                    total += 1
                    m.next()
            return total

        def walk(word, score=False):
            return drain(lambda leaf: Term("text", word).matcher(leaf), score)

        def phrase(score=False):
            return drain(lambda leaf: AdjacentWordsMatcher([Term("text", w).matcher(leaf) for w in args.words]), score)

        stages = [(f"walk the postings of {w!r}", lambda w=w: walk(w)) for w in args.words]
        stages += [
            (f"... and score each posting of {args.words[-1]!r}", lambda: walk(args.words[-1], score=True)),
            ("find the phrase: leapfrog + positions", phrase),
            ("... and score each match", lambda: phrase(score=True)),
        ]
        print(f"{args.count:,} transcripts, {len(leaves)} segments")
        for label, work in stages:
            seconds, n = best_of(3, work)
            print(f"  {label:48} {seconds * 1000:7.1f} ms  {n:>7,} items  {seconds / max(n, 1) * 1e6:5.2f} us each")
    for procs, how in (("1", "one process"), ("", "split by segment")):
        os.environ["SOUNDBITE_SEARCH_PROCS"] = procs
        seconds, result = best_of(3, lambda: search(index_dir, args.query, SearchOptions()))
        per = seconds / max(result.total, 1) * 1e6
        label = f"whole search, {how}: top 10, counts, highlights"
        print(f"  {label:48} {seconds * 1000:7.1f} ms  {result.total:>7,} hits   {per:5.2f} us each")


if __name__ == "__main__":
    main()
