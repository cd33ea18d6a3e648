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

FUZZY_PREFIX = 1  # letters a fuzzy word~ must share with the words it finds, unless `word~N/P` says


class ExpandedOnceFuzzyTerm(FuzzyTerm):
    """Whoosh expands a fuzzy term twice per segment (to estimate its size, then to match): once is enough."""

    def _btexts(self, ixreader):
        expansions = self.__dict__.setdefault("_expansions", {})
        key = id(ixreader)
        if key not in expansions or expansions[key][0] is not ixreader:
            expansions[key] = (ixreader, list(super()._btexts(ixreader)))
        return expansions[key][1]


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
