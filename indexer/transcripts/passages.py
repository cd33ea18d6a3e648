"""Turns to passages: the unit a person would quote and a hit shows.

A parser's turns can be a whole minute of one speaker or a two-word cue. This
module makes them readable hits: long turns are split at sentence boundaries
into passages of roughly `MIN_WORDS`..`MAX_WORDS` words, passages are numbered
in spoken order, and where a file gives only a total duration, each passage's
time is estimated from its share of the words.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from itertools import pairwise

from indexer.model import SHOT, SPEECH, STORYLINE, Passage, Turn
from indexer.transcripts.sentences import split_sentences
from indexer.transcripts.text import join_lines, strip_markup, word_count

MIN_WORDS = 40
MAX_WORDS = 120
TARGET_WORDS = 90
SPEAKING_PACE = 2.5  # words a second: 150 a minute, a broadcast pace
SHOT_SECONDS = 4.0  # a shot's length when the script gives no duration to share out


def split_long(text: str, max_words: int = MAX_WORDS, target: int = TARGET_WORDS) -> list[str]:
    """Cut `text` into chunks of at most about `max_words`, at sentence ends where possible.

    Chunks are balanced (a 130-word paragraph becomes 65 + 65, not 120 + 10),
    and a sentence longer than `max_words` (unpunctuated auto-captions) is cut
    at word boundaries.
    """
    total = word_count(text)
    if total <= max_words:
        return [text.strip()] if text.strip() else []
    pieces = math.ceil(total / target)
    goal = total / pieces
    sentences: list[str] = []
    for sentence in split_sentences(text):
        words = sentence.split()
        if len(words) <= max_words:
            sentences.append(sentence)
            continue
        step = math.ceil(len(words) / math.ceil(len(words) / target))
        sentences.extend(" ".join(words[i : i + step]) for i in range(0, len(words), step))
    chunks: list[list[str]] = [[]]
    size = 0
    for sentence in sentences:
        n = word_count(sentence)
        if chunks[-1] and (size + n > max_words or size >= goal):
            chunks.append([])
            size = 0
        chunks[-1].append(sentence)
        size += n
    # A short tail reads badly as a hit on its own: give it to the chunk before.
    if len(chunks) > 1 and sum(map(word_count, chunks[-1])) < MIN_WORDS // 2:
        tail = chunks.pop()
        chunks[-1].extend(tail)
    return [join_lines(chunk) for chunk in chunks]


_A_WORD = re.compile(r"[^\W_]")


def build_passages(turns: Iterable[Turn]) -> list[Passage]:
    """Number the turns as passages, splitting long ones.

    The pieces of a split turn keep its speaker and role. Where the turn has
    a start and an end, they share its span in proportion to their words and
    all but the first are marked estimated (interpolated, not read); where it
    has only a start, every piece carries that start, also marked estimated.
    """
    passages: list[Passage] = []
    for turn in turns:
        # A passage holds a word (letters or digits, any script): `\###`, `----` or `!--` say nothing.
        pieces = [piece for piece in split_long(strip_markup(turn.text)) if _A_WORD.search(piece)]
        # Only speech has a speaker: a shot or a storyline is nobody's words.
        speech = turn.kind == SPEECH
        speaker, role = (strip_markup(turn.speaker), strip_markup(turn.role)) if speech else ("", "")
        label = strip_markup(turn.label) if speech and turn.label else ""
        counts = [word_count(p) for p in pieces]
        timed = turn.times and turn.start is not None and turn.end is not None and _in_order(turn)
        spans = _share(turn.start, turn.end, counts) if not timed else _spans_by_times(turn, counts)
        offset = 0
        for i, (piece, (start, end)) in enumerate(zip(pieces, spans, strict=True)):
            times: tuple[tuple[int, float], ...] = ()
            if timed:  # the turn's times inside this piece, by its own words, then its end
                inside = [(w - offset, t) for w, t in turn.times if offset < w < offset + counts[i]]
                times = (*inside, (counts[i], end)) if inside else ()
            offset += counts[i]
            passages.append(
                Passage(
                    number=len(passages) + 1,
                    text=piece,
                    speaker=speaker,
                    role=role,
                    start=start,
                    end=end,
                    estimated=start is not None and (i > 0 or turn.estimated),
                    kind=turn.kind,
                    label=label,
                    times=times,
                )
            )
    return passages


def _in_order(turn: Turn) -> bool:
    """Whether the turn's times never run back (overlapping cues can): else its words' times are not used."""
    seconds = [turn.start, *(t for _, t in turn.times), turn.end]
    return all(a <= b for a, b in pairwise(seconds))


def _spans_by_times(turn: Turn, counts: list[int]) -> list[tuple[float, float]]:
    """Each piece's (start, end) from the turn's times: read where a piece opens a cue, else interpolated
    (`Passage.said_at` over the whole turn)."""
    end_word = max(sum(counts), turn.times[-1][0] + 1)
    whole = Passage(0, "", start=turn.start, end=turn.end, times=(*turn.times, (end_word, turn.end)))

    def at(words: int) -> float:
        return whole.said_at(words)[0]

    spans, offset = [], 0
    for count in counts:
        spans.append((at(offset), at(offset + count)))
        offset += count
    if spans:  # the turn's own times at its ends, as read
        spans[0] = (turn.start, spans[0][1])
        spans[-1] = (spans[-1][0], turn.end)
    return spans


def _share(start: float | None, end: float | None, weights: list[int]) -> list[tuple[float | None, float | None]]:
    if start is None or end is None or len(weights) <= 1:
        return [(start, end)] * len(weights)
    total = sum(weights) or 1
    spans = []
    at = start
    for weight in weights:
        after = at + (end - start) * weight / total
        spans.append((round(at, 3), round(after, 3)))
        at = after
    spans[-1] = (spans[-1][0], end)
    return spans


def estimate_times(passages: list[Passage], duration: float | None = None) -> None:
    """Give every aired passage a start and end, marked estimated, in order and within `duration`.

    Speech alone: each passage gets its share of the words, so the pace is
    even over the whole duration (close to true for a news report); without
    a duration, at `SPEAKING_PACE`. With shots (a shotlist): speech takes its
    words at `SPEAKING_PACE` and the shots share the rest of the duration
    (`SHOT_SECONDS` each without one; if the soundbites alone overrun it,
    they are squeezed to fit and the shots get no time). A storyline was never
    aired: no time. Times never go back, the first aired passage starts at 0
    and the last ends at `duration`.
    """
    aired = [p for p in passages if p.kind != STORYLINE]
    for passage in passages:
        if passage.kind == STORYLINE:
            passage.start = passage.end = None
            passage.estimated = False
    words = {id(p): word_count(p.text) for p in aired}
    spoken = sum(words[id(p)] for p in aired if p.kind != SHOT)
    shots = sum(1 for p in aired if p.kind == SHOT)
    if not aired or (spoken == 0 and shots == 0):
        return
    if not shots:
        total = float(duration) if duration else spoken / SPEAKING_PACE
        done = 0
        for passage in aired:
            passage.start = round(total * done / spoken, 2)
            done += words[id(passage)]
            passage.end = round(total * done / spoken, 2)
            passage.estimated = True
    else:
        speaking = spoken / SPEAKING_PACE
        total = float(duration) if duration else speaking + shots * SHOT_SECONDS
        room = total - speaking
        squeeze = 1.0 if room >= 0 else total / speaking
        shot = max(room, 0.0) / shots
        at = 0.0
        for passage in aired:
            passage.start = round(min(at, total), 2)
            at += shot if passage.kind == SHOT else words[id(passage)] / SPEAKING_PACE * squeeze
            passage.end = round(min(at, total), 2)
            passage.estimated = True
    aired[-1].end = float(total)
