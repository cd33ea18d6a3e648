"""Deep links into a transcript's media: the recording at the moment a passage starts."""

from __future__ import annotations

import re

_YOUTUBE = re.compile(r"(?:youtube\.com/watch|youtu\.be/)")


def media_link(url: str, seconds: float | None) -> str:
    """The media URL at `seconds`: YouTube's own `t=` parameter, a `#t=` fragment elsewhere."""
    if not url or seconds is None:
        return url
    at = max(0, int(seconds))
    if _YOUTUBE.search(url):
        return f"{url}{'&' if '?' in url else '?'}t={at}s"
    return f"{url.split('#')[0]}#t={at}"
