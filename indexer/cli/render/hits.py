"""Search hits: highlighted text for people (`write_text`), JSON Lines for programs (`write_json`)."""

from __future__ import annotations

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
    line_starts,
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
    import json  # (not loaded for text output)

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
    write_lines(_hit_lines(result), env.stdout, env.use_color(color), env.columns)


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
    where the file says when words inside the passage were said, a fragment is cut into the passage's
    lines to cite (`line_starts`: sentences and cues), each after the time it begins."""
    from indexer.engine.querying.search import said_at_offset

    timed = passage is not None and bool(passage.times) and passage.start is not None
    starts = line_starts(passage) if timed else []
    lines = []
    at = 0
    for fragment in snippet.fragments:
        begin = passage.text.find("".join(text for text, _ in fragment.parts), at) if timed else -1
        if begin < 0:
            pieces = [(None, fragment.parts)]
        else:
            at = begin
            length = sum(len(text) for text, _ in fragment.parts)
            cuts = [start - begin for start in starts if begin < start < begin + length]
            pieces = list(zip([begin] + [begin + cut for cut in cuts], _cut(fragment.parts, cuts), strict=True))
        for n, (offset, parts) in enumerate(pieces):
            line: Line = [("    ", None)]
            if offset is not None:
                line.append((format_time(*said_at_offset(passage, offset)) + "  ", TIME_STYLE))
            line.append(("… " if n == 0 and fragment.clipped_start else "", None))
            line += [(text, MATCH_STYLE if matched else None) for text, matched in parts]
            line += [(" …", None)] if n == len(pieces) - 1 and fragment.clipped_end else []
            lines.append(line)
    return lines


def _cut(parts: list[tuple[str, bool]], cuts: list[int]) -> list[list[tuple[str, bool]]]:
    """A fragment's (text, matched) parts cut at the character offsets `cuts` (ascending, inside it): the
    parts of each piece, the space between pieces dropped."""
    pieces: list[list[tuple[str, bool]]] = [[]]
    done = 0  # characters of the fragment before the current part
    for text, matched in parts:
        begin = 0
        while cuts and cuts[0] - done < len(text):
            at = cuts.pop(0) - done
            if text[begin:at]:
                pieces[-1].append((text[begin:at], matched))
            pieces.append([])
            begin = at
        if text[begin:]:
            pieces[-1].append((text[begin:], matched))
        done += len(text)
    for piece in pieces:
        if piece:
            piece[-1] = (piece[-1][0].rstrip(), piece[-1][1])
            piece[0] = (piece[0][0].lstrip(), piece[0][1])
    return pieces


def _context(hit: Hit, before: bool) -> list[Passage]:
    """The hit's --context neighbours on one side."""
    number = hit.passage.number
    return [p for p in hit.context if (p.number < number if before else p.number > number)]


def _context_line(passage: Passage) -> str:
    """A neighbouring passage shown with --context: its time, speaker and text, set off by `|`."""
    label = speaker_label(passage) if passage.kind != SPEECH else passage.speaker
    who = f"  {label}" if label else ""
    return f"  | {format_time(passage.start, passage.estimated)}{who}: {passage.text}"
