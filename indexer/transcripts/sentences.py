"""Where a sentence ends, shared by passage splitting and snippet widening.

Indexing cuts long turns at sentence ends, a news script's lead gives its
title, and search widens a snippet to whole sentences; all must agree, and
the search path must not load the indexing modules to find out, so the
pattern lives here on its own.
"""

from __future__ import annotations

import re

# A sentence ends at . ! ? or … (optionally followed by a closing quote or
# bracket) before whitespace and something that can start a sentence, unless
# the full stop belongs to an initial or a common abbreviation (U.S., Mr.);
# at 。！？ (no space needed), and at ؟ । ॥ before whitespace.
_ABBREVIATIONS = (
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "Prof",
    "St",
    "Sen",
    "Rep",
    "Gen",
    "Gov",
    "Jr",
    "Sr",
    "vs",
    "No",
)
# What can start a sentence: a capital (of any script with capitals), a digit, or a letter of a script
# without capitals (Hebrew, Arabic, the Indic scripts, Thai, Hangul, kana, Han), after an opening quote or
# bracket, or Spanish's ¿ and ¡. Checked in Python after the pattern finds a candidate (`_starts_sentence`):
# as a character class in the pattern, the scripts' ranges took 3 ms of every search's start-up to compile.
_BREAK = re.compile(
    r"(?<=[.!?…])(?<!\b[A-Z]\.)"
    + "".join(rf"(?<!\b{abbr}\.)" for abbr in _ABBREVIATIONS)
    + r"[\"'”’»)\]]*\s+(?=[\"'“‘«(\[]?[\w¿¡])"
    # Chinese and Japanese full stops need no space after them; Arabic's question mark, the Devanagari danda.
    + r"|(?<=[。！？])[”’」』）)\]]*\s*(?=\S)|(?<=[؟।॥])\s+(?=\S)"
)
_OPENERS = "\"'“‘«(["


def _starts_sentence(text: str, match: re.Match, endpos: int) -> bool:
    """Whether what follows a candidate break can start a sentence (see `_BREAK`)."""
    if text[match.start() - 1] not in ".!?…":
        return True  # (after 。！？ ؟ । ॥ anything may follow)
    at = match.end()
    if text[at] in _OPENERS and at + 1 < endpos:
        at += 1
    first = text[at]
    return first.isupper() or first.isdigit() or first in "¿¡" or (first.isalpha() and not first.islower())


class _SentenceBreaks:
    """Where sentences break, as a compiled pattern's `finditer` and `search` give them (with `pos` and
    `endpos`): the breaks `_BREAK` finds before something that can start a sentence."""

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None):
        endpos = len(text) if endpos is None else min(endpos, len(text))
        return (m for m in _BREAK.finditer(text, pos, endpos) if _starts_sentence(text, m, endpos))

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match | None:
        return next(self.finditer(text, pos, endpos), None)


SENTENCE_BREAK = _SentenceBreaks()
# The marks a sentence ends with, in every script: a caption that ends with one ends a passage.
SENTENCE_ENDS = (".", "?", "!", "…", "。", "！", "？", "؟", "।", "॥")


def split_sentences(text: str) -> list[str]:
    """Split at sentence ends, keeping each sentence's own closing punctuation."""
    pieces: list[str] = []
    last = 0
    for match in SENTENCE_BREAK.finditer(text):
        # A closing quote or bracket belongs to the sentence it closes.
        end = match.start() + len(match.group(0).rstrip())
        pieces.append(text[last:end].strip())
        last = match.end()
    pieces.append(text[last:].strip())
    return [p for p in pieces if p]
