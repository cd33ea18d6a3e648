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
    if not match:
        return None
    days, hours, minutes = (int(match.group(k) or 0) for k in ("d", "h", "m"))
    seconds = int(match.group("s"))
    if match.group("m") is not None and seconds >= 60:
        return None
    if match.group("h") is not None and minutes >= 60:
        return None
    fraction = match.group("f")
    value = days * 86400 + hours * 3600 + minutes * 60 + seconds
    if fraction:
        value += int(fraction) / 10 ** len(fraction)
    return -value if match.group("sign") else float(value)
