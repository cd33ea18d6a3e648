"""Exported passages written in the forms other tools read: JSON Lines, CSV, WebVTT, SubRip and CMX 3600 EDL.

Every writer takes the passages as an iterator and writes as it goes, so an
export of a whole index never holds it in memory. JSON Lines and CSV carry
every passage with its transcript's metadata (for pandas, DuckDB, jq); the
three clip formats turn hits into clips for a video editor: timed passages
only, padded, overlapping clips of one transcript merged, and times that were
estimated said to be so in the file itself.
"""

from __future__ import annotations

import csv
import json
import math
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from fractions import Fraction
from io import TextIOBase as TextIO
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from indexer.cli.render.hits import LATER_META_KEYS, META_KEYS, near_json, passage_json
from indexer.model import Hit

CLIP_FORMATS = ("vtt", "srt", "edl")
FORMATS = ("jsonl", "csv", *CLIP_FORMATS, "opensearch")

# The keys of an exported passage, in this order: the search JSON's, the passage's stable id first,
# the transcript's media URL and duration after. CSV's header is this list.
EXPORT_KEYS = (
    "id",
    "transcript",
    "path",
    "passage",
    "start",
    "end",
    "estimated",
    "speaker",
    "role",
    "text",
    "kind",
    "speaker_label",
    "snippet",
    "matches",
    "at",
    "at_estimated",
    "score",
    "format",
    "network",
    "reporter",
    "place",
    "title",
    "date",
    "url",
    "story",
    "program",
    "aired",
    "language",
    "media",
    "duration",
)
# A NEAR/…s hit's other passage, as the search JSON's `near` has it: `near_*` columns in CSV.
NEAR_KEYS = (
    "passage",
    "start",
    "end",
    "estimated",
    "speaker",
    "role",
    "text",
    "kind",
    "speaker_label",
    "snippet",
    "matches",
)


def export_row(hit: Hit, doc_id: str, ranked: bool) -> dict:
    """An exported passage: the search JSON's keys (`render`'s, so the two never differ), every one always
    present (None or "" when it has no value), and `id`, `media`, `duration`."""
    transcript, meta = hit.transcript, hit.transcript.meta
    row = {
        "id": doc_id,
        "transcript": transcript.id,
        "path": transcript.path,
        **passage_json(hit.passage),
        "snippet": hit.snippet.plain if ranked else "",
        "matches": [list(span) for span in hit.matches],
        "at": hit.at,
        "at_estimated": hit.at_estimated,
        "score": hit.score if ranked else None,
        "format": transcript.format,
        **{key: getattr(meta, key) for key in META_KEYS},
        "url": hit.url,
        **{key: getattr(meta, key) for key in LATER_META_KEYS},
        "media": meta.url,
        "duration": meta.duration,
    }
    if hit.near is not None:
        row["near"] = near_json(hit)
    return row


def write_jsonl(rows: Iterable[dict], out: TextIO) -> int:
    count = 0
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
        count += 1
    return count


def write_csv(rows: Iterable[dict], out: TextIO, near: bool = False, formulas: bool = False) -> int:
    """A header row, then a row a passage: `matches` as JSON text, booleans `true`/`false`, None empty.

    With `near` (a NEAR/…s export), `near_*` columns for each hit's other passage. A text cell that a
    spreadsheet would run as a formula (it starts with `=`, `+`, `-`, `@`, a tab or a carriage
    return: `=HYPERLINK(...)` in a caption) gets a leading `'`, as OWASP recommends; `formulas`
    (`--csv-formulas`) leaves it as it is.
    """
    header = list(EXPORT_KEYS) + ([f"near_{key}" for key in NEAR_KEYS] if near else [])
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    count = 0
    for row in rows:
        flat = dict(row)
        other = flat.pop("near", None) or {}
        if near:
            flat.update({f"near_{key}": other.get(key) for key in NEAR_KEYS})
        writer.writerow([_csv_value(flat.get(key), formulas) for key in header])
        count += 1
    return count


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_value(value, formulas: bool = False) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return json.dumps(value)
    if isinstance(value, str) and not formulas and value.startswith(_FORMULA_START):
        return "'" + value  # text, not a formula (numbers are written as numbers: -1.5 stays)
    return str(value)


# Clips


@dataclass
class Clip:
    """A stretch of one transcript's media to cut: one or more hits, merged where they overlap."""

    transcript: str
    path: str
    media: str
    start: float
    end: float
    estimated: bool
    speakers: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        """The cue's first line: the transcript and who speaks."""
        return f"{self.transcript} — {' / '.join(self.speakers)}" if self.speakers else self.transcript


@dataclass
class ClipCounts:
    """What a clip export wrote: hits asked for, hits without a time (left out), clips written."""

    hits: int = 0
    untimed: int = 0  # hits without a time: left out
    clips: int = 0


# A passage with a start and no end (a caption line's start only): this many words a second.
WORDS_PER_SECOND = 2.5
MIN_CLIP_SECONDS = 1.0


def clips(
    hits: Iterable[tuple[Hit, str]], pad: float, counts: ClipCounts, whole_passage: bool = False
) -> Iterator[Clip]:
    """Clips of hits given in time order per transcript: padded by `pad` seconds, overlaps merged.

    `hits` are (hit, id) pairs. A clip runs from when the first matched word was said to when the last
    one ends (the next word's time), or, with `whole_passage` or no word marked, over the whole passage.
    A NEAR/…s hit is one clip over both sides' matched words (both passages).
    """
    current: Clip | None = None
    for hit, doc_id in hits:
        counts.hits += 1
        clip = _clip(hit, doc_id, pad, whole_passage)
        if clip is None:
            counts.untimed += 1
            continue
        same = current is not None and (current.path, current.transcript) == (clip.path, clip.transcript)
        if same and clip.start <= current.end:
            current.end = max(current.end, clip.end)
            current.estimated = current.estimated or clip.estimated
            current.speakers += [name for name in clip.speakers if name not in current.speakers]
            current.texts += clip.texts
            current.ids += clip.ids
            continue
        if current is not None:
            counts.clips += 1
            yield current
        current = clip
    if current is not None:
        counts.clips += 1
        yield current


def _clip(hit: Hit, doc_id: str, pad: float, whole_passage: bool = False) -> Clip | None:
    passages = [hit.passage] + ([hit.near] if hit.near is not None else [])
    if any(p.start is None for p in passages):
        return None
    start = min(p.start for p in passages)
    end = max(_end_of(p) for p in passages)
    estimated = any(p.estimated or p.end is None for p in passages)
    words = [] if whole_passage else _words_said(hit)
    if words:  # from the first matched word to the end of the last
        start, end = min(w[0] for w in words), max(max(w[1], w[0] + MIN_CLIP_SECONDS) for w in words)
        estimated = any(w[2] for w in words)
    duration = hit.transcript.meta.duration
    end = end + pad
    if duration and end > duration >= start:
        end = max(float(duration), start)
    return Clip(
        transcript=hit.transcript.id,
        path=hit.transcript.path,
        media=hit.transcript.meta.url,
        start=max(0.0, start - pad),
        end=end,
        estimated=estimated,
        speakers=list(dict.fromkeys(_who(p) for p in passages if _who(p))),
        texts=[p.text for p in passages],
        ids=[doc_id],
    )


def _words_said(hit: Hit) -> list[tuple[float, float, bool]]:
    """(from, to, estimated) of each side's matched words: from when the first was said to when the word
    after the last begins (the passage's end after its last word); [] where a side has no time or mark."""
    from indexer.engine.querying.search import said_at_offset

    sides = [(hit.passage, hit.matches)] + ([(hit.near, hit.near_matches)] if hit.near is not None else [])
    found = []
    for passage, matches in sides:
        if not matches or passage.start is None or passage.end is None:
            return []
        first, first_estimated = said_at_offset(passage, min(s for s, _ in matches))
        last, last_estimated = said_at_offset(passage, max(e for _, e in matches))
        if first is None or last is None:
            return []
        found.append((first, max(last, first), first_estimated or last_estimated))
    return found


def _who(passage) -> str:
    """A clip's speaker: the name, else the role in brackets (an anchor's lead-in)."""
    return passage.speaker or (f"({passage.role})" if passage.role else "")


def _end_of(passage) -> float:
    if passage.end is not None and passage.end >= passage.start:
        return passage.end
    return passage.start + max(MIN_CLIP_SECONDS, len(passage.text.split()) / WORDS_PER_SECOND)


def _clock(seconds: float, separator: str) -> str:
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{separator}{millis:03d}"


ESTIMATED_NOTE = "estimated times: the transcript gives no exact time here; check the cut points"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def write_vtt(found: Iterable[Clip], out: TextIO, title: str) -> int:
    """WebVTT: a cue a clip, its identifier the passage ids, a NOTE before each clip whose times are estimated."""
    out.write("WEBVTT\n\n")
    out.write(f"NOTE {_vtt_safe(title)}\n")
    count = 0
    for clip in found:
        count += 1
        if clip.estimated:
            out.write(f"\nNOTE {ESTIMATED_NOTE}\n")
        out.write(f"\n{_vtt_safe(' '.join(clip.ids))}\n")
        out.write(f"{_clock(clip.start, '.')} --> {_clock(clip.end, '.')}\n")
        out.write(_vtt_text(clip.label) + "\n")
        out.write("".join(_vtt_text(text) + "\n" for text in clip.texts))
    return count


def _vtt_safe(text: str) -> str:
    """Comment and identifier lines: one line, never the `-->` that would start a cue."""
    return _one_line(text).replace("-->", "->")


def _vtt_text(text: str) -> str:
    return _one_line(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") or "…"


def write_srt(found: Iterable[Clip], out: TextIO) -> int:
    """SubRip: numbered cues; SRT has no comments, so an estimated clip says so in its first line."""
    count = 0
    for clip in found:
        count += 1
        label = clip.label + (" (estimated time)" if clip.estimated else "")
        out.write(f"{count}\n{_clock(clip.start, ',')} --> {_clock(clip.end, ',')}\n")
        out.write(_one_line(label) + "\n")
        out.write("".join((_one_line(text) or "…") + "\n" for text in clip.texts))
        out.write("\n")
    return count


# EDL

FPS_CHOICES = ("23.976", "24", "25", "29.97", "30", "50", "59.94", "60")
DROP_FRAME = ("29.97", "59.94")
RECORD_START = 3600  # the record side starts at 01:00:00:00, as editors' sequences do
MEDIA_SUFFIXES = (".mp4", ".mov", ".mxf", ".mkv", ".m4v", ".avi", ".webm", ".mp3", ".wav", ".m4a", ".aac")


def media_beside(path: str) -> str | None:
    """The name of a media file next to a transcript (`talk.mp4` beside `talk.srt`), or None: a clip's media
    in an EDL, and what `soundbite serve` plays beside the transcript."""
    import contextlib
    from pathlib import Path

    transcript = Path(path)
    for suffix in MEDIA_SUFFIXES:
        for candidate in (transcript.with_suffix(suffix), transcript.with_suffix(suffix.upper())):
            with contextlib.suppress(OSError, ValueError):
                if candidate.is_file():
                    return candidate.name
    return None


def frame_rate(fps: str) -> tuple[Fraction, int, bool]:
    """(frames a second, frames counted a second in the timecode, drop-frame) for a --fps value."""
    if fps not in FPS_CHOICES:
        from indexer.errors import BadQuery

        raise BadQuery(f"--fps must be one of {', '.join(FPS_CHOICES)}, not {fps!r}")
    nominal = round(float(fps))
    rate = Fraction(nominal * 1000, 1001) if "." in fps else Fraction(nominal)
    return rate, nominal, fps in DROP_FRAME


def frames_at(seconds: float, fps: str, rounding: Callable[[Fraction], int] = round) -> int:
    """The media frame at `seconds` (nearest, or `math.floor` / `math.ceil`)."""
    rate, _, _ = frame_rate(fps)
    return rounding(Fraction(seconds).limit_denominator(1000) * rate)


def timecode(frames: int, fps: str) -> str:
    """SMPTE timecode of a frame count: `hh:mm:ss:ff`, or `hh:mm:ss;ff` drop-frame at 29.97 and 59.94.

    Drop-frame skips frame labels 0 and 1 (0-3 at 59.94) at every minute but
    each tenth, so the label stays within a frame of the clock.
    """
    rate, nominal, drop = frame_rate(fps)
    if drop:
        dropped = nominal // 15  # 2 at 29.97, 4 at 59.94
        per_ten_minutes = round(rate * 600)
        per_minute = nominal * 60 - dropped
        tens, rest = divmod(frames, per_ten_minutes)
        frames += 9 * dropped * tens + (dropped * ((rest - dropped) // per_minute) if rest > dropped else 0)
    hours, rest = divmod(frames, nominal * 3600)
    minutes, rest = divmod(rest, nominal * 60)
    secs, frame = divmod(rest, nominal)
    return f"{hours % 24:02d}:{minutes:02d}:{secs:02d}{';' if drop else ':'}{frame:02d}"


def media_name(clip: Clip, sibling: Callable[[str], str | None] | None = None) -> str:
    """The media an editor links the clip to: a video platform's id for its page (`dQw4w9WgXcQ` for
    `https://www.youtube.com/watch?v=dQw4w9WgXcQ`, which a download tool names the file by), the media
    file a URL names (`panel.mp4`), a media file beside the transcript (`sibling`), else the transcript's
    id (each story of an agency feed its own). Never the last word of a page's address: every YouTube event
    was `watch`."""
    if clip.media:
        name = video_id(clip.media) or _file_named(clip.media)
        if name:
            return name
    found = sibling(clip.path) if sibling else None
    return found or clip.transcript


# Where a platform's page address holds its video's id: YouTube's (watch?v=, youtu.be/, /shorts/, /embed/,
# /live/) and Vimeo's (a number).
_YOUTUBE_HOSTS = ("youtube.com", "youtube-nocookie.com", "youtu.be")
_YOUTUBE_PATHS = ("shorts", "embed", "live", "v")


def video_id(url: str) -> str | None:
    """The id of a YouTube or Vimeo video from its page's address, else None."""
    from urllib.parse import parse_qs

    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.").removeprefix("m.").removeprefix("music.")
    segments = [unquote(s) for s in parts.path.split("/") if s]
    if host in _YOUTUBE_HOSTS:
        if host == "youtu.be":
            return segments[0] if segments else None
        if segments[:1] == ["watch"]:
            return (parse_qs(parts.query).get("v") or [None])[0]
        if len(segments) >= 2 and segments[0] in _YOUTUBE_PATHS:
            return segments[1]
        return None
    if host in ("vimeo.com", "player.vimeo.com"):
        return next((s for s in reversed(segments) if s.isdigit()), None)
    return None


def _file_named(url: str) -> str | None:
    """The file a media URL names (`panel one.mp4`): its last path segment, where that has a suffix."""
    name = PurePosixPath(unquote(urlsplit(url).path)).name
    return name if PurePosixPath(name).suffix else None


def _ascii(text: str) -> str:
    """EDLs are ASCII: accents folded, anything else dropped."""
    folded = unicodedata.normalize("NFKD", text.replace("—", "-"))
    return _one_line(folded.encode("ascii", "ignore").decode("ascii"))


def write_edl(
    found: Iterable[Clip], out: TextIO, title: str, fps: str, sibling: Callable[[str], str | None] | None = None
) -> int:
    """CMX 3600: an event a clip, cut (`C`) from reel `AX` with its clip name, record times end to end."""
    _, nominal, drop = frame_rate(fps)
    out.write(f"TITLE: {_ascii(title)[:70]}\n")
    out.write(f"FCM: {'DROP FRAME' if drop else 'NON-DROP FRAME'}\n")
    # 01:00:00:00 on the record side: an hour of frames as the label counts them.
    record = frames_at(RECORD_START, fps) if drop else nominal * int(RECORD_START)
    count = 0
    for clip in found:
        count += 1
        # Whole frames, widened outwards so that no word is cut; the record side adds up exactly.
        first = frames_at(clip.start, fps, math.floor)
        last = max(first + 1, frames_at(clip.end, fps, math.ceil))
        times = (first, last, record, record + last - first)
        record += last - first
        source_in, source_out, record_in, record_out = (timecode(frames, fps) for frames in times)
        # CMX 3600's columns: event, reel (AX: a file, named below), channels, transition, its duration.
        event = f"{count:03d}  {'AX':<8} {'AA/V':<4}  {'C':<4} {'':<3}"
        out.write(f"\n{event} {source_in} {source_out} {record_in} {record_out}\n")
        out.write(f"* FROM CLIP NAME: {_ascii(media_name(clip, sibling))}\n")
        if clip.media:
            out.write(f"* SOURCE FILE: {_ascii(clip.media)}\n")
        out.write(f"* COMMENT: {_ascii(clip.label)} [{_ascii(' '.join(clip.ids))}]\n")
        if clip.estimated:
            out.write(f"* COMMENT: {ESTIMATED_NOTE}\n")
    return count
