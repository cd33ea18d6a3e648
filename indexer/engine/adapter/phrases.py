"""Exact phrases ("climate change") matched with less machinery than Whoosh's spans, same hits and scores.

Whoosh answers a phrase by intersecting its words' postings and, in every
passage that has all of them, turning each word's positions into `Span`
objects and comparing them pair by pair, through four layers of wrapping
matchers. Nearly all the time of a frequent phrase goes there: at 10,000
transcripts `"climate change"` matches 15,616 passages and spent 0.45 s of a
0.86 s profile in span code.

`AdjacentPhrase` is Whoosh's `Phrase` for the common case, words next to each
other (slop 1): the same leapfrogging over the words' postings, then one set
lookup per position. Scores are Whoosh's to the bit: the words' own scorers,
summed in the same binary tree Whoosh's intersection builds, times the boost.
Any other phrase (a slop, one word) stays Whoosh's.
"""

from __future__ import annotations

from bisect import bisect_left
from itertools import accumulate
from pickle import loads

from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.formats import Positions
from whoosh.matching import Matcher, NullMatcher
from whoosh.query import Phrase, Term
from whoosh.system import _INT_SIZE


def _positions_reader(matcher):
    """A function giving the current posting's positions (an iterable, in order).

    For Whoosh's `Positions` format the value is decoded here the way
    `Positions.decode_positions` does it (a count, then pickled gaps), with
    the gaps summed in C; other formats go through Whoosh's decoder.
    """
    if type(getattr(matcher, "format", None)) is Positions:
        value = matcher.value

        def positions():
            stored = value()
            if not stored.endswith(b"."):
                stored += b"."
            return accumulate(loads(stored[_INT_SIZE:]))

        return positions
    return lambda: matcher.value_as("positions")


_PLUS_ONE = (1).__add__


class _Decoded(dict):
    """Stored values (of Whoosh's `Positions` format) to their positions as a set, each decoded once:
    passages repeat them (a word once, at position 7), so a phrase of frequent words decodes a few
    thousand values, not one a candidate passage. Looked up with `[]` (in C, through `map`); bounded:
    past `KEPT` values, new ones are decoded each time."""

    KEPT = 200_000

    def __init__(self, shift: int = 0):
        super().__init__()
        self.shift = shift  # added to every position (1: where the next word of a phrase must be)

    def __missing__(self, value: bytes) -> frozenset[int]:
        stored = value if value.endswith(b".") else value + b"."
        positions = accumulate(loads(stored[_INT_SIZE:]))
        found = frozenset(map(self.shift.__add__, positions) if self.shift else positions)
        if len(self) < self.KEPT:
            self[value] = found
        return found


class _PositionSets:
    """A word's stored positions as sets (`positions[value]`), and each plus one (`next[value]`)."""

    def __init__(self):
        self.positions = _Decoded()
        self.next = _Decoded(shift=1)

    def __call__(self, value: bytes) -> frozenset[int]:
        return self.positions[value]


_POSITION_SETS = _PositionSets()


def positions_format(matcher) -> _PositionSets | None:
    """The decoder of a leaf's stored positions as sets, where they are in Whoosh's `Positions` format
    (a leaf wrapped to leave out deleted passages included); None for any other format."""
    inner = getattr(matcher, "child", matcher)
    found = getattr(inner, "format", None) or getattr(inner, "_format", None)
    return _POSITION_SETS if type(found) is Positions else None


def _catch_up(matcher, current: int, target: int) -> int | None:
    """Move `matcher` to its first document >= target; None when it runs out.

    Whoosh's skip_to steps through a block one posting at a time; a frequent
    word (`of` in "rule of law") is then stepped over a hundred postings per
    candidate. A Whoosh 2.7.4 leaf matcher keeps its block's document numbers
    in a sorted array and its place in it as an index, so here whole blocks
    are skipped by their headers as Whoosh does, and the place in the block is
    found by bisection.
    """
    if type(matcher) is not W3LeafMatcher:
        matcher.skip_to(target)
        return matcher.id() if matcher.is_active() else None
    if target > matcher.block_max_id():
        matcher._skip_to_block(lambda: target > matcher.block_max_id())
        if not matcher.is_active():
            return None
    if matcher._ids is None:
        matcher._read_ids()
    ids = matcher._ids
    matcher._i = bisect_left(ids, target, matcher._i)
    return ids[matcher._i]


def tree_sum(scores: list[float]) -> float:
    # Whoosh's make_binary_tree(IntersectionMatcher, ...) adds halves: keep its order of additions.
    if len(scores) == 1:
        return scores[0]
    half = len(scores) // 2
    return tree_sum(scores[:half]) + tree_sum(scores[half:])


class AdjacentWordsMatcher(Matcher):
    """Documents where the words occur one right after the other, in order."""

    def __init__(self, matchers: list, boost: float = 1.0):
        self._ms = matchers
        self._positions = [_positions_reader(m) for m in matchers]
        self._boost = boost
        self._active = all(m.is_active() for m in matchers)
        self._id = None
        if self._active:
            self._settle()

    def _settle(self) -> None:
        """Stay on the current document if the phrase is in it, else move to the next that has it."""
        if len(self._ms) == 2:
            self._settle_pair()
            return
        ms = self._ms
        ids = [m.id() for m in ms]
        while True:
            target = max(ids)
            for k, m in enumerate(ms):
                if ids[k] < target:
                    ids[k] = _catch_up(m, ids[k], target)
                    if ids[k] is None:
                        self._active = False
                        return
            if min(ids) == max(ids):  # a catch-up may have passed the target: all must agree
                if self._adjacent():
                    self._id = target
                    return
                ms[0].next()
                if not ms[0].is_active():
                    self._active = False
                    return
                ids[0] = ms[0].id()

    def _settle_pair(self) -> None:
        # The same leapfrog as _settle, unrolled for two words: most phrases.
        a, b = self._ms
        first, second = self._positions
        a_id, b_id = a.id(), b.id()
        while True:
            if a_id < b_id:
                a_id = _catch_up(a, a_id, b_id)
                if a_id is None:
                    break
            elif b_id < a_id:
                b_id = _catch_up(b, b_id, a_id)
                if b_id is None:
                    break
            else:
                # Is some position of the first word, plus one, a position of the second? (In C.)
                if not set(second()).isdisjoint(map(_PLUS_ONE, first())):
                    self._id = a_id
                    return
                a.next()
                if not a.is_active():
                    break
                a_id = a.id()
        self._active = False

    def _adjacent(self) -> bool:
        first, *later = [set(positions()) for positions in self._positions]
        return any(all(p + i in positions for i, positions in enumerate(later, 1)) for p in first)

    def is_active(self) -> bool:
        return self._active

    def id(self):
        return self._id

    def next(self) -> None:
        self._ms[0].next()
        if not self._ms[0].is_active():
            self._active = False
            return
        self._settle()

    def skip_to(self, id) -> None:
        if not self._active or id <= self._id:
            return
        for m in self._ms:
            m.skip_to(id)
            if not m.is_active():
                self._active = False
                return
        self._settle()

    def score(self) -> float:
        ms = self._ms
        score = ms[0].score() + ms[1].score() if len(ms) == 2 else tree_sum([m.score() for m in ms])
        return score * self._boost if self._boost != 1.0 else score

    def max_quality(self) -> float:
        # As Whoosh's intersection: the best any document could score (an upper bound).
        return sum(m.max_quality() for m in self._ms if m.is_active()) * self._boost

    def supports_block_quality(self) -> bool:
        return False

    def children(self) -> list:
        return list(self._ms)

    def copy(self):
        # Whoosh's own leaf matchers (W3LeafMatcher) cannot be copied either.
        raise NotImplementedError("AdjacentWordsMatcher is used once, by one collector")

    def replace(self, minquality=0):
        return self if self._active else NullMatcher()


class AdjacentPhrase(Phrase):
    """Whoosh's `Phrase` with slop 1, matched by `AdjacentWordsMatcher`."""

    def matcher(self, searcher, context=None):
        if self.fieldname not in searcher.schema:
            return super().matcher(searcher, context)
        field = searcher.schema[self.fieldname]
        if not field.format or not field.format.supports("positions"):
            return super().matcher(searcher, context)  # Whoosh's own answer, or its own error
        reader = searcher.reader()
        terms = []
        for word in self.words:
            try:
                btext = field.to_bytes(word)
            except ValueError:
                return NullMatcher()
            if (self.fieldname, btext) not in reader:
                return NullMatcher()
            terms.append(Term(self.fieldname, btext))
        return AdjacentWordsMatcher([t.matcher(searcher, context) for t in terms], self.boost)


def adjacent_phrases(query):
    """`query` with every slop-1 phrase of two or more words matched by `AdjacentPhrase`."""

    def swap(node):
        if type(node) is Phrase and node.slop == 1 and len(node.words) >= 2:
            return AdjacentPhrase(node.fieldname, node.words, slop=1, boost=node.boost, char_ranges=node.char_ranges)
        return node

    return query.accept(swap)
