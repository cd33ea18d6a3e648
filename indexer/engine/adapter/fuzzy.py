"""Fuzzy words (`goverment~`, `sanctoins~2`, `Putn~/3`): Whoosh's syntax, matched against words as written.

Two changes to Whoosh's FuzzyTermPlugin. A fuzzy word in the passage text is
compared with the unstemmed vocabulary (`text_exact`), not with stems:
`goverment~` then finds `government`, where against stems it was itself
stemmed to `gover` and matched `cover` and `over`. And without `/P` the first
letter must match, as Whoosh's own FuzzyTerm defaults to: most typos are not
in the first letter, and every candidate word costs an edit-distance walk in
pure Python (10,000 transcripts: 420 ms over the whole vocabulary, 25 ms over
the words of one initial).
"""

from __future__ import annotations

from whoosh.qparser import FuzzyTermPlugin
from whoosh.query import FuzzyTerm
from whoosh.reading import MultiReader

FUZZY_PREFIX = 1  # letters a fuzzy word~ must share with the words it finds, unless `word~N/P` says


# Set on the segment readers of a resident searcher: each field's words, kept once asked for.
_VOCABULARIES = "_soundbite_vocabularies"


def keep_vocabularies(reader) -> None:
    """Let a (resident) segment reader keep its fields' words in memory for fuzzy words (`_one_edit`):
    a segment's 23,000 words take 56 ms to read once, then each fuzzy word is a few set lookups."""
    reader.__dict__.setdefault(_VOCABULARIES, {})


class ExpandedOnceFuzzyTerm(FuzzyTerm):
    """Whoosh expands a fuzzy term twice per segment (to estimate its size, then to match): once is enough."""

    def _btexts(self, ixreader):
        expansions = self.__dict__.setdefault("_expansions", {})
        key = id(ixreader)
        if key not in expansions or expansions[key][0] is not ixreader:
            # (Whoosh's automaton fails on a prefix longer than the word, `x~1/2`: the whole word, then.)
            prefix = min(self.prefixlength, len(self.text))
            if isinstance(ixreader, MultiReader):
                # (The highlighter's words: Whoosh's own way over several segments measures the edit
                # distance of every word of the initial in Python, 24 ms a field at 50,000.)
                found = sorted(set().union(*(self._btexts(reader) for reader in ixreader.readers)))
            else:
                found = _one_edit(ixreader, self.fieldname, self.text, prefix) if self.maxdist == 1 else None
                if found is None:  # (FuzzyTerm._btexts, with the prefix kept within the word)
                    found = list(ixreader.terms_within(self.fieldname, self.text, self.maxdist, prefix=prefix))
            expansions[key] = (ixreader, found)
        return expansions[key][1]


def _one_edit(reader, fieldname: str, text: str, prefix: int) -> list[str] | None:
    """The words of a field one edit (Levenshtein: an insertion, a deletion or a substitution, after the
    first `prefix` letters) or none from `text`, in the lexicon's order: what Whoosh's automaton finds,
    from every such string looked up in the field's words kept in memory. None where the reader keeps no
    words (not resident): Whoosh's automaton then walks the lexicon (24 ms a field at 50,000)."""
    vocabularies = reader.__dict__.get(_VOCABULARIES)
    if vocabularies is None:
        return None
    known = vocabularies.get(fieldname)
    if known is None:
        words = {word.decode("utf-8") for word in reader.lexicon(fieldname)}
        known = vocabularies[fieldname] = (words, "".join(sorted(set().union(*words))))
    words, alphabet = known
    near = {text}
    for at in range(prefix, len(text) + 1):
        head, tail = text[:at], text[at:]
        near.update([head + letter + tail for letter in alphabet])  # a letter inserted
        if tail:
            near.add(head + tail[1:])  # a letter dropped
            near.update([head + letter + tail[1:] for letter in alphabet])  # a letter changed
    return sorted(near & words)


class FuzzyWordNode(FuzzyTermPlugin.FuzzyTermNode):
    qclass = ExpandedOnceFuzzyTerm
    as_written: dict[str, str] | None = None  # a field -> the field of its words as written, set by the plugin

    def query(self, parser):
        self.fieldname = (self.as_written or {}).get(self.fieldname, self.fieldname)
        return super().query(parser)


class FuzzyWordsPlugin(FuzzyTermPlugin):
    """`as_written`: each stemmed field and the field of the same words unstemmed, where fuzzy words look."""

    FuzzyTermNode = FuzzyWordNode

    def __init__(self, as_written: dict[str, str]):
        super().__init__()
        # Whoosh makes the term nodes from this class attribute: one of the plugin's own, knowing the fields.
        self.FuzzyTermNode = type("FuzzyWordNode", (FuzzyWordNode,), {"as_written": as_written})

    def create(self, parser, match):
        node = super().create(parser, match)
        if not match.group("prefix"):
            node.prefixlength = FUZZY_PREFIX
        return node
