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
    sami,
    services,
    ttml,
    turns,
    youtube,
)


@dataclass(frozen=True)
class Format:
    """A transcript format: its name, file extensions, how to recognise it and how to parse it."""

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
    Format(ttml.DFXP, (".ttml", ".dfxp"), ttml.sniff_dfxp, ttml.parse_dfxp, "TTML / DFXP captions"),
    Format(sami.SAMI, (".smi", ".sami"), sami.sniff_sami, sami.parse_sami, "SAMI captions"),
    Format(
        broadcast.SUBSTATION,
        (".ass", ".ssa"),
        broadcast.sniff_substation,
        broadcast.parse_substation,
        "SubStation Alpha subtitles (ASS, SSA)",
    ),
    Format(
        youtube.XML,
        (".srv1", ".srv2", ".srv3"),
        youtube.sniff_xml,
        youtube.parse_xml,
        "YouTube timed text (srv1, srv2, srv3)",
    ),
    # Speech-to-text services' JSON, before the Whisper-style segments (Amazon's speaker labels hold `segments`).
    Format(
        services.TRANSCRIBE,
        (".json",),
        services.sniff_transcribe,
        services.parse_transcribe,
        "Amazon Transcribe JSON (items, speaker or channel labels; Call Analytics)",
    ),
    Format(
        services.AZURE, (".json",), services.sniff_azure, services.parse_azure, "Azure Speech JSON (batch, fast, SDK)"
    ),
    Format(
        services.DEEPGRAM,
        (".json",),
        services.sniff_deepgram,
        services.parse_deepgram,
        "Deepgram JSON (words, utterances)",
    ),
    Format(
        services.ASSEMBLYAI,
        (".json",),
        services.sniff_assemblyai,
        services.parse_assemblyai,
        "AssemblyAI JSON (utterances, words in milliseconds)",
    ),
    Format(services.REV, (".json",), services.sniff_rev, services.parse_rev, "Rev.ai and Rev.com JSON (monologues)"),
    Format(
        services.SPEECHMATICS,
        (".json",),
        services.sniff_speechmatics,
        services.parse_speechmatics,
        "Speechmatics JSON (json-v2 results, V1 words)",
    ),
    Format(services.WATSON, (".json",), services.sniff_watson, services.parse_watson, "IBM Watson Speech to Text JSON"),
    Format(
        services.GOOGLE,
        (".json",),
        services.sniff_google,
        services.parse_google,
        "Google Cloud Speech-to-Text JSON (v1, v2, operations)",
    ),
    Format(
        services.WHISPER_CPP,
        (".json",),
        services.sniff_whisper_cpp,
        services.parse_whisper_cpp,
        "whisper.cpp JSON (transcription offsets)",
    ),
    Format(youtube.JSON3, (".json3",), youtube.sniff_json3, youtube.parse_json3, "YouTube json3 captions"),
    Format(
        youtube.LIST,
        (".json",),
        youtube.sniff_list,
        youtube.parse_list,
        "caption lists ([{text, start, duration}]: youtube-transcript-api)",
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
    ".ttml": (ttml.DFXP,),
    ".dfxp": (ttml.DFXP,),
    ".smi": (sami.SAMI,),
    ".sami": (sami.SAMI,),
    ".ass": (broadcast.SUBSTATION,),
    ".ssa": (broadcast.SUBSTATION,),
    ".json": (podcast.JSON_NAME, *services.NAMES, youtube.JSON3, youtube.LIST),
    ".json3": (youtube.JSON3,),
    ".srv1": (youtube.XML,),
    ".srv2": (youtube.XML,),
    ".srv3": (youtube.XML,),
    ".html": (podcast.HTML_NAME, archive.NAME),
    ".htm": (podcast.HTML_NAME, archive.NAME),
}


# Caption formats: a file with one's extension holding another's content is read as what it holds.
CAPTIONS = frozenset({"vtt", "srt", "sbv", broadcast.SCC, ttml.DFXP, sami.SAMI, broadcast.SUBSTATION, youtube.XML})


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
