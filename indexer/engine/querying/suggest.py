"""`Did you mean`: a query with the words the index has never seen replaced by the closest it has.

Words are looked up in the unstemmed vocabulary (`text_exact`), so the
suggestion is a word as people write it, and corrected by Whoosh's own
spelling corrector over that field.
"""

from __future__ import annotations

import re

from indexer.engine.analysis import is_unspaced
from indexer.engine.querying.query import OPERATORS
from indexer.engine.storage.schema import TEXT_EXACT, words_analyzer

# A word of the query, not a field name (`speaker:`), a fuzzy word or prefix (`word~`, `word*`),
# and not the value of a slop or boost (`"a b"~x`, `putin^x`): those are syntax, never corrected.
_WORD = re.compile(r"(?<![\w:~^])[^\W\d_][\w'’]*(?![\w:*~^])")
CANDIDATES = 10
MAX_CORRECTED = 5  # distinct unknown words corrected in one query
# A word the index has but hardly uses is still a typo where a word one edit away is used far more
# (`ceasfire`, written once, beside `ceasefire` in 400 passages), as search engines compare frequencies.
RARE = 3  # passages at most
FAR_MORE = 20  # times as many passages, and at least `RARE * FAR_MORE`
MAX_WORD = 40  # longer is no word with a typo in it


def suggest(searcher, text: str, has_hits=None) -> str | None:
    """The query with each word the index has never seen replaced by its closest known word, and each
    word it hardly uses by one a single edit away that it uses far more (`RARE`, `FAR_MORE`).

    Closest as spell checkers mean it: the fewest edits, then the word used in
    most passages. Words the index uses are left alone. With `has_hits` (a
    function running a query), a suggestion is only made if it finds something.
    """
    corrector = searcher.corrector(TEXT_EXACT)
    reader = searcher.reader()
    changed = False
    corrected: dict[str, str | None] = {}  # each distinct word is looked up once, however often it repeats

    def fix(match: re.Match[str]) -> str:
        nonlocal changed
        word = match.group(0)
        if word in OPERATORS or not word.isalpha() or is_unspaced(word) or len(word) > MAX_WORD:
            return word  # (a run of Han or Thai is bigrams, not a word to correct)
        folded = [t.text for t in words_analyzer()(word)]
        used = reader.doc_frequency(TEXT_EXACT, folded[0]) if folded else 0
        if not folded or used > RARE:
            return word
        if folded[0] not in corrected:
            if len(corrected) >= MAX_CORRECTED:
                return word  # a query of many unknown words is not a typo to fix
            corrected[folded[0]] = _closest(folded[0], corrector, reader, used)
        best = corrected[folded[0]]
        if best is None:
            return word
        changed = True
        return best.capitalize() if word[:1].isupper() else best

    fixed = _WORD.sub(fix, text)
    if not changed or (has_hits is not None and not has_hits(fixed)):
        return None
    return fixed


def _closest(word: str, corrector, reader, used: int = 0) -> str | None:
    """The known word closest to `word`: of the same script (`a` is no suggestion for `习近平`, nor `moskva`
    for `москва`), sharing its first letter (as fuzzy words do: most typos are not in it, and the
    search of the vocabulary is a letter's words, not all of them), fewest edits, most used.

    One edit further, a word used `FAR_MORE` times as often is the likelier one meant (`ceasfiree`:
    `ceasefire`, in 70 passages, rather than `ceasfire`, itself a typo, in 1). A word the index has
    (`used` passages) is corrected only to a word one edit away used `FAR_MORE` times as often."""
    script = _script(word)
    found = corrector.suggest(word, limit=CANDIDATES, maxdist=2, prefix=1)
    ranked = sorted(
        (edit_distance(word, c), -reader.doc_frequency(TEXT_EXACT, c), c)
        for c in found
        if c != word and _script(c) == script
    )
    if used:
        ranked = [(d, n, c) for d, n, c in ranked if d == 1 and -n >= max(used, RARE) * FAR_MORE]
    if not ranked:
        return None
    edits, most, best = ranked[0]
    further = [(n, c) for d, n, c in ranked if d == edits + 1 and -n >= max(-most, RARE) * FAR_MORE]
    return min(further)[1] if further else best


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
