"""Queries to hits: parse, filter, rank (BM25F), page, highlight, suggest.

Everything possible is Whoosh's own machinery: its query parser with the
fuzzy-term plugin (words, "phrases"~slop, AND/OR/NOT, prefix*, fuzzy~,
field:value), its BM25F scoring, its collectors for filters and facets, its
spelling corrector. What soundbite adds is a check that turns a malformed query
into a message saying what to fix, filters named as options, and hits as plain
data with the character offsets of every matched word.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path

from indexer.engine import store
from indexer.engine.highlight import highlight, wanted_from
from indexer.engine.schema import DEFAULT_FIELDS, words_analyzer
from indexer.errors import BadQuery
from indexer.model import Hit, Passage, SearchResult

# Fields a user may name in a query (`speaker:trump`); the rest are internal.
QUERY_FIELDS = ("text", "speaker", "role", "network", "reporter", "place", "transcript")
COUNT_FIELDS = {
    "speaker": "speaker_name",
    "transcript": "transcript",
    "network": "network_name",
    "role": "role_name",
}
SORTS = ("score", "time")

_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"}
_FIELD_PREFIX = re.compile(r"(?<![\w\"])([A-Za-z_]\w*):(?!//)")
# A quoted phrase (kept as it is) or a minus that starts a word.
_MINUS = re.compile(r"\"[^\"]*\"|(?:(?<=\s)|(?<=^)|(?<=\())-(?=[\w\"(])")
_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


@dataclass
class SearchOptions:
    limit: int = 10  # 0: all
    offset: int = 0
    speaker: str | None = None
    role: str | None = None
    network: str | None = None
    transcript: str | None = None  # a glob on the id or the path
    after: str | None = None  # passage start >= this (seconds, m:ss or h:mm:ss)
    before: str | None = None  # passage start < this
    since: str | None = None  # transcript date >= this (YYYY, YYYY-MM or YYYY-MM-DD)
    until: str | None = None  # transcript date <= this
    sort: str = "score"
    context: int = 0
    full: bool = False


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
    if text.strip() != "*" and re.search(r"(?<![\w\"])[*?]", unquoted):
        raise BadQuery(f"a wildcard in {text!r} needs letters before it: write sanct*, not *tion")


def _minus_to_not(text: str) -> str:
    """`-word` (outside phrases) means `NOT word`, also inside parentheses.

    Whoosh's PlusMinusPlugin handles it only at the top level and treats the
    hyphen in `well-known` as an operator, so the rewrite is done here.
    """
    return _MINUS.sub(lambda m: m.group(0) if m.group(0).startswith('"') else "NOT ", text)


def parse_query(text: str, schema):
    from whoosh.qparser import MultifieldParser
    from whoosh.query import NullQuery

    from indexer.engine.fuzzy import FuzzyWordsPlugin
    from indexer.engine.phrases import adjacent_phrases

    check_query(text)
    parser = MultifieldParser(list(DEFAULT_FIELDS), schema)
    parser.add_plugin(FuzzyWordsPlugin())
    try:
        query = parser.parse(_minus_to_not(text))
    except Exception as exc:  # the parser's own failures are rare and unhelpful
        raise BadQuery(f"cannot parse query {text!r} ({type(exc).__name__})") from None
    if query is NullQuery or isinstance(query, type(NullQuery)):
        raise BadQuery(f"nothing to search for in {text!r}: an operator needs words on both sides")
    return adjacent_phrases(query)


def _words_of(value: str, option: str) -> list[str]:
    words = [token.text for token in words_analyzer()(value)]
    if not words:
        raise BadQuery(f"{option} {value!r} has no words to match")
    return words


def speaker_filter(name: str):
    """Passages whose speaker has every word of `name` (any case, any accents)."""
    from whoosh.query import And, Term

    return And([Term("speaker", word) for word in _words_of(name, "--speaker")])


def parse_time(value: str, option: str) -> float:
    from indexer.transcripts.text import (
        parse_clock,  # the transcript parsers' clock reader, loaded only for --after/--before
    )

    seconds = parse_clock(value)
    if seconds is None:
        raise BadQuery(f"{option} {value!r} is not a time: write seconds (90), m:ss (1:30) or h:mm:ss")
    return seconds


def _date_bound(value: str, option: str, upper: bool) -> str:
    if not _DATE.match(value):
        raise BadQuery(f"{option} {value!r} is not a date: write YYYY-MM-DD, YYYY-MM or YYYY")
    parts = value.split("-")
    if upper:
        return "-".join(parts + ["12", "31"][len(parts) - 1 :]) if len(parts) < 3 else value
    return "-".join(parts + ["01", "01"][len(parts) - 1 :]) if len(parts) < 3 else value


def build_filter(options: SearchOptions, reader=None):
    """Whoosh filter queries for the options; None when there are none."""
    from whoosh.query import And, NumericRange, Or, Term, TermRange, Wildcard

    parts = []
    if options.speaker:
        parts.append(speaker_filter(options.speaker))
    if options.role:
        parts.append(And([Term("role", w) for w in _words_of(options.role, "--role")]))
    if options.network:
        parts.append(And([Term("network", w) for w in _words_of(options.network, "--network")]))
    if options.transcript:
        glob = options.transcript
        parts.append(
            Or(
                [
                    Wildcard("transcript", glob),
                    Wildcard("path", glob if glob.startswith(("/", "*")) else "*" + glob),
                ]
            )
        )
    after = parse_time(options.after, "--after") if options.after is not None else None
    before = parse_time(options.before, "--before") if options.before is not None else None
    # A negative time counts back from the end of each transcript: applied after the search.
    after = None if after is not None and after < 0 else after
    before = None if before is not None and before < 0 else before
    if after is not None or before is not None:
        parts.append(NumericRange("start", after, before, startexcl=False, endexcl=True))
    if options.since or options.until:
        since = _date_bound(options.since, "--since", False) if options.since else None
        until = _date_bound(options.until, "--until", True) if options.until else None
        parts.append(TermRange("date", since, until))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else And(parts)


def _collectors(searcher, options: SearchOptions, wanted_docs: int | None):
    """The collector stack for a search, and the DistinctCounter in it that counts transcripts."""
    from whoosh.collectors import FilterCollector
    from whoosh.sorting import FieldFacet

    from indexer.engine.postings import DistinctCounter

    if options.sort == "time":
        inner = searcher.collector(limit=wanted_docs, sortedby=[FieldFacet("transcript"), FieldFacet("start")])
    else:
        # Block-quality skipping is off: skipped docs would not be counted by transcript.
        inner = searcher.collector(limit=wanted_docs, optimize=False)
    # Searcher.search(groupedby=...) drops the limit and sorts every match,
    # so the collectors are stacked by hand.
    collector = counter = DistinctCounter(inner, "transcript")
    restrict = build_filter(options)
    if restrict is not None:
        collector = FilterCollector(collector, restrict, None)
    return collector, counter


def _run(index_dir: Path, searcher, query, options: SearchOptions, wanted_docs: int | None):
    """(results, match count, transcript count): in one process, or split by segment when that pays."""
    from whoosh.searching import Results

    from indexer.engine import split_search

    def make_collectors(any_searcher):
        return _collectors(any_searcher, options, wanted_docs)

    # Only a best-first search with a limit merges simply: its parts are top-N lists.
    parts = split_search.worth_splitting(searcher, query) if options.sort == "score" and wanted_docs else 1
    if parts > 1:
        split = split_search.search_split(
            lambda: store.open_for_search(index_dir), searcher, query, make_collectors, parts, wanted_docs
        )
        if split is not None:
            top, total, transcripts = split
            results = Results(searcher, query, top)
            results._total = total  # what len() gives; Whoosh would ask the collector, which ran elsewhere
            return results, total, len(transcripts)
    collector, counter = make_collectors(searcher)
    searcher.search_with_collector(query, collector)
    results = collector.results()
    return results, len(results), len(counter.values)


def search(index_dir: Path, text: str, options: SearchOptions | None = None, **kwargs) -> SearchResult:
    """The best passages for `text`, filtered and paged as `options` say."""
    from indexer.engine import postings as whoosh_reading

    whoosh_reading.install()
    options = options or SearchOptions(**kwargs)
    if options.sort not in SORTS:
        raise BadQuery(f"--sort must be one of {', '.join(SORTS)}, not {options.sort!r}")
    began = time.perf_counter()
    index = store.open_for_search(index_dir)
    query = parse_query(text, index.schema)
    with index.searcher() as searcher:
        from_end = _from_end(options)
        wanted_docs = options.offset + options.limit if options.limit and not from_end else None
        results, total, transcripts = _run(index_dir, searcher, query, options, wanted_docs)
        wanted = wanted_from(query, results)
        analyzer = index.schema["text"].analyzer
        shown = list(results)
        if from_end:
            shown = [r for r in shown if _within_end(r, *from_end)]
            total, transcripts = len(shown), len({r["transcript"] for r in shown})
        shown = shown[options.offset :][: options.limit or None]
        hits = [_hit(searcher, result, wanted, analyzer, options) for result in shown]
        suggestion = suggest(searcher, text) if total == 0 else None
    return SearchResult(
        hits=hits,
        total=total,
        transcripts=transcripts,
        seconds=time.perf_counter() - began,
        suggestion=suggestion,
    )


def _from_end(options: SearchOptions) -> tuple[float | None, float | None] | None:
    """(after, before) in seconds before the end, for negative --after/--before; None otherwise."""
    after = parse_time(options.after, "--after") if options.after is not None else None
    before = parse_time(options.before, "--before") if options.before is not None else None
    after = -after if after is not None and after < 0 else None
    before = -before if before is not None and before < 0 else None
    return (after, before) if after is not None or before is not None else None


def _within_end(result, after: float | None, before: float | None) -> bool:
    """Whether a passage starts in the window counted back from its transcript's end."""
    start, duration = result.get("start"), result.get("duration")
    if start is None or not duration:
        return False
    to_end = duration - start
    return (after is None or to_end <= after) and (before is None or to_end > before)


def count_by(index_dir: Path, text: str, field: str, options: SearchOptions | None = None) -> list[tuple[str, int]]:
    """How many matching passages each speaker/transcript/network/role has, largest first."""
    from whoosh.collectors import FacetCollector, FilterCollector, UnsortedCollector
    from whoosh.sorting import Count, FieldFacet

    if field not in COUNT_FIELDS:
        raise BadQuery(f"--count-by must be one of {', '.join(COUNT_FIELDS)}, not {field!r}")
    options = options or SearchOptions()
    index = store.open_for_search(index_dir)
    query = parse_query(text, index.schema)
    with index.searcher() as searcher:
        collector = FacetCollector(UnsortedCollector(), {"key": FieldFacet(COUNT_FIELDS[field])}, maptype=Count)
        restrict = build_filter(options)
        if restrict is not None:
            collector = FilterCollector(collector, restrict, None)
        searcher.search_with_collector(query, collector)
        groups = collector.results().groups("key")
    counts: dict[str, int] = {}
    for key, count in groups.items():
        name = key.decode("utf-8") if isinstance(key, bytes) else str(key or "")
        counts[name] = counts.get(name, 0) + count
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def suggest(searcher, text: str) -> str | None:
    """The query with each word the index has never seen replaced by its closest known word."""
    corrector = searcher.corrector("text_exact")
    reader = searcher.reader()
    changed = False

    def fix(match: re.Match[str]) -> str:
        nonlocal changed
        word = match.group(0)
        if word in _OPERATORS or not word.isalpha():
            return word
        folded = [t.text for t in words_analyzer()(word)]
        if not folded or reader.doc_frequency("text_exact", folded[0]) > 0:
            return word
        options = corrector.suggest(folded[0], limit=1, maxdist=2)
        if not options:
            return word
        changed = True
        return options[0].capitalize() if word[:1].isupper() else options[0]

    fixed = re.sub(r"(?<![\w:])[^\W\d_][\w'’]*(?![\w:*~])", fix, text)
    return fixed if changed else None


def media_link(url: str, seconds: float | None) -> str:
    """The media URL at `seconds`: YouTube's own `t=` parameter, a `#t=` fragment elsewhere."""
    if not url or seconds is None:
        return url
    at = max(0, int(seconds))
    if re.search(r"(?:youtube\.com/watch|youtu\.be/)", url):
        return f"{url}{'&' if '?' in url else '?'}t={at}s"
    return f"{url.split('#')[0]}#t={at}"


def _hit(searcher, result, wanted, analyzer, options: SearchOptions) -> Hit:
    text = result["text"]
    snippet, matches = highlight(text, wanted, analyzer, full=options.full)
    start = result.get("start")
    return Hit(
        transcript=result["transcript"],
        path=result["path"],
        passage=result["passage"],
        start=start,
        end=result.get("end"),
        estimated=bool(result.get("estimated", False)),
        speaker=result.get("speaker", ""),
        role=result.get("role", ""),
        text=text,
        snippet=snippet,
        matches=matches,
        # Sorted by time, Whoosh puts the sort key where the score goes.
        score=round(float(result.score), 4) if isinstance(result.score, (int, float)) else 0.0,
        format=result.get("format", ""),
        network=result.get("network", ""),
        reporter=result.get("reporter", ""),
        place=result.get("place", ""),
        title=result.get("title", ""),
        date=result.get("date", ""),
        url=media_link(result.get("url", ""), start),
        context=neighbours(searcher, result["path"], result["passage"], options.context) if options.context else [],
    )


def neighbours(searcher, path: str, passage: int, n: int) -> list[Passage]:
    """The passages within `n` of `passage` in its file, in order, the passage itself left out."""
    return [p for p in passages_of(searcher, path, passage - n, passage + n) if p.number != passage]


def passages_of(searcher, path: str, first: int | None = None, last: int | None = None) -> list[Passage]:
    """A file's passages (numbers `first` to `last`), in order. Files are keyed by path:
    two folders indexed separately can hold transcripts with the same id."""
    from whoosh.query import And, NumericRange, Term

    query = Term("path", path)
    if first is not None or last is not None:
        query = And([query, NumericRange("passage", first, last)])
    found = [
        Passage(
            number=fields["passage"],
            text=fields["text"],
            speaker=fields.get("speaker", ""),
            role=fields.get("role", ""),
            start=fields.get("start"),
            end=fields.get("end"),
            estimated=bool(fields.get("estimated", False)),
        )
        for fields in (searcher.stored_fields(docnum) for docnum in searcher.docs_for_query(query))
    ]
    return sorted(found, key=lambda p: p.number)
