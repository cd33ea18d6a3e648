"""Passages read back from the index: a hit's transcript fields, and a transcript's passages in order."""

from __future__ import annotations

from indexer.engine.storage.schema import (
    PASSAGE,
    PATH,
    SPEAKER_AS_READ_NAME,
    SPEAKER_LABEL_NAME,
    SPEAKER_NAME,
    TRANSCRIPT,
    TRANSCRIPT_STORED,
    passage_of,
)
from indexer.model import Passage


def speaker_columns(reader) -> tuple[list, list, list, list] | None:
    """A segment's speaker columns, each read whole (a third of the time of a lookup a document): (the
    names, the transcript ids, the labels as written, the names as the transcripts gave them where a
    people file changed them), a value a document, the last two [] in a segment made before they were
    kept; None where nobody speaks in the segment."""
    if not reader.has_column(SPEAKER_NAME):
        return None

    def whole(field: str) -> list:
        return list(reader.column_reader(field)) if reader.has_column(field) else []

    return whole(SPEAKER_NAME), whole(TRANSCRIPT), whole(SPEAKER_LABEL_NAME), whole(SPEAKER_AS_READ_NAME)


def with_transcript(searcher, stored: dict, cache: dict) -> dict:
    """A passage's stored fields with its transcript's, which only its first passage keeps.

    The first passage is the transcript's first live document (its passages are written together,
    in order, and replaced together); `cache` keeps each transcript's fields for the next hit.
    """
    if PATH in stored:
        return stored
    name = stored[TRANSCRIPT]
    shared = cache.get(name)
    if shared is None:
        first = searcher.stored_fields(searcher.document_number(**{TRANSCRIPT: name}))
        shared = cache[name] = {key: first[key] for key in TRANSCRIPT_STORED if key in first}
    return {**shared, **stored}


def passages_of(
    searcher, path: str, transcript: str, first: int | None = None, last: int | None = None
) -> list[Passage]:
    """A transcript's passages (numbers `first` to `last`), in order.

    Asked for by path and id: two folders indexed separately can hold
    transcripts with the same id, and one file can hold several stories.
    """
    from whoosh.query import And, NumericRange, Term

    query = And([Term(PATH, path), Term(TRANSCRIPT, transcript)])
    if first is not None or last is not None:
        query = And([query, NumericRange(PASSAGE, first, last)])
    found = [passage_of(searcher.stored_fields(docnum)) for docnum in searcher.docs_for_query(query)]
    return sorted(found, key=lambda p: p.number)


def neighbours(searcher, path: str, transcript: str, passage: int, n: int) -> list[Passage]:
    """The passages within `n` of `passage` in its transcript, in order, the passage itself left out."""
    return [p for p in passages_of(searcher, path, transcript, passage - n, passage + n) if p.number != passage]
