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
from pathlib import Path

from indexer.engine import filters, store
from indexer.engine.highlight import highlight, wanted_from
from indexer.engine.links import media_link
from indexer.engine.query import parse_query
from indexer.engine.schema import COUNT_COLUMNS, START_AT, TEXT, TRANSCRIPT, passage_of, transcript_of
from indexer.engine.stored import neighbours, with_transcript
from indexer.engine.suggest import suggest
from indexer.errors import BadQuery
from indexer.model import Hit, SearchOptions, SearchResult
from indexer.settings import Settings

COUNT_FIELDS = tuple(COUNT_COLUMNS)


def _collectors(searcher, options: SearchOptions, wanted_docs: int | None):
    """The collector stack for a search, and the DistinctCounter in it that counts transcripts."""
    from whoosh.collectors import FilterCollector
    from whoosh.sorting import FieldFacet

    from indexer.engine.postings import DistinctCounter

    if options.sort == "time":
        inner = searcher.collector(limit=wanted_docs, sortedby=[FieldFacet(TRANSCRIPT), FieldFacet(START_AT)])
    else:
        # Block-quality skipping is off: skipped docs would not be counted by transcript.
        inner = searcher.collector(limit=wanted_docs, optimize=False)
    # Searcher.search(groupedby=...) drops the limit and sorts every match,
    # so the collectors are stacked by hand.
    collector = counter = DistinctCounter(inner, TRANSCRIPT)
    restrict = filters.build_filter(options)
    if restrict is not None:
        collector = FilterCollector(collector, restrict, None)
    return collector, counter


def _run(index_dir: Path, searcher, query, options: SearchOptions, wanted_docs: int | None, procs: int | None):
    """(top (score, docnum) pairs, match count, transcript count): in one process, or split when that pays.

    Sorted by time, Whoosh puts the sort key where the score goes.
    """
    from indexer.engine import split_search

    def make_collectors(any_searcher):
        return _collectors(any_searcher, options, wanted_docs)

    # Only a best-first search with a limit merges simply: its parts are top-N lists.
    parts = split_search.worth_splitting(searcher, query, procs) if options.sort == "score" and wanted_docs else 1
    if parts > 1:
        split = split_search.search_split(
            lambda: store.open_for_search(index_dir), searcher, query, make_collectors, parts, wanted_docs
        )
        if split is not None:
            top, total, transcripts = split
            return top, total, len(transcripts)
    collector, counter = make_collectors(searcher)
    searcher.search_with_collector(query, collector)
    results = collector.results()
    return results.top_n, len(results), len(counter.values)


def search(
    index_dir: Path,
    text: str,
    options: SearchOptions | None = None,
    settings: Settings | None = None,
    **kwargs,
) -> SearchResult:
    """The best passages for `text`, filtered and paged as `options` (or `kwargs`, its fields) say.

    `settings` (how many processes a search may use) default to the environment's.
    """
    from indexer.engine import postings

    postings.install()
    options = options or SearchOptions(**kwargs)
    settings = settings or Settings.from_environ()
    filters.check_sort(options)
    began = time.perf_counter()
    index = store.open_for_search(index_dir)
    query = parse_query(text, index.schema)
    with index.searcher() as searcher:
        from_end = filters.from_end(options)
        wanted_docs = options.offset + options.limit if options.limit and not from_end else None
        top, total, transcripts = _run(index_dir, searcher, query, options, wanted_docs, settings.search_procs)
        if from_end:  # every match was collected: keep those in the window, then page
            shared: dict = {}
            found = [(score, with_transcript(searcher, searcher.stored_fields(d), shared)) for score, d in top]
            found = [(score, stored) for score, stored in found if filters.within_end(stored, *from_end)]
            total, transcripts = len(found), len({stored[TRANSCRIPT] for _, stored in found})
            found = found[options.offset :][: options.limit or None]
        else:
            shown = top[options.offset :][: options.limit or None]
            shared = {}
            found = [(score, with_transcript(searcher, searcher.stored_fields(d), shared)) for score, d in shown]
        wanted = wanted_from(query, searcher.reader())
        analyzer = index.schema[TEXT].analyzer
        hits = [_hit(searcher, stored, score, wanted, analyzer, options) for score, stored in found]
        suggestion = (
            suggest(searcher, text, lambda fixed: _finds_any(searcher, index.schema, fixed)) if total == 0 else None
        )
    return SearchResult(
        hits=hits,
        total=total,
        transcripts=transcripts,
        seconds=time.perf_counter() - began,
        suggestion=suggestion,
    )


def _hit(searcher, stored: dict, score, wanted, analyzer, options: SearchOptions) -> Hit:
    passage = passage_of(stored)
    transcript = transcript_of(stored)
    snippet, matches = highlight(passage.text, wanted, analyzer, full=options.full)
    return Hit(
        transcript=transcript,
        passage=passage,
        snippet=snippet,
        matches=matches,
        # Sorted by time, the "score" is Whoosh's sort key: not a score.
        score=round(float(score), 4) if isinstance(score, (int, float)) else 0.0,
        url=media_link(transcript.meta.url, passage.start),
        context=(
            neighbours(searcher, transcript.path, transcript.id, passage.number, options.context)
            if options.context
            else []
        ),
    )


def count_by(index_dir: Path, text: str, field: str, options: SearchOptions | None = None) -> list[tuple[str, int]]:
    """How many matching passages each speaker/transcript/network/role has, largest first."""
    from whoosh.collectors import FacetCollector, FilterCollector, UnsortedCollector
    from whoosh.sorting import Count, FieldFacet

    if field not in COUNT_COLUMNS:
        raise BadQuery(f"--count-by must be one of {', '.join(COUNT_FIELDS)}, not {field!r}")
    options = options or SearchOptions()
    index = store.open_for_search(index_dir)
    query = parse_query(text, index.schema)
    from_end = filters.from_end(options)
    if from_end:
        return _count_from_end(index, query, field, options, from_end)
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
    counts: dict[str, int] = {}
    for key, count in groups.items():
        name = key.decode("utf-8") if isinstance(key, bytes) else str(key or "")
        counts[name] = counts.get(name, 0) + count
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


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


def _finds_any(searcher, schema, text: str) -> bool:
    """Whether a (suggested) query matches any passage."""
    try:
        query = parse_query(text, schema)
    except BadQuery:
        return False
    return any(True for _ in searcher.docs_for_query(query))
