"""The HTML of `soundbite serve`: the search page and the transcript page, every value escaped.

Pages are whole HTML from the server (they work without the script, and a URL
is the whole state: `/search?q=sanctions&speaker=psaki` mailed to a colleague
is the same page); `static/app.js` adds the keyboard, the player and context on
demand. Every string that comes from a transcript or a request goes through
`esc`: a transcript holding `<script>` shows those characters, it runs
nothing (and the Content-Security-Policy would refuse an inline script
anyway). The trend chart is drawn here as SVG: nothing is loaded from
outside the machine.
"""

from __future__ import annotations

from html import escape
from urllib.parse import urlencode, urlsplit

from indexer.cli.render import format_time
from indexer.web.archive import TEXT_FILTERS, BadRequest

FILTER_LABELS = {
    "speaker": "speaker",
    "role": "role",
    "network": "network",
    "language": "language",
    "transcript": "transcript",
    "since": "since (date)",
    "until": "until (date)",
    "after": "from (time in recording)",
    "before": "before (time in recording)",
}
SORTS = ("score", "time", "date")
COUNTED = ("speaker", "network")
COUNTS_SHOWN = 8
SYNTAX = (
    ("words", "all of them, anywhere in the passage"),
    ('"a phrase"', "the words in this order"),
    ("a OR b, a NOT b", "either; leave one out (-b too)"),
    ("sanct*, putn~", "a prefix; a word with a typo"),
    ("speaker:psaki", "a field: speaker, role, network, transcript"),
    ("tariffs NEAR/30s china", "within 30 seconds of each other"),
)


def esc(value) -> str:
    return escape("" if value is None else str(value), quote=True)


def _page(title: str, body: str, main_attrs: str = "") -> str:
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>{esc(title)}</title><link rel="stylesheet" href="/static/style.css">'
        '<script src="/static/app.js" defer></script></head>'
        f"<body><main{main_attrs}>{body}</main></body></html>\n"
    )


def error_page(status: int, message: str) -> str:
    return _page(
        f"{status} · soundbite",
        f'<header><a class="home" href="/">soundbite</a></header><p class="error">{esc(message)}</p>',
    )


def _link(params: dict[str, str], **changes) -> str:
    merged = {**params, **{k: str(v) for k, v in changes.items() if v is not None}}
    for name, value in changes.items():
        if value is None:
            merged.pop(name, None)
    return "/search?" + urlencode({k: v for k, v in merged.items() if v not in ("", None)})


def _form(params: dict[str, str]) -> str:
    fields = []
    for name in TEXT_FILTERS:
        if name == "sort":
            continue
        fields.append(
            f'<label>{esc(FILTER_LABELS[name])}<input name="{name}" value="{esc(params.get(name, ""))}"'
            f' autocomplete="off"></label>'
        )
    sort = params.get("sort", "score")
    options = "".join(
        f'<option value="{s}"{" selected" if s == sort else ""}>{"best first" if s == "score" else s}</option>'
        for s in SORTS
    )
    syntax = "".join(f"<dt><code>{esc(a)}</code></dt><dd>{esc(b)}</dd>" for a, b in SYNTAX)
    return (
        '<form class="search" action="/search" method="get" role="search">'
        f'<input id="q" name="q" type="search" value="{esc(params.get("q", ""))}" placeholder="Search what was said"'
        ' aria-label="query" autofocus>'
        '<button type="submit">Search</button>'
        f'<details class="filters"{" open" if any(params.get(n) for n in TEXT_FILTERS) else ""}>'
        f'<summary>Filters</summary><div class="grid">{"".join(fields)}'
        f'<label>order<select name="sort">{options}</select></label></div></details>'
        f'<details class="syntax"><summary>Syntax</summary><dl>{syntax}</dl></details>'
        "</form>"
    )


def search_page(archive, params: dict[str, str]) -> str:
    """`/` and `/search`: the box and filters; with `q`, the hits, counts beside them, the trend and paging."""
    query = params.get("q", "").strip()
    header = '<header><a class="home" href="/">soundbite</a></header>'
    if not query:
        return _page("soundbite", header + _form(params))
    try:
        options, result, hits = archive.hits(params, counts=(*COUNTED, "date"))
    except BadRequest as exc:
        return _page(f"{query} · soundbite", header + _form(params) + f'<p class="error">{esc(exc)}</p>')
    body = [header, _form(params), '<div class="results"><section class="hits" aria-label="hits">']
    shown_to = options["offset"] + len(hits)
    summary = (
        f"{result.total:,} passage{'s' if result.total != 1 else ''} in {result.transcripts:,} "
        f"transcript{'s' if result.transcripts != 1 else ''}"
    )
    if hits:
        summary += f" · {options['offset'] + 1:,}–{shown_to:,} shown"
    body.append(f'<p class="summary">{summary}</p>')
    if result.suggestion:
        body.append(
            f'<p class="suggestion">Did you mean <a href="{esc(_link(params, q=result.suggestion, offset=None))}">'
            f"{esc(result.suggestion)}</a>?</p>"
        )
    body.append('<ol class="hit-list">')
    body += [_hit(hit) for hit in hits]
    body.append("</ol>")
    body.append(_paging(params, options, result.total))
    body.append("</section>")
    body.append(_aside(archive, params, query, options, result))
    body.append("</div>")
    return _page(f"{query} · soundbite", "".join(body))


def _hit(hit) -> str:
    transcript, passage = hit.transcript, hit.passage
    at = hit.at if hit.at is not None else passage.start
    href = f"/t/{esc(_path_part(transcript.id))}" + (f"?at={at:g}" if at is not None else "") + f"#p-{passage.number}"
    when = format_time(at, hit.at_estimated) if at is not None else ""
    who = esc(passage.label or passage.speaker or "")
    role = f' <span class="role">({esc(passage.role)})</span>' if passage.role else ""
    title = transcript.meta.title or transcript.id
    meta = " · ".join(esc(v) for v in (transcript.meta.network, transcript.meta.date) if v)
    fragments = []
    for fragment in hit.snippet.fragments:
        text = "".join(f"<mark>{esc(t)}</mark>" if marked else esc(t) for t, marked in fragment.parts)
        fragments.append(("…" if fragment.clipped_start else "") + text + ("…" if fragment.clipped_end else ""))
    context = (
        f'<details class="context" data-transcript="{esc(transcript.id)}" data-passage="{passage.number}">'
        f'<summary>context</summary><a href="{href}">read it in the transcript</a></details>'
    )
    return (
        f'<li class="hit"><div class="where"><a class="title" href="{href}">{esc(title)}</a>'
        f"{f' <span class=meta>{meta}</span>' if meta else ''}</div>"
        f'<div class="who"><a class="time" href="{href}">{esc(when)}</a> <b>{who}</b>{role}</div>'
        f'<p class="snippet">{" ".join(fragments)}</p>{context}</li>'
    )


def _path_part(text: str) -> str:
    from urllib.parse import quote

    return quote(text, safe="")


def _paging(params: dict[str, str], options: dict, total: int) -> str:
    offset, limit = options["offset"], options["limit"]
    links = []
    if offset > 0:
        links.append(f'<a rel="prev" href="{esc(_link(params, offset=max(0, offset - limit) or None))}">← earlier</a>')
    if offset + limit < total:
        links.append(f'<a rel="next" href="{esc(_link(params, offset=offset + limit))}">more →</a>')
    return f'<nav class="paging">{" ".join(links)}</nav>' if links else ""


def _aside(archive, params: dict[str, str], query: str, options: dict, result) -> str:
    parts = ['<aside class="facets">']
    for field in COUNTED:
        try:
            counts = archive.counts(query, field, options, result)
        except BadRequest:
            counts = []
        if not counts:
            continue
        rows = []
        for row in counts[:COUNTS_SHOWN]:
            value = row.get(field) or ""
            label = esc(value or "(none)")
            link = _link(params, **{field: value, "offset": None}) if value else None
            name = f'<a href="{esc(link)}">{label}</a>' if link else label
            rows.append(f'<li>{name} <span class="n">{row["passages"]:,}</span></li>')
        parts.append(
            f'<section class="counts" data-field="{field}"><h2>by {field}</h2><ul>{"".join(rows)}</ul></section>'
        )
    parts.append(_trend(archive, params, query, result))
    parts.append("</aside>")
    return "".join(parts)


def _trend(archive, params: dict[str, str], query: str, result=None) -> str:
    """The query's matching passages by month as an SVG chart, where the transcripts are dated: from the
    search's own count by date where it made one, else from `trend --by month`."""
    period = "month"
    if result is not None and result.counts is not None and "date" in result.counts:
        by_month: dict[str, int] = {}
        for day, count in result.counts["date"]:
            if len(day) >= 7:
                by_month[day[:7]] = by_month.get(day[:7], 0) + count
        months = _months(min(by_month), max(by_month)) if by_month else []
        points = [(month, by_month.get(month, 0)) for month in months]
        if 1 <= len(months) < WEEKS_UNDER_MONTHS:  # a short span: by week (each week by its Monday)
            period, points = "week", _by_week(result.counts["date"])
    else:
        try:
            wanted = {k: v for k, v in params.items() if k not in ("offset", "limit", "by")} | {"by": "month"}
            rows = archive.trend(wanted)
        except BadRequest:
            return ""
        points = [(row["period"], row["passages"]) for row in rows]
    values = [value for _, value in points]
    if len(values) < 2 or not any(values):
        return ""
    width, height, pad = 280, 90, 4
    top = max(values)
    step = (width - 2 * pad) / (len(values) - 1)
    xy = [(pad + i * step, height - pad - (value / top) * (height - 2 * pad)) for i, value in enumerate(values)]
    line = " ".join(f"{x:.1f},{y:.1f}" for x, y in xy)
    first, last = points[0][0], points[-1][0]
    return (
        f'<section class="trend"><h2>by {period}</h2><svg viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-label="passages by {period}, {esc(first)} to {esc(last)}">'
        f'<polyline fill="none" stroke="currentColor" stroke-width="1.5" points="{line}"/></svg>'
        f'<p class="range"><span>{esc(first)}</span><span>most: {top:,}</span><span>{esc(last)}</span></p></section>'
    )


WEEKS_UNDER_MONTHS = 6  # a chart of fewer months than this is drawn by week


def _by_week(days: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Matching passages by week (named by its Monday), every week from the first to the last."""
    from datetime import date, timedelta

    weeks: dict[date, int] = {}
    for day, count in days:
        try:
            when = date.fromisoformat(day[:10])
        except ValueError:
            continue  # (a date of a month or a year alone: no week)
        monday = when - timedelta(days=when.weekday())
        weeks[monday] = weeks.get(monday, 0) + count
    if not weeks:
        return []
    points, monday = [], min(weeks)
    while monday <= max(weeks):
        points.append((monday.isoformat(), weeks.get(monday, 0)))
        monday += timedelta(days=7)
    return points


def _months(first: str, last: str) -> list[str]:
    """Every month from `first` to `last` (YYYY-MM), both included."""
    year, month = int(first[:4]), int(first[5:7])
    months = []
    while f"{year:04d}-{month:02d}" <= last:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _lines(passage) -> str:
    """A passage's text as `show` prints it: where the file says when its words were said, a line a
    sentence (or the cues that keep a line short), each after its own time, which plays from there."""
    from indexer.cli.render.transcript import timed_pieces

    pieces = timed_pieces(passage)
    if not pieces:
        return f'<span class="text">{esc(passage.text)}</span>'
    lines = []
    for seconds, estimated, piece in pieces:
        if seconds is None:
            lines.append(f'<span class="line">{esc(piece)}</span>')
            continue
        label = format_time(seconds, estimated)
        lines.append(
            f'<span class="line"><a class="time" href="?at={seconds:g}#p-{passage.number}" '
            f'data-seek="{seconds:g}">{esc(label)}</a> {esc(piece)}</span>'
        )
    return f'<span class="text lines">{"".join(lines)}</span>'


VIDEO_SUFFIXES = (".mp4", ".mov", ".mkv", ".m4v", ".webm", ".avi", ".mxf")


def media_url(url: str | None) -> str | None:
    """A transcript's media URL where it names a media file a browser can play (`…/episode-12.mp3`), over
    http(s); None for a page about the recording (a YouTube watch page) or anything else."""
    from indexer.cli.export import MEDIA_SUFFIXES

    if not url:
        return None
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return url.strip() if parts.path.lower().endswith(MEDIA_SUFFIXES) else None


def transcript_page(archive, transcript: str, params: dict[str, str]) -> tuple[str, str | None]:
    """`/t/ID?at=SECONDS`: the whole transcript as `show` prints it, the passage at that time marked and in
    view, with a player when the transcript has media: a file beside it, or a media file its metadata's
    URL names. (the page, the address it plays media from where that is elsewhere: `https://host`)"""
    name = transcript  # (the server has decoded the URL's path once: an id may hold a `%` of its own)
    at = params.get("at") or None
    view = archive.view(name, at=at)
    found = view.transcript
    media = archive.media_of(name)
    header = '<header><a class="home" href="/">soundbite</a></header>'
    meta = " · ".join(esc(v) for v in (found.meta.network, found.meta.date, found.meta.program) if v)
    body = [header, f"<h1>{esc(found.meta.title or found.id)}</h1>"]
    if meta:
        body.append(f'<p class="meta">{meta}</p>')
    remote = media_url(found.meta.url) if media is None else None
    if media is not None or remote is not None:
        suffix = media.suffix if media is not None else "." + remote.rsplit(".", 1)[-1]
        kind = "video" if suffix.lower() in VIDEO_SUFFIXES else "audio"
        source = f"/media/{_path_part(found.id)}" if media is not None else remote
        body.append(f'<{kind} id="player" controls preload="metadata" src="{esc(source)}"></{kind}>')
    elif found.meta.url:
        body.append(f'<p class="source"><a href="{esc(found.meta.url)}" rel="noreferrer">the recording</a></p>')
    body.append('<div class="transcript">')
    for passage in found.passages:
        marked = passage.number == view.marked
        start = passage.start
        time = ""
        if start is not None:
            label = format_time(start, passage.estimated)
            time = f'<a class="time" href="?at={start:g}#p-{passage.number}" data-seek="{start:g}">{esc(label)}</a> '
        who = esc(passage.label or passage.speaker or "")
        role = f' <span class="role">({esc(passage.role)})</span>' if passage.role else ""
        body.append(
            f'<p id="p-{passage.number}" class="passage{" marked" if marked else ""}">'
            f"{time}<b>{who}</b>{role} {_lines(passage)}</p>"
        )
    body.append("</div>")
    seek = ""
    if view.marked is not None and at is not None:
        try:
            seek = f' data-at="{float(at):g}"'
        except ValueError:
            marked = next((p for p in found.passages if p.number == view.marked), None)
            seek = f' data-at="{marked.start:g}"' if marked is not None and marked.start is not None else ""
    origin = None
    if remote is not None:
        parts = urlsplit(remote)
        origin = f"{parts.scheme}://{parts.netloc}"
    return _page(f"{found.meta.title or found.id} · soundbite", "".join(body), seek), origin
