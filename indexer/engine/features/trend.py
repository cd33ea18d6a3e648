"""Matching passages counted per period of their transcripts' dates: `soundbite trend`, `search --count-by month`.

Media researchers ask how coverage rose and fell, and on which network or in
whose mouth (the GDELT Television API's and the Stanford Cable TV News
Analyzer's timelines). Every passage carries its transcript's date (the air
date where the file has one), network, speaker, role and transcript id as
columns of the index, so a timeline is the documents a query matches, read
segment by segment through those columns: no stored fields are read, and a
common word over 50,000 transcripts is counted in well under a second.

A date is a full `YYYY-MM-DD`; matches in transcripts without one (or with
only a year or a month) are counted apart, never dropped in silence.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from pathlib import Path

from indexer.engine.querying import filters
from indexer.engine.querying.near import leaf_pairs, split_near
from indexer.engine.querying.query import parse_for
from indexer.engine.storage import store
from indexer.engine.storage.schema import DATE, NETWORK_NAME, ROLE_NAME, SPEAKER_NAME, TRANSCRIPT
from indexer.engine.storage.stored import with_transcript
from indexer.errors import BadQuery
from indexer.model import SearchOptions, Trend, TrendSeries

PERIODS = ("day", "week", "month", "year")
SPLITS = {"network": NETWORK_NAME, "speaker": SPEAKER_NAME, "role": ROLE_NAME, "transcript": TRANSCRIPT}
OTHER = "other"  # the series of every value of --split-by after the top N
# A span longer than this is shown by month, a shorter one by day (as GDELT chooses).
DAYS_BY_DAY = 3 * 366


def trend(
    index_dir: Path,
    queries: list[str],
    options: SearchOptions | None = None,
    by: str | None = None,
    split_by: str | None = None,
    top: int = 8,
    normalise: bool = False,
    smooth: int = 1,
) -> Trend:
    """Matching passages per period, a series a query (or, with `split_by`, a series a value)."""
    options = options or SearchOptions()
    _check(queries, by, split_by, top, smooth)
    index = store.open_for_search(index_dir)
    parsed = [_parsed(index, text) for text in queries]
    restrict = filters.build_filter(options)
    from_end = filters.from_end(options)
    split_column = SPLITS[split_by] if split_by else None
    with index.searcher() as searcher:
        counted = [_count(searcher, q, restrict, from_end, split_column) for q in parsed]
        first, last = _span(searcher, options, counted)
        dated = first is not None or bool(_indexed_days(searcher))
        # --normalise: every passage (within the filters) per day and split value
        totals = _count(searcher, None, restrict, from_end, split_column)[0] if normalise else None
    if split_by == "speaker":  # one series a person, as `soundbite speakers` groups their forms
        person = _one_name_a_person([by_day for by_day, _, _ in counted] + ([totals] if totals else []))
        counted = [(person(by_day), missing, ids) for by_day, missing, ids in counted]
        totals = person(totals) if totals is not None else None
    if first is None:  # nothing dated anywhere: no periods
        by = by or "day"
        periods: list[str] = []
        starts: list[str] = []
    else:
        by = by or ("month" if (last - first).days > DAYS_BY_DAY else "day")
        starts_as_dates = _period_starts(first, last, by)
        periods = [_label(start, by) for start in starts_as_dates]
        starts = [start.isoformat() for start in starts_as_dates]
    series: list[TrendSeries] = []
    undated = undated_transcripts = 0
    for text, (by_day, missing, missing_ids) in zip(queries, counted, strict=True):
        undated += missing
        undated_transcripts += len(missing_ids)
        if split_column is None:
            series.append(_series(text, by_day, totals, periods, by, None))
        else:
            series.extend(_split_series(by_day, totals, periods, by, top))
    if smooth > 1 or normalise:
        for one in series:
            one.values = _smoothed(_normalised(one.counts, one.totals) if normalise else one.counts, smooth)
    return Trend(
        by=by,
        periods=periods,
        starts=starts,
        series=series,
        undated=undated,
        undated_transcripts=undated_transcripts,
        normalised=normalise,
        smooth=smooth,
        dated=dated,
    )


def _check(queries: list[str], by: str | None, split_by: str | None, top: int, smooth: int) -> None:
    if not queries:
        raise BadQuery("give at least one query")
    if by is not None and by not in PERIODS:
        raise BadQuery(f"--by must be one of {', '.join(PERIODS)}, not {by!r}")
    if split_by is not None:
        if split_by not in SPLITS:
            raise BadQuery(f"--split-by must be one of {', '.join(SPLITS)}, not {split_by!r}")
        if len(queries) > 1:
            raise BadQuery("--split-by takes one query: its series are the values it splits by")
    if top < 1:
        raise BadQuery(f"--top must be at least 1, not {top}")
    if smooth < 1:
        raise BadQuery(f"--smooth must be at least 1 period, not {smooth}")


def _parsed(index, text: str):
    """A query, or for `A NEAR/Ns B` its sides and window."""
    near = split_near(text)
    if near is None:
        return parse_for(text, index)
    left, seconds, right = near
    return parse_for(left, index), parse_for(right, index), seconds


def _count(searcher, query, restrict, from_end, split_column):
    """(Counter of (day, split value) -> passages, undated passages, ids of undated transcripts).

    `query` None counts every passage (within the filters): the totals --normalise divides by.
    """
    from whoosh.query import And, Every

    if query is None or (isinstance(query, Every) and not query.fieldname):  # (`*`: every passage in the filters)
        query = restrict if restrict is not None else Every()
    elif isinstance(query, tuple):  # NEAR/…s: a pair counts once, on its left passage's transcript date
        left, right, seconds = query
        if restrict is not None:
            left, right = And([left, restrict]), And([right, restrict])
        query = _Pairs(left, right, seconds)
    elif restrict is not None:
        query = And([query, restrict])
    by_day: Counter = Counter()
    undated = 0
    undated_ids: set[str] = set()
    days: dict = {}  # a column's date value -> the date, or None when it is not a full date
    shared: dict = {}
    for leaf, offset in searcher.leaf_searchers():
        reader = leaf.reader()
        docs = list(query.docs(leaf))
        if from_end is not None:  # a negative --after/--before: each match checked, as search does
            docs = [
                d
                for d in docs
                if filters.within_end(with_transcript(searcher, searcher.stored_fields(offset + d), shared), *from_end)
            ]
        if not docs:
            continue
        dates = _column_values(reader, DATE, docs)
        keys = _column_values(reader, split_column, docs) if split_column else [b""] * len(docs)
        for (value, key), count in Counter(zip(dates, keys, strict=True)).items():
            day = days.get(value, False)
            if day is False:
                day = days[value] = _day(value)
            if day is None:
                undated += count
            else:
                by_day[(day, key)] += count
        if any(days.get(value) is None for value in set(dates)):
            ids = _column_values(reader, TRANSCRIPT, docs)
            undated_ids.update(tid for tid, value in zip(ids, dates, strict=True) if days[value] is None)
    return by_day, undated, undated_ids


class _Pairs:
    """NEAR/…s pairs as something with `docs(leaf)`, like a query: the left passage of each pair."""

    def __init__(self, left, right, seconds: float):
        self.left, self.right, self.seconds = left, right, seconds

    def docs(self, leaf):
        return [a for a, _ in leaf_pairs(leaf, self.left, self.right, self.seconds)]


def _column_values(reader, column: str, docs: list[int]) -> list:
    """Each document's value in a column (b"" in a segment where no passage has one)."""
    if not reader.has_column(column):
        return [b""] * len(docs)
    values = reader.column_reader(column)
    return list(map(values.__getitem__, docs))


def _day(value) -> date | None:
    text = value.decode("utf-8") if isinstance(value, bytes) else str(value or "")
    if len(text) != 10:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _span(searcher, options: SearchOptions, counted) -> tuple[date | None, date | None]:
    """The first and last day of the timeline: --since/--until where given, else the index's dated passages'."""
    first = last = None
    if options.since:
        first = date.fromisoformat(filters.date_bound(options.since, "--since", upper=False))
    if options.until:
        until = filters.date_bound(options.until, "--until", upper=True)  # (a month's bound is its 31st)
        last = _next_start(date.fromisoformat(until[:7] + "-01"), "month") - timedelta(days=1)
        if len(options.until) == 10:
            last = date.fromisoformat(options.until)
    if first is None or last is None:
        indexed = _indexed_days(searcher)
        for by_day, _, _ in counted:  # (a match's day is indexed; this only guards against a stale term)
            indexed.extend(day for day, _ in by_day)
        if indexed:
            first = first or min(indexed)
            last = last or max(indexed)
    if first is None or last is None or first > last:
        return None, None
    return first, last


def _indexed_days(searcher) -> list[date]:
    """The first and last full date any live passage has, from the date field's terms (sorted)."""
    found = []
    for leaf, _ in searcher.leaf_searchers():
        reader = leaf.reader()
        days = [d for d in map(_day, reader.lexicon(DATE)) if d is not None]
        if not days:
            continue
        # A term can outlive its passages (deleted, not yet merged away): the ends must have a live one.
        for candidates in (days, reversed(days)):
            for day in candidates:
                if reader.doc_frequency(DATE, day.isoformat()) and _has_live(reader, day.isoformat()):
                    found.append(day)
                    break
    return found


def _has_live(reader, term: str) -> bool:
    if not reader.has_deletions():
        return True
    return any(not reader.is_deleted(docnum) for docnum in reader.postings(DATE, term).all_ids())


def _period_start(day: date, by: str) -> date:
    if by == "day":
        return day
    if by == "week":
        return day - timedelta(days=day.weekday())  # ISO weeks start on Monday
    if by == "month":
        return day.replace(day=1)
    return day.replace(month=1, day=1)


def _next_start(start: date, by: str) -> date:
    if by == "day":
        return start + timedelta(days=1)
    if by == "week":
        return start + timedelta(days=7)
    if by == "month":
        return date(start.year + (start.month == 12), start.month % 12 + 1, 1)
    return date(start.year + 1, 1, 1)


MAX_PERIODS = 20_000  # fifty years of days; a chart or table of more says nothing a coarser --by does not


def _period_starts(first: date, last: date, by: str) -> list[date]:
    days = (last - first).days + 1
    per_period = {"day": 1, "week": 7, "month": 28, "year": 365}.get(by, 1)
    if days // per_period > MAX_PERIODS:
        coarser = "--by month or --by year" if by in ("day", "week") else "--by year"
        raise BadQuery(
            f"{first.isoformat()} to {last.isoformat()} by {by} is over {MAX_PERIODS:,} periods: "
            f"use {coarser}, or a narrower --since/--until"
        )
    starts = []
    at = _period_start(first, by)
    while at <= last:
        starts.append(at)
        at = _next_start(at, by)
    return starts


def _label(start: date, by: str) -> str:
    """How a period is named: 2024-03-05, 2024-W10 (ISO week), 2024-03, 2024."""
    if by == "day":
        return start.isoformat()
    if by == "week":
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}"
    if by == "month":
        return start.isoformat()[:7]
    return str(start.year)


def _per_period(by_day: Counter, periods: list[str], by: str, key=None) -> list[int]:
    """Counts in each period, in order (a day outside the span is not shown)."""
    at = {label: i for i, label in enumerate(periods)}
    counts = [0] * len(periods)
    for (day, value), count in by_day.items():
        if key is not None and value != key:
            continue
        i = at.get(_label(_period_start(day, by), by))
        if i is not None:
            counts[i] += count
    return counts


def _series(name: str, by_day: Counter, totals: Counter | None, periods, by, key) -> TrendSeries:
    counts = _per_period(by_day, periods, by, key)
    scope = _per_period(totals, periods, by, key) if totals is not None else None
    return TrendSeries(name=name, counts=counts, totals=scope, values=[float(c) for c in counts])


def _split_series(by_day: Counter, totals: Counter | None, periods, by, top: int) -> list[TrendSeries]:
    """A series for each of the `top` values with most matches in the span; the rest summed as `other`."""
    in_span: Counter = Counter()
    for (_, value), count in by_day.items():
        in_span[value] += count
    ranked = sorted(in_span.items(), key=lambda item: (-item[1], _name(item[0])))
    chosen = [value for value, count in ranked[:top] if count]
    series = [_series(_name(value) or "(none)", by_day, totals, periods, by, value) for value in chosen]
    rest = [value for value, _ in ranked[top:]]
    if rest:
        rest_set = set(rest)
        other_days = Counter({k: c for k, c in by_day.items() if k[1] in rest_set})
        other_totals = Counter({k: c for k, c in totals.items() if k[1] in rest_set}) if totals is not None else None
        series.append(_series(OTHER, _merged(other_days), _merged(other_totals), periods, by, None))
    return series


def _one_name_a_person(counters: list[Counter]):
    """A function giving (day, speaker) counts with a person's forms (case, accents, honorific) under the
    one name `soundbite speakers` shows for them."""
    from indexer.transcripts.speakers import shown_names

    weight: Counter = Counter()
    for counter in counters:
        for (_, value), count in counter.items():
            weight[_name(value)] += count
    shown = shown_names(weight)
    as_shown = {name.encode("utf-8"): form.encode("utf-8") for name, form in shown.items()}

    def grouped(counter: Counter) -> Counter:
        out: Counter = Counter()
        for (day, value), count in counter.items():
            out[(day, as_shown.get(value, value))] += count
        return out

    return grouped


def _merged(by_day: Counter | None) -> Counter | None:
    if by_day is None:
        return None
    merged: Counter = Counter()
    for (day, _), count in by_day.items():
        merged[(day, b"")] += count
    return merged


def _name(value) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def _normalised(counts: list[int], totals: list[int] | None) -> list[float]:
    """Matches per 1,000 passages indexed in the period (0 where none was)."""
    if totals is None:
        return [float(c) for c in counts]
    return [1000.0 * c / t if t else 0.0 for c, t in zip(counts, totals, strict=True)]


def _smoothed(values: list[float], window: int) -> list[float]:
    """A centred moving average over `window` periods (fewer at the ends of the span)."""
    values = [float(v) for v in values]
    if window <= 1:
        return values
    before = (window - 1) // 2
    after = window - 1 - before
    out = []
    for i in range(len(values)):
        part = values[max(0, i - before) : i + after + 1]
        out.append(sum(part) / len(part))
    return out
