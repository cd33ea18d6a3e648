"""Running a search: the query and filters through Whoosh's collectors to ranked, highlighted hits.

Everything possible is Whoosh's own machinery: BM25F scoring, collectors for
filters, sorting and facets. What this module adds is the collector stack
that also counts the matching transcripts, the choice to split a heavy search
across cores (`split_search`), paging, and hits as plain data with the
character offsets of every matched word. The query syntax is `query`'s, the
options' meaning `filters`'.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

from indexer.engine.querying import filters
from indexer.engine.querying.highlight import highlight, wanted_from
from indexer.engine.querying.links import media_link
from indexer.engine.querying.near import leaf_pairs, scores, split_near
from indexer.engine.querying.query import parse_for
from indexer.engine.querying.suggest import suggest
from indexer.engine.storage import store
from indexer.engine.storage.schema import (
    COUNT_COLUMNS,
    DATE,
    PASSAGE,
    SPEAKER,
    START,
    START_AT,
    TEXT,
    TRANSCRIPT,
    passage_of,
    transcript_of,
)
from indexer.engine.storage.stored import neighbours, with_transcript
from indexer.errors import BadQuery
from indexer.model import Hit, SearchOptions, SearchResult
from indexer.settings import Settings

COUNT_FIELDS = tuple(COUNT_COLUMNS)
# At most this many hits, a query may still hold a typo (`ceasfire`, written once): a suggestion is looked for.
FEW_HITS = 3


def suggestion(index_dir: Path, text: str) -> str | None:
    """`Did you mean` for a query (as `search` gives it), for the commands that run one without a search:
    `trend`, `export`."""
    index = store.open_for_search(index_dir)
    with index.searcher() as searcher:
        return _suggestion(index, searcher, text)


def _suggestion(index, searcher, text: str) -> str | None:
    """The query with its typos corrected, where the corrected query finds something."""
    return suggest(searcher, text, lambda fixed: _finds_any(searcher, index, fixed))


def _collectors(searcher, options: SearchOptions, wanted_docs: int | None, counted: dict | None = None):
    """The collector stack for a search, and the DistinctCounter in it that counts transcripts (and, with
    `counted`, a column -> Counter, the matching passages by each column's value)."""
    from whoosh.collectors import FilterCollector, TopCollector

    from indexer.engine.adapter.postings import DistinctCounter

    # (Searches in time or date order are answered from the columns: `_from_columns`.)
    if wanted_docs and wanted_docs < searcher.doc_count():
        # Every match is counted (the total and the transcripts are exact): no block-quality skipping,
        # and no matcher replacement (`replace=0`). Whoosh's TopCollector replaces the matcher every
        # 10 matches once it holds the top N, and an OR drops a branch whose best score cannot reach
        # the Nth: `ukraine` (text, speaker and role) counted 4,806 of its 9,986 passages in the
        # White House briefings.
        inner = TopCollector(wanted_docs, usequality=False, replace=0)
    elif wanted_docs:
        inner = searcher.collector(limit=wanted_docs, optimize=False)
    else:  # every match, best first: in arrays, not a tuple and a set entry a match
        from indexer.engine.adapter.ranked_all import RankAllCollector

        inner = RankAllCollector()
    # Searcher.search(groupedby=...) drops the limit and sorts every match,
    # so the collectors are stacked by hand.
    collector = counter = DistinctCounter(inner, TRANSCRIPT, counted)
    restrict = filters.build_filter(options)
    if restrict is not None:
        collector = FilterCollector(collector, restrict, None)
    return collector, counter


def _run(
    index_dir: Path,
    searcher,
    query,
    options: SearchOptions,
    wanted_docs: int | None,
    procs: int | None,
    resident: bool = False,
    counted: dict | None = None,
):
    """(top (score, docnum) pairs, match count, transcript count): in one process, or split when that pays.

    Sorted by time, Whoosh puts the sort key where the score goes.
    """
    from indexer.engine.querying import split_search

    if options.sort in filters.COLUMN_SORTS or is_every(query):
        return _from_columns(searcher, query, options, wanted_docs)

    from indexer.engine.adapter.bulk_matches import has_phrase

    # A best-first search with a limit scores every match in bulk in one process (`press` at 50,000
    # transcripts: 4 ms warm). A phrase, whose positions are compared passage by passage, is split
    # across processes instead where that pays (only such a search merges simply: its parts are top-N
    # lists): `"the president"` on the briefings took 0.81 s in bulk in one process, 0.53 s split in
    # two. A phrase with a slop is matched by Whoosh a passage at a time, never in bulk.
    best_first = options.sort == "score" and wanted_docs
    if best_first and not has_phrase(query, adjacent_too=True):
        return _best_in_bulk(searcher, query, options, wanted_docs, resident, counted)

    def make_collectors(any_searcher):
        return _collectors(any_searcher, options, wanted_docs, counted)

    parts = split_search.worth_splitting(searcher, query, procs) if best_first else 1
    if parts == 1 and best_first and not has_phrase(query):
        return _best_in_bulk(searcher, query, options, wanted_docs, resident, counted)
    if parts > 1:
        split = split_search.search_split(
            lambda: store.open_for_search(index_dir), searcher, query, make_collectors, parts, wanted_docs
        )
        if split is not None:
            top, total, transcripts = split
            return top, total, len(transcripts)
    collector, counter = make_collectors(searcher)
    searcher.search_with_collector(query, collector)
    ranking = counter.child
    if hasattr(ranking, "ranked"):  # every match (`RankAllCollector`)
        return ranking.ranked(), ranking.count(), len(counter.values)
    results = collector.results()
    return results.top_n, len(results), len(counter.values)


def _column_of(field: str) -> str:
    """The column a count by `field` reads (`count_by`'s, or the dates)."""
    return DATE if field == DATE else COUNT_COLUMNS[field]


def _best_in_bulk(
    searcher, query, options: SearchOptions, wanted_docs: int, resident: bool = False, counted: dict | None = None
):
    """(the best `wanted_docs` (score, docnum) pairs, match count, transcript count) of a best-first search:
    every match of each segment scored in bulk (`bulk_matches`), counted, and its transcript noted; the
    top kept in a bounded heap. The same pairs, in the same order, as Whoosh's TopCollector gives.

    A `resident` searcher reads each segment's transcript column whole, once, for all its searches
    (`distinct_values`). `counted` (resident only: column -> Counter) gets each column's matching
    passages by value (bytes) in the same pass.
    """
    from heapq import nlargest
    from itertools import chain, compress, repeat

    from indexer.engine.adapter.bulk_matches import scored_query
    from indexer.engine.adapter.postings import add_counts, column_values, distinct_values

    restrict = filters.build_filter(options)
    context = searcher.context()  # (as search_with_collector makes it: the same matcher trees)
    total, transcripts, best = 0, set(), []
    for leaf, offset in searcher.leaf_searchers():
        found = scored_query(query, leaf, context)
        if found and restrict is not None:
            allowed = found.keys() & set(restrict.docs(leaf))
            found = {doc: found[doc] for doc in allowed}
        if not found:
            continue
        total += len(found)
        if resident:
            reader = leaf.reader()
            transcripts.update(distinct_values(reader, TRANSCRIPT, found))
            add_counts(reader, counted or {}, found)
        else:
            transcripts.update(column_values(leaf.reader(), TRANSCRIPT, found))
        if len(found) > 4 * wanted_docs:  # only those scoring at least the Nth best can be in the top N
            cut = nlargest(wanted_docs, found.values())[-1]
            found = dict(compress(found.items(), map(cut.__le__, found.values())))
        # (score, minus the index-wide document number): the larger first, ties to the lower number.
        keyed = zip(found.values(), map(int.__sub__, repeat(-offset), found), strict=True)
        best = nlargest(wanted_docs, chain(best, keyed))
    return [(score, -negated) for score, negated in best], total, len(transcripts)


class LazyHits(Sequence):
    """A search's hits, each made (stored fields read, highlighted) when it is asked for and not kept:
    `search the -n 0 --json` writes its first line before the last hit is made, and its memory does not
    grow with the number of hits. A list where a caller needs one (`list(result.hits)`)."""

    def __init__(self, found: list, make):
        self._found = found
        self._make = make

    def __len__(self) -> int:
        return len(self._found)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self._make(item) for item in self._found[index]]
        return self._make(self._found[index])

    def __iter__(self):
        return (self._make(item) for item in self._found)

    def __eq__(self, other):
        return list(self) == list(other)

    def __repr__(self):
        return f"LazyHits({len(self)} hits)"


def is_every(query) -> bool:
    """Whether the query is every passage: `*` (`parse_query` makes it Whoosh's field-less Every)."""
    from whoosh.query import Every

    return isinstance(query, Every) and not query.fieldname


def _as_filter(query, options: SearchOptions):
    """A query of one transcript pattern (`transcript:press-briefings*`) as `*` with `-t` of that pattern:
    a filter of the ids it names, not a score for each of their passages (18 s on the briefings)."""
    from dataclasses import replace

    from whoosh.query import Every, Prefix, Wildcard

    if options.transcript is None and isinstance(query, (Prefix, Wildcard)) and query.fieldname == TRANSCRIPT:
        glob = query.text + "*" if isinstance(query, Prefix) else query.text
        return Every(), replace(options, transcript=glob)
    return query, options


def _from_columns(searcher, query, options: SearchOptions, wanted_docs: int | None):
    """(top, match count, transcript count) of a search that no score orders: `*`, filters alone, or any
    query in time order. The matching documents are read from the postings and the filters, never
    scored; their transcripts and start times from the columns; and only the first `wanted_docs` in
    time order are kept (a bounded heap), never a sort of every match. Scoring all 374,000 briefings
    passages for `*` took a minute; this takes under a second.

    In time order the top is (sort key, docnum) as Whoosh's sorted collector gives it (`_hit` shows no
    score); otherwise every match scores 1, in index order.
    """
    import heapq

    from whoosh.query import And

    restrict = filters.build_filter(options)
    every = is_every(query)
    # What lets a document through: the filters alone for `*` (None: every document), else both.
    wanted = restrict if every else query if restrict is None else And([query, restrict])
    by_time = options.sort in filters.COLUMN_SORTS
    by_date = options.sort == "date"
    total, transcripts, candidates = 0, set(), []
    for leaf, offset in searcher.leaf_searchers():
        reader = leaf.reader()
        local = filters.docs_within(leaf, wanted)
        total += len(local)
        if not local:
            continue
        ids = None
        if wanted is None and not reader.has_deletions():
            transcripts.update(reader.lexicon(TRANSCRIPT))  # (every id of the segment, without a column)
        else:
            ids = _column(reader, TRANSCRIPT, len(local))
            transcripts.update(ids(d) for d in local)
        if by_time:
            ids = ids or _column(reader, TRANSCRIPT, len(local))
            starts = _column(reader, START_AT, len(local))
            if by_date:
                dates = _column(reader, DATE, len(local))
                keyed = ((filters.newest_first(dates(d)), ids(d), starts(d), offset + d) for d in local)
            else:
                keyed = ((ids(d), starts(d), offset + d) for d in local)
            candidates += heapq.nsmallest(wanted_docs, keyed) if wanted_docs else keyed
        else:
            candidates += [offset + d for d in (local[:wanted_docs] if wanted_docs else local)]
    if by_time:
        chosen = heapq.nsmallest(wanted_docs, candidates) if wanted_docs else sorted(candidates)
        return [(entry[:-1], entry[-1]) for entry in chosen], total, len(transcripts)
    chosen = sorted(candidates)[:wanted_docs] if wanted_docs else sorted(candidates)
    return [(1.0, doc) for doc in chosen], total, len(transcripts)


def _column(reader, field: str, wanted: int):
    """A document's value of a column field: read whole once where many of the segment's are wanted (a
    column of 370,000 is a list in 0.4 s; text in one read), one at a time where few are (1.5 µs each)."""
    from indexer.engine.adapter.postings import whole_column

    if wanted * 8 > reader.doc_count_all():
        raw = whole_column(reader.column_reader(field, translate=False))
        if raw is not None:
            return lambda docnum: raw(docnum).decode("utf-8")
        return list(reader.column_reader(field)).__getitem__
    return reader.column_reader(field).__getitem__


def search(
    index_dir: Path,
    text: str,
    options: SearchOptions | None = None,
    settings: Settings | None = None,
    **kwargs,
) -> SearchResult:
    """The best passages for `text`, filtered and paged as `options` (or `kwargs`, its fields) say: one
    search of an index opened for it (`Searcher` keeps one open for many).

    `settings` (how many processes a search may use) default to the environment's.
    """
    return Searcher(index_dir, settings).search(text, options, **kwargs)


class Searcher:
    """An index opened for searching, for one search or for as many as come (`resident`: a server's).

    A resident searcher keeps what its searches read whole (field lengths, the transcript column) with
    each segment, and follows the index: a search after a `soundbite index` beside it searches the newly
    published state. Hits made from an earlier state stay readable while they are in use.
    """

    def __init__(self, index_dir: Path, settings: Settings | None = None, resident: bool = False):
        from indexer.engine.adapter import postings

        postings.install()
        self.index_dir = index_dir
        self.settings = settings or Settings.from_environ()
        self.resident = resident
        self._generation = store.current_generation(index_dir) if resident else None
        self._index = store.open_for_search(index_dir)
        self._searcher = None
        self._transcripts: dict = {}  # transcript id -> its stored fields, for the current searcher

    def current(self):
        """(index, Whoosh searcher) of the index's newest published state."""
        if self._searcher is None:
            self._open()
        elif self.resident:
            generation = store.current_generation(self.index_dir)
            if generation != self._generation:  # a rebuild published a new generation: open it
                self._generation, self._index = generation, store.open_for_search(self.index_dir)
                self._open()
            elif not self._searcher.up_to_date():
                # A fresh searcher, not Whoosh's `refresh`: that closes the readers it does not reuse
                # (in Whoosh 2.7.4, all of them), under hits still being read.
                self._open()
        return self._index, self._searcher

    def _open(self) -> None:
        self._searcher, self._transcripts = self._index.searcher(), {}
        if self.resident:
            from indexer.engine.adapter.fuzzy import keep_vocabularies

            for leaf, _ in self._searcher.leaf_searchers():
                keep_vocabularies(leaf.reader())

    def warm(self) -> None:
        """Read now, for a resident searcher, what its first searches would: each segment's transcript,
        speaker, network and date columns and its passages' lengths (0.8 s at 50,000 transcripts)."""
        from indexer.engine.adapter.postings import warm

        _, searcher = self.current()
        columns = (TRANSCRIPT, *COUNT_COLUMNS.values(), DATE)
        for leaf, _ in searcher.leaf_searchers():
            warm(leaf.reader(), columns, (TEXT,))

    def search(
        self, text: str, options: SearchOptions | None = None, counts: tuple[str, ...] = (), **kwargs
    ) -> SearchResult:
        """The best passages for `text`, filtered and paged as `options` (or `kwargs`, its fields) say.

        `counts` (a resident searcher's): COUNT_COLUMNS fields (or `date`) whose matching passages by
        value are counted in the same pass where the search is scored in bulk (`SearchResult.counts`), as
        `count_by` counts them; elsewhere `counts` is None and `count_by` answers."""
        if any(field != DATE and field not in COUNT_COLUMNS for field in counts):
            raise BadQuery(f"counts must be among {', '.join([*COUNT_COLUMNS, DATE])}, not {counts!r}")
        options = options or SearchOptions(**kwargs)
        filters.check_sort(options)
        began = time.perf_counter()
        near = split_near(text)
        if near is not None:
            return _search_near(self._index if not self.resident else self.current()[0], near, options, began)
        # Open for as long as the hits are read: they are made as they are asked for (`LazyHits`).
        index, searcher = self.current()
        query, options = _as_filter(parse_for(text, index), options)
        from_end = filters.from_end(options)
        wanted_docs = options.offset + options.limit if options.limit and not from_end else None
        # A resident searcher serves threads: it never forks a split search (a fork copies one thread and
        # whatever locks the others held).
        procs = 1 if self.resident else self.settings.search_procs
        from collections import Counter

        # (Not with a window from the end: the matches are counted before it is applied, `count_by` after.)
        counted = {field: Counter() for field in counts} if self.resident and not from_end else None
        columns = {_column_of(field): found for field, found in counted.items()} if counted else None
        top, total, transcripts = _run(
            self.index_dir, searcher, query, options, wanted_docs, procs, self.resident, columns
        )
        shared = self._transcripts
        if from_end:  # every match was collected: keep those in the window, then page
            found = [(score, with_transcript(searcher, searcher.stored_fields(d), shared)) for score, d in top]
            found = [(score, stored) for score, stored in found if filters.within_end(stored, *from_end)]
            total, transcripts = len(found), len({stored[TRANSCRIPT] for _, stored in found})
            found = found[options.offset :][: options.limit or None]
        else:
            found = top[options.offset :][: options.limit or None]
        wanted = wanted_from(query, searcher.reader())
        analyzer = index.schema[TEXT].analyzer

        def make(item) -> Hit:
            score, stored = item
            if isinstance(stored, int):
                stored = with_transcript(searcher, searcher.stored_fields(stored), shared)
            return _hit(searcher, stored, score, wanted, analyzer, options)

        hits = LazyHits(found, make)
        suggestion = _suggestion(index, searcher, text) if total <= FEW_HITS else None
        by_value = None
        if counted and (total == 0 or any(counted.values())):  # (empty though matches: not counted here)
            by_value = {field: _by_name(found_counts) for field, found_counts in counted.items()}
            if SPEAKER in by_value:
                by_value[SPEAKER] = _one_name_a_person(by_value[SPEAKER])
        return SearchResult(
            hits=hits,
            total=total,
            transcripts=transcripts,
            seconds=time.perf_counter() - began,
            suggestion=suggestion,
            counts=by_value,
        )


def near_queries(index, near: tuple[str, float, str], options: SearchOptions):
    """The two sides of `LEFT NEAR/Ns RIGHT` as Whoosh queries, each within the filters."""
    from whoosh.query import And

    left_text, seconds, right_text = near
    restrict = filters.build_filter(options)
    sides = []
    for side in (left_text, right_text):
        query = parse_for(side, index)
        sides.append(query if restrict is None else And([query, restrict]))
    return sides[0], sides[1], seconds


def near_pairs(searcher, left, right, seconds: float) -> list[tuple[float, int, int]]:
    """(score, left document, right document) of every NEAR pair, index-wide document numbers: within the
    window by passages, and by the matched words' own times where the passages are longer than it."""
    from indexer.engine.querying.near import word_gap_finder

    analyzer = searcher.schema[TEXT].analyzer
    reader = searcher.reader()
    left_wanted, right_wanted = wanted_from(left, reader), wanted_from(right, reader)
    found = []
    for leaf, offset in searcher.leaf_searchers():
        word_gap = word_gap_finder(leaf, left_wanted, right_wanted, analyzer, said_at)
        pairs = leaf_pairs(leaf, left, right, seconds, word_gap)
        if not pairs:
            continue
        left_scores = scores(leaf, left, [a for a, _ in pairs])
        right_scores = scores(leaf, right, [b for _, b in pairs])
        found += [(left_scores.get(a, 0.0) + right_scores.get(b, 0.0), offset + a, offset + b) for a, b in pairs]
    return found


def _search_near(index, near, options: SearchOptions, began: float) -> SearchResult:
    """A NEAR/…s search: a hit a pair, shown from its earlier passage, both sides highlighted."""
    from whoosh.query import Or

    left, right, seconds = near_queries(index, near, options)
    from_end = filters.from_end(options)
    with index.searcher() as searcher:
        pairs = near_pairs(searcher, left, right, seconds)
        shared: dict = {}

        def stored(doc: int) -> dict:
            return with_transcript(searcher, searcher.stored_fields(doc), shared)

        if options.sort in filters.COLUMN_SORTS or from_end:
            rows = [(score, stored(a), stored(b)) for score, a, b in pairs]
            if from_end:
                rows = [r for r in rows if filters.within_end(_earlier(r[1], r[2])[0], *from_end)]
            if options.sort in filters.COLUMN_SORTS:
                rows.sort(key=lambda r: (r[1][TRANSCRIPT], _start_of(_earlier(r[1], r[2])[0])))
                if options.sort == "date":  # (stable: in time order within a date)
                    rows.sort(key=lambda r: filters.newest_first(r[1].get(DATE, "")))
            else:
                rows.sort(key=lambda r: -r[0])
            total, transcripts = len(rows), len({r[1][TRANSCRIPT] for r in rows})
            shown = rows[options.offset :][: options.limit or None]
        else:
            pairs.sort(key=lambda p: (-p[0], p[1]))
            total = len(pairs)
            ids = searcher.reader().column_reader(TRANSCRIPT) if pairs else None
            transcripts = len({ids[a] for _, a, _ in pairs}) if pairs else 0
            chosen = pairs[options.offset :][: options.limit or None]
            shown = [(score, stored(a), stored(b)) for score, a, b in chosen]
        wanted = wanted_from(Or([left, right]), searcher.reader())
        analyzer = index.schema[TEXT].analyzer
        hits = []
        for score, one, other in shown:
            first, second = _earlier(one, other)
            hit = _hit(searcher, first, score, wanted, analyzer, options)
            if second is not None:
                hit.near = passage_of(second)
                hit.near_snippet, hit.near_matches = highlight(
                    hit.near.text, wanted, analyzer, full=options.full, language=hit.transcript.meta.language
                )
            hits.append(hit)
    return SearchResult(hits=hits, total=total, transcripts=transcripts, seconds=time.perf_counter() - began)


def _start_of(stored: dict) -> float:
    return stored.get(START) if stored.get(START) is not None else float("inf")


def _earlier(one: dict, other: dict) -> tuple[dict, dict | None]:
    """The pair's passages, the earlier first (the other None when one passage matched both sides)."""
    if one[PASSAGE] == other[PASSAGE]:
        return one, None
    return (one, other) if (_start_of(one), one[PASSAGE]) <= (_start_of(other), other[PASSAGE]) else (other, one)


def _hit(searcher, stored: dict, score, wanted, analyzer, options: SearchOptions) -> Hit:
    passage = passage_of(stored)
    transcript = transcript_of(stored)
    snippet, matches = highlight(passage.text, wanted, analyzer, full=options.full, language=transcript.meta.language)
    at, at_estimated = said_at(passage, matches)
    return Hit(
        transcript=transcript,
        passage=passage,
        snippet=snippet,
        matches=matches,
        # Sorted by time, the "score" is Whoosh's sort key: not a score.
        score=round(float(score), 4) if isinstance(score, (int, float)) else 0.0,
        url=media_link(transcript.meta.url, at if at is not None else passage.start),
        context=(
            neighbours(searcher, transcript.path, transcript.id, passage.number, options.context)
            if options.context
            else []
        ),
        at=at,
        at_estimated=at_estimated,
    )


def said_at(passage, matches: list[tuple[int, int]]) -> tuple[float | None, bool]:
    """When the passage's first matched word was said (its start where nothing is marked)."""
    return said_at_offset(passage, min((start for start, _ in matches), default=0))


def said_at_offset(passage, offset: int) -> tuple[float | None, bool]:
    """When the word at character `offset` of the passage was said (`Passage.said_at`), and whether that
    is an estimate: its times count words as `word_count` does."""
    before = passage.text[:offset]
    if before.isascii():  # (as `word_count` counts them, without its import on a terminal search)
        return passage.said_at(len(before.split()))
    from indexer.transcripts.text import word_count

    return passage.said_at(word_count(before))


def count_by(index_dir: Path, text: str, field: str, options: SearchOptions | None = None) -> list[tuple[str, int]]:
    """How many matching passages each speaker/transcript/network/role has, largest first (a speaker's
    forms counted as one person)."""
    if field not in COUNT_COLUMNS:
        raise BadQuery(f"--count-by must be one of {', '.join(COUNT_FIELDS)}, not {field!r}")
    counts = _count_by(index_dir, text, field, options or SearchOptions())
    return _one_name_a_person(counts) if field == SPEAKER else counts


def _one_name_a_person(counts: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Speakers' counts with the forms of one person (case, accents, honorific) added up under the
    form with the most matches, as `soundbite speakers` groups them."""
    from collections import Counter

    from indexer.transcripts.speakers import shown_names

    shown = shown_names(dict(counts))
    grouped: Counter[str] = Counter()
    for name, count in counts:
        grouped[shown[name]] += count
    return sorted(grouped.items(), key=lambda item: (-item[1], item[0]))


def _count_by(index_dir: Path, text: str, field: str, options: SearchOptions) -> list[tuple[str, int]]:
    from whoosh.collectors import FacetCollector, FilterCollector, UnsortedCollector
    from whoosh.sorting import Count, FieldFacet

    index = store.open_for_search(index_dir)
    near = split_near(text)
    if near is not None:
        return _count_near(index, near, field, options)
    query, options = _as_filter(parse_for(text, index), options)
    from_end = filters.from_end(options)
    if from_end:
        return _count_from_end(index, query, field, options, from_end)
    if is_every(query):
        return _count_from_columns(index, field, options)
    with index.searcher() as searcher:
        if not all(leaf.reader().has_column(COUNT_COLUMNS[field]) for leaf, _ in searcher.leaf_searchers()):
            # A segment in which no passage has a value (no network anywhere) has no column, and
            # Whoosh's facet then looks for terms the column field does not index.
            return _count_from_end(index, query, field, options, None)
        collector = FacetCollector(UnsortedCollector(), {"key": FieldFacet(COUNT_COLUMNS[field])}, maptype=Count)
        restrict = filters.build_filter(options)
        if restrict is not None:
            collector = FilterCollector(collector, restrict, None)
        searcher.search_with_collector(query, collector)
        groups = collector.results().groups("key")
    return _by_name(groups)


def _by_name(counts) -> list[tuple[str, int]]:
    """Counts keyed by a column's values (UTF-8 bytes, or None where a passage has none) as names, the
    largest first."""
    named: dict[str, int] = {}
    for key, count in counts.items():
        name = key.decode("utf-8") if isinstance(key, bytes) else str(key or "")
        named[name] = named.get(name, 0) + count
    return sorted(named.items(), key=lambda item: (-item[1], item[0]))


def _count_from_columns(index, field: str, options: SearchOptions) -> list[tuple[str, int]]:
    """`--count-by` of `*` or of filters alone: the column's values of the filters' documents, counted
    without a query run over every passage (`'*' --count-by speaker`: 14 s on the briefings before)."""
    from collections import Counter

    restrict = filters.build_filter(options)
    counts: Counter = Counter()
    with index.searcher() as searcher:
        for leaf, _ in searcher.leaf_searchers():
            reader = leaf.reader()
            docs = filters.docs_within(leaf, restrict)
            if not docs:
                continue
            if not reader.has_column(COUNT_COLUMNS[field]):
                counts[""] += len(docs)  # (no passage of this segment has a value: no column)
                continue
            values = _column(reader, COUNT_COLUMNS[field], len(docs))
            counts.update(values(doc) for doc in docs)
    return _by_name(counts)


def _count_from_end(index, query, field: str, options: SearchOptions, from_end) -> list[tuple[str, int]]:
    """`--count-by` from each match's stored fields: with a negative --after/--before (`from_end`), the
    window is checked per match, as the hits are; without, where a column is missing."""
    from whoosh.query import And

    counts: dict[str, int] = {}
    restrict = filters.build_filter(options)
    shared: dict = {}
    with index.searcher() as searcher:
        for docnum in searcher.docs_for_query(query if restrict is None else And([query, restrict])):
            stored = with_transcript(searcher, searcher.stored_fields(docnum), shared)
            if from_end is None or filters.within_end(stored, *from_end):
                key = stored.get(field, "")
                counts[key] = counts.get(key, 0) + 1
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def _count_near(index, near, field: str, options: SearchOptions) -> list[tuple[str, int]]:
    """`--count-by` for NEAR/…s: each pair counted once, by its left passage's speaker, network ..."""
    left, right, seconds = near_queries(index, near, options)
    from_end = filters.from_end(options)
    counts: dict[str, int] = {}
    shared: dict = {}
    with index.searcher() as searcher:
        for _, a, b in near_pairs(searcher, left, right, seconds):
            stored = with_transcript(searcher, searcher.stored_fields(a), shared)
            other = with_transcript(searcher, searcher.stored_fields(b), shared) if from_end else None
            if from_end is None or filters.within_end(_earlier(stored, other)[0], *from_end):
                key = stored.get(field, "")
                counts[key] = counts.get(key, 0) + 1
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def _finds_any(searcher, index, text: str) -> bool:
    """Whether a (suggested) query matches any passage."""
    try:
        query = parse_for(text, index)
    except BadQuery:
        return False
    return any(True for _ in searcher.docs_for_query(query))
