"""Whoosh's index with its schema read once, for searches that run while a writer commits.

Whoosh reads the table of contents again on every `schema`, and a commit
between two reads can remove the one it found (2 failed searches in 29,952
of `bench/stress.py`). `SearchIndex` reads it once, through Whoosh's private
`_read_toc`.
"""

from __future__ import annotations

import functools


@functools.cache
def search_index_class():
    """Defined on first use: importing Whoosh is left to the commands that need it."""
    from whoosh.index import FileIndex

    class SearchIndex(FileIndex):
        """Whoosh's index, its schema read once: Whoosh reads the table of contents again on every
        `schema`, and a commit between two reads removed the one it found (2 failed searches in
        29,952 of `bench/stress.py`). Readers still open the newest, with Whoosh's own retries."""

        pinned = None
        languages = ("en",)  # the languages of its transcripts (the manifest's), set when opened
        whole_words = False  # every passage has its words joined by a sign whole (the manifest says)

        weighting = None  # how its searchers rank passages (`ranking.weighting`), set when opened

        def searcher(self, **kwargs):
            if self.weighting is not None:
                kwargs.setdefault("weighting", self.weighting)
            return super().searcher(**kwargs)

        @property
        def schema(self):
            if self.pinned is None:
                self.pinned = self._read_toc().schema
            return self.pinned

    return SearchIndex


def folder_of(reader) -> str | None:
    """The folder a segment reader reads its files from (a compound segment is read through Whoosh's
    overlay of its compound file on the folder), or None for a reader of no folder."""
    storage = getattr(reader, "_storage", None)
    seen = 0
    while storage is not None and seen < 4:
        folder = getattr(storage, "folder", None)
        if folder is not None:
            return folder
        storage = getattr(storage, "b", None) or getattr(storage, "a", None)
        seen += 1
    return None
