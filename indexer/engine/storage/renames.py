"""A changed people file applied again from the index alone, without reading a transcript.

Each passage keeps what the transcript said of its speaker and role where the
people file changed them (`schema.AS_READ`), its label as written and its
transcript's date, so the file's rules can be applied again from the stored
fields (`transcripts.people.apply`). Whoosh cannot change a field in place: a
file whose passages come out differently is deleted and written again whole,
as a changed file is, into a new segment that joins the run's commit (one
commit: the index, then its manifest, as every run).

The passages looked at are found from the columns first: those the old file
changed (`SPEAKER_AS_READ_NAME`) and those whose name or label the new file
names. An index from before people files has no people file applied, so its
passages' names are the transcripts' own: nothing to read again there either.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from indexer.engine.adapter.bulk import SegmentBuilder
from indexer.engine.storage import store
from indexer.engine.storage.manifest import Manifest
from indexer.engine.storage.schema import (
    PATH,
    TRANSCRIPT,
    documents,
    passage_of,
    stored_path,
    transcript_of,
)
from indexer.engine.storage.stored import speaker_columns
from indexer.transcripts.people import People, match_key
from indexer.transcripts.people import apply as apply_people


@dataclass
class Renamed:
    """What applying a changed people file again did."""

    passages: int = 0  # whose speaker or role changed
    files: int = 0  # written again
    undated: int = 0  # left as the file says: a dated form, and a transcript without a date


def reapply(
    generation,
    people: People | None,
    manifest: Manifest,
    skip: Callable[[str], bool],
    writer,
    written: list,
    held_postings: int,
) -> Renamed:
    """Apply `people` (None: no file, the transcripts' own names) again to every indexed file but those
    `skip` says were written in this run; deletions go to `writer`, the new segment to `written`."""
    people = people or People()
    outcome = Renamed()
    index = store.open_generation(generation)
    builder = None
    try:
        with index.searcher() as searcher:
            candidates = _candidates(searcher, people)
            for key, record in manifest.files.items():
                if skip(key) or not candidates.intersection(record.transcript_ids):
                    continue
                transcripts = _transcripts_of(searcher, key, record.transcript_ids)
                before = [[_named(p) for p in t.passages] for t in transcripts]
                renamed = undated = 0
                for transcript in transcripts:
                    applied = apply_people(people, transcript.passages, transcript.meta.date)
                    renamed += applied.renamed
                    undated += applied.undated
                outcome.undated += undated
                if before == [[_named(p) for p in t.passages] for t in transcripts]:
                    continue
                if builder is None:
                    builder = SegmentBuilder(store.storage_of(generation), writer.schema, held_postings=held_postings)
                writer.delete_by_term(PATH, stored_path(key))
                for transcript in transcripts:
                    for doc in documents(transcript):
                        builder.add(doc)
                record.speakers = sorted({p.speaker for t in transcripts for p in t.passages if p.speaker})
                record.people = people.sha256 or "none"  # a push sends its passages again
                outcome.passages += renamed
                outcome.files += 1
        if builder is not None:
            if builder.doc_count:
                written.append(builder.finish())
            else:
                builder.cancel()
            builder = None
    finally:
        if builder is not None:
            builder.cancel()
    return outcome


def _named(passage) -> tuple:
    return passage.speaker, passage.role, passage.label, passage.as_read


def _candidates(searcher, people: People) -> set[str]:
    """The transcripts (ids) with a passage the old file changed or the new one may: read from columns."""
    found: set[str] = set()
    named: dict[tuple[bytes, bytes], bool] = {}

    def in_file(name: bytes) -> bool:
        key = match_key(name.decode("utf-8"))
        return key in people.forms or key in people.names

    for leaf, _ in searcher.leaf_searchers():
        reader = leaf.reader()
        columns = speaker_columns(reader)
        if columns is None:
            continue  # nobody speaks in this segment
        names, ids, labels, as_read = columns
        for docnum in reader.all_doc_ids():
            if as_read and as_read[docnum]:
                found.add(_text(ids[docnum]))
                continue
            pair = (names[docnum], labels[docnum] if labels else b"")
            if not pair[0]:
                continue
            hit = named.get(pair)
            if hit is None:
                hit = named[pair] = in_file(pair[0]) or (bool(pair[1]) and in_file(pair[1]))
            if hit:
                found.add(_text(ids[docnum]))
    return found


def _text(value) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def _transcripts_of(searcher, key: str, ids: list[str]) -> list:
    """A file's transcripts as the index holds them, passages and all, in the file's order."""
    from whoosh.query import Term

    by_id: dict[str, list[dict]] = {}
    for docnum in searcher.docs_for_query(Term(PATH, stored_path(key))):
        stored = searcher.stored_fields(docnum)
        by_id.setdefault(stored[TRANSCRIPT], []).append(stored)
    transcripts = []
    for tid in sorted(by_id, key=lambda t: ids.index(t) if t in ids else len(ids)):
        docs = by_id[tid]
        first = next(doc for doc in docs if PATH in doc)  # the transcript's fields are stored with its first
        transcript = transcript_of(first)
        transcript.passages = sorted((passage_of(doc) for doc in docs), key=lambda p: p.number)
        transcripts.append(transcript)
    return transcripts
