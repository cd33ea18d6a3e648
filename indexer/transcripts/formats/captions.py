"""Subtitle and caption files: SRT, WebVTT and YouTube's SBV, as cues and then passages.

One line-based reader serves all three, because real files mix their
conventions: SRT without cue numbers or with numbering gaps, VTT with
`mm:ss.ttt` or seconds-only times, SRT with a full stop in a timestamp. The
libraries were measured on the corpus first: `srt` folds an orphan cue number
and its text into the previous cue, and `webvtt-py` silently drops every cue
whose timestamps have no minutes (Podnews' `0.860 --> 7.380`), so neither is
used.

This module reads the timed blocks; `transcripts.cues` turns them into
speech and merges them into turns, as it does for every format with times.
"""

from __future__ import annotations

import re

from indexer.model import Parsed, TranscriptMeta
from indexer.transcripts.clock import parse_clock, plausible
from indexer.transcripts.cues import Cue, clean_cues, merge_cues
from indexer.transcripts.language import code_of

_TIME = r"-?\d+(?::\d+){0,3}(?:[.,]\d+)?"
_SBV_TIME = r"\d+:\d{2}:\d{2}\.\d+"
_TIMING = re.compile(
    rf"^\s*(?:(?P<start>{_TIME})\s*(?:-->|->|—>)\s*(?P<end>{_TIME})(?P<settings>\s.*)?"
    rf"|(?P<sbv_start>{_SBV_TIME}),(?P<sbv_end>{_SBV_TIME}))\s*$"
)


def sniff_vtt(text: str) -> bool:
    return text[:64].lstrip("\ufeff \n").startswith("WEBVTT")


def sniff(text: str) -> bool:
    """A cue timing line near the top: SRT, or VTT without its header."""
    return any(_TIMING.match(line) and "->" in line for line in text[:4096].split("\n"))


def sniff_sbv(text: str) -> bool:
    return any(_TIMING.match(line) and "->" not in line for line in text[:4096].split("\n"))


def read_cues(text: str, notes: list[str] | None = None) -> list[Cue]:
    """Timed blocks of text; blocks without a valid timing line (NOTE, STYLE, garbage) are passed over.

    What is odd about the timings is said once each in `notes`: a cue that
    ends before it starts keeps its words, at its start; a cue whose times no
    recording can have keeps its words at the time of the cue before it; a
    zero-length cue (never on screen: players use it to hide data) is left out.
    """
    notes = notes if notes is not None else []
    reversed_cues = impossible = hidden = 0
    cues: list[Cue] = []
    lines = text.lstrip("\ufeff").split("\n")
    i = 0
    while i < len(lines):
        match = _TIMING.match(lines[i])
        if not match:
            i += 1
            continue
        start = parse_clock(match.group("start") or match.group("sbv_start"))
        end = parse_clock(match.group("end") or match.group("sbv_end"))
        i += 1
        body = []
        while i < len(lines) and lines[i].strip() and not _TIMING.match(lines[i]):
            body.append(lines[i])
            i += 1
        # A cue number or identifier directly above the next timing line is not text.
        if i < len(lines) and _TIMING.match(lines[i]) and body and body[-1].strip().isdigit():
            body.pop()
        if not plausible(start) or not plausible(end):
            impossible += 1
            start = end = cues[-1].start if cues else 0.0
        elif end < start:
            reversed_cues += 1
            end = start
        elif end == start:
            hidden += 1
            continue
        cues.append(Cue(start=start, end=end, text="\n".join(body)))
    if reversed_cues:
        notes.append(f"{_count(reversed_cues, 'cue')} with the end before the start: kept, at the start")
    if impossible:
        notes.append(f"{_count(impossible, 'cue')} with a time no recording can have: kept, at the cue before")
    if hidden:
        notes.append(f"{_count(hidden, 'zero-length cue')} (never shown on screen) left out")
    return cues


def _count(n: int, what: str) -> str:
    return f"{n} {what}{'' if n == 1 else 's'}"


def parse(text: str) -> Parsed:
    notes: list[str] = []
    cues = read_cues(text, notes)
    meta = TranscriptMeta(language=header_language(text))
    return Parsed(meta, merge_cues(clean_cues(cues, notes)), notes=notes)


# WebVTT's header block (before the first blank line): YouTube and others write `Language: en`.
_HEADER_LANGUAGE = re.compile(r"^Language:[ \t]*(\S[^\n]*?)\s*$", re.M)


def header_language(text: str) -> str:
    """The language a WebVTT header declares (`Language: pt-BR` -> `pt`); '' without one."""
    head = text[:2048].lstrip("\ufeff")
    if not head.startswith("WEBVTT"):
        return ""
    head = re.split(r"\r?\n[ \t]*\r?\n", head, maxsplit=1)[0]
    found = _HEADER_LANGUAGE.search(head)
    return code_of(found.group(1)) if found else ""
