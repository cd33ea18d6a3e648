"""Ranked hits pinned on a fixed corpus, so that speed work cannot silently change results.

The queries cover every query class the search benchmark measures. To accept a
deliberate change in ranking, regenerate with `pytest tests/test_golden.py
--update-golden` (an option, not an environment variable, so it is never left
on by accident) and review the diff of tests/golden/search_hits.json.
"""

from __future__ import annotations

import json
from pathlib import Path

from indexer.engine.querying.search import search

GOLDEN = Path(__file__).parent / "golden" / "search_hits.json"
QUERIES = [
    "Putin",
    "the",
    "KGB",
    "sanctions",
    "Putin AND Trump",
    "cheque OR highways",
    '"Miss Universe"',
    '"relationship Putin"~3',
    "speaker:trump",
    "role:minister",
    "sanct*",
    "Puttin~",
    "elodie",
    "evening -debate",
    "network:cgtn",
    "*",
]


def current_hits(index_dir: Path) -> dict:
    return {
        query: [
            [hit.transcript.id, hit.passage.number, round(hit.score, 3)]
            for hit in search(index_dir, query, limit=0).hits
        ]
        for query in QUERIES
    }


def test_hits_and_order_are_unchanged(all_fixtures_index, request):
    hits = current_hits(all_fixtures_index)
    if request.config.getoption("--update-golden"):
        GOLDEN.write_text(json.dumps(hits, indent=1, ensure_ascii=False) + "\n")
    expected = json.loads(GOLDEN.read_text())
    for query in QUERIES:
        assert hits[query] == expected[query], query
