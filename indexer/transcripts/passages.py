"""Turns to passages: the unit a person would quote and a hit shows.

A parser's turns can be a whole minute of one speaker or a two-word cue. This
module makes them readable hits: long turns are split at sentence boundaries
into passages of roughly `MIN_WORDS`..`MAX_WORDS` words, passages are numbered
in spoken order, and where a file gives only a total duration, each passage's
time is estimated from its share of the words.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from indexer.model import Passage, Turn
from indexer.transcripts.sentences import split_sentences
from indexer.transcripts.text import strip_markup

MIN_WORDS = 40
MAX_WORDS = 120
TARGET_WORDS = 90


def word_count(text: str) -> int:
    return len(text.split())


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
    return [" ".join(chunk) for chunk in chunks]


def build_passages(turns: Iterable[Turn]) -> list[Passage]:
    """Number the turns as passages, splitting long ones.

    The pieces of a split turn keep its speaker and role. Where the turn has
    a start and an end, they share its span in proportion to their words and
    all but the first are marked estimated (interpolated, not read); where it
    has only a start, every piece carries that start, also marked estimated.
    """
    passages: list[Passage] = []
    for turn in turns:
        pieces = split_long(strip_markup(turn.text))
        speaker, role = strip_markup(turn.speaker), strip_markup(turn.role)
        spans = _share(turn.start, turn.end, [word_count(p) for p in pieces])
        for i, (piece, (start, end)) in enumerate(zip(pieces, spans, strict=True)):
            passages.append(
                Passage(
                    number=len(passages) + 1,
                    text=piece,
                    speaker=speaker,
                    role=role,
                    start=start,
                    end=end,
                    estimated=i > 0 and start is not None,
                )
            )
    return passages


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


def estimate_times(passages: list[Passage], duration: float) -> None:
    """Give every passage a start and end from its share of the spoken words.

    Speech pace in a news report is close to even, so the share of words is
    the best estimate the file allows. Times are monotonic, the first passage
    starts at 0 and the last one ends exactly at `duration`.
    """
    total = sum(word_count(p.text) for p in passages)
    if not passages or total == 0:
        return
    spoken = 0
    for passage in passages:
        passage.start = round(duration * spoken / total, 2)
        spoken += word_count(passage.text)
        passage.end = round(duration * spoken / total, 2)
        passage.estimated = True
    passages[-1].end = float(duration)
