"""Transcript formats: detection and a registry of parsers behind one interface.

Each format is a `sniff(text) -> bool` and a `parse(text) -> Parsed`, listed in
`FORMATS` with the file extensions it usually comes in. Adding a format means
writing its parser and adding it here: nothing else in soundbite knows which
formats exist.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from indexer.model import Parsed
from indexer.transcripts.formats import (
    agency_text,
    agency_video,
    archive,
    broadcast,
    captions,
    dataset,
    newsroom,
    newsvideo,
    plain,
    podcast,
    turns,
)


@dataclass(frozen=True)
class Format:
    name: str
    extensions: tuple[str, ...]
    sniff: Callable[[str], bool]
    parse: Callable[[str], Parsed]
    description: str = ""


# In detection order, strongest signature first: content decides, whatever the
# extension says (an SRT saved as .txt is still SRT). `plain` accepts anything
# and comes last.
FORMATS: tuple[Format, ...] = (
    Format("vtt", (".vtt",), captions.sniff_vtt, captions.parse, "WebVTT captions"),
    Format("srt", (".srt",), captions.sniff, captions.parse, "SubRip subtitles"),
    Format("sbv", (".sbv",), captions.sniff_sbv, captions.parse, "YouTube SBV captions"),
    Format(broadcast.SCC, (".scc",), broadcast.sniff_scc, broadcast.parse_scc, "SCC broadcast captions (CEA-608)"),
    Format(broadcast.DFXP, (".ttml", ".dfxp"), broadcast.sniff_dfxp, broadcast.parse_dfxp, "TTML / DFXP captions"),
    Format(broadcast.SAMI, (".smi", ".sami"), broadcast.sniff_sami, broadcast.parse_sami, "SAMI captions"),
    Format(
        broadcast.SUBSTATION,
        (".ass", ".ssa"),
        broadcast.sniff_substation,
        broadcast.parse_substation,
        "SubStation Alpha subtitles (ASS, SSA)",
    ),
    Format(
        podcast.JSON_NAME,
        (".json",),
        podcast.sniff_json,
        podcast.parse_json,
        "Podcasting 2.0 or Whisper JSON segments",
    ),
    Format(
        archive.NAME,
        (".html", ".htm"),
        archive.sniff,
        archive.parse,
        "Internet Archive TV News caption page (a snippet a minute)",
    ),
    Format(
        podcast.HTML_NAME,
        (".html", ".htm"),
        podcast.sniff_html,
        podcast.parse_html,
        "podcast-namespace HTML (<cite>, <time>, <p>)",
    ),
    Format(
        agency_video.NAME,
        (".txt", ""),
        agency_video.sniff,
        agency_video.parse,
        "agency video script (AP style): header fields, SHOTLIST with SOUNDBITEs, STORYLINE; feeds of several",
    ),
    Format(
        agency_text.NAME,
        (".txt", ""),
        agency_text.sniff,
        agency_text.parse,
        "agency text transcript (Reuters style): headline, lead, narration with (SOUNDBITE) ... SAYING: quotes",
    ),
    Format(
        newsroom.NAME,
        (".txt", ""),
        newsroom.sniff,
        newsroom.parse,
        "newsroom script: Slug/Anchor/Reporter header, ANCHOR, VO, SOT, NAT SOT and TAG blocks",
    ),
    Format(
        newsvideo.NAME,
        (".txt", ""),
        newsvideo.sniff,
        newsvideo.parse,
        'news-video script: duration line, lead, narration, NAME TITLE "quote", sign-off',
    ),
    Format(
        dataset.NAME,
        dataset.EXTENSIONS,
        dataset.sniff,
        dataset.parse,
        "dataset: CSV, TSV or JSON Lines, a transcript a row (text, id, title, date, network ... columns)",
    ),
    Format(
        turns.NAME,
        (".txt", ".md", ".said", ".markdown", ""),
        turns.sniff,
        turns.parse,
        "speaker turns: Name: text, with timestamps in any common place",
    ),
    Format(
        plain.NAME,
        (".txt", ".md", ".said", ".markdown", ""),
        plain.sniff,
        plain.parse,
        "plain paragraphs, no speakers or times",
    ),
)

# Caption formats people have that soundbite does not read: named, not guessed at.
UNSUPPORTED = {
    ".stl": "EBU STL",
    ".sub": "MicroDVD",
}

# What a folder walk picks up; a file named on the command line is always read.
TRANSCRIPT_EXTENSIONS = frozenset(ext for fmt in FORMATS for ext in fmt.extensions if ext)


# Formats that read the same kind of file: a .vtt file without its WEBVTT
# header reads as SRT, but is still called vtt; a .srt file that reads as no
# caption format at all is broken, not prose.
FAMILIES = {
    ".srt": ("srt", "vtt", "sbv"),
    ".vtt": ("vtt", "srt", "sbv"),
    ".sbv": ("sbv", "srt", "vtt"),
    ".scc": (broadcast.SCC,),
    ".ttml": (broadcast.DFXP,),
    ".dfxp": (broadcast.DFXP,),
    ".smi": (broadcast.SAMI,),
    ".sami": (broadcast.SAMI,),
    ".ass": (broadcast.SUBSTATION,),
    ".ssa": (broadcast.SUBSTATION,),
    ".json": (podcast.JSON_NAME,),
    ".html": (podcast.HTML_NAME, archive.NAME),
    ".htm": (podcast.HTML_NAME, archive.NAME),
}


def names() -> list[str]:
    return [fmt.name for fmt in FORMATS]


def by_name(name: str) -> Format:
    for fmt in FORMATS:
        if fmt.name == name:
            return fmt
    raise KeyError(name)


def detect(text: str) -> Format:
    """The format of a file's content."""
    for fmt in FORMATS:
        if fmt.name != plain.NAME and fmt.sniff(text):
            return fmt
    return by_name(plain.NAME)
