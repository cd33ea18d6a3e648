"""Highlighting that reads well: the words as written, phrases as one mark, whole sentences.

The passage is re-analysed exactly as at indexing time, so `sanctions` is
marked for a query `sanction` and offsets point at the words as written. A
word that the query asks for on its own is marked wherever it occurs; a word
that only appears inside a quoted phrase is marked only where the phrase
occurs, and the phrase is marked as one span (`Miss Universe`, not `Miss` here
and `Universe` there). Whoosh's context fragmenter picks the best fragments;
each is widened to the sentence around it where one is near.
"""

from __future__ import annotations

from dataclasses import dataclass

from indexer.engine.analysis import (
    LAST,
    OTHER,
    UNIT,
    WORD,
    dotted_parts,
    fold,
    is_unspaced,
    normal,
    signed_words,
    stem,
    words_of,
)
from indexer.engine.storage.schema import TEXT, TEXT_EXACT
from indexer.model import Fragment, Snippet
from indexer.transcripts.sentences import SENTENCE_BREAK

SNIPPET_FRAGMENTS = 3
FRAGMENT_CHARS = 240
FRAGMENT_CONTEXT = 80
LEAD_IN_CHARS = 200


@dataclass(frozen=True)
class Wanted:
    """What to mark: single terms (indexed forms), phrases (sequences of them), and words as written."""

    words: frozenset[str]
    phrases: tuple[tuple[str, ...], ...] = ()
    exact: frozenset[str] = frozenset()  # normalised, accent-folded, unstemmed (fuzzy matches, words as written)
    # Single characters of scripts without spaces, asked for alone: marked wherever a unit starts with one.
    units: frozenset[str] = frozenset()


def wanted_from(query, reader, fieldname: str = TEXT) -> Wanted:
    """The query's terms in `fieldname`, expanded (prefixes, fuzzy), split into words and phrases."""
    from whoosh.query import Phrase, Prefix

    from indexer.engine.querying.query import is_single_unit

    leaves = [leaf for leaf in query.leaves() if getattr(leaf, "fieldname", None) == fieldname]
    units = {leaf.text for leaf in leaves if type(leaf) is Prefix and is_single_unit(leaf.text)}
    phrases = tuple(tuple(leaf.words) for leaf in leaves if isinstance(leaf, Phrase))
    standalone = {
        leaf.text for leaf in leaves if not isinstance(leaf, Phrase) and isinstance(getattr(leaf, "text", None), str)
    }
    phrase_only = {word for phrase in phrases for word in phrase} - standalone
    expanded = _terms([leaf for leaf in leaves if getattr(leaf, "text", None) not in units], reader, fieldname)
    exact = _terms([leaf for leaf in query.leaves() if getattr(leaf, "fieldname", None) == TEXT_EXACT], reader)
    return Wanted(frozenset(expanded - phrase_only), phrases, frozenset(exact), frozenset(units))


def _terms(leaves, reader, fieldname: str | None = None) -> set[str]:
    """The words the leaves match in this index (prefixes and fuzzy words expanded)."""
    return {
        term.decode("utf-8") if isinstance(term, bytes) else term
        for leaf in leaves
        for _field, term in leaf.existing_terms(reader, fieldname=fieldname, expand=True)
    }


def highlight(
    text: str, wanted: Wanted, analyzer, full: bool = False, language: str = "en"
) -> tuple[Snippet, list[tuple[int, int]]]:
    """The best fragments of `text` (or all of it) with matches marked, and every matched word's offsets.

    `language`: the passage's, which its words were stemmed in."""
    from whoosh.highlight import BasicFragmentScorer, ContextFragmenter

    tokens, spans, words = _marked(text, wanted, analyzer, language)
    spans = _merge_spans(spans + [w for w in words if not any(s <= w[0] and w[1] <= e for s, e in spans)])

    if full:
        regions = [(0, len(text))]
    else:
        fragmenter = ContextFragmenter(maxchars=FRAGMENT_CHARS, surround=FRAGMENT_CONTEXT)
        scorer = BasicFragmentScorer()
        # The best-scored fragments, the earlier of two that score the same. (Whoosh's
        # `top_fragments` breaks ties by the fragments' memory addresses, so one search gave
        # different snippets from run to run.)
        scored = sorted(
            ((scorer(f), f) for f in fragmenter.fragment_tokens(text, iter(tokens))),
            key=lambda item: (-item[0], item[1].startchar),
        )
        best = sorted((f for score, f in scored[:SNIPPET_FRAGMENTS] if score >= 1), key=lambda f: f.startchar)
        regions = _merge_regions([_to_sentence(text, f.startchar, f.endchar) for f in best])
    if not regions:
        lead_in = _lead_in(text)
        return Snippet([Fragment([(lead_in, False)], clipped_end=len(lead_in) < len(text))]), words
    fragments = []
    for start, end in regions:
        parts: list[tuple[str, bool]] = []
        at = start
        for s, e in spans:
            if s < start or e > end:
                continue
            if s > at:
                parts.append((text[at:s], False))
            parts.append((text[s:e], True))
            at = e
        if end > at:
            parts.append((text[at:end], False))
        fragments.append(Fragment(parts, clipped_start=start > 0, clipped_end=end < len(text)))
    return Snippet(fragments), words


def matched_words(text: str, wanted: Wanted, analyzer, language: str = "en") -> list[tuple[int, int]]:
    """The offsets of every word of `text` the query marks (as `highlight` marks them), without snippets."""
    return _marked(text, wanted, analyzer, language)[2]


class _Word:
    """A token of `_plain_tokens`: what the highlighter and Whoosh's fragmenter read of Whoosh's Token."""

    __slots__ = ("boost", "endchar", "exact", "first_end", "kind", "mark_end", "matched", "pos", "startchar", "text")

    def copy(self):
        return self  # (a token of its own, never reused as the analyzer reuses its one Token)


def _plain_tokens(text: str, analyzer, language: str) -> list[_Word] | None:
    """The tokens the stemming analyzer gives a passage of a spaced script, made directly: a token a raw
    word, its text the word's stem. None where the analyzer does more: a word joined by a sign (`AT&T`,
    `C++`) or a dotted word (`django.contrib`) has other forms too, and an unspaced script is cut into
    units. A passage's Token objects cost 7 µs a word; these, with stems remembered, about one."""
    if getattr(analyzer, "stemming", None) is not True or signed_words(text) or is_unspaced(text):
        return None
    tokens = []
    for match in words_of(text):
        raw = match.group()
        if "." in raw and dotted_parts(raw):
            return None
        word = raw.lower() if raw.isascii() else normal(raw)
        if not word:  # (only invisible characters: no token, as the analyzer gives none)
            continue
        token = _Word()
        token.exact = word if raw.isascii() else fold(word)
        token.text = stem(word, language)
        token.kind, token.pos, token.boost = WORD, len(tokens), 1.0
        token.startchar, token.endchar = match.span()
        token.first_end = token.endchar
        tokens.append(token)
    return tokens


def _marked(text: str, wanted: Wanted, analyzer, language: str):
    """(tokens, phrase spans, every marked word's offsets) of a passage for what is wanted."""
    tokens = _plain_tokens(text, analyzer, language)
    if tokens is None:
        tokens = [
            t.copy()
            for t in analyzer(text, positions=True, chars=True, mode="index", removestops=False, language=language)
        ]
    spans: list[tuple[int, int]] = []  # marked stretches: a word, or a whole phrase
    words: list[tuple[int, int]] = []  # every marked word
    for token in tokens:
        token.matched = token.text in wanted.words or token.exact in wanted.exact
        token.mark_end = token.endchar
        # A character asked for alone: the bigram it starts is found, only the character is marked.
        if (
            not token.matched
            and wanted.units
            and token.kind in (UNIT, LAST)
            and any(token.text.startswith(unit) for unit in wanted.units)
        ):
            token.matched, token.mark_end = True, token.first_end
    # A phrase is a run of positions: a run's last character shares the position of the bigram before it,
    # a word's other form (`at&t`, `contrib` of `django.contrib`) that of its first piece.
    units = [token for token in tokens if token.kind not in (LAST, OTHER)]
    for phrase in wanted.phrases:
        n = len(phrase)
        for i in range(len(units) - n + 1):
            if all(units[i + k].text == phrase[k] for k in range(n)):
                for k in range(n):
                    units[i + k].matched = True
                spans.append((units[i].startchar, units[i + n - 1].endchar))
    for token in tokens:
        if token.matched:
            words.append((token.startchar, token.mark_end))
    return tokens, spans, words


def _merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(set(spans)):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _to_sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen [start, end) to the passage's ends when they are near, else to the nearest sentence ends."""
    reach = FRAGMENT_CONTEXT
    if start <= reach:
        start = 0
    else:
        breaks = list(SENTENCE_BREAK.finditer(text, start - reach, start + 1))
        if breaks:
            start = breaks[-1].end()
    if len(text) - end <= reach:
        end = len(text)
    else:
        after = SENTENCE_BREAK.search(text, max(0, end - 1), end + reach)
        if after:
            end = after.start() + len(after.group(0).rstrip())
    return start, end


def _merge_regions(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _lead_in(text: str) -> str:
    """The start of a passage that matched on another field (a speaker, a role)."""
    if len(text) <= LEAD_IN_CHARS:
        return text
    cut = text.rfind(" ", 0, LEAD_IN_CHARS)
    return text[: cut if cut > 0 else LEAD_IN_CHARS]
