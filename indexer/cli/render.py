"""Hits to output: highlighted text for people, JSON Lines for programs.

The renderers take plain `Hit`s and an `Environment`; whether escape codes are
written depends only on the environment, so terminal and pipe behaviour can be
tested by building one by hand.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from io import TextIOBase as TextIO  # typing's TextIO would load typing (3 ms) for annotations

from indexer.model import Fragment, Hit, SearchResult

COLOR_CHOICES = ("auto", "always", "never")

MATCH_STYLE = "bold red"
TRANSCRIPT_STYLE = "magenta"
TIME_STYLE = "green"
SPEAKER_STYLE = "bold"
ROLE_STYLE = "cyan"
DIM_STYLE = "dim"


@dataclass
class Environment:
    """Where output goes and what it is connected to (the httpie model)."""

    stdout: TextIO
    stderr: TextIO
    stdout_isatty: bool
    no_color: bool = False
    stderr_isatty: bool = False

    @classmethod
    def from_system(cls) -> Environment:
        return cls(
            stdout=sys.stdout,
            stderr=sys.stderr,
            stdout_isatty=sys.stdout.isatty(),
            no_color="NO_COLOR" in os.environ or os.environ.get("TERM") == "dumb",
            stderr_isatty=sys.stderr.isatty(),
        )

    def use_color(self, choice: str = "auto") -> bool:
        if choice == "always":
            return True
        if choice == "never":
            return False
        return self.stdout_isatty and not self.no_color


def format_time(seconds: float | None, estimated: bool = False) -> str:
    """`~02:31` for an estimate, `02:31` when read from the file, `1:02:03` past an hour."""
    if seconds is None:
        return "--:--"
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    stamp = f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"
    return ("~" if estimated else "") + stamp


def _ellipsised(fragment: Fragment) -> str:
    return ("… " if fragment.clipped_start else "") + fragment.text + (" …" if fragment.clipped_end else "")


def _speaker_label(hit: Hit) -> str:
    if hit.speaker and hit.role:
        return f"{hit.speaker} ({hit.role})"
    return hit.speaker or (f"({hit.role})" if hit.role else "")


def hit_json(hit: Hit) -> dict:
    """The stable JSON form of a hit: keys are only ever added, never renamed."""
    return {
        "transcript": hit.transcript,
        "path": hit.path,
        "passage": hit.passage,
        "start": hit.start,
        "end": hit.end,
        "estimated": hit.estimated,
        "speaker": hit.speaker,
        "role": hit.role,
        "text": hit.text,
        "snippet": hit.snippet.plain,
        "matches": [list(span) for span in hit.matches],
        "score": hit.score,
        "format": hit.format,
        "network": hit.network,
        "reporter": hit.reporter,
        "place": hit.place,
        "title": hit.title,
        "date": hit.date,
        **({"url": hit.url} if hit.url else {}),
        **({"context": [passage_json(p) for p in hit.context]} if hit.context else {}),
    }


def passage_json(passage) -> dict:
    return {
        "passage": passage.number,
        "start": passage.start,
        "end": passage.end,
        "estimated": passage.estimated,
        "speaker": passage.speaker,
        "role": passage.role,
        "text": passage.text,
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


def write_text(result: SearchResult, env: Environment, color: str = "auto") -> None:
    """Hits for people: highlighted on a terminal (`color` auto), plain text on a pipe."""
    if env.use_color(color):
        _write_rich(result, env.stdout)
    else:
        _write_plain(result, env.stdout)


def _write_plain(result: SearchResult, out: TextIO) -> None:
    for hit in result.hits:
        for passage in (p for p in hit.context if p.number < hit.passage):
            out.write(_context_line(passage) + "\n")
        header = "  ".join(
            part for part in (hit.transcript, format_time(hit.start, hit.estimated), _speaker_label(hit)) if part
        )
        out.write(header + "\n")
        for fragment in hit.snippet.fragments:
            out.write("    " + _ellipsised(fragment) + "\n")
        if hit.url:
            out.write(f"    {hit.url}\n")
        for passage in (p for p in hit.context if p.number > hit.passage):
            out.write(_context_line(passage) + "\n")
        out.write("\n")
    out.write(summary_line(result) + "\n")


def _context_line(passage) -> str:
    """A neighbouring passage shown with --context: its time, speaker and text, set off by `|`."""
    who = f"  {passage.speaker}" if passage.speaker else ""
    return f"  | {format_time(passage.start, passage.estimated)}{who}: {passage.text}"


def _console(out: TextIO):
    from rich.console import Console

    return Console(file=out, force_terminal=True, highlight=False, soft_wrap=True, emoji=False, markup=False)


def _write_rich(result: SearchResult, out: TextIO) -> None:
    from rich.console import Console
    from rich.text import Text

    console = Console(file=out, force_terminal=True, highlight=False, soft_wrap=True, emoji=False, markup=False)
    for hit in result.hits:
        header = Text()
        header.append(hit.transcript, TRANSCRIPT_STYLE)
        header.append("  ")
        header.append(format_time(hit.start, hit.estimated), TIME_STYLE)
        if hit.speaker:
            header.append("  ")
            header.append(hit.speaker, SPEAKER_STYLE)
        if hit.role:
            header.append(" (" if hit.speaker else "  (")
            header.append(hit.role, ROLE_STYLE)
            header.append(")")
        console.print(header)
        for fragment in hit.snippet.fragments:
            line = Text("    " + ("… " if fragment.clipped_start else ""))
            for text, matched in fragment.parts:
                line.append(text, MATCH_STYLE if matched else None)
            if fragment.clipped_end:
                line.append(" …")
            console.print(line)
        if hit.url:
            console.print(Text(f"    {hit.url}", "blue underline"))
        for passage in (p for p in hit.context if p.number > hit.passage):
            console.print(Text(_context_line(passage), DIM_STYLE))
        console.print()
    console.print(Text(summary_line(result), DIM_STYLE))


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def index_summary(report, index_dir) -> str:
    """`Indexed 12 transcripts: 2 added, 1 updated, ...; 140 passages written in 0.41 s (index)`."""
    counts = (
        f"{report.added:,} added, {report.updated:,} updated, {report.removed:,} removed, "
        f"{report.unchanged:,} unchanged, {len(report.skipped):,} skipped"
    )
    verb = "Rebuilt" if report.rebuilt else "Indexed"
    return (
        f"{verb} {_plural(report.transcripts, 'transcript')}: {counts}; "
        f"{_plural(report.passages, 'passage')} written in {report.seconds:.2f} s ({index_dir})"
    )


def write_stats(stats: dict, env: Environment, as_json: bool) -> None:
    if as_json:
        env.stdout.write(json.dumps(stats, ensure_ascii=False) + "\n")
        return
    formats = ", ".join(f"{name} {count:,}" for name, count in stats["formats"].items()) or "-"
    rows = [
        ("index", stats["index"]),
        ("transcripts", f"{stats['transcripts']:,}"),
        ("passages", f"{stats['passages']:,}"),
        ("speakers", f"{stats['speakers']:,}"),
        ("formats", formats),
        ("roots", "\n             ".join(stats["roots"]) or "-"),
        ("size", f"{stats['size_bytes'] / 2**20:,.1f} MiB"),
        ("updated", stats["updated"] or "never"),
    ]
    for key, value in rows:
        env.stdout.write(f"{key:<12} {value}\n")


def write_counts(counts: list[tuple[str, int]], field: str, env: Environment, as_json: bool, color: str) -> None:
    """`--count-by`: a table of values and matching passages, largest first."""
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


def write_transcript(view, env: Environment, as_json: bool, color: str) -> None:
    """`soundbite show`: one line a passage, the marked one flagged with `>`."""
    if as_json:
        for passage in view.passages:
            row = {
                "transcript": view.transcript,
                "path": view.path,
                **passage_json(passage),
                "marked": passage.number == view.marked,
            }
            if view.links.get(passage.number):
                row["url"] = view.links[passage.number]
            env.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        return
    use_color = env.use_color(color)
    console = _console(env.stdout) if use_color else None
    title = f"{view.transcript}" + (f"  {view.title}" if view.title else "")
    lines = [title]
    for passage in view.passages:
        mark = ">" if passage.number == view.marked else " "
        who = f"{passage.speaker}" + (f" ({passage.role})" if passage.role else "")
        lines.append(f"{mark} #{passage.number:<4} {format_time(passage.start, passage.estimated):>8}  {who}")
        lines.append(f"        {passage.text}")
    if console is None:
        env.stdout.write("\n".join(lines) + "\n")
        return
    from rich.text import Text

    for i, line in enumerate(lines):
        marked = line.startswith(">") or (i > 0 and lines[i - 1].startswith(">") and line.startswith("  "))
        console.print(Text(line, "bold" if i == 0 or marked else None))


def write_speakers(found, env: Environment, as_json: bool) -> None:
    if as_json:
        for s in found:
            env.stdout.write(
                json.dumps(
                    {"speaker": s.speaker, "passages": s.passages, "transcripts": s.transcripts},
                    ensure_ascii=False,
                )
                + "\n"
            )
        return
    width = max([7, *(len(s.speaker) for s in found)])
    env.stdout.write(f"{'speaker':<{width}}  passages  transcripts\n")
    for s in found:
        env.stdout.write(f"{s.speaker:<{width}}  {s.passages:>8,}  {s.transcripts:>11,}\n")
