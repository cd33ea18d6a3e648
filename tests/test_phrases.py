"""`AdjacentPhrase` finds exactly what Whoosh's `Phrase` finds, with exactly its scores."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from whoosh.analysis import RegexTokenizer
from whoosh.fields import ID, TEXT, Schema
from whoosh.filedb.filestore import RamStorage
from whoosh.query import Phrase

from indexer.engine.adapter.phrases import AdjacentPhrase, adjacent_phrases
from indexer.engine.querying.query import parse_query
from indexer.engine.querying.search import search
from indexer.engine.storage import store


def whoosh_phrases(query):
    """The same query with Whoosh's own Phrase everywhere."""

    def back(node):
        if isinstance(node, AdjacentPhrase):
            return Phrase(node.fieldname, node.words, slop=node.slop, boost=node.boost, char_ranges=node.char_ranges)
        return node

    return query.accept(back)


def hits(searcher, query) -> list[tuple[int, float]]:
    return [(hit.docnum, hit.score) for hit in searcher.search(query, limit=None)]


PHRASES = [
    '"Miss Universe"',
    '"the president"',
    '"of the"',
    '"in the world"',
    '"the the"',
    '"Vladimir Putin"',  # also a phrase in the speaker field
    '"president of the united states"',
    '"Putin zebra"',  # a word the index has never seen
    '"climate change" OR "miss universe"',
    'Putin AND "the summit"',
    '"relationship Putin"~3',  # a slop: stays Whoosh's
    '"the president"^2.5',
]


@pytest.mark.parametrize("text", PHRASES)
def test_the_same_hits_and_scores_as_whooshs_phrase(text, all_fixtures_index):
    index = store.open_for_search(all_fixtures_index)
    query = parse_query(text, index.schema)
    with index.searcher() as searcher:
        assert hits(searcher, query) == hits(searcher, whoosh_phrases(query))


def test_slop_one_phrases_are_the_ones_replaced(all_fixtures_index):
    index = store.open_for_search(all_fixtures_index)
    swapped = [type(leaf) for leaf in parse_query('"Miss Universe"', index.schema).leaves()]
    assert AdjacentPhrase in swapped
    kept = [type(leaf) for leaf in parse_query('"relationship Putin"~3', index.schema).leaves()]
    assert AdjacentPhrase not in kept and Phrase in kept


def test_a_phrase_search_reports_whooshs_count_and_marks_the_phrase(all_fixtures_index):
    result = search(all_fixtures_index, '"Miss Universe"', limit=0)
    assert result.total == 1
    (hit,) = result.hits
    assert [hit.passage.text[s:e] for s, e in hit.matches] == ["Miss", "Universe"]


WORDS = ["red", "green", "blue", "red", "gold"]  # "red" twice: phrases with repeated words are common
# Words of very different frequencies, so that the words' postings leapfrog unevenly.
SKEWED = ["the"] * 12 + ["of"] * 6 + ["rule", "law", "red", "gold"]


@st.composite
def documents_and_phrase(draw):
    words = draw(st.sampled_from([WORDS, SKEWED]))
    documents = draw(st.lists(st.lists(st.sampled_from(words), min_size=1, max_size=10), min_size=1, max_size=400))
    phrase = draw(st.lists(st.sampled_from(sorted(set(words))), min_size=2, max_size=4))
    return documents, phrase


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=documents_and_phrase(), segments=st.integers(min_value=1, max_value=3))
def test_any_phrase_in_any_documents_matches_as_whoosh_does(case, segments):
    documents, phrase = case
    schema = Schema(text=TEXT(analyzer=RegexTokenizer(), phrase=True), n=ID(stored=True))
    index = RamStorage().create_index(schema)
    # Several commits make several segments, each searched with its own document numbers.
    size = -(-len(documents) // segments)
    for start in range(0, len(documents), size):
        with index.writer() as writer:
            for n, words in enumerate(documents[start : start + size], start):
                writer.add_document(text=" ".join(words), n=str(n))
    plain = Phrase("text", phrase)
    with index.searcher() as searcher:
        expected = hits(searcher, plain)
        assert hits(searcher, adjacent_phrases(plain)) == expected
    # And by brute force: the documents that hold the words one after another.
    holding = {
        n for n, words in enumerate(documents) if any(words[i : i + len(phrase)] == phrase for i in range(len(words)))
    }
    with index.searcher() as searcher:
        assert {int(searcher.stored_fields(d)["n"]) for d, _ in expected} == holding


def test_positions_are_decoded_by_the_direct_path_on_soundbites_indexes(all_fixtures_index):
    from whoosh.query import Term

    from indexer.engine.adapter.phrases import _positions_reader

    index = store.open_for_search(all_fixtures_index)
    with index.searcher() as searcher:
        leaf, _ = next(iter(searcher.leaf_searchers()))
        matcher = Term("text", "putin").matcher(leaf)
        reader = _positions_reader(matcher)
        assert reader.__name__ == "positions"  # not Whoosh's generic decoder
        assert list(reader()) == matcher.value_as("positions")
