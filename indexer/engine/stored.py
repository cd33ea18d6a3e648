"""A transcript's passages read back from the index, in order: for `show` and for a hit's context."""

from __future__ import annotations

from indexer.engine.schema import PASSAGE, PATH, passage_of
from indexer.model import Passage


def passages_of(searcher, path: str, first: int | None = None, last: int | None = None) -> list[Passage]:
    """A file's passages (numbers `first` to `last`), in order.

    Files are keyed by path: two folders indexed separately can hold
    transcripts with the same id.
    """
    from whoosh.query import And, NumericRange, Term

    query = Term(PATH, path)
    if first is not None or last is not None:
        query = And([query, NumericRange(PASSAGE, first, last)])
    found = [passage_of(searcher.stored_fields(docnum)) for docnum in searcher.docs_for_query(query)]
    return sorted(found, key=lambda p: p.number)


def neighbours(searcher, path: str, passage: int, n: int) -> list[Passage]:
    """The passages within `n` of `passage` in its file, in order, the passage itself left out."""
    return [p for p in passages_of(searcher, path, passage - n, passage + n) if p.number != passage]
