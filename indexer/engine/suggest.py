"""`Did you mean`: a query with the words the index has never seen replaced by the closest it has.

Words are looked up in the unstemmed vocabulary (`text_exact`), so the
suggestion is a word as people write it, and corrected by Whoosh's own
spelling corrector over that field.
"""

from __future__ import annotations

import re

from indexer.engine.analysis import is_unspaced
from indexer.engine.query import OPERATORS
from indexer.engine.schema import TEXT_EXACT, words_analyzer

# A word of the query, not a field name (`speaker:`), a fuzzy word or prefix (`word~`, `word*`),
# and not the value of a slop or boost (`"a b"~x`, `putin^x`): those are syntax, never corrected.
_WORD = re.compile(r"(?<![\w:~^])[^\W\d_][\w'’]*(?![\w:*~^])")
CANDIDATES = 10


def suggest(searcher, text: str, has_hits=None) -> str | None:
    """The query with each word the index has never seen replaced by its closest known word.

    Closest as spell checkers mean it: the fewest edits, then the word used in
    most passages. Words the index has are left alone. With `has_hits` (a
    function running a query), a suggestion is only made if it finds something.
    """
    corrector = searcher.corrector(TEXT_EXACT)
    reader = searcher.reader()
    changed = False

    def fix(match: re.Match[str]) -> str:
        nonlocal changed
        word = match.group(0)
        if word in OPERATORS or not word.isalpha() or is_unspaced(word):
            return word  # (a run of Han or Thai is bigrams, not a word to correct)
        folded = [t.text for t in words_analyzer()(word)]
        if not folded or reader.doc_frequency(TEXT_EXACT, folded[0]) > 0:
            return word
        # Only a real near word of the same script: `a` is no suggestion for `习近平`, nor `moskva` for `москва`.
        script = _script(folded[0])
        candidates = [c for c in corrector.suggest(folded[0], limit=CANDIDATES, maxdist=2) if _script(c) == script]
        if not candidates:
            return word
        best = min(
            candidates,
            key=lambda c: (edit_distance(folded[0], c), -reader.doc_frequency(TEXT_EXACT, c), c),
        )
        changed = True
        return best.capitalize() if word[:1].isupper() else best

    fixed = _WORD.sub(fix, text)
    if not changed or (has_hits is not None and not has_hits(fixed)):
        return None
    return fixed


def _script(word: str) -> str:
    """The script of a word's first letter (`LATIN`, `CYRILLIC` ...), as Unicode names it."""
    import unicodedata

    letter = next((c for c in word if c.isalpha()), "")
    if not letter or letter.isascii():
        return "LATIN"
    return unicodedata.name(letter, "").split(" ", 1)[0]


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance: insertions, deletions and substitutions, each one edit."""
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b)))
        previous = current
    return previous[-1]
