"""`soundbite show`: a transcript a passage a line, the marked one flagged, or JSON Lines."""

from __future__ import annotations

import json

from indexer.cli.environment import Environment
from indexer.cli.render import console, format_time, speaker_label
from indexer.cli.render.hits import passage_json
from indexer.model import TranscriptView


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
        lines.append(f"        {passage.text}")
    if not env.use_color(color):
        env.stdout.write("\n".join(lines) + "\n")
        return
    from rich.text import Text

    terminal = console(env.stdout)
    for i, line in enumerate(lines):
        marked = line.startswith(">") or (i > 0 and lines[i - 1].startswith(">") and line.startswith("  "))
        terminal.print(Text(line, "bold" if i == 0 or marked else None))
