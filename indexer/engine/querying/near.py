"""`A NEAR/15s B`: words said within a window of airtime, across the passages of one transcript.

Broadcast researchers ask whether two things were said together, and on air
"together" is a matter of seconds, not of one passage (the Stanford Cable TV
News Analyzer matches within 15-second windows). Here each side is a whole
query in the usual syntax; a passage matching the left side is a hit when a
passage of the same transcript matching the right side is within the window:
the time between them (0 when their spans overlap, or when one passage matches
both sides) is at most N seconds. Where the passages together are longer than
the window, the time is measured between the matched words themselves (when
each was said: `Passage.said_at`), so two words 20 seconds apart in one long
passage are not within 15. The hit shows both passages; its time is the
earlier one's. Estimated times take part; a passage without a time never
matches.

A transcript's passages are always in one index segment (a file is written
by one writer, and merges keep documents together), so pairs are found a
segment at a time, from columns: the transcript id, the start and the end.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict

from indexer.engine.storage.schema import END_AT, START_AT, TRANSCRIPT
from indexer.errors import BadQuery

# `NEAR/15s` outside phrases; `NEAR/15` and other spellings are caught to say how to write it.
_NEAR = re.compile(r'"[^"]*"|(?<![\w/])NEAR/(\S*)')
_SECONDS = re.compile(r"(\d+(?:\.\d+)?)s")
MAX_SECONDS = 3600


def split_near(text: str) -> tuple[str, float, str] | None:
    """(left query, window in seconds, right query) for `LEFT NEAR/Ns RIGHT`; None without NEAR."""
    found = [m for m in _NEAR.finditer(text) if not m.group(0).startswith('"')]
    if not found:
        return None
    if len(found) > 1:
        raise BadQuery(f"one NEAR/…s a query, not {len(found)}: {text!r}")
    match = found[0]
    window = _SECONDS.fullmatch(match.group(1))
    if not window:
        raise BadQuery(f"{match.group(0)!r} in {text!r}: write the window in seconds, as NEAR/15s")
    seconds = float(window.group(1))
    if seconds > MAX_SECONDS:
        raise BadQuery(f"NEAR/{window.group(1)}s: a window is at most {MAX_SECONDS} seconds")
    left, right = text[: match.start()].strip(), text[match.end() :].strip()
    if not left or not right:
        raise BadQuery(f"NEAR/…s in {text!r} needs a query on each side")
    if "*" in (left, right):  # every passage near every other: minutes of pairs that say nothing
        raise BadQuery(f"NEAR/…s in {text!r} needs words on each side, not *")
    return left, seconds, right


def leaf_pairs(leaf, left, right, seconds: float, word_gap=None) -> list[tuple[int, int]]:
    """(left document, its nearest right document) for each left match with a right one in the window.

    Document numbers are the segment's own. The nearest is the one with the
    least time between them, then the earlier. `word_gap(doc, other)`: the
    time between the two sides' matched words (None for no time), asked where
    the passages are longer together than the window, so that the window holds
    between the words themselves, not merely between their passages.
    """
    left_docs = list(left.docs(leaf))
    if not left_docs:
        return []
    right_docs = list(right.docs(leaf))
    if not right_docs:
        return []
    reader = leaf.reader()
    if not (reader.has_column(END_AT) and reader.has_column(START_AT) and reader.has_column(TRANSCRIPT)):
        return []
    starts, ends, ids = (reader.column_reader(name) for name in (START_AT, END_AT, TRANSCRIPT))
    # The right side's timed passages, by transcript, in order of start.
    by_transcript: dict = defaultdict(list)
    for doc in right_docs:
        end = ends[doc]
        if end >= 0:
            by_transcript[ids[doc]].append((starts[doc], end, doc))
    longest = {}
    for key, passages in by_transcript.items():
        passages.sort()
        longest[key] = max(end - start for start, end, _ in passages)
    pairs = []
    for doc in left_docs:
        end = ends[doc]
        if end < 0:
            continue
        key = ids[doc]
        passages = by_transcript.get(key)
        if not passages:
            continue
        start = starts[doc]
        best = None
        # Candidates start no later than this one's end plus the window, and no earlier than its start
        # less the window and the longest right passage (one that starts earlier ends too early).
        at = bisect_right(passages, (end + seconds, float("inf"), float("inf")))
        earliest = start - seconds - longest[key]
        while at > 0:
            at -= 1
            other_start, other_end, other = passages[at]
            if other_start < earliest:
                break
            gap = max(0.0, other_start - end, start - other_end)
            if gap > seconds:
                continue
            if word_gap is not None and max(end, other_end) - min(start, other_start) > seconds:
                gap = word_gap(doc, other)
                if gap is None or gap > seconds:
                    continue
            if best is None or (gap, other_start, other) < best:
                best = (gap, other_start, other)
        if best is not None:
            pairs.append((doc, best[2]))
    return pairs


def scores(leaf, query, docs: list[int]) -> dict[int, float]:
    """BM25F scores of `docs` (segment numbers) for `query`, as the searcher ranks them."""
    found: dict[int, float] = {}
    matcher = query.matcher(leaf, leaf.context())
    for doc in sorted(set(docs)):
        if not matcher.is_active():
            break
        if matcher.id() < doc:
            matcher.skip_to(doc)
            if not matcher.is_active():
                break
        if matcher.id() == doc:
            found[doc] = matcher.score()
    return found


def word_gap_finder(leaf, left_wanted, right_wanted, analyzer, said_at):
    """`word_gap(doc, other)` for `leaf_pairs`: the least time between what the left side matches in
    `doc` and what the right side matches in `other` (segment numbers). A passage whose times the file
    gives is its matched words' times (`Passage.said_at`: cue and word times, interpolated between them),
    each read once a side; one whose times are estimated is its span (its words' times would be guesses
    on a guess), read from the columns where the segment says which passages are timed (`TIMED`: a
    stored read of each made a search of 100,000 pairs of estimated passages half again as slow).
    `said_at(passage, matches)` gives a matched word's time."""
    from indexer.engine.querying.highlight import matched_words
    from indexer.engine.storage.schema import LANGUAGE, TIMED, passage_of

    reader = leaf.reader()
    timed = reader.column_reader(TIMED) if reader.has_column(TIMED) else None
    starts, ends = reader.column_reader(START_AT), reader.column_reader(END_AT)
    found: dict[tuple[int, int], list[tuple[float, float]]] = {}

    def moments(doc: int, side: int) -> list[tuple[float, float]]:
        """When the side's matches in the passage were said: (from, to) a word, or the passage's span."""
        key = (doc, side)
        if key in found:
            return found[key]
        if timed is not None and not timed[doc]:
            found[key] = [(starts[doc], ends[doc])]  # (`leaf_pairs` asks only of passages with a time)
            return found[key]
        stored = leaf.stored_fields(doc)
        passage = passage_of(stored)
        if passage.estimated or passage.start is None or passage.end is None:
            span = (passage.start, passage.end if passage.end is not None else passage.start)
            found[key] = [span] if passage.start is not None else []
        else:
            wanted = left_wanted if side == 0 else right_wanted
            words = matched_words(passage.text, wanted, analyzer, stored.get(LANGUAGE) or "en")
            said = [said_at(passage, [span])[0] for span in words]
            found[key] = [(t, t) for t in said if t is not None]
        return found[key]

    def word_gap(doc: int, other: int) -> float | None:
        lefts, rights = moments(doc, 0), moments(other, 1)
        if not lefts or not rights:
            return None
        return min(max(0.0, b0 - a1, a0 - b1) for a0, a1 in lefts for b0, b1 in rights)

    return word_gap
