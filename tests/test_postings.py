"""The search-side Whoosh shortcuts give Whoosh's own numbers: the same scores, the same transcript counts."""

from __future__ import annotations

import pytest
from test_golden import QUERIES
from whoosh.collectors import FacetCollector, UnlimitedCollector
from whoosh.scoring import WeightLengthScorer
from whoosh.sorting import FieldFacet

from indexer.engine.adapter import postings
from indexer.engine.querying.query import parse_query
from indexer.engine.querying.search import search
from indexer.engine.storage import store
from indexer.engine.storage.writer import index_paths


def scored(index_dir, query_text, fast: bool) -> list[tuple[int, float]]:
    if fast:
        postings.install()
    else:
        WeightLengthScorer.setup = postings._original_setup
    try:
        index = store.open_for_search(index_dir)
        with index.searcher() as searcher:
            results = searcher.search(parse_query(query_text, index.schema), limit=None)
            return [(hit.docnum, hit.score) for hit in results]
    finally:
        postings.install()


@pytest.mark.parametrize("query", QUERIES)
def test_scores_from_lengths_read_once_are_exactly_whooshs(query, all_fixtures_index):
    assert scored(all_fixtures_index, query, fast=True) == scored(all_fixtures_index, query, fast=False)


def whoosh_counts(index_dir, query_text) -> tuple[int, int]:
    index = store.open_for_search(index_dir)
    with index.searcher() as searcher:
        collector = FacetCollector(UnlimitedCollector(), {"t": FieldFacet("transcript")})
        searcher.search_with_collector(parse_query(query_text, index.schema), collector)
        results = collector.results()
        return len(results), len(results.groups("t"))


@pytest.mark.parametrize("whole_column_from", [1, 10_000])
@pytest.mark.parametrize("query", ["the", "Putin", "*", "speaker:trump", '"Miss Universe"', "zebra"])
def test_transcript_counts_match_whooshs_facets(query, whole_column_from, all_fixtures_index, monkeypatch):
    monkeypatch.setattr(postings.DistinctCounter, "WHOLE_COLUMN_FROM", whole_column_from)
    result = search(all_fixtures_index, query, limit=0)
    assert (result.total, result.transcripts) == whoosh_counts(all_fixtures_index, query)
    assert result.transcripts == len({hit.transcript.path for hit in result.hits})


def test_counts_and_scores_hold_across_segments(tmp_path, monkeypatch):
    """Several segments (one per run), each with its own columns and document numbers."""
    from conftest import FIXTURES, SEEDS

    index_dir = tmp_path / "ix"
    for part in (SEEDS, FIXTURES / "newsvideo", FIXTURES / "captions", FIXTURES / "turns"):
        index_paths(index_dir, [str(part)])
    index = store.open_for_search(index_dir)
    assert len(index._segments()) >= 2  # the case under test
    monkeypatch.setattr(postings.DistinctCounter, "WHOLE_COLUMN_FROM", 1)
    for query in ("the", "and", "Putin"):
        result = search(index_dir, query, limit=0)
        assert (result.total, result.transcripts) == whoosh_counts(index_dir, query)
        assert scored(index_dir, query, fast=True) == scored(index_dir, query, fast=False)


def test_the_fast_path_is_the_one_taken_on_soundbites_own_indexes(all_fixtures_index):
    index = store.open_for_search(all_fixtures_index)
    with index.searcher() as searcher:
        for leaf, _offset in searcher.leaf_searchers():
            lengths = postings._length_bytes(leaf.reader(), "text")
            assert lengths is not None
            assert len(lengths) == leaf.reader().doc_count_all() + 1


def blocks(leaf, word: str) -> list[tuple[tuple, list]]:
    """Every block of a word's postings as (document numbers, weights)."""
    from whoosh.query import Term

    matcher = Term("text", word).matcher(leaf)
    found = []
    while matcher.is_active():
        matcher._read_ids()
        matcher._read_weights()
        found.append((tuple(matcher._ids), list(matcher._weights)))
        matcher._next_block()
    return found


def test_posting_blocks_are_read_as_whoosh_reads_them(tmp_path):
    from whoosh.codec.whoosh3 import W3LeafMatcher

    # Enough passages that common words fill several blocks, some weights above 1.
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(40):
        (folder / f"t{n}.srt").write_text(
            "".join(
                f"{i}\n00:00:{i:02d},000 --> 00:00:{i:02d},900\nthe report on the budget {n} and the {i}\n\n"
                for i in range(1, 30)
            )
        )
    index_dir = tmp_path / "ix"
    index_paths(index_dir, [str(folder)])
    index = store.open_for_search(index_dir)
    with index.searcher() as searcher:
        for leaf, _ in searcher.leaf_searchers():
            for word in ("the", "budget", "report", "and"):
                postings.install()
                ours = blocks(leaf, word)
                W3LeafMatcher._read_ids, W3LeafMatcher._read_weights = postings._whooshs_block_readers
                try:
                    theirs = blocks(leaf, word)
                finally:
                    postings.install()
                assert len(ours) > 1 or word != "the"  # "the" spans several blocks: the case under test
                assert ours == theirs
