"""`search --count-by`: matching passages per speaker, transcript, network or role, or per period."""

from __future__ import annotations

import json

from indexer.cli.environment import Environment
from indexer.cli.render import Line, console, write_lines
from indexer.cli.render.trend import undated_line


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

        terminal = console(env.stdout)
        terminal.print(Text(lines[0], "bold"))
        for line in lines[1:]:
            terminal.print(line)
    else:
        env.stdout.write("\n".join(lines) + "\n")


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
        write_lines(lines, env.stdout, env.use_color(color))
    line = undated_line(trend)
    if line:
        env.stderr.write(line + "\n")
