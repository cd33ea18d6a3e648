"""`soundbite show`: a transcript a passage a line, the marked one flagged, or JSON Lines."""

from __future__ import annotations

import json
from collections.abc import Iterator

from indexer.cli.environment import Environment
from indexer.cli.render import TIME_STYLE, Line, format_time, line_starts, speaker_label, write_lines
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
    write_lines(_transcript_lines(view, title), env.stdout, env.use_color(color), env.columns)


def _transcript_lines(view: TranscriptView, title: str) -> Iterator[Line]:
    """The title, then each passage: its heading (`> #12   02:31  Name (role)`, `>` on the marked one) and
    its text, a line to cite each after its time; the marked passage bold."""
    yield [(title, "bold")]
    for passage in view.transcript.passages:
        marked = passage.number == view.marked
        style = "bold" if marked else None
        who = speaker_label(passage)
        heading = f"{'>' if marked else ' '} #{passage.number:<4} {format_time(passage.start, passage.estimated):>8}"
        yield [(heading + ("  " + who if who else ""), style)]
        pieces = timed_pieces(passage)
        if not pieces:
            yield [("        ", None), (passage.text, style)]
        for seconds, estimated, piece in pieces:
            yield [("        ", None), (f"{format_time(seconds, estimated):>6}  ", TIME_STYLE), (piece, style)]
