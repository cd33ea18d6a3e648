"""Every match of a segment's query with its score, in bulk: Whoosh's matcher tree, evaluated a block at a time.

A top-10 search still counts every match (the hits and the transcripts are
exact), and Whoosh reaches each match through its matcher tree one posting at
a time: `next`, `id`, `is_active`, `score` at every node, ten to twenty Python
calls a match. `press` at 50,000 transcripts matches 17,818 passages and spent
most of its 50 ms there.

Here the same tree, as Whoosh builds it for the segment (its shape, its
boosts, its scorers), is evaluated node by node on whole posting lists: a
term's postings are read a block at a time into arrays, scored through the
scorer's memo of (weight, length byte) pairs, and kept as a dict of document
number to score; a union, an intersection or an AND NOT is a dict operation
whose Python work is bounded by the smaller side; a boost is one multiply a
match. Every score is the float Whoosh's own matchers give, from the same
operands added in the same order (a union adds its left side's score to its
right's, as `UnionMatcher.score` does), so rankings do not move by a bit.

A phrase of adjacent words is matched in bulk too (`_adjacent_words`): its
rarest word's postings first, the others' only in the blocks that may hold a
match, the positions compared as sets. A node of any other kind (a phrase with
a slop, a matcher from a future Whoosh) is walked through Whoosh's own matcher
interface: correct, at Whoosh's speed.
"""

from __future__ import annotations

from bisect import bisect_left
from itertools import repeat
from operator import add, mul

from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching import (
    AndMaybeMatcher,
    AndNotMatcher,
    ArrayUnionMatcher,
    ConstantScoreWrapperMatcher,
    FilterMatcher,
    IntersectionMatcher,
    InverseMatcher,
    ListMatcher,
    NullMatcherClass,
    UnionMatcher,
    WrappingMatcher,
)
from whoosh.query import And, Not, Phrase

from indexer.engine.adapter.disjunction import best_of_class
from indexer.engine.adapter.phrases import AdjacentPhrase, AdjacentWordsMatcher, positions_format, tree_sum


def has_phrase(query, adjacent_too: bool = False) -> bool:
    """Whether the query holds a phrase matched one passage at a time (`_walked`): one with a slop
    (`"a b"~3`); phrases of adjacent words are matched in bulk (`_adjacent_words`), and count with
    `adjacent_too`."""
    found = isinstance(query, Phrase) and (adjacent_too or type(query) is not AdjacentPhrase)
    return found or any(has_phrase(child, adjacent_too) for child in query.children())


def scored_query(query, searcher, context) -> dict[int, float]:
    """{segment document number: score} of every document `query` matches in the leaf `searcher`:
    `scored(query.matcher(searcher, context))`, except that an AND of two parts intersects their
    matches here. Whoosh's intersection leapfrogs its two sides to their first common document as it
    is built, a Python step a skip; two scores added are the same float either way round, so the
    scores are still Whoosh's to the bit. (An AND of three or more keeps Whoosh's tree: its order of
    additions is the tree's.)"""
    subqueries = getattr(query, "subqueries", ())
    if type(query) is And and len(subqueries) == 2:
        nots = [type(sub) is Not for sub in subqueries]
        if nots == [False, True] or nots == [True, False]:  # `word -other`
            wanted, unwanted = subqueries if nots[1] else subqueries[::-1]
            a = scored_query(wanted, searcher, context)
            if not a:
                return a
            # Whoosh matches NOT with an InverseMatcher, which scores every document it gives 1.0.
            excluded = docs(unwanted.query.matcher(searcher, searcher.boolean_context()))
            return _boosted({doc: score + 1.0 for doc, score in a.items() if doc not in excluded}, query.boost)
        if not any(nots):
            a = scored_query(subqueries[0], searcher, context)
            if not a:
                return a
            b = scored_query(subqueries[1], searcher, context)
            small, large = (a, b) if len(a) <= len(b) else (b, a)
            return _boosted({doc: a[doc] + b[doc] for doc in small if doc in large}, query.boost)
    return scored(query.matcher(searcher, context))


def scored(matcher) -> dict[int, float]:
    """{segment document number: score} of every document `matcher` matches from its place on: a new
    matcher, or one its parent's constructor moved to the first document they share (what it passed
    over, the parent does not match)."""
    kind = type(matcher)
    if kind is NullMatcherClass or not matcher.is_active():
        return {}
    if kind is W3LeafMatcher or kind is ListMatcher:
        return _leaf(matcher)
    if kind is UnionMatcher:
        return _union(scored(matcher.a), scored(matcher.b))
    if kind is IntersectionMatcher:
        if type(matcher.b) is InverseMatcher or type(matcher.a) is InverseMatcher:  # `a AND NOT b`
            inverse, other = (matcher.b, matcher.a) if type(matcher.b) is InverseMatcher else (matcher.a, matcher.b)
            # (Both sides stand at their first common document: what either passed is in neither.)
            found, excluded, weight = scored(other), docs(inverse.child), inverse._weight
            return {doc: score + weight for doc, score in found.items() if doc not in excluded}
        a, b = scored(matcher.a), scored(matcher.b)
        small, large = (a, b) if len(a) <= len(b) else (b, a)
        return {doc: a[doc] + b[doc] for doc in small if doc in large}
    if kind is AndNotMatcher:
        a, excluded = scored(matcher.a), docs(matcher.b)
        return {doc: score for doc, score in a.items() if doc not in excluded} if excluded else a
    if kind is AndMaybeMatcher:
        a, b = scored(matcher.a), scored(matcher.b)
        return {doc: score + b[doc] if doc in b else score for doc, score in a.items()}
    if kind is best_of_class().matcher_class:  # a word's alternatives: the best one counts
        a, b = scored(matcher.a), scored(matcher.b)
        best = dict(a)
        for doc, score in b.items():
            best[doc] = max(best[doc], score) if doc in best else score
        return best
    if kind is ArrayUnionMatcher:
        return _array_union(matcher)
    if kind is AdjacentWordsMatcher:
        found = _adjacent_words(matcher)
        return found if found is not None else _walked(matcher)
    if kind is ConstantScoreWrapperMatcher:
        return dict.fromkeys(docs(matcher.child), matcher._score)
    if kind is FilterMatcher:  # a segment's deleted documents left out
        child, ids, exclude = scored(matcher.child), matcher._ids, matcher._exclude
        kept = {doc: score for doc, score in child.items() if (doc in ids) is not exclude}
        return _boosted(kept, matcher.boost)
    if kind is WrappingMatcher:  # (exactly: its subclasses score otherwise)
        return _boosted(scored(matcher.child), matcher.boost)
    return _walked(matcher)


def _boosted(found: dict[int, float], boost: float) -> dict[int, float]:
    # (WrappingMatcher.score: the child's score times the boost)
    return found if boost == 1.0 else dict(zip(found, map(mul, found.values(), repeat(boost)), strict=True))


def docs(matcher) -> set[int] | dict[int, float]:
    """The documents `matcher` (fresh) matches, unscored: for what only filters (AND NOT's right side),
    which Whoosh builds without scorers."""
    kind = type(matcher)
    if kind is NullMatcherClass or not matcher.is_active():
        return set()
    if kind is W3LeafMatcher or kind is ListMatcher:
        return set(_leaf_postings(matcher)[0])
    if kind is UnionMatcher or kind is best_of_class().matcher_class:
        return docs(matcher.a) | docs(matcher.b)
    if kind is IntersectionMatcher:
        return docs(matcher.a) & docs(matcher.b)
    if kind is AndNotMatcher:
        return docs(matcher.a) - docs(matcher.b)
    if kind is AndMaybeMatcher:
        return docs(matcher.a)
    if kind is ArrayUnionMatcher:
        return set(_array_union(matcher))
    if kind is WrappingMatcher or kind is ConstantScoreWrapperMatcher:
        return docs(matcher.child)
    if kind is FilterMatcher:
        ids = matcher._ids
        return docs(matcher.child) - ids if matcher._exclude else docs(matcher.child) & ids
    return set(matcher.all_ids())


def _leaf_postings(matcher, with_values: bool = False, within: list[int] | None = None):
    """A term's (document numbers, weights, stored values: positions with `with_values`, else None) from
    the matcher's place on, a block at a time; `within` (sorted document numbers): only the blocks that may
    hold one of them are decoded (a block's header says its last document)."""
    if type(matcher) is ListMatcher:  # postings inlined in the term's entry (a rare term)
        at = matcher._i
        ids = list(matcher._ids[at:])
        if matcher._all_weights:
            weights = [matcher._all_weights] * len(ids)
        elif matcher._weights:
            weights = list(matcher._weights[at:])
        else:
            weights = [1.0] * len(ids)
        values = list(matcher._values[at:]) if with_values else None
        matcher._i = len(matcher._ids)
        return ids, weights, values
    ids: list[int] = []
    weights: list[float] = []
    values: list[bytes] = []
    after = -1  # (the last document of the block before)
    while matcher.is_active():
        if within is not None:
            first = bisect_left(within, after + 1)
            after = matcher._maxid
            if first == len(within):
                break  # (no wanted document is further on)
            if within[first] > after:
                matcher._next_block()
                continue
        if matcher._ids is None:
            matcher._read_ids()
        if matcher._weights is None:
            matcher._read_weights()
        at, length = matcher._i, matcher._blocklength
        ids += matcher._ids[at:] if at else matcher._ids
        weights += matcher._weights[at:length] if at else matcher._weights[:length]
        if with_values:
            if matcher._values is None:
                matcher._read_values()
            values += matcher._values[at:length]
        matcher._next_block()
    return ids, weights, values if with_values else None


def _leaf(matcher) -> dict[int, float]:
    scorer = matcher.scorer if type(matcher) is W3LeafMatcher else matcher._scorer
    memo = getattr(scorer, "score_memo", None)
    if memo is None:  # a scorer `postings` did not set up: Whoosh's own calls
        return _walked(matcher)
    lengths, by_weight_and_length = memo
    ids, weights, _ = _leaf_postings(matcher)
    keys = zip(weights, map(lengths.__getitem__, ids), strict=True)
    return dict(zip(ids, map(by_weight_and_length.__getitem__, keys), strict=True))


def _union(a: dict[int, float], b: dict[int, float]) -> dict[int, float]:
    # A document in both scores a + b, left operand first (as UnionMatcher.score adds them).
    if not b:
        return a
    if not a:
        return b
    if len(b) <= len(a):
        both = dict(a)
        for doc, score in b.items():
            both[doc] = both[doc] + score if doc in both else score
        return both
    both = dict(b)
    for doc, score in a.items():
        both[doc] = score + both[doc] if doc in both else score
    return both


def _array_union(matcher) -> dict[int, float]:
    """Whoosh's OR of three or more parts in a segment of under 5,000 documents (`PreloadedOr`): built, it
    has already read its parts' scores for its first 2,048 documents into an array, each part's score
    times the boost added in the parts' order; the rest are added here in the same order."""
    first, offset, boost = matcher._a, matcher._offset, matcher._boost
    found = {offset + at: score for at, score in enumerate(first[: matcher._limit - offset]) if score > 0}
    parts = [scored(part) for part in matcher._submatchers] if matcher._scored else []
    for part in parts:
        for doc, score in part.items():
            found[doc] = found.get(doc, 0.0) + score * boost
    if not matcher._scored:  # (a boolean OR: every match 1)
        for part in matcher._submatchers:
            found.update(dict.fromkeys(docs(part), 1.0))
    return {doc: score for doc, score in found.items() if score > 0}


def _adjacent_words(matcher) -> dict[int, float] | None:
    """A phrase of adjacent words (`AdjacentWordsMatcher`), in bulk: the rarest word's postings read with
    their positions, then each other word's only in the blocks that may hold a passage found so far; the
    passages holding every word found by set intersection, and the words' positions compared there.
    Positions are decoded once a distinct stored value (passages repeat them: a word at position 7,
    once). The score is the matcher's: the words' scores added as it adds them, times its boost. None
    where a word's postings are not Whoosh's own leaves (then it is walked)."""
    leaves = matcher._ms
    decode = positions_format(leaves[0])
    if decode is None or any(positions_format(leaf) is not decode for leaf in leaves):
        return None
    order = sorted(range(len(leaves)), key=lambda k: _postings_size(leaves[k]))
    read: dict[int, tuple] = {}
    common: set[int] | None = None
    for k in order:
        postings = _leaf_with_positions(leaves[k], sorted(common) if common is not None else None)
        if postings is None:
            return None
        read[k] = postings
        common = set(postings[0]) if common is None else common.intersection(postings[0])
        if not common:
            return {}
    candidates = sorted(common)
    words = [read[k] for k in range(len(leaves))]
    # Where each candidate is in each word's lists: by bisection where they are few, else a dict.
    places = []
    for ids, _, _ in words:
        if len(candidates) * 8 < len(ids):
            places.append([bisect_left(ids, doc) for doc in candidates])
        else:
            where = dict(zip(ids, range(len(ids)), strict=True))
            places.append([where[doc] for doc in candidates])
    boost = matcher._boost
    if len(words) == 2:  # most phrases: every step in C, through `map`
        (_, first_values, first_score), (_, second_values, second_score) = words
        first_at, second_at = places
        apart = map(
            frozenset.isdisjoint,
            map(decode.positions.__getitem__, map(second_values.__getitem__, second_at)),
            map(decode.next.__getitem__, map(first_values.__getitem__, first_at)),
        )
        kept = [k for k, disjoint in enumerate(apart) if not disjoint]
        docs = [candidates[k] for k in kept]
        first = first_score.many(docs, [first_at[k] for k in kept])
        second = second_score.many(docs, [second_at[k] for k in kept])
        scores = map(add, first, second)
        if boost != 1.0:
            scores = map(mul, scores, repeat(boost))
        return dict(zip(docs, scores, strict=False))
    found = {}
    for n, doc in enumerate(candidates):
        at = [place[n] for place in places]
        firsts = decode(words[0][1][at[0]])
        later = [decode(word[1][i]) for word, i in zip(words[1:], at[1:], strict=True)]
        if any(all(p + k in positions for k, positions in enumerate(later, 1)) for p in firsts):
            score = tree_sum([word[2](doc, i) for word, i in zip(words, at, strict=True)])
            found[doc] = score * boost if boost != 1.0 else score
    return found


class _Scores:
    """A word's scores in the passages it is found in, from the scorer's memo: one (`score(doc, place)`)
    or many at once, in C (`many`)."""

    def __init__(self, memo, weights: list[float]):
        self.lengths, self.memo = memo
        self.weights = weights

    def __call__(self, doc: int, place: int) -> float:
        return self.memo[(self.weights[place], self.lengths[doc])]

    def many(self, docs: list[int], places: list[int]):
        keys = zip(map(self.weights.__getitem__, places), map(self.lengths.__getitem__, docs), strict=True)
        return map(self.memo.__getitem__, keys)


def _postings_size(matcher) -> int:
    inner = getattr(matcher, "child", matcher)
    return inner._length if type(inner) is W3LeafMatcher else len(getattr(inner, "_ids", ()))


def _leaf_with_positions(matcher, within: list[int] | None = None) -> tuple | None:
    """A word's (document numbers, stored positions, score(document, place)) from the matcher's
    place on (`within`: in the blocks that may hold those documents); None where the matcher is not one
    of Whoosh's own leaves with a scorer `postings` set up."""
    kind = type(matcher)
    excluded = None
    if kind is FilterMatcher and matcher._exclude and matcher.boost == 1.0:  # a segment's deleted passages
        excluded, matcher = matcher._ids, matcher.child
        kind = type(matcher)
    if kind is not W3LeafMatcher and kind is not ListMatcher:
        return None
    scorer = matcher.scorer if kind is W3LeafMatcher else matcher._scorer
    memo = getattr(scorer, "score_memo", None)
    if memo is None or (kind is ListMatcher and matcher._values is None):
        return None
    ids, weights, values = _leaf_postings(matcher, with_values=True, within=within)
    if excluded:
        kept = [k for k, doc in enumerate(ids) if doc not in excluded]
        ids, weights, values = [ids[k] for k in kept], [weights[k] for k in kept], [values[k] for k in kept]
    return ids, values, _Scores(memo, weights)


def _walked(matcher) -> dict[int, float]:
    """Whoosh's own way: one posting at a time through the matcher's interface."""
    found = {}
    while matcher.is_active():
        found[matcher.id()] = matcher.score()
        matcher.next()
    return found
