"""Queries to hits: parse the query, run BM25F, highlight the matching words.

Everything here is Whoosh's own machinery: its query parser (words, phrases,
AND/OR/NOT, field:value), its BM25F scoring, its fragmenter for picking the
best excerpts. What soundbite adds is a check that turns a malformed query into
a message, and hits as plain data with the character offsets of every matched
word, so the terminal and JSON renderers need nothing from Whoosh.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

from indexer import store
from indexer.errors import BadQuery
from indexer.model import Fragment, Hit, SearchResult, Snippet
from indexer.passages import SENTENCE_BREAK
from indexer.schema import DEFAULT_FIELDS, words_analyzer

SNIPPET_FRAGMENTS = 3
FRAGMENT_CHARS = 240
FRAGMENT_CONTEXT = 80
LEAD_IN_CHARS = 200

# Fields a user may name in a query (`speaker:trump`); the rest are internal.
QUERY_FIELDS = ("text", "speaker", "role", "network", "reporter", "place", "transcript")

# A quoted phrase (kept as it is) or a minus that starts a word.
_MINUS = re.compile(r"\"[^\"]*\"|(?:(?<=\s)|(?<=^)|(?<=\())-(?=[\w\"(])")
_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"}
_FIELD_PREFIX = re.compile(r"(?<![\w\"])([A-Za-z_]\w*):(?!//)")


def check_query(text: str) -> None:
    """Raise BadQuery for what Whoosh's lenient parser would silently misread."""
    if not text.strip():
        raise BadQuery("empty query: give at least one word to search for")
    if text.count('"') % 2:
        raise BadQuery(f'unbalanced quote in query {text!r}: close the phrase with another "')
    depth = 0
    for char in re.sub(r'"[^"]*"', "", text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            break
    if depth:
        raise BadQuery(f"unbalanced parentheses in query {text!r}")
    unquoted = re.sub(r'"[^"]*"', " _phrase_ ", text)
    for name in _FIELD_PREFIX.findall(unquoted):
        if name not in QUERY_FIELDS:
            raise BadQuery(f"unknown field {name!r} in query: use one of {', '.join(QUERY_FIELDS)}")
    if re.search(r"(?<![\w\"]):(\s|$)|\w:(\s|$)", unquoted):
        raise BadQuery(f"a field in {text!r} has no value: write it as field:word")
    words = unquoted.replace("(", " ").replace(")", " ").split()
    for i, word in enumerate(words):
        if word not in _OPERATORS:
            continue
        before = words[i - 1] if i > 0 else None
        after = words[i + 1] if i + 1 < len(words) else None
        dangling = after is None or (word != "NOT" and (before is None or before in _OPERATORS))
        if dangling and not (word == "NOT" and before in ("AND", "OR") and after):
            raise BadQuery(
                f"{word} in {text!r} needs a word on each side "
                "(operators are upper case; search for the word itself in lower case)"
            )


def _minus_to_not(text: str) -> str:
    """`-word` (outside phrases) means `NOT word`, also inside parentheses.

    Whoosh's PlusMinusPlugin handles it only at the top level and treats the
    hyphen in `well-known` as an operator, so the rewrite is done here.
    """
    return _MINUS.sub(lambda m: m.group(0) if m.group(0).startswith('"') else "NOT ", text)


def parse_query(text: str, schema):
    from whoosh.qparser import MultifieldParser
    from whoosh.query import NullQuery

    check_query(text)
    parser = MultifieldParser(list(DEFAULT_FIELDS), schema)
    try:
        query = parser.parse(_minus_to_not(text))
    except Exception as exc:  # the parser's own failures are rare and unhelpful
        raise BadQuery(f"cannot parse query {text!r} ({type(exc).__name__})") from None
    if query is NullQuery or isinstance(query, type(NullQuery)):
        raise BadQuery(f"nothing to search for in {text!r}: an operator needs words on both sides")
    return query


def speaker_filter(name: str):
    """Passages whose speaker has every word of `name` (any case, any accents)."""
    from whoosh.query import And, Term

    words = [token.text for token in words_analyzer()(name)]
    if not words:
        raise BadQuery(f"--speaker {name!r} has no words to match")
    return And([Term("speaker", word) for word in words])


def search(index_dir: Path, text: str, *, limit: int = 10, speaker: str | None = None) -> SearchResult:
    from whoosh.collectors import FacetCollector, FilterCollector
    from whoosh.sorting import FieldFacet

    began = time.perf_counter()
    index = store.open_for_search(index_dir)
    query = parse_query(text, index.schema)
    with index.searcher() as searcher:
        # Searcher.search(groupedby=...) drops the limit and sorts every match,
        # so the collectors are stacked by hand: the top N by score, every
        # match counted by transcript, the speaker filter seeing docs first.
        # Block-quality skipping is off because skipped docs would not be counted.
        collector = FacetCollector(
            searcher.collector(limit=limit or None, optimize=False),
            {"transcript": FieldFacet("transcript")},
        )
        if speaker:
            collector = FilterCollector(collector, speaker_filter(speaker), None)
        searcher.search_with_collector(query, collector)
        results = collector.results()
        words = _matched_words(results)
        analyzer = index.schema["text"].analyzer
        hits = [_hit(result, words, analyzer) for result in results]
        total = len(results)
        transcripts = len(results.groups("transcript"))
    return SearchResult(hits=hits, total=total, transcripts=transcripts, seconds=time.perf_counter() - began)


def _matched_words(results) -> frozenset[str]:
    """The indexed (stemmed) forms of the query's terms in the text field."""
    words = set()
    for _field, term in results.query_terms(expand=True, fieldname="text"):
        words.add(term.decode("utf-8") if isinstance(term, bytes) else term)
    return frozenset(words)


def _hit(result, words: frozenset[str], analyzer) -> Hit:
    text = result["text"]
    snippet, matches = highlight(text, words, analyzer)
    return Hit(
        transcript=result["transcript"],
        path=result["path"],
        passage=result["passage"],
        start=result.get("start"),
        end=result.get("end"),
        estimated=bool(result.get("estimated", False)),
        speaker=result.get("speaker", ""),
        role=result.get("role", ""),
        text=text,
        snippet=snippet,
        matches=matches,
        score=round(float(result.score), 4),
        format=result.get("format", ""),
        network=result.get("network", ""),
        reporter=result.get("reporter", ""),
        place=result.get("place", ""),
        title=result.get("title", ""),
    )


def highlight(text: str, words: frozenset[str], analyzer) -> tuple[Snippet, list[tuple[int, int]]]:
    """The best fragments of `text` with matched words marked, and every match's offsets.

    Tokens are re-analysed exactly as at indexing time, so `sanctions` in the
    text is marked for a query `sanction`, and offsets point at the words as
    written. Whoosh's context fragmenter picks the best fragments; each is
    then widened to the sentence around it where one is near, so a snippet
    reads from the start of a sentence rather than from mid-clause.
    """
    from whoosh.highlight import (
        FIRST,
        BasicFragmentScorer,
        ContextFragmenter,
        set_matched_filter,
        top_fragments,
    )

    tokens = [
        token.copy()
        for token in set_matched_filter(
            analyzer(text, positions=True, chars=True, mode="index", removestops=False), words
        )
    ]
    matches = [(t.startchar, t.endchar) for t in tokens if t.matched]
    fragmenter = ContextFragmenter(maxchars=FRAGMENT_CHARS, surround=FRAGMENT_CONTEXT)
    best = top_fragments(
        fragmenter.fragment_tokens(text, iter(tokens)),
        SNIPPET_FRAGMENTS,
        BasicFragmentScorer(),
        FIRST,
    )
    spans = _merge([_to_sentence(text, f.startchar, f.endchar) for f in best])
    if not spans:
        lead_in = _lead_in(text)
        return Snippet([Fragment([(lead_in, False)], clipped_end=len(lead_in) < len(text))]), matches
    fragments = []
    for start, end in spans:
        parts: list[tuple[str, bool]] = []
        at = start
        for m_start, m_end in matches:
            if m_start < start or m_end > end:
                continue
            if m_start > at:
                parts.append((text[at:m_start], False))
            parts.append((text[m_start:m_end], True))
            at = m_end
        if end > at:
            parts.append((text[at:end], False))
        fragments.append(Fragment(parts, clipped_start=start > 0, clipped_end=end < len(text)))
    return Snippet(fragments), matches


def _to_sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen [start, end) to the enclosing sentence ends when they are within reach."""
    reach = FRAGMENT_CONTEXT
    floor = max(0, start - reach)
    breaks = list(SENTENCE_BREAK.finditer(text, floor, start + 1))
    if breaks:
        start = breaks[-1].end()
    elif floor == 0:
        start = 0
    after = SENTENCE_BREAK.search(text, max(0, end - 1), min(len(text), end + reach))
    if after:
        end = after.start() + len(after.group(0).rstrip())
    elif len(text) - end <= reach:
        end = len(text)
    return start, end


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
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
