"""`soundbite show`: a transcript a passage a line, the marked one flagged, or JSON Lines."""

from __future__ import annotations

import json

from indexer.cli.environment import Environment
from indexer.cli.render import console, format_time, line_starts, speaker_label
from indexer.cli.render.hits import passage_json
from indexer.model import Passage, TranscriptView


def timed_pieces(passage: Passage) -> list[tuple[float | None, bool, str]]:
    """A passage's lines to cite (`line_starts`) as (when it begins, whether that is an estimate, its
    text), where the file says when words inside the passage were said; else [] (the text is one line).
    What `show` prints, and the web page's transcript."""
    if not passage.times or passage.start is None:
        return []
    from indexer.engine.querying.search import said_at_offset

    starts = line_starts(passage)
    pieces = []
    for begin, end in zip(starts, [*starts[1:], len(passage.text)], strict=True):
        piece = passage.text[begin:end].strip()
        if piece:
            pieces.append((*said_at_offset(passage, begin), piece))
    return pieces


def timed_lines(passage: Passage) -> list[str]:
    """A passage's text as lines to cite, each after the time it begins (`timed_pieces`); else the text as
    one line."""
    lines = [f"{format_time(seconds, estimated):>6}  {piece}" for seconds, estimated, piece in timed_pieces(passage)]
    return lines or [passage.text]


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
        who = speaker_label(passage)
        lines.append(f"{mark} #{passage.number:<4} {format_time(passage.start, passage.estimated):>8}  {who}")
        lines += [f"        {line}" for line in timed_lines(passage)]
    if not env.use_color(color):
        env.stdout.write("\n".join(lines) + "\n")
        return
    from rich.text import Text

    terminal = console(env.stdout)
    for i, line in enumerate(lines):
        marked = line.startswith(">") or (i > 0 and lines[i - 1].startswith(">") and line.startswith("  "))
        terminal.print(Text(line, "bold" if i == 0 or marked else None))
