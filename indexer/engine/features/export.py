"""Passages out of the index, one at a time: for `soundbite export` and `soundbite push`.

An export can be the whole index (50,000 transcripts, a million passages), so
nothing here builds a list of passages: the whole index is read in document
order, which is each transcript's passages in order (they are written together
and replaced together), holding only the current transcript's fields; the hits
of a query are collected as (score, document number) pairs, which are small,
and turned into passages as they are written.

Each passage also gets the stable id a search cluster files it under
(`passage_id`): its transcript's id and its number, so that sending it again
replaces it instead of adding a copy.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from indexer.engine.analysis import ENGLISH
from indexer.engine.querying import filters
from indexer.engine.querying.highlight import highlight, wanted_from
from indexer.engine.querying.links import media_link
from indexer.engine.querying.query import parse_for
from indexer.engine.storage import store
from indexer.engine.storage.schema import (
    LANGUAGE,
    PATH,
    START_AT,
    TEXT,
    TRANSCRIPT,
    TRANSCRIPT_STORED,
    passage_of,
    stored_path,
    transcript_of,
)
from indexer.engine.storage.stored import with_transcript
from indexer.model import Hit, SearchOptions, Snippet

# Elasticsearch and OpenSearch refuse an _id longer than 512 bytes.
MAX_ID_BYTES = 512


@dataclass
class Exported:
    """What an export reads: how many passages, and the passages themselves (read as they are taken)."""

    total: int
    hits: Iterator[Hit]
    ranked: bool  # from a query: hits have scores and matched words; the whole index has neither


def shared_transcript_ids(index_dir: Path) -> frozenset[str]:
    """Transcript ids that more than one file has (two folders indexed apart, each with `report.txt`)."""
    from indexer.engine.storage.manifest import transcript_ids_by_file

    store.read_manifest(index_dir, with_files=False)  # checks the index is there and of this version
    seen: dict[str, str] = {}
    shared = set()
    for path, ids in transcript_ids_by_file(store.current_generation(index_dir)):
        for tid in ids:
            if seen.setdefault(tid, path) != path:
                shared.add(tid)
    return frozenset(shared)


def transcript_key(transcript_id: str, path: str, shared: frozenset[str] = frozenset()) -> str:
    """The transcript's part of its passages' ids: its id, with a hash of its path where another file has it too."""
    key = transcript_id
    if transcript_id in shared:
        key = f"{transcript_id}@{hashlib.sha1(path.encode('utf-8')).hexdigest()[:8]}"
    if len(key.encode("utf-8")) > MAX_ID_BYTES - 16:
        key = hashlib.sha1(key.encode("utf-8")).hexdigest()
    return key


def passage_id(hit: Hit, shared: frozenset[str] = frozenset()) -> str:
    """`transcript-id#number`: the same passage gets the same id in every export."""
    return f"{transcript_key(hit.transcript.id, hit.transcript.path, shared)}#{hit.passage.number}"


@contextlib.contextmanager
def exported(
    index_dir: Path, text: str | None = None, options: SearchOptions | None = None, clips: bool = False
) -> Iterator[Exported]:
    """The passages to export, read while the context is open.

    Without `text`, every passage of the index in transcript order (paths as
    indexed, then passage number); with it, the hits as `search` would give
    them with `options.limit` 0 (all): best first, or by transcript and time
    with `options.sort` "time".

    `clips`: the same hits (the same `--limit` of the same order), laid out
    for a clip list: each transcript's hits together and in time order, the
    transcripts in the order their first hit came in. The ten best clips are
    the ten best hits, wherever they are in the recordings.
    """
    from indexer.engine.adapter import postings

    postings.install()
    options = options or SearchOptions(limit=0)
    filters.check_sort(options)
    index = store.open_for_search(index_dir)
    if text is None or not text.strip():
        with index.searcher() as searcher:
            if _everything(options):
                yield Exported(searcher.doc_count(), _every_passage(searcher), ranked=False)
            else:
                found = _matching(index_dir, searcher, _every(options), options, by_document=True)
                found = _laid_out(searcher, found) if clips else found
                yield Exported(len(found), _hits(searcher, found, None, None, options), ranked=False)
        return
    from indexer.engine.querying.near import split_near

    if split_near(text) is not None:
        # A NEAR search pairs passages across the index; its pairs are found whole, then written.
        from indexer.engine.querying.search import search

        result = search(index_dir, text, options)
        hits = result.hits
        if clips:
            first: dict[str, int] = {}
            for rank, hit in enumerate(hits):
                first.setdefault(hit.transcript.id, rank)
            hits = sorted(hits, key=lambda hit: (first[hit.transcript.id], hit.passage.start or 0.0))
        yield Exported(result.total, iter(hits), ranked=True)
        return
    query = parse_for(text, index)
    with index.searcher() as searcher:
        found = _matching(index_dir, searcher, query, options)
        found = _laid_out(searcher, found) if clips else found
        wanted = wanted_from(query, searcher.reader())
        hits = _hits(searcher, found, wanted, index.schema[TEXT].analyzer, options)
        yield Exported(len(found), hits, ranked=True)


def _everything(options: SearchOptions) -> bool:
    """No filter, no paging, no order but the index's own: read the index straight through."""
    return (
        filters.build_filter(options) is None
        and not filters.from_end(options)
        and not options.limit
        and not options.offset
        and options.sort == "score"
    )


def _every(options: SearchOptions):
    from whoosh.query import Every

    return filters.build_filter(options) or Every()


def _hit(stored: dict, snippet: Snippet | None = None, matches=(), score: float = 0.0) -> Hit:
    """A passage to export from its stored fields (with its transcript's); unranked unless given more."""
    from indexer.engine.querying.search import said_at

    transcript, passage = transcript_of(stored), passage_of(stored)
    at, at_estimated = said_at(passage, list(matches))
    url = media_link(transcript.meta.url, at if at is not None else passage.start)
    return Hit(
        transcript, passage, snippet or Snippet([]), list(matches), score, url=url, at=at, at_estimated=at_estimated
    )


def passages_of_files(index_dir: Path, paths: list[str]) -> Iterator[Hit]:
    """The passages of the files at `paths`, each file's transcripts in passage order (`push`'s changes)."""
    from whoosh.query import Term

    index = store.open_for_search(index_dir)
    with index.searcher() as searcher:
        for path in paths:
            shared: dict = {}
            for doc in sorted(searcher.docs_for_query(Term(PATH, stored_path(path)))):
                yield _hit(with_transcript(searcher, searcher.stored_fields(doc), shared))


def _every_passage(searcher) -> Iterator[Hit]:
    current: dict = {}
    reader = searcher.reader()
    for _, stored in reader.iter_docs():
        if PATH in stored:  # a transcript's first passage carries its fields
            current = {key: stored[key] for key in TRANSCRIPT_STORED if key in stored}
            current[TRANSCRIPT] = stored[TRANSCRIPT]
        elif current.get(TRANSCRIPT) != stored[TRANSCRIPT]:  # never seen: a transcript is written whole
            current = with_transcript(searcher, stored, {})
        yield _hit({**current, **stored})


def _matching(
    index_dir: Path, searcher, query, options: SearchOptions, by_document: bool = False
) -> list[tuple[float, int]]:
    """Every (score, document) of the query within the filters, in the order asked, then paged.

    `by_document`: without a query, "best first" means the index's own order.
    """
    from indexer.engine.querying.search import _run

    from_end = filters.from_end(options)
    in_order = by_document and options.sort == "score"
    wanted_docs = options.offset + options.limit if options.limit and not from_end and not in_order else None
    top, _, _ = _run(index_dir, searcher, query, options, wanted_docs, 1)
    if in_order:
        top = sorted(top, key=lambda pair: pair[1])
    if from_end:
        shared: dict = {}
        top = [
            (score, doc)
            for score, doc in top
            if filters.within_end(with_transcript(searcher, searcher.stored_fields(doc), shared), *from_end)
        ]
    return top[options.offset :][: options.limit or None]


def _laid_out(searcher, found: list[tuple[float, int]]) -> list[tuple[float, int]]:
    """`found` for a clip list (`exported`'s `clips`): by transcript, in the order each first came, then by
    time in the recording, then passage (a passage without a time makes no clip: it sorts as 0)."""
    if not found:
        return found
    reader = searcher.reader()
    transcripts, starts = reader.column_reader(TRANSCRIPT), reader.column_reader(START_AT)
    first: dict[str, int] = {}
    keyed = []
    for rank, (score, doc) in enumerate(found):
        keyed.append((first.setdefault(transcripts[doc], rank), starts[doc], doc, score))
    keyed.sort()
    return [(score, doc) for _, _, doc, score in keyed]


def _hits(searcher, found, wanted, analyzer, options: SearchOptions) -> Iterator[Hit]:
    shared: dict = {}
    for score, doc in found:
        stored = with_transcript(searcher, searcher.stored_fields(doc), shared)
        if wanted is None:  # no query: nothing to mark
            yield _hit(stored)
            continue
        language = stored.get(LANGUAGE) or ENGLISH
        snippet, matches = highlight(stored[TEXT], wanted, analyzer, full=options.full, language=language)
        yield _hit(stored, snippet, matches, round(float(score), 4) if options.sort == "score" else 0.0)
