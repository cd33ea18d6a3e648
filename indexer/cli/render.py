"""Hits to output: highlighted text for people, JSON Lines for programs.

The renderers take the model's plain data and an `Environment`; whether escape
codes are written depends only on the environment, so terminal and pipe
behaviour can be tested by building one by hand. The JSON written here is
the documented format: keys are only ever added, never renamed.
"""

from __future__ import annotations

import contextlib
import json
import time
from dataclasses import asdict
from io import TextIOBase as TextIO  # typing's TextIO would load typing (3 ms) for annotations

from indexer.cli.environment import Environment
from indexer.model import SPEECH, Hit, IndexStats, Passage, SearchResult, SpeakerCount, TranscriptView

MATCH_STYLE = "bold red"
TRANSCRIPT_STYLE = "magenta"
TIME_STYLE = "green"
SPEAKER_STYLE = "bold"
ROLE_STYLE = "cyan"
DIM_STYLE = "dim"
URL_STYLE = "blue underline"


def format_time(seconds: float | None, estimated: bool = False) -> str:
    """`~02:31` for an estimate, `02:31` when read from the file, `1:02:03` past an hour."""
    if seconds is None:
        return "--:--"
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    stamp = f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"
    return ("~" if estimated else "") + stamp


def _speaker_label(passage: Passage) -> str:
    """`Name (role)` for speech; `[shot]`, `[storyline]` for what nobody says."""
    if passage.kind != SPEECH:
        return f"[{passage.kind}]"
    if passage.speaker and passage.role:
        return f"{passage.speaker} ({passage.role})"
    return passage.speaker or (f"({passage.role})" if passage.role else "")


# The transcript's metadata in a hit's JSON, in this order.
META_KEYS = ("network", "reporter", "place", "title", "date")
LATER_META_KEYS = ("story", "program", "aired", "language")  # added since: after the optional keys


def hit_json(hit: Hit) -> dict:
    """The stable JSON form of a hit: keys are only ever added, never renamed."""
    transcript = hit.transcript
    return {
        "transcript": transcript.id,
        "path": transcript.path,
        **passage_json(hit.passage),
        "snippet": hit.snippet.plain,
        "matches": [list(span) for span in hit.matches],
        "score": hit.score,
        "format": transcript.format,
        **{key: getattr(transcript.meta, key) for key in META_KEYS},
        **({"url": hit.url} if hit.url else {}),
        **({"context": [passage_json(p) for p in hit.context]} if hit.context else {}),
        **{key: getattr(transcript.meta, key) for key in LATER_META_KEYS},
        **({"near": near_json(hit)} if hit.near is not None else {}),
    }


def near_json(hit: Hit) -> dict:
    """A NEAR/…s hit's other passage: as a hit's own keys, with its snippet and matches."""
    return {
        **passage_json(hit.near),
        "snippet": hit.near_snippet.plain if hit.near_snippet else "",
        "matches": [list(span) for span in hit.near_matches],
    }


def passage_json(passage: Passage) -> dict:
    return {
        "passage": passage.number,
        "start": passage.start,
        "end": passage.end,
        "estimated": passage.estimated,
        "speaker": passage.speaker,
        "role": passage.role,
        "text": passage.text,
        "kind": passage.kind,
        "speaker_label": passage.label or passage.speaker,
    }


def write_json(result: SearchResult, out: TextIO) -> None:
    for hit in result.hits:
        out.write(json.dumps(hit_json(hit), ensure_ascii=False) + "\n")


def summary_line(result: SearchResult) -> str:
    shown = len(result.hits)
    hits = f"{result.total} hit{'s' if result.total != 1 else ''}"
    if shown < result.total:
        hits += f" (showing {shown})"
    transcripts = f"{result.transcripts} transcript{'s' if result.transcripts != 1 else ''}"
    return f"{hits} in {transcripts} ({result.seconds * 1000:.0f} ms)"


# A line of output as (text, style) pieces; style None is the terminal's own. The
# same lines are written plain (the texts joined) or styled by rich, so the two
# can never say different things.
Line = list


def write_text(result: SearchResult, env: Environment, color: str = "auto") -> None:
    """Hits for people: highlighted on a terminal (`color` auto), plain text on a pipe."""
    _write_lines(_hit_lines(result), env.stdout, env.use_color(color))


def _write_lines(lines: list[Line], out: TextIO, styled: bool) -> None:
    if not styled:
        out.write("".join("".join(text for text, _ in line) + "\n" for line in lines))
        return
    from rich.text import Text

    console = _console(out)
    for line in lines:
        text = Text()
        for piece, style in line:
            text.append(piece, style)
        console.print(text)


def _hit_lines(result: SearchResult) -> list[Line]:
    lines: list[Line] = []
    for hit in result.hits:
        passage = hit.passage
        lines += [[(_context_line(p), DIM_STYLE)] for p in _context(hit, before=True)]
        header: Line = [(hit.transcript.id, TRANSCRIPT_STYLE), ("  ", None)]
        header.append((format_time(passage.start, passage.estimated), TIME_STYLE))
        if passage.kind != SPEECH:
            header += [("  ", None), (_speaker_label(passage), DIM_STYLE)]
        if passage.speaker:
            header += [("  ", None), (passage.speaker, SPEAKER_STYLE)]
        if passage.role:
            header += [(" (" if passage.speaker else "  (", None), (passage.role, ROLE_STYLE), (")", None)]
        lines.append(header)
        lines += _fragment_lines(hit.snippet)
        if hit.near is not None:
            near = hit.near
            line: Line = [("  + ", None), (format_time(near.start, near.estimated), TIME_STYLE)]
            if near.speaker:
                line += [("  ", None), (near.speaker, SPEAKER_STYLE)]
            lines.append(line)
            lines += _fragment_lines(hit.near_snippet)
        if hit.url:
            lines.append([(f"    {hit.url}", URL_STYLE)])
        lines += [[(_context_line(p), DIM_STYLE)] for p in _context(hit, before=False)]
        lines.append([])
    lines.append([(summary_line(result), DIM_STYLE)])
    return lines


def _fragment_lines(snippet) -> list[Line]:
    """A snippet's fragments, a line each, indented, matched words marked, `…` where the passage goes on."""
    lines = []
    for fragment in snippet.fragments:
        line: Line = [("    " + ("… " if fragment.clipped_start else ""), None)]
        line += [(text, MATCH_STYLE if matched else None) for text, matched in fragment.parts]
        line += [(" …", None)] if fragment.clipped_end else []
        lines.append(line)
    return lines


def _context(hit: Hit, before: bool) -> list[Passage]:
    """The hit's --context neighbours on one side."""
    number = hit.passage.number
    return [p for p in hit.context if (p.number < number if before else p.number > number)]


def _context_line(passage: Passage) -> str:
    """A neighbouring passage shown with --context: its time, speaker and text, set off by `|`."""
    label = _speaker_label(passage) if passage.kind != SPEECH else passage.speaker
    who = f"  {label}" if label else ""
    return f"  | {format_time(passage.start, passage.estimated)}{who}: {passage.text}"


def _console(out: TextIO):
    from rich.console import Console

    # Whether to colour is the Environment's call (--color, NO_COLOR, the terminal): rich must not
    # read NO_COLOR again and drop the colours --color always asked for.
    return Console(
        file=out, force_terminal=True, no_color=False, highlight=False, soft_wrap=True, emoji=False, markup=False
    )


@contextlib.contextmanager
def progress_bar(env: Environment, enabled: bool):
    """A rich progress bar for an index run on stderr when it is a terminal; nothing otherwise.

    Yields the function to call with each `Progress` (None when there is no bar).
    """
    if not (enabled and env.stderr_isatty):
        yield None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    # stderr is a terminal (checked above); the bar moves the cursor, so it writes to the raw stream.
    console = Console(file=getattr(env.stderr, "raw", env.stderr), force_terminal=True)
    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("files · {task.fields[detail]}"),
        TimeRemainingColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )
    task = bar.add_task("indexing", total=None, detail="")
    began = time.perf_counter()
    phases = {"writing": "writing the index", "committing": "committing"}
    writing = []  # the second bar, once every file is read

    def update(progress):
        elapsed = max(time.perf_counter() - began, 1e-6)
        if progress.phase in phases:
            # Every file is read and the last segments are being written: a pulsing bar with the
            # time it has taken, in place of a finished bar standing still.
            if not writing:
                bar.update(task, visible=False)
                writing.append(bar.add_task(phases[progress.phase], total=None, detail=""))
            bar.update(
                writing[0],
                description=phases[progress.phase],
                completed=progress.done,
                detail=f"{progress.passages:,} passages",
            )
            bar.refresh()
            return
        rows = f" · {progress.rows:,} rows" if progress.rows else ""
        rate = f"{progress.done / elapsed:.0f} files/s"
        bar.update(
            task,
            completed=progress.done,
            total=progress.total,
            detail=f"{progress.passages:,} passages{rows} · {rate}",
        )

    with bar:
        yield update


@contextlib.contextmanager
def push_progress(env: Environment, enabled: bool):
    """A progress bar for `push` on stderr when it is a terminal; yields the function to call, or None."""
    if not (enabled and env.stderr_isatty):
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(file=getattr(env.stderr, "raw", env.stderr), force_terminal=True)
    bar = Progress(
        TextColumn("pushing"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=console, transient=True
    )
    task = bar.add_task("pushing", total=None)

    def update(progress):
        bar.update(task, completed=progress.done, total=progress.total)

    with bar:
        yield update


def push_summary(report, target) -> str:
    """`Pushed to URL index NAME: 120 created, 3 updated, 5 deleted, 0 failed; ...`."""
    where = target.key.replace(" ", " index ", 1)
    if not (report.files or report.removed or report.failed):
        return f"{where} is up to date: {plural(report.unchanged, 'file')} unchanged since the last push"
    created = " (index created)" if report.created_index else ""
    retries = f", {plural(report.retries, 'lost connection')} resumed" if report.retries else ""
    return (
        f"Pushed to {where}{created}: {report.created:,} created, {report.updated:,} updated, "
        f"{report.deleted:,} deleted, {len(report.failed):,} failed; {plural(report.files, 'file')} sent, "
        f"{report.unchanged:,} unchanged, {report.removed:,} removed{retries} in {report.seconds:.2f} s"
    )


def batch_line(report) -> str:
    """One `index --watch` batch: `+3 ~1 -0 transcripts, 41 passages, 0.4 s`."""
    return (
        f"+{report.added:,} ~{report.updated:,} -{report.removed:,} transcripts, "
        f"{plural(report.passages, 'passage')}, {report.seconds:.1f} s"
    )


def watch_summary(summary) -> str:
    """The line at the end of a watch: how long, how many batches, what they did."""
    import time

    minutes, seconds = divmod(int(time.monotonic() - summary.began), 60)
    hours, minutes = divmod(minutes, 60)
    took = f"{hours} h {minutes} min" if hours else f"{minutes} min {seconds} s" if minutes else f"{seconds} s"
    failed = f", {summary.failures:,} failed and retried" if summary.failures else ""
    batches = max(0, summary.batches - 1)  # the first run was before the watch
    return (
        f"watched for {took}: {batches:,} batch{'' if batches == 1 else 'es'}, +{summary.added:,} ~{summary.updated:,} "
        f"-{summary.removed:,} transcripts, {plural(summary.passages, 'passage')} written{failed}"
    )


def plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def index_summary(report, index_dir) -> str:
    """`Indexed 12 transcripts: 2 added, 1 updated, ...; 140 passages written in 0.41 s (index)`."""
    counts = (
        f"{report.added:,} added, {report.updated:,} updated, {report.removed:,} removed, "
        f"{report.unchanged:,} unchanged, {len(report.skipped):,} skipped"
    )
    verb = "Rebuilt" if report.rebuilt else "Indexed"
    return (
        f"{verb} {plural(report.transcripts, 'transcript')}: {counts}; "
        f"{plural(report.passages, 'passage')} written in {report.seconds:.2f} s ({index_dir})"
    )


def write_stats(found: IndexStats, env: Environment, as_json: bool) -> None:
    stats = asdict(found)
    if as_json:
        env.stdout.write(json.dumps(stats, ensure_ascii=False) + "\n")
        return
    formats = ", ".join(f"{name} {count:,}" for name, count in stats["formats"].items()) or "-"
    languages = (
        ", ".join(
            f"{code} {entry['transcripts']:,} ({entry['passages']:,} passages)"
            for code, entry in stats["languages"].items()
        )
        or "-"
    )
    rows = [
        ("index", stats["index"]),
        ("transcripts", f"{stats['transcripts']:,}"),
        ("files", f"{stats['files']:,}"),
        ("passages", f"{stats['passages']:,}"),
        ("speakers", f"{stats['speakers']:,}"),
        ("formats", formats),
        ("languages", languages),
        ("roots", "\n             ".join(stats["roots"]) or "-"),
        ("size", f"{stats['size_bytes'] / 2**20:,.1f} MiB"),
        ("updated", stats["updated"] or "never"),
    ]
    for key, value in rows:
        env.stdout.write(f"{key:<12} {value}\n")


def write_counts(counts: list[tuple[str, int]], field: str, env: Environment, as_json: bool, color: str) -> None:
    """`--count-by`: a table of values and matching passages, largest first.

    Nothing at all when nothing matched (as `rg --count`): a header over no rows says less than exit status 1.
    """
    if not counts:
        return
    if as_json:
        for value, count in counts:
            env.stdout.write(json.dumps({field: value, "passages": count}, ensure_ascii=False) + "\n")
        return
    width = max([len(field), *(len(v or "(none)") for v, _ in counts)])
    lines = [f"{field:<{width}}  passages"] + [f"{(v or '(none)'):<{width}}  {c:>8,}" for v, c in counts]
    if env.use_color(color):
        from rich.text import Text

        console = _console(env.stdout)
        console.print(Text(lines[0], "bold"))
        for line in lines[1:]:
            console.print(line)
    else:
        env.stdout.write("\n".join(lines) + "\n")


def write_transcript(view: TranscriptView, env: Environment, as_json: bool, color: str) -> None:
    """`soundbite show`: one line a passage, the marked one flagged with `>`."""
    transcript = view.transcript
    if as_json:
        for passage in transcript.passages:
            row = {
                "transcript": transcript.id,
                "path": transcript.path,
                **passage_json(passage),
                "marked": passage.number == view.marked,
                "language": transcript.meta.language,
            }
            if view.links.get(passage.number):
                row["url"] = view.links[passage.number]
            env.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        return
    title = transcript.id + (f"  {transcript.meta.title}" if transcript.meta.title else "")
    if transcript.meta.language not in ("", "en"):
        title += f"  ({transcript.meta.language})"
    lines = [title]
    for passage in transcript.passages:
        mark = ">" if passage.number == view.marked else " "
        who = _speaker_label(passage)
        lines.append(f"{mark} #{passage.number:<4} {format_time(passage.start, passage.estimated):>8}  {who}")
        lines.append(f"        {passage.text}")
    if not env.use_color(color):
        env.stdout.write("\n".join(lines) + "\n")
        return
    from rich.text import Text

    console = _console(env.stdout)
    for i, line in enumerate(lines):
        marked = line.startswith(">") or (i > 0 and lines[i - 1].startswith(">") and line.startswith("  "))
        console.print(Text(line, "bold" if i == 0 or marked else None))


def write_speakers(found: list[SpeakerCount], env: Environment, as_json: bool) -> None:
    if as_json:
        for s in found:
            row = {"speaker": s.speaker, "passages": s.passages, "transcripts": s.transcripts, "aliases": s.aliases}
            env.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        return
    width = max([7, *(len(s.speaker) for s in found)])
    aliases = any(s.aliases for s in found)
    env.stdout.write(f"{'speaker':<{width}}  passages  transcripts" + ("  also written" if aliases else "") + "\n")
    for s in found:
        also = ("  " + ", ".join(s.aliases)) if s.aliases else ""
        env.stdout.write(f"{s.speaker:<{width}}  {s.passages:>8,}  {s.transcripts:>11,}{also}".rstrip() + "\n")


# One colour a series, in order (a legend names them); `other` is always dim.
SERIES_STYLES = ("cyan", "magenta", "yellow", "green", "blue", "red", "bright_cyan", "bright_magenta")
_EIGHTHS = " ▏▎▍▌▋▊▉"


def _trend_number(value: float, trend) -> str:
    """A count as an integer; a normalised or smoothed value with two decimals."""
    return f"{value:,.2f}" if trend.normalised or trend.smooth > 1 else f"{int(value):,}"


def undated_line(trend) -> str | None:
    """The one line about matches that no period holds: transcripts without a full date."""
    if not trend.undated:
        return None
    return (
        f"soundbite: {plural(trend.undated, 'matching passage')} in "
        f"{plural(trend.undated_transcripts, 'transcript')} without a date (YYYY-MM-DD): not in the timeline"
    )


TREND_KEYS = ("period", "start", "series", "passages", "total", "value")  # a timeline's JSON and CSV row


def trend_rows(trend) -> list[dict]:
    """One row a period and series: the JSON and CSV form (keys only ever added)."""
    rows = []
    for i, period in enumerate(trend.periods):
        for series in trend.series:
            rows.append(
                {
                    "period": period,
                    "start": trend.starts[i],
                    "series": series.name,
                    "passages": series.counts[i],
                    "total": series.totals[i] if series.totals is not None else None,
                    "value": round(series.values[i], 6),
                }
            )
    return rows


def write_trend(trend, env: Environment, output: str | None, color: str) -> None:
    """`soundbite trend`: a chart on a terminal, a table on a pipe, or JSON Lines / CSV rows.

    The line about undated matches goes to stderr, so that stdout is only the timeline.
    """
    if output == "json":
        env.stdout.write("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in trend_rows(trend)))
    elif output == "csv":
        import csv

        writer = csv.DictWriter(env.stdout, fieldnames=TREND_KEYS)
        writer.writeheader()
        writer.writerows(trend_rows(trend))
    elif env.stdout_isatty:
        _write_lines(_chart_lines(trend, _terminal_width()), env.stdout, env.use_color(color))
    else:
        _write_lines(_table_lines(trend), env.stdout, env.use_color(color))
    line = undated_line(trend)
    if line:
        env.stderr.write(line + "\n")


def _terminal_width() -> int:
    import shutil

    return max(40, shutil.get_terminal_size((100, 24)).columns)


def _what_values_are(trend) -> str:
    what = "matching passages per 1,000 passages indexed" if trend.normalised else "matching passages"
    if trend.smooth > 1:
        what += f", averaged over {trend.smooth} {trend.by}s"
    return f"{what}, by {trend.by}"


def _table_lines(trend) -> list[Line]:
    """A period a row, a series a column: plain text for a pipe (`column -t`, `sort`, spreadsheets)."""
    names = [series.name for series in trend.series]
    cells = [[_trend_number(series.values[i], trend) for series in trend.series] for i in range(len(trend.periods))]
    widths = [max([len(name), *(len(row[j]) for row in cells)]) for j, name in enumerate(names)]
    label = max([len(trend.by), *map(len, trend.periods)])
    lines: list[Line] = [
        [(f"{trend.by:<{label}}  " + "  ".join(f"{n:>{w}}" for n, w in zip(names, widths, strict=True)), "bold")]
    ]
    for period, row in zip(trend.periods, cells, strict=True):
        lines.append(
            [(f"{period:<{label}}  " + "  ".join(f"{c:>{w}}" for c, w in zip(row, widths, strict=True)), None)]
        )
    return lines


def _chart_lines(trend, width: int) -> list[Line]:
    """A horizontal bar chart: a period a row (a row a series when there are several), a colour a series."""
    label = max([len(trend.by), *map(len, trend.periods)]) if trend.periods else len(trend.by)
    numbers = [[_trend_number(v, trend) for v in series.values] for series in trend.series]
    number_width = max([1, *(len(n) for row in numbers for n in row)])
    bar_width = max(10, width - label - number_width - 4)
    top = max([0.0, *(v for series in trend.series for v in series.values)])
    styles = [
        DIM_STYLE if s.name == "other" else SERIES_STYLES[i % len(SERIES_STYLES)] for i, s in enumerate(trend.series)
    ]
    lines: list[Line] = [[(_what_values_are(trend), DIM_STYLE)]]
    if len(trend.series) > 1:
        legend: Line = []
        for series, style in zip(trend.series, styles, strict=True):
            legend += [("█ ", style), (series.name, None), ("   ", None)]
        lines.append(legend[:-1])
    for i, period in enumerate(trend.periods):
        for j, series in enumerate(trend.series):
            eighths = round(series.values[i] / top * bar_width * 8) if top else 0
            bar = "█" * (eighths // 8) + (_EIGHTHS[eighths % 8] if eighths % 8 else "")
            shown = period if j == 0 else ""
            lines.append(
                [
                    (f"{shown:<{label}} │", None),
                    (bar, styles[j]),
                    (f" {numbers[j][i]}", None),
                ]
            )
    return lines


def write_period_counts(trend, field: str, env: Environment, as_json: bool, color: str) -> None:
    """`search --count-by date|week|month|year`: matching passages per period, in date order, zeros included."""
    series = trend.series[0]
    if not any(series.counts):
        line = undated_line(trend)
        if line:
            env.stderr.write(line + "\n")
        return
    rows = list(zip(trend.periods, series.counts, strict=True))
    if as_json:
        for period, count in rows:
            env.stdout.write(json.dumps({field: period, "passages": count}, ensure_ascii=False) + "\n")
    else:
        width = max([len(field), *(len(p) for p, _ in rows)])
        lines: list[Line] = [[(f"{field:<{width}}  passages", "bold")]]
        lines += [[(f"{p:<{width}}  {c:>8,}", None)] for p, c in rows]
        _write_lines(lines, env.stdout, env.use_color(color))
    line = undated_line(trend)
    if line:
        env.stderr.write(line + "\n")
