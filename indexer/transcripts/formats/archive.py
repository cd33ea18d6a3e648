"""The Internet Archive's TV News caption pages: one snippet of captions a minute, with its place in the broadcast.

    <title>The Five : FOXNEWS : February 4, 2013 5:00pm-6:00pm EST : Free Streaming : Internet Archive</title>
    <link rel="canonical" href="https://archive.org/details/FOXNEWS_20130204_220000_The_Five">
    <a href="/start/0/end/60" ...>
    <div class="snipin nosel">>> breaking news in alabama where ... >> eric: a warning sign ...</div>

Each snippet is a cue from its `/start/N/end/M` offsets (seconds into the
broadcast, read, not estimated); `>>` turns and `>> name:` speakers are read
as in any caption file. The page's title gives the program, network and air
date; an `<identifier>_meta.xml` beside the page gives more (see
`metadata.archive_meta`).
"""

from __future__ import annotations

import html
import re

from indexer.errors import UnreadableFile
from indexer.model import Parsed, TranscriptMeta
from indexer.transcripts.cues import Cue, clean_cues, merge_cues
from indexer.transcripts.news import find_date

NAME = "archive-html"

_SNIPPET = re.compile(r'<div class="snipin[^"]*"[^>]*>(?P<text>.*?)</div>', re.DOTALL)
_OFFSETS = re.compile(r'href="[^"]*/start/(?P<start>\d+(?:\.\d+)?)/end/(?P<end>\d+(?:\.\d+)?)"')
_TITLE = re.compile(r"<title>(?P<title>.*?)</title>", re.DOTALL | re.IGNORECASE)
_CANONICAL = re.compile(r'<link rel="canonical" href="(?P<url>[^"]+)"')
_TAGS = re.compile(r"<[^>]+>")
# What a page runs or styles, never what was said: dropped with its content before the tags.
_CODE = re.compile(r"<(script|style)\b[^>]*>.*?(?:</\1\s*>|$)", re.DOTALL | re.IGNORECASE)


def sniff(text: str) -> bool:
    head = text[:400000]
    return 'class="snipin' in head and bool(_OFFSETS.search(head))


def parse(text: str) -> Parsed:
    cues = []
    at = 0
    for snippet in _SNIPPET.finditer(text):
        found = list(_OFFSETS.finditer(text, at, snippet.start()))
        offsets = found[-1] if found else None  # the snippet's own link, just before it
        at = snippet.end()
        words = " ".join(html.unescape(_TAGS.sub(" ", _CODE.sub(" ", snippet.group("text")))).split())
        if not words or offsets is None:
            continue
        start, end = float(offsets.group("start")), float(offsets.group("end"))
        cues.append(Cue(start, max(start, end), words))
    if not cues:
        raise UnreadableFile("", "a TV News archive page without caption snippets")
    return Parsed(page_meta(text), merge_cues(clean_cues(cues, rolling=False)))


def page_meta(text: str) -> TranscriptMeta:
    """`Program : NETWORK : Month D, YYYY h:mmpm-h:mmpm TZ : Free Streaming : Internet Archive`."""
    meta = TranscriptMeta()
    title = _TITLE.search(text[:100000])
    if title:
        parts = [p.strip() for p in html.unescape(" ".join(title.group("title").split())).split(" : ")]
        parts = [p for p in parts if p not in ("Free Streaming", "Internet Archive", "Free Download & Streaming")]
        meta.title = " : ".join(parts)
        if len(parts) >= 2:
            meta.program, meta.network = parts[0], parts[1]
        if len(parts) >= 3:
            meta.date = find_date(parts[2])
    canonical = _CANONICAL.search(text[:100000])
    if canonical:
        meta.url = canonical.group("url")
    return meta
