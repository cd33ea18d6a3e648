"""A transcript's passages read back from the index, in order: for `show` and for a hit's context."""

from __future__ import annotations

from indexer.engine.schema import PASSAGE, PATH, TRANSCRIPT, passage_of
from indexer.model import Passage


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
