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
# What can start a sentence: a capital (Latin, Greek, Cyrillic, Vietnamese), a digit, or a letter of a
# script without capitals (Hebrew, Arabic, the Indic scripts, Thai, Hangul, kana, Han).
_STARTS = (
    "A-Z0-9À-Þ¿¡\u0100-\u024f\u1e00-\u1eff\u0391-\u03a9\u0400-\u042f"
    "\u0590-\u08ff\u0900-\u0dff\u0e00-\u0eff\u1100-\u11ff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af"
)
SENTENCE_BREAK = re.compile(
    r"(?<=[.!?…])(?<!\b[A-Z]\.)"
    + "".join(rf"(?<!\b{abbr}\.)" for abbr in _ABBREVIATIONS)
    + rf"[\"'”’»)\]]*\s+(?=[\"'“‘«(\[]?[{_STARTS}])"
    # Chinese and Japanese full stops need no space after them; Arabic's question mark, the Devanagari danda.
    + r"|(?<=[。！？])[”’」』）)\]]*\s*(?=\S)|(?<=[؟।॥])\s+(?=\S)"
)
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
