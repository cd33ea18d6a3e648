"""A best-first search scored in bulk (`bulk_matches`) gives Whoosh's own top hits, counts and scores, and
a resident `Searcher` follows the index as it changes."""

from __future__ import annotations

import shutil

import pytest
from conftest import FIXTURES, SEEDS
from test_golden import QUERIES as GOLDEN_QUERIES

from indexer.engine.adapter import bulk_matches
from indexer.engine.querying import search as searching
from indexer.engine.querying.query import parse_for
from indexer.engine.storage import store
from indexer.engine.storage.writer import index_paths
from indexer.errors import BadQuery
from indexer.model import SearchOptions

LANGUAGES = SEEDS.parent / "tests" / "languages"


@pytest.fixture(scope="module")
def changed_index(tmp_path_factory):
    """Several segments, one with deleted passages (a transcript re-indexed after a change), and
    transcripts in many languages (a word's forms in each: `BestOf` nodes)."""
    root = tmp_path_factory.mktemp("bulk")
    folder = root / "transcripts"
    shutil.copytree(SEEDS, folder / "seeds")
    index_dir = root / "index"
    index_paths(index_dir, [str(folder)])
    for part in (FIXTURES / "newsvideo", FIXTURES / "turns", FIXTURES / "captions", LANGUAGES):
        index_paths(index_dir, [str(part)])
    first = sorted((folder / "seeds").glob("*.txt"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "\nANCHOR: And one more line about Putin.\n", "utf-8")
    index_paths(index_dir, [str(folder)])
    return index_dir


QUERIES = [
    *(query for query in GOLDEN_QUERIES if query != "*"),
    "Putin AND Trump AND summit",
    "the -Putin",
    "the NOT (Putin OR Trump)",
    "Putin ANDMAYBE Trump",
    "the OR and OR of",
    "(Putin OR Trump) AND (the OR a)",
    "role:reporter AND the",
    "pres* OR sanct*",
    "sanctions^3 OR Putin",
    "banjir OR sequía OR deprem",
    "speaker:trump president",
    '"the president" OR "in the"',
    '"of the united states"',
    '"the president"~3',
    "zebra",
]


def whooshs(searcher, query, options: SearchOptions, wanted: int):
    """(top pairs, matches, transcripts) through Whoosh's TopCollector, as searches ran before."""
    collector, counter = searching._collectors(searcher, options, wanted)
    searcher.search_with_collector(query, collector)
    results = collector.results()
    return list(results.top_n), len(results), len(counter.values)


@pytest.mark.parametrize("wanted", [1, 10, 500])
@pytest.mark.parametrize("text", QUERIES)
def test_bulk_scoring_gives_whooshs_top_hits_and_counts(text, wanted, changed_index):
    index = store.open_for_search(changed_index)
    with index.searcher() as searcher:
        assert any(leaf.reader().has_deletions() for leaf, _ in searcher.leaf_searchers())  # (the fixture's point)
        query = parse_for(text, index)
        options = SearchOptions(limit=wanted)
        bulk = searching._best_in_bulk(searcher, query, options, wanted)
        assert bulk == whooshs(searcher, query, options, wanted)


@pytest.mark.parametrize(
    "options",
    [{"speaker": "trump"}, {"after": "0:30"}, {"network": "cgtn"}, {"transcript": "cgtn*"}, {"role": "reporter"}],
)
@pytest.mark.parametrize("text", ["the", "Putin OR Trump", "the -Putin"])
def test_bulk_scoring_within_filters(text, options, changed_index):
    index = store.open_for_search(changed_index)
    with index.searcher() as searcher:
        query = parse_for(text, index)
        search_options = SearchOptions(limit=10, **options)
        bulk = searching._best_in_bulk(searcher, query, search_options, 10)
        assert bulk == whooshs(searcher, query, search_options, 10)
        assert bulk[1] > 0


@pytest.mark.parametrize("text", ["the", "Putin AND Trump", "the -Putin", "the OR and", "pres*", "speaker:trump"])
def test_words_are_scored_from_whole_posting_lists(text, changed_index, monkeypatch):
    """Words, however combined, are never walked a posting at a time (deleted passages included)."""

    def walked(matcher):
        raise AssertionError(f"walked a posting at a time: {matcher!r}")

    monkeypatch.setattr(bulk_matches, "_walked", walked)
    result = searching.search(changed_index, text, limit=5)
    assert result.total > 0 and len(list(result.hits)) == min(5, result.total)


def test_phrases_with_a_slop_are_left_to_whoosh(changed_index):
    index = store.open_for_search(changed_index)
    assert bulk_matches.has_phrase(parse_for('"Miss Universe"~3 OR Putin', index))
    assert not bulk_matches.has_phrase(parse_for('"Miss Universe" OR Putin', index))  # (adjacent: in bulk)


@pytest.mark.parametrize("text", ['"Miss Universe"', '"the president"', '"in the"', '"of the united states"', '"a an"'])
def test_phrases_of_adjacent_words_are_matched_in_bulk(text, changed_index, monkeypatch):
    """No posting of a phrase of adjacent words is walked (deleted passages included), and the answer is
    Whoosh's (`test_bulk_scoring_gives_whooshs_top_hits_and_counts` has phrases too)."""

    def walked(matcher):
        raise AssertionError(f"walked a posting at a time: {matcher!r}")

    index = store.open_for_search(changed_index)
    with index.searcher() as searcher:
        query = parse_for(text, index)
        expected = whooshs(searcher, query, SearchOptions(limit=10), 10)
        monkeypatch.setattr(bulk_matches, "_walked", walked)
        assert searching._best_in_bulk(searcher, query, SearchOptions(limit=10), 10) == expected


def test_a_resident_searcher_follows_the_index(tmp_path):
    folder = tmp_path / "transcripts"
    folder.mkdir()
    shutil.copy(sorted(SEEDS.glob("*.txt"))[0], folder)
    index_dir = tmp_path / "index"
    index_paths(index_dir, [str(folder)])
    resident = searching.Searcher(index_dir, resident=True)
    before = resident.search("Putin", limit=3)
    assert before.total > 0
    assert resident.search("zebra").total == 0

    (folder / "zebra.txt").write_text("ANCHOR: A zebra crossed the road at noon.\n", encoding="utf-8")
    index_paths(index_dir, [str(folder)])  # a new state of the same generation
    found = resident.search("zebra")
    assert [(hit.transcript.id, hit.passage.text) for hit in found.hits] == [
        ("zebra", "A zebra crossed the road at noon.")
    ]
    assert [hit.passage.number for hit in before.hits]  # the earlier hits are still readable

    (folder / "zebra.txt").unlink()
    index_paths(index_dir, [str(folder)], rebuild=True)  # a new generation
    assert resident.search("zebra").total == 0
    assert resident.search("Putin").total == before.total


@pytest.mark.parametrize("prefix", [0, 1, 2])
@pytest.mark.parametrize("word", ["putn", "trunp", "sanctoins", "goverment", "elodie", "kgb", "x", "deprem", "banjr"])
def test_fuzzy_words_from_a_resident_searchers_vocabulary_are_whooshs(word, prefix, changed_index):
    """One edit away, found by looking every such string up in the words kept in memory: the words
    Whoosh's Levenshtein automaton finds walking the lexicon, in the same order."""
    from whoosh.query import FuzzyTerm

    from indexer.engine.adapter.fuzzy import ExpandedOnceFuzzyTerm, keep_vocabularies

    index = store.open_for_search(changed_index)
    with index.searcher() as plain, index.searcher() as resident:
        for (leaf, _), (kept, _) in zip(plain.leaf_searchers(), resident.leaf_searchers(), strict=True):
            keep_vocabularies(kept.reader())
            for field in ("text_exact", "speaker", "role"):
                whole_word = min(prefix, len(word))  # (Whoosh's automaton fails on a longer prefix)
                whooshs = list(FuzzyTerm(field, word, maxdist=1, prefixlength=whole_word)._btexts(leaf.reader()))
                ours = ExpandedOnceFuzzyTerm(field, word, maxdist=1, prefixlength=prefix)._btexts(kept.reader())
                assert ours == whooshs
        # Over all segments at once (the highlighter's words): each segment's, together.
        whole = ExpandedOnceFuzzyTerm("text_exact", word, maxdist=1, prefixlength=prefix)._btexts(plain.reader())
        each = {
            w
            for leaf, _ in plain.leaf_searchers()
            for w in FuzzyTerm("text_exact", word, maxdist=1, prefixlength=min(prefix, len(word)))._btexts(
                leaf.reader()
            )
        }
        assert whole == sorted(each)


def test_plain_passages_are_cut_into_the_analyzers_tokens(changed_index):
    """The highlighter's own tokens of passages in spaced scripts are the analyzer's: the same words,
    stems, positions and offsets; passages with a sign, a dotted word or an unspaced script go to the
    analyzer."""
    from indexer.engine.querying.highlight import _plain_tokens

    index = store.open_for_search(changed_index)
    analyzer = index.schema["text"].analyzer
    made = fallen_back = 0
    with index.searcher() as searcher:
        for stored in searcher.reader().all_stored_fields():
            text = stored["text"]
            for language in ("en", "fr", "tr"):
                ours = _plain_tokens(text, analyzer, language)
                if ours is None:
                    fallen_back += 1
                    continue
                made += 1
                tokens = analyzer(text, positions=True, chars=True, mode="index", removestops=False, language=language)
                theirs = [(t.text, t.exact, t.kind, t.pos, t.startchar, t.endchar, t.first_end) for t in tokens]
                assert [(t.text, t.exact, t.kind, t.pos, t.startchar, t.endchar, t.first_end) for t in ours] == theirs
    assert made > 100 and fallen_back > 5  # (both ways taken: the Chinese, Japanese, Thai ... transcripts)
    assert _plain_tokens("Call AT&T now", analyzer, "en") is None
    assert _plain_tokens("from django.contrib import admin", analyzer, "en") is None
    assert [t.exact for t in _plain_tokens("Élodie’s ﬁne", analyzer, "en")] == ["elodie", "s", "fine"]
    assert _plain_tokens("习近平说", analyzer, "zh") is None


@pytest.mark.parametrize(
    ("text", "options"),
    [
        ("the", {}),
        ("Putin OR Trump", {}),
        ("the -Putin", {"network": "cgtn"}),
        ("sanctions", {"after": "0:30"}),
        ('"Miss Universe"', {}),  # (a phrase: counted by the collectors it runs through)
        ('"the president" OR Putin', {"speaker": "king"}),
    ],
)
def test_a_resident_search_counts_by_speaker_and_network_as_count_by_does(text, options, changed_index):
    resident = searching.Searcher(changed_index, resident=True)
    result = resident.search(text, SearchOptions(limit=5, **options), counts=("speaker", "network"))
    assert result.counts is not None
    for field in ("speaker", "network"):
        assert result.counts[field] == searching.count_by(changed_index, text, field, SearchOptions(**options))
    assert sum(n for _, n in result.counts["network"]) == result.total


def test_counts_are_left_to_count_by_where_a_search_does_not_make_them(changed_index):
    resident = searching.Searcher(changed_index, resident=True)
    assert resident.search("the", SearchOptions(sort="time"), counts=("speaker",)).counts is None
    # A window counted back from each transcript's end applies after the search: `count_by` counts within it.
    assert resident.search("the", SearchOptions(after="-0:30"), counts=("speaker",)).counts is None
    assert searching.Searcher(changed_index).search("the", counts=("speaker",)).counts is None  # (not resident)


def test_plain_words_make_the_query_whooshs_parser_makes(changed_index, monkeypatch):
    # Plain words are made into a query without Whoosh's parser (its import is 4 ms of every terminal
    # search): the same query tree, word for word, over every plain word of a many-language index.
    from indexer.engine.querying import query as querying

    index = store.open_for_search(changed_index)
    reader = index.reader()
    words = sorted({word for field in ("text_exact", "speaker", "role") for word in reader.lexicon(field)} - {b""})
    words = [word.decode("utf-8") for word in words]
    plain = [word for word in words if word.isascii() and word.isalnum()]
    assert len(plain) > 500 and len(words) > len(plain)  # (the other words go to the parser)
    queries = [
        *words,
        *(word.upper() for word in plain[::7]),
        *(" ".join(plain[i : i + 3]) for i in range(0, len(plain), 11)),
        "Putin Putin",
        "1984 summit",
        "TO be",
    ]

    def outcome(text):
        try:
            return parse_for(text, index)
        except BadQuery as refused:
            return str(refused)

    made = [outcome(text) for text in queries]
    assert sum(querying._plain_words(text, index.schema) is not None for text in queries) >= len(plain)
    monkeypatch.setattr(querying, "_plain_words", lambda text, schema: None)
    parsed = [outcome(text) for text in queries]
    assert [(text, repr(query)) for text, query in zip(queries, made, strict=True)] == [
        (text, repr(query)) for text, query in zip(queries, parsed, strict=True)
    ]
    assert made == parsed
    reader.close()
