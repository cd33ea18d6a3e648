"""`Did you mean`: a query with the words the index has never seen replaced by the closest it has.

Words are looked up in the unstemmed vocabulary (`text_exact`), so the
suggestion is a word as people write it, and corrected by Whoosh's own
spelling corrector over that field.
"""

from __future__ import annotations

import re

from indexer.engine.query import OPERATORS
from indexer.engine.schema import TEXT_EXACT, words_analyzer

_WORD = re.compile(r"(?<![\w:])[^\W\d_][\w'’]*(?![\w:*~])")


def suggest(searcher, text: str) -> str | None:
    """The query with each word the index has never seen replaced by its closest known word."""
    corrector = searcher.corrector(TEXT_EXACT)
    reader = searcher.reader()
    changed = False

    def fix(match: re.Match[str]) -> str:
        nonlocal changed
        word = match.group(0)
        if word in OPERATORS or not word.isalpha():
            return word
        folded = [t.text for t in words_analyzer()(word)]
        if not folded or reader.doc_frequency(TEXT_EXACT, folded[0]) > 0:
            return word
        options = corrector.suggest(folded[0], limit=1, maxdist=2)
        if not options:
            return word
        changed = True
        return options[0].capitalize() if word[:1].isupper() else options[0]

    fixed = _WORD.sub(fix, text)
    return fixed if changed else None
