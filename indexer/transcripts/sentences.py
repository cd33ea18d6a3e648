"""Where a sentence ends, shared by passage splitting and snippet widening.

Indexing cuts long turns at sentence ends and search widens a snippet to whole
sentences; both must agree, and the search path must not load the indexing
modules to find out, so the pattern lives here on its own.
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
