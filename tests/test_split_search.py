"""A search split across processes by segment gives exactly the answer of one process."""

from __future__ import annotations

import os

import pytest
from conftest import FIXTURES, SEEDS

from indexer.engine.querying import split_search
from indexer.engine.querying.search import search
from indexer.engine.storage.writer import index_paths
from indexer.settings import BadSetting, Settings


@pytest.fixture(scope="module")
def segmented_index(tmp_path_factory):
    """Four runs, four segments, each with its own document numbers and columns."""
    index_dir = tmp_path_factory.mktemp("segmented")
    for part in (SEEDS, FIXTURES / "newsvideo", FIXTURES / "captions", FIXTURES / "turns"):
        index_paths(index_dir, [str(part)])
    return index_dir


def answer(index_dir, query, **options):
    result = search(index_dir, query, **options)
    return (
        [(h.transcript.id, h.passage.number, h.score, h.snippet.plain) for h in result.hits],
        result.total,
        result.transcripts,
    )


@pytest.fixture
def split_everything(monkeypatch):
    """Split every search, in two processes, and record that it happened."""
    calls = []
    original = split_search.search_split

    def recorded(*args, **kwargs):
        calls.append(args[4])
        return original(*args, **kwargs)

    monkeypatch.setattr(split_search, "SPLIT_FROM", 0)
    monkeypatch.setattr(split_search, "processes", lambda cap=None: min(2, cap or 2))
    monkeypatch.setattr(split_search, "search_split", recorded)
    return calls


# Split: searches holding a phrase (words alone are scored in bulk in one process).
QUERIES = [
    ('"in the"', {}),
    ('"the president"~2', {}),
    ('"in the"~3', {"limit": 3, "offset": 2}),
    ('"in the"~2 Putin', {}),
    ('"in the"~2', {"speaker": "trump"}),
    ('"and the"~2 OR Putin', {"limit": 25}),
    ('"zebra crossing"~2', {}),
]


@pytest.mark.parametrize(("query", "options"), QUERIES)
def test_split_search_gives_the_single_process_answer(query, options, segmented_index, split_everything, monkeypatch):
    split = answer(segmented_index, query, **options)
    assert split_everything == [2]  # it did split
    monkeypatch.setattr(split_search, "processes", lambda cap=None: 1)
    assert split == answer(segmented_index, query, **options)
    assert split_everything == [2]  # and the second answer came from one process


def test_a_failed_child_means_one_process_does_it_all(segmented_index, split_everything, monkeypatch):
    parent = os.getpid()
    original = split_search.run_part

    def failing_in_child(*args):
        if os.getpid() != parent:
            raise RuntimeError("a child that fails")
        return original(*args)

    expected = answer(segmented_index, '"in the"~2')
    monkeypatch.setattr(split_search, "run_part", failing_in_child)
    assert answer(segmented_index, '"in the"~2') == expected
    assert split_everything == [2, 2]


@pytest.mark.parametrize("options", [{"sort": "time"}, {"limit": 0}, {"after": "-0:30"}])
def test_searches_whose_parts_do_not_merge_as_top_lists_run_whole(options, segmented_index, split_everything):
    answer(segmented_index, '"in the"~2', **options)
    assert split_everything == []


def test_a_resident_searcher_never_splits(segmented_index, split_everything):
    """A server's searcher answers from threads: a fork would copy one of them and the others' locks."""
    from indexer.engine.querying.search import Searcher

    result = Searcher(segmented_index, resident=True).search('"in the"~2 OR "of the"')
    assert result.total > 0 and split_everything == []
    answer(segmented_index, '"in the"~2')
    assert split_everything == [2]  # (a terminal search of the same does split)


@pytest.mark.parametrize("query", ["the", "the OR and", "the -Putin", "pres*", "goverment~"])
def test_searches_of_words_are_scored_in_bulk_in_one_process(query, segmented_index, split_everything):
    answer(segmented_index, query)
    assert split_everything == []


def test_segments_are_shared_out_by_size():
    class Leaf:
        def __init__(self, docs):
            self.docs = docs

        def doc_count_all(self):
            return self.docs

    leaves = [(Leaf(n), 0) for n in (10, 370, 5, 360)]
    assert split_search.shares(leaves, 2) == [[1, 2], [0, 3]]
    assert split_search.shares(leaves[:1], 2) == [[0]]


def test_the_number_of_processes_is_the_cores_unless_capped(monkeypatch):
    monkeypatch.setattr(os, "cpu_count", lambda: 4)
    assert split_search.processes() == 4
    assert split_search.processes(1) == 1
    assert split_search.processes(16) == 4
    monkeypatch.setenv("SOUNDBITE_SEARCH_PROCS", "1")
    assert Settings.from_environ().search_procs == 1
    monkeypatch.setenv("SOUNDBITE_SEARCH_PROCS", "many")
    with pytest.raises(BadSetting, match="SOUNDBITE_SEARCH_PROCS='many' is not a whole number"):
        Settings.from_environ()


def test_small_searches_are_not_split(segmented_index, monkeypatch):
    monkeypatch.setattr(split_search, "processes", lambda cap=None: 2)
    calls = []
    monkeypatch.setattr(split_search, "search_split", lambda *a, **k: calls.append(a))
    search(segmented_index, "Putin")
    assert calls == []  # a handful of postings: forking would cost more than it saves
