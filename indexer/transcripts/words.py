"""Timed words to turns: what every speech-to-text service's output comes down to.

Amazon Transcribe, Google, Azure, Deepgram, AssemblyAI, Rev.ai, Speechmatics
and IBM Watson each give the words of a recording with their times and, when
asked, who said them. Their readers (`formats.services`) bring those to one
list of `Word`s; here they become passages as captions do: a cue at each
speaker change, sentence end or pause, then `cues.merge_cues` (a new passage
at a speaker change, and at a sentence end once the passage is long enough).
Start and end come from the words' own times, never estimated.

A service labels voices, not people: `spk_0`, `A`, `S1`, `SPEAKER_00`, a
channel `ch_1`. The label is kept as the service gives it; a bare number or
letter is shown as `Speaker 0` / `Speaker A`, with the label beside it. A
sidecar can name them (`metadata.merge_sidecar`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.model import Turn
from indexer.transcripts.cues import Cue, merge_cues
from indexer.transcripts.sentences import SENTENCE_ENDS
from indexer.transcripts.text import join_lines, strip_markup, word_count

PAUSE = 1.5  # seconds of silence between two words that end a cue (merge_cues decides the passage)
# Punctuation that belongs to the word before it (`,` `.` `?`) or after it (`¿` `¡` opening quotes).
_CLOSING = re.compile(r"^[^\w\s]*[.,;:!?…。，、！？؟،।॥)\]}'\"”’»]+$")
_OPENING = re.compile(r"^[¿¡(\[{\"“‘«]+$")


@dataclass(slots=True)
class Word:
    """A word (or a punctuation mark) as a service timed it; `start`/`end` None for punctuation."""

    text: str
    start: float | None = None
    end: float | None = None
    speaker: str = ""  # the service's label, as given: `spk_0`, `A`, `S1`, `0`, `ch_1`
    attaches: str = ""  # "previous" or "next": joined without a space (punctuation), else ""


def speaker_name(label) -> tuple[str, str]:
    """(the speaker as shown, the label as the service gave it where it differs): `0` -> `Speaker 0`,
    `A` -> `Speaker A`, `spk_0` stays `spk_0`."""
    if label is None or isinstance(label, bool):
        return "", ""
    text = " ".join(str(label).split())
    if not text:
        return "", ""
    if text.isdigit() or (len(text) == 1 and text.isalpha()):
        return f"Speaker {text}", text
    return text, ""


def channel_name(channel) -> tuple[str, str]:
    """A channel as a speaker, where there is no diarization: `ch_1` stays, `1` -> `Channel 1`."""
    if channel is None or isinstance(channel, bool):
        return "", ""
    text = str(channel).strip()
    if not text:
        return "", ""
    return (f"Channel {text}", text) if text.isdigit() else (text, "")


def punctuation_side(text: str) -> str:
    """Which word a bare punctuation token belongs to: 'previous', 'next', or '' (a word)."""
    if _CLOSING.match(text):
        return "previous"
    if _OPENING.match(text):
        return "next"
    return ""


def turns_from_words(words: list[Word]) -> list[Turn]:
    """Words in spoken order into turns a person would quote, with the words' times."""
    return merge_cues(cues_from_words(words))


def cues_from_words(words: list[Word]) -> list[Cue]:
    """Words into cues: a cue ends at a sentence end, a pause or a speaker change."""
    cues: list[Cue] = []
    pieces: list[str] = []
    times: list[tuple[int, float]] = []  # each word's start, by the words before it in the cue
    start = end = None
    speaker = ""
    glue_next = False

    def flush() -> None:
        nonlocal pieces, start, end, times
        text = strip_markup("".join(pieces))  # (a service's text has no markup; a broken file's may)
        if text:
            name, label = speaker_name(speaker) if speaker else ("", "")
            begin = start if start is not None else (cues[-1].end if cues else 0.0)
            said = tuple(times) if text == "".join(pieces) else ()  # (markup taken out: words moved)
            cues.append(Cue(begin, end if end is not None else begin, text, name or None, False, label, said))
        pieces, start, end, times = [], None, None, []

    for word in words:
        text = word.text.strip()
        if not text:
            continue
        if word.speaker and word.speaker != speaker and pieces:
            flush()
        if word.speaker:
            speaker = word.speaker
        elif not pieces and not cues:
            speaker = ""
        if pieces and word.start is not None and end is not None and word.start - end >= PAUSE:
            flush()
        if word.attaches == "previous" and pieces:
            pieces.append(text)
        else:
            if pieces and not glue_next:
                pieces.append(" " if not _close_scripts(pieces[-1], text) else "")
            if word.start is not None and pieces and not glue_next:
                times.append((word_count("".join(pieces)), word.start))
            pieces.append(text)
        glue_next = word.attaches == "next"
        if word.start is not None:
            start = word.start if start is None else start
            end = max(word.end if word.end is not None else word.start, end if end is not None else word.start)
        if word.attaches != "next" and text.rstrip("\"'”’)]」』）").endswith(SENTENCE_ENDS):
            flush()
    flush()
    return cues


def _close_scripts(before: str, after: str) -> bool:
    """Chinese and Japanese words are written without a space between them."""
    return join_lines([before[-1:], after[:1]]) == before[-1:] + after[:1]
