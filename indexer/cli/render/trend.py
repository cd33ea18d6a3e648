"""`soundbite trend`: a bar chart on a terminal, a table on a pipe, JSON Lines or CSV rows."""

from __future__ import annotations

import json

from indexer.cli.environment import Environment
from indexer.cli.render import DIM_STYLE, Line, plural, write_lines

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

        # (Lines end in \n: stdout is a text stream, and the last guard writes a bare \r as its escape.)
        writer = csv.DictWriter(env.stdout, fieldnames=TREND_KEYS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(trend_rows(trend))
    elif env.stdout_isatty:
        write_lines(_chart_lines(trend, _terminal_width()), env.stdout, env.use_color(color))
    else:
        write_lines(_table_lines(trend), env.stdout, env.use_color(color))
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
