"""A word's alternatives scored by the best one: Whoosh 2.7's DisjunctionMax, its matcher fixed.

A query word with several forms (its stem, its exact spelling, looser forms
in other languages) is a DisjunctionMax: a passage scores by the best form it
holds, not by their sum. Whoosh 2.7.4's DisjunctionMaxMatcher scored a
document by the best of both sides even where one side was already at another
document, and dropped a side a quality floor ended; `BestOfMatcher` fixes
both, and `BestOf` builds its matcher tree through Whoosh's private
`_tree_matcher`.
"""

from __future__ import annotations

import functools


@functools.cache
def best_of_class():
    """`BestOf`, defined on first use: importing Whoosh is left to the commands that need it."""
    from whoosh.matching import DisjunctionMaxMatcher, NullMatcher
    from whoosh.query import DisjunctionMax

    class BestOfMatcher(DisjunctionMaxMatcher):
        """Whoosh 2.7's DisjunctionMaxMatcher, fixed: it scored a document by the best of both sides
        even where one side was already at another document (a passage got the score of another's
        match), and dropped a side that a quality floor ended while the other went on."""

        def score(self):
            a, b = self.a, self.b
            if not a.is_active():
                return b.score()
            if not b.is_active():
                return a.score()
            a_id, b_id = a.id(), b.id()
            if a_id != b_id:
                return a.score() if a_id < b_id else b.score()
            return max(a.score(), b.score())

        def replace(self, minquality=0):
            a, b = self.a, self.b
            both = a.is_active() and b.is_active()
            if both and minquality and max(a.max_quality(), b.max_quality()) < minquality:
                return NullMatcher()
            if not a.is_active():
                return b.replace(minquality) if b.is_active() else NullMatcher()
            if not b.is_active():
                return a.replace(minquality)
            a, b = a.replace(minquality), b.replace(minquality)
            if not a.is_active():
                return b
            if not b.is_active():
                return a
            if a is not self.a or b is not self.b:
                return self.__class__(a, b, tiebreak=self.tiebreak)
            return self

    class BestOf(DisjunctionMax):
        """A DisjunctionMax scored right (`BestOfMatcher`): a word's alternatives, the best one counts."""

        matcher_class = BestOfMatcher

        def _matcher(self, subs, searcher, context):
            reader = searcher.reader()
            return self._tree_matcher(
                subs, BestOfMatcher, searcher, context, lambda q: q.estimate_size(reader), tiebreak=self.tiebreak
            )

    return BestOf
