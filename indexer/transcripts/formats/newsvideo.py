"""The news-video script: duration line, lead, narration, soundbites, sign-off.

    02:52
    CGTN's Nathan King looks at what it means for American foreign policy.
    From the beginning of his campaign ...                       (narration)
    DONALD TRUMP US PRESIDENT "He's not my enemy. ..."           (soundbite)
    Nathan King, CGTN, Helsinki, Finland.                        (sign-off)

The file gives only the video's total duration, so passage times are
estimated from each passage's share of the words (see `passages.estimate_times`).
"""

from __future__ import annotations

import re

from indexer.model import Parsed, TranscriptMeta, Turn
from indexer.transcripts.clock import parse_clock
from indexer.transcripts.names import MentionIndex, is_upper_label, split_name_title
from indexer.transcripts.news import sign_off
from indexer.transcripts.sentences import split_sentences

NAME = "newsvideo"

DURATION = re.compile(r"^\s*(?:\d{1,2}:)?\d{1,2}:\d{2}\s*$")

# `NAME TITLE "quote"`: an upper-case label, then the quote in straight or
# curly quotes; the closing quote is sometimes missing in real scripts.
# Read without a regular expression: as one (`label … "quote`), it backtracked over every split of a
# long upper-case paragraph without a quote (15 KB: 48 s). This is linear.
_QUOTE_MARKS = re.compile('["“”„«]')
_SEPARATOR_TAIL = re.compile(r"\s*[:\-–—]?\s*$")
_LETTER = re.compile(r"[^\W\d_]")
_LOWER_ASCII = re.compile("[a-z]")


def soundbite_parts(paragraph: str) -> tuple[str, str] | None:
    """(label, quote) of `NAME TITLE "quote"` (a label without lower-case ASCII letters, with a
    letter, then `:` or a dash or nothing, then an opening quote); None if the paragraph is not one."""
    first = _QUOTE_MARKS.search(paragraph)
    if first is None or first.group() == "”":
        return None
    head = paragraph[: first.start()]
    if len(_LOWER_ASCII.findall(head)) > 1:  # (one may stand as the label's letter, as the pattern had it)
        return None
    label = head[: _SEPARATOR_TAIL.search(head).start()]
    if not _LETTER.search(label):
        return None
    quote = paragraph[first.end() :].rstrip()
    if quote.endswith(('"', "”", "“", "»")):
        quote = quote[:-1]
    return label, quote


# `CGTN's Nathan King looks at ...`: the network and the reporter in the lead.
LEAD_BYLINE = re.compile(
    r"(?P<network>\b[A-Z][\w&.+-]*(?:\s+[A-Z0-9][\w&.+-]*){0,3})['’]s\s+"
    r"(?P<reporter>[A-Z][\w'’.-]+(?:\s+(?:[A-Z][\w'’.-]+|van|von|de|der|da|di|del|la|le|bin|al)){1,3})"
    r"(?=\s+[a-z])"
)


def parse_duration(line: str) -> float | None:
    """Seconds from the duration line (`2:52`, `02:52`, `1:02:30`); None for anything else."""
    return parse_clock(line) if DURATION.match(line) else None


def sniff(text: str) -> bool:
    """A duration alone on the first non-empty line is this shape's signature."""
    for line in text.split("\n", 20):
        if line.strip():
            return parse_duration(line) is not None
    return False


def _paragraphs(lines: list[str]) -> list[str]:
    """Non-empty lines are paragraphs; a hard-wrapped line continues the one before."""
    paragraphs: list[str] = []
    for raw in lines:
        line = " ".join(raw.split())
        if not line:
            continue
        continues = (
            paragraphs
            and not soundbite_parts(line)
            and line[:1].islower()
            and not paragraphs[-1].endswith((".", "!", "?", '"', "”", "…", ":"))
        )
        if continues:
            paragraphs[-1] += " " + line
        else:
            paragraphs.append(line)
    return paragraphs


def _soundbite(paragraph: str) -> tuple[str, str] | None:
    parts = soundbite_parts(paragraph)
    if parts is None:
        return None
    label = parts[0].strip()
    if len(label.split()) < 2 or not is_upper_label(label):
        return None
    return label, parts[1].strip()


def _sign_off(paragraph: str) -> re.Match[str] | None:
    return None if _soundbite(paragraph) else sign_off(paragraph)


def parse(text: str) -> Parsed:
    lines = text.split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    duration = parse_duration(lines[0]) if lines else None
    paragraphs = _paragraphs(lines[1:] if duration is not None else lines)
    meta = TranscriptMeta(duration=duration)
    if not paragraphs:
        return Parsed(meta, [])

    signed = _sign_off(paragraphs[-1])
    lead = paragraphs[0] if not _soundbite(paragraphs[0]) and len(paragraphs) > 1 else None
    byline = LEAD_BYLINE.search(lead) if lead else None
    if signed:
        meta.reporter = signed.group("reporter").strip()
        meta.network = signed.group("network").strip()
        meta.place = signed.group("place").strip().rstrip(".")
    elif byline:
        meta.reporter = byline.group("reporter").strip()
        meta.network = byline.group("network").strip()
    if lead:
        meta.title = split_sentences(lead)[0]

    # Names are settled by the mixed-case text around the soundbites.
    mentions = MentionIndex("\n".join(p if not _soundbite(p) else _soundbite(p)[1] for p in paragraphs))
    turns: list[Turn] = []
    for i, paragraph in enumerate(paragraphs):
        bite = _soundbite(paragraph)
        if bite:
            name, role = split_name_title(bite[0], mentions)
            turns.append(Turn(text=bite[1], speaker=name, role=role))
        elif i == 0 and lead is not None:
            # The lead is spoken: it is the anchor's introduction, read at the
            # start of the video. Counting its words gives the founding example
            # 148 words a minute, a broadcast pace; without them it would be 128.
            turns.append(Turn(text=paragraph, role="anchor"))
        else:
            turns.append(Turn(text=paragraph, speaker=meta.reporter, role="reporter"))
    return Parsed(meta, turns)
