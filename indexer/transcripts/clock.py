"""Times as transcripts write them, in seconds: one reader for every format and for the search filters.

Kept apart from the other text helpers so that a search with `--after 1:30`
reads its time the same way the parsers do without loading the parsers.
"""

from __future__ import annotations

import re

_CLOCK = re.compile(
    r"^\s*(?P<sign>-)?(?:(?P<d>\d+):(?=\d+:\d+:\d+))?(?:(?P<h>\d+):(?=\d+:\d+))?"
    r"(?:(?P<m>\d+):)?(?P<s>\d+)(?:[.,](?P<f>\d+))?\s*$"
)


def parse_clock(text: str) -> float | None:
    """Seconds from `h:mm:ss.ttt`, `mm:ss,ttt`, `ss.ttt`, `DD:HH:MM:SS` or `-00:00:00:04`."""
    match = _CLOCK.match(text)
    if not match or any(len(match.group(k) or "") > 12 for k in ("d", "h", "m", "s")):
        return None  # (no recording's time has more digits: a file's thousands of them are no time)
    days, hours, minutes = (int(match.group(k) or 0) for k in ("d", "h", "m"))
    seconds = int(match.group("s"))
    if match.group("m") is not None and seconds >= 60:
        return None
    if match.group("h") is not None and minutes >= 60:
        return None
    fraction = (match.group("f") or "")[:9]
    value = days * 86400 + hours * 3600 + minutes * 60 + seconds
    if fraction:
        value += int(fraction) / 10 ** len(fraction)
    return -value if match.group("sign") else float(value)


_TIMECODE = re.compile(r"^\s*(?P<h>\d{1,2}):(?P<m>\d{2}):(?P<s>\d{2})(?P<sep>[:;.,])(?P<f>\d{1,3})\s*$")
FRAME_RATE = 30000 / 1001  # NTSC television: 29.97 frames a second


def timecode_seconds(stamp: str) -> float | None:
    """Seconds of recording at a SMPTE timecode `HH:MM:SS:FF`, or `HH:MM:SS;FF` for drop-frame, at 29.97 fps.

    A non-drop-frame label counts 30 frames a second of a clock that runs
    slow; drop-frame skips labels 00 and 01 at the start of each minute but
    every tenth, so its labels keep to the wall clock. Either way the frame
    number over 29.97 is the exact time. Frame counts of 30 or more (a reader
    adding frames to a label) carry over.
    """
    match = _TIMECODE.match(stamp)
    if not match:
        return None
    hours, minutes, seconds, frames = (int(match.group(k)) for k in ("h", "m", "s", "f"))
    if minutes >= 60 or seconds >= 60:
        return None
    frame = (hours * 3600 + minutes * 60 + seconds) * 30 + frames
    if match.group("sep") in ";.,":
        total_minutes = hours * 60 + minutes
        frame -= 2 * (total_minutes - total_minutes // 10)
    return frame / FRAME_RATE


# No recording runs this long: a time beyond it (or before 0) is a mistake in the file.
MAX_SECONDS = 1000 * 3600


def plausible(seconds: float | None) -> bool:
    """A time a recording can have: known, not negative, under `MAX_SECONDS` (1,000 hours)."""
    return seconds is not None and 0 <= seconds <= MAX_SECONDS
