"""Every match of a search ranked best first, in about 16 bytes a match.

`search the -n 0` ranks all 288,000 passages of the briefings that hold
`the`. Whoosh's `UnlimitedCollector` keeps a `(score, docnum)` tuple and a set
entry a match and sorts by a tuple key made a match: 128 MB at its peak for a
run whose first line needs none of it kept. Here scores and document numbers
are two arrays; the order is found by a stable sort of positions by score
(best first, ties by document number, as Whoosh orders them) and kept as a
third array. A `RankedMatches` hands out `(score, docnum)` pairs one at a time,
and its slices are views, never copies.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence

from whoosh.collectors import ScoredCollector


class RankedMatches(Sequence):
    """(score, docnum) pairs, best first: a view over the collector's arrays."""

    def __init__(self, scores: array, docs: array, order: memoryview):
        self._scores, self._docs, self._order = scores, docs, order

    def __len__(self) -> int:
        return len(self._order)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return RankedMatches(self._scores, self._docs, self._order[index])
        at = self._order[index]
        return self._scores[at], self._docs[at]

    def __iter__(self):
        scores, docs = self._scores, self._docs
        return ((scores[at], docs[at]) for at in self._order)


class RankAllCollector(ScoredCollector):
    """Whoosh's collector of every match by score, in arrays (`results()` is the ranked matches)."""

    def __init__(self):
        super().__init__(replace=0)

    def prepare(self, top_searcher, q, context):
        super().prepare(top_searcher, q, context)
        self.scores = array("d")
        self.docs = array("q")

    def _collect(self, global_docnum, score):
        self.scores.append(score)
        self.docs.append(global_docnum)
        return 0 - score

    def count(self) -> int:
        return len(self.docs)

    def ranked(self) -> RankedMatches:
        # Matches arrive in document order; a stable sort by score keeps equal scores in it.
        order = array("q", sorted(range(len(self.scores)), key=self.scores.__getitem__, reverse=True))
        return RankedMatches(self.scores, self.docs, memoryview(order))
