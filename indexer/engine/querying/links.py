"""Deep links into a transcript's media: the recording at the moment a passage starts."""

from __future__ import annotations

import re

_YOUTUBE = re.compile(r"(?:youtube\.com/watch|youtu\.be/)")
_ARCHIVE_TV = re.compile(r"^https?://(?:www\.)?archive\.org/details/[^/#?]+")
ARCHIVE_CLIP_SECONDS = 60  # the TV News archive plays a clip between two offsets


def media_link(url: str, seconds: float | None) -> str:
    """The media URL at `seconds`: YouTube's `t=`, the TV News archive's `#start/N/end/M`, else `#t=N`."""
    if not url or seconds is None:
        return url
    at = max(0, int(seconds))
    if _YOUTUBE.search(url):
        return f"{url}{'&' if '?' in url else '?'}t={at}s"
    item = _ARCHIVE_TV.match(url)
    if item:
        return f"{item.group(0)}#start/{at}/end/{at + ARCHIVE_CLIP_SECONDS}"
    return f"{url.split('#')[0]}#t={at}"
