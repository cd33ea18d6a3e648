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
# the full stop belongs to an initial or a common abbreviation (U.S., Mr.).
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
SENTENCE_BREAK = re.compile(
    r"(?<=[.!?…])(?<!\b[A-Z]\.)"
    + "".join(rf"(?<!\b{abbr}\.)" for abbr in _ABBREVIATIONS)
    + r"[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9À-Þ¿¡])"
)


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
