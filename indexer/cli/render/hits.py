"""Search hits: highlighted text for people (`write_text`), JSON Lines for programs (`write_json`)."""

from __future__ import annotations

import json
from collections.abc import Iterator

from indexer.cli.environment import Environment
from indexer.cli.render import (
    DIM_STYLE,
    MATCH_STYLE,
    ROLE_STYLE,
    SPEAKER_STYLE,
    TIME_STYLE,
    TRANSCRIPT_STYLE,
    URL_STYLE,
    Line,
    TextIO,
    format_time,
    speaker_label,
    write_lines,
)
from indexer.model import SPEECH, Hit, Passage, SearchResult

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
        "at": hit.at,
        "at_estimated": hit.at_estimated,
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


def write_text(result: SearchResult, env: Environment, color: str = "auto") -> None:
    """Hits for people: highlighted on a terminal (`color` auto), plain text on a pipe."""
    write_lines(_hit_lines(result), env.stdout, env.use_color(color))


def _hit_lines(result: SearchResult) -> Iterator[Line]:
    """The lines of each hit in turn, written as the hits are made (`-n 0` streams), then the summary."""
    for hit in result.hits:
        yield from _lines_of(hit)
    yield [(summary_line(result), DIM_STYLE)]


def _lines_of(hit: Hit) -> list[Line]:
    lines: list[Line] = []
    passage = hit.passage
    lines += [[(_context_line(p), DIM_STYLE)] for p in _context(hit, before=True)]
    header: Line = [(hit.transcript.id, TRANSCRIPT_STYLE), ("  ", None)]
    # When the first matched word was said (the passage's start where the file gives no better).
    header.append(
        (
            format_time(hit.at, hit.at_estimated)
            if hit.at is not None
            else format_time(passage.start, passage.estimated),
            TIME_STYLE,
        )
    )
    if passage.kind != SPEECH:
        header += [("  ", None), (speaker_label(passage), DIM_STYLE)]
    if passage.speaker:
        header += [("  ", None), (passage.speaker, SPEAKER_STYLE)]
    if passage.role:
        header += [(" (" if passage.speaker else "  (", None), (passage.role, ROLE_STYLE), (")", None)]
    lines.append(header)
    lines += _fragment_lines(hit.snippet, passage)
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
    return lines


def _fragment_lines(snippet, passage: Passage | None = None) -> list[Line]:
    """A snippet's fragments, a line each, indented, matched words marked, `…` where the passage goes on;
    where the file says when words inside the passage were said, each fragment (a sentence or more) after
    the time it begins, so that any of them can be cited."""
    from indexer.engine.querying.search import said_at_offset

    lines = []
    at = 0
    for fragment in snippet.fragments:
        line: Line = [("    ", None)]
        if passage is not None and passage.times and passage.start is not None:
            begin = passage.text.find("".join(text for text, _ in fragment.parts), at)
            if begin >= 0:
                at = begin
                line.append((format_time(*said_at_offset(passage, begin)) + "  ", TIME_STYLE))
        line.append(("… " if fragment.clipped_start else "", None))
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
    label = speaker_label(passage) if passage.kind != SPEECH else passage.speaker
    who = f"  {label}" if label else ""
    return f"  | {format_time(passage.start, passage.estimated)}{who}: {passage.text}"
