"""Podcast transcripts as data: Podcasting 2.0 JSON, Whisper JSON and podcast-namespace HTML.

    {"segments": [{"speaker": "Alban", "startTime": 0.0, "endTime": 4.8, "body": "It is"}]}
    {"text": "...", "segments": [{"start": 0.0, "end": 4.8, "text": "It is", "speaker": "S1"}]}
    <cite>Alban:</cite> <time>0:00</time> <p>It is so stinking nice ...</p>

Segments are often single words or caption lines, so they go through the same
cue merging as subtitles.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser

from indexer.errors import UnreadableFile
from indexer.model import Parsed, TranscriptMeta
from indexer.transcripts.clock import parse_clock, plausible
from indexer.transcripts.cues import Cue, clean_cues, merge_cues, speaking_end
from indexer.transcripts.text import word_count

JSON_NAME = "podcast-json"
HTML_NAME = "podcast-html"


def sniff_json(text: str) -> bool:
    head = text[:2000].lstrip("\ufeff \n\t")
    return head.startswith("{") and '"segments"' in text[:200000]


def _number(value) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        return parse_clock(value)
    return None


def _word_times(words, start: float, end: float | None) -> tuple[tuple[int, float], ...]:
    """Whisper's `words` (`word_timestamps=True`): each word's start, by the words before it in the segment."""
    if not isinstance(words, list):
        return ()
    times, before = [], 0
    for word in words:
        text = word.get("word", word.get("text")) if isinstance(word, dict) else None
        if not isinstance(text, str):
            continue
        said = _number(word.get("start"))
        if before and said is not None and start <= said <= (end if end is not None else said):
            times.append((before, said))
        before += word_count(text)
    return tuple(times)


def parse_json(text: str) -> Parsed:
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise UnreadableFile("", f"invalid JSON ({exc.msg} at line {exc.lineno})") from None
    segments = data.get("segments") if isinstance(data, dict) else None
    if not isinstance(segments, list):
        raise UnreadableFile("", "JSON without a list of transcript segments")
    cues = []
    impossible = untimed = 0
    for segment in segments:
        if not isinstance(segment, dict):
            continue
        body = segment.get("body", segment.get("text"))
        if not isinstance(body, str):
            continue
        start = _number(segment.get("startTime", segment.get("start")))
        end = _number(segment.get("endTime", segment.get("end")))
        if start is None or not plausible(start):
            # Keep the words, at the time of the segment before: they continue its passage.
            impossible += start is not None
            untimed += start is None
            start = end = cues[-1].start if cues else 0.0
        elif end is not None and not plausible(end):
            impossible += 1
            end = None
        speaker = segment.get("speaker")
        cues.append(
            Cue(
                start,
                max(start, end if end is not None else start),
                body,
                speaker.strip() if isinstance(speaker, str) and speaker.strip() else None,
                times=_word_times(segment.get("words"), start, end),
            )
        )
    notes = []
    if impossible:
        notes.append(f"{impossible} segment time(s) no recording can have (negative, or past 1,000 hours): not used")
    if untimed:
        notes.append(f"{untimed} segment(s) without a start time: kept, at the segment before")
    return Parsed(TranscriptMeta(), merge_cues(clean_cues(cues, rolling=False)), notes=notes)


def sniff_html(text: str) -> bool:
    head = text[:20000].lower()
    return "<cite>" in head and ("<time>" in head or "<p>" in head)


class _TranscriptHTML(HTMLParser):
    """Collects (speaker, time, text) from `<cite>`, `<time>` and `<p>` in order."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.cues: list[Cue] = []
        self._speaker: str | None = None
        self._time: float | None = None
        self._in: str | None = None
        self._buffer: list[str] = []
        self._code = 0  # inside <script> or <style>

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._code += 1  # what the page runs or styles, never what was said
        elif tag in ("cite", "time", "p"):
            self._in, self._buffer = tag, []

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._code = max(0, self._code - 1)
            return
        if tag != self._in:
            return
        content = " ".join("".join(self._buffer).split())
        if tag == "cite":
            self._speaker = content.rstrip(":").strip() or None
        elif tag == "time":
            self._time = parse_clock(content)
        elif content:
            start = self._time if self._time is not None else (self.cues[-1].end if self.cues else 0.0)
            self.cues.append(Cue(start, start, content, self._speaker))
        self._in = None

    def handle_data(self, data):
        if self._in and not self._code:
            self._buffer.append(data)


def parse_html(text: str) -> Parsed:
    reader = _TranscriptHTML()
    notes = []
    try:
        reader.feed(text)
        reader.close()
    except AssertionError as exc:  # the standard library's parser asserts on a malformed `<![` declaration
        notes.append(f"malformed markup ({str(exc)[:80]}): the rest of the file is not read")
    cues = reader.cues
    for i, cue in enumerate(cues):
        cue.end = speaking_end(cue.start, cue.text, cues[i + 1].start if i + 1 < len(cues) else None)
    return Parsed(TranscriptMeta(), merge_cues(clean_cues(cues, rolling=False)), notes=notes)
