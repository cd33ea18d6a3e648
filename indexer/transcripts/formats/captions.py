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
    """Timed blocks of text; the header, NOTE, STYLE and REGION blocks and cue numbers are passed over.

    What is odd about the timings is said once each in `notes`: a cue that
    ends before it starts keeps its words, at its start; a cue whose times no
    recording can have, or cannot be read (`00:00:1d.890`), keeps its words at
    the time of the cue before it; a zero-length cue (never on screen: players
    use it to hide data) is left out. Text in a block without a timing line (a
    cue whose timing line is missing) is kept with the cue before.
    """
    notes = notes if notes is not None else []
    reversed_cues = impossible = untimed = hidden = 0
    cues: list[Cue] = []
    lines = text.lstrip("\ufeff").split("\n")
    i = _after_header(lines)
    while i < len(lines):
        match = _TIMING.match(lines[i])
        if not match and not _LOOSE_TIMING.match(lines[i]):
            i, block = _untimed_block(lines, i)
            if block and (cues or not text.lstrip("\ufeff").startswith("WEBVTT")):
                untimed += 1
                if cues:
                    cues[-1].text = "\n".join(filter(None, (cues[-1].text, *block)))
                else:
                    cues.append(Cue(start=0.0, end=0.0, text="\n".join(block)))
            continue
        if match:
            start = parse_clock(match.group("start") or match.group("sbv_start"))
            end = parse_clock(match.group("end") or match.group("sbv_end"))
        else:
            start = end = float("nan")  # `-->` between times that cannot be read
        i += 1
        body = []
        while i < len(lines) and lines[i].strip() and not _is_timing(lines[i]):
            body.append(lines[i])
            i += 1
        # A cue number or identifier directly above the next timing line is not text.
        if i < len(lines) and _is_timing(lines[i]) and body and body[-1].strip().isdigit():
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
        notes.append(
            f"{_count(impossible, 'cue')} with times no recording can have or none can read: kept, at the cue before"
        )
    if hidden:
        notes.append(f"{_count(hidden, 'zero-length cue')} (never shown on screen) left out")
    if untimed:
        notes.append(f"{_count(untimed, 'block')} of text without a timing line: kept, with the cue before")
    return cues


# A timing line whose times cannot be read (`00:00:07.000 --> 00:00:1d.890`): still a cue's timing line.
_LOOSE_TIMING = re.compile(r"^\s*[\d:.,]+\s*-->")


def _is_timing(line: str) -> bool:
    return _TIMING.match(line) is not None or _LOOSE_TIMING.match(line) is not None


_NOT_CUES = ("NOTE", "STYLE", "REGION")  # WebVTT's blocks that are not captions


def _after_header(lines: list[str]) -> int:
    """Where the cues begin: after WebVTT's header block (`WEBVTT`, `Kind:`, a `Style:` sheet), which
    ends at the first blank line or, in files that leave none, at the first timing line."""
    if not lines or not lines[0].startswith("WEBVTT"):
        return 0
    i = 1
    while i < len(lines) and lines[i].strip() and not _is_timing(lines[i]):
        i += 1
    return i


def _untimed_block(lines: list[str], i: int) -> tuple[int, list[str]]:
    """The block from `i` up to a blank or a timing line, when it has no timing line of its own: where it
    ends, and its speech. No speech in a blank line, a NOTE/STYLE/REGION block, or a cue number or
    identifier (the line just above a timing line); the text of a cue whose timing line is missing
    otherwise."""
    j = i
    while j < len(lines) and lines[j].strip() and not _is_timing(lines[j]):
        j += 1
    block = lines[i:j]
    if not block or block[0].split(" ")[0].split("\t")[0].strip() in _NOT_CUES:
        return max(j, i + 1), []
    if j < len(lines) and _is_timing(lines[j]):
        block = block[:-1]  # the identifier of the cue below
    if block and block[0].strip().isdigit():
        block = block[1:]  # the number of the cue whose timing line is missing
    return j, block


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
