"""SAMI captions (Microsoft's Synchronized Accessible Media Interchange), read in one pass.

    <SAMI><HEAD><STYLE><!-- .ENCC { Name: English; lang: en-US; } --></STYLE></HEAD>
    <BODY><SYNC Start=9209><P Class=ENCC>&gt;&gt; RUTH: Good evening.<BR>The harbour closed.
          <SYNC Start=12312><P Class=ENCC>&nbsp;

A `<SYNC Start=ms>` sets the time; each `<P>` in it is a caption in the
language its class names in the style sheet (or its own `lang`). A caption
lasts until the next caption of its language starts at another time, often
an `&nbsp;` that clears the screen; the last one lasts four seconds (as
pycaption and players do). Text in a `<SYNC>` outside any `<P>` is a caption
too. HTML leaves `<SYNC>` and `<P>` open, so the next one of either closes
it. Several languages: the one with the most captions is read and the
others named in a note.

Read with `markup.events` rather than an HTML tree builder: pycaption's
reader (BeautifulSoup, used before) took 3 to 8 s a megabyte, worse than
linearly, and over 40 times the file's size in memory.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from indexer.errors import UnreadableFile
from indexer.model import Parsed
from indexer.transcripts import markup
from indexer.transcripts.clock import MAX_SECONDS
from indexer.transcripts.cues import Cue
from indexer.transcripts.formats.broadcast import caption_text, main_language, parsed_cues

SAMI = "sami"

LAST_CAPTION_SECONDS = 4.0
MAX_DEPTH = 200
_RULE = re.compile(r"([.#]?[\w-]+)\s*\{([^{}]*)\}")
_LANG = re.compile(r"(?i)(?:^|;)\s*lang\s*:\s*([\w-]+)")
_STYLE = re.compile(r"(?is)<style\b[^>]*>(.*?)</style\s*>")
_HEAD_END = re.compile(r"(?i)</head\s*>|<body\b")
# Elements whose words are not captions.
_NOT_SPOKEN = {"head", "style", "title", "script", "rt"}
# HTML closes these at the next one of their kind (and a `<SYNC>` closes an open `<P>`).
_CLOSED_BY_THE_NEXT = {"sync": {"sync", "p"}, "p": {"p"}}


def sniff_sami(text: str) -> bool:
    return bool(re.search(r"<SAMI\b", text[:4000], re.IGNORECASE)) and "<sync" in text[:200000].lower()


def _class_languages(text: str) -> dict[str, str]:
    """Class name (lower case) -> language, from the style sheet in the head."""
    end = _HEAD_END.search(text)
    style = _STYLE.search(text, 0, end.start() if end else min(len(text), 200_000))
    if not style:
        return {}
    languages = {}
    for selector, body in _RULE.findall(style.group(1)):
        lang = _LANG.search(body)
        if lang:
            languages[selector.lstrip(".#").lower()] = lang.group(1)
    return languages


@dataclass
class _Caption:
    """A SAMI caption in one language: from its SYNC to the next."""

    start: float
    language: str
    parts: list[str] = field(default_factory=list)
    end: float | None = None


def _start(attributes: dict[str, str]) -> float | None:
    try:
        seconds = float(attributes.get("start", "").strip().rstrip(";")) / 1000
    except ValueError:
        return None
    return seconds if 0 <= seconds <= MAX_SECONDS else None


def _read(text: str) -> tuple[list[_Caption], list[str]]:
    languages = _class_languages(text)
    notes: list[str] = []
    captions: list[_Caption] = []
    open_names: list[str] = []
    hidden = 0
    now = 0.0
    timed = True  # the SYNC the words are in has a start of its own
    untimed = 0
    caption: _Caption | None = None

    def begin(language: str) -> _Caption:
        nonlocal untimed
        if not timed:
            untimed += 1
        made = _Caption(now, language)
        captions.append(made)
        return made

    def close_to(at: int) -> None:
        nonlocal hidden, caption
        while len(open_names) > at:
            name = open_names.pop()
            if name in _NOT_SPOKEN:
                hidden -= 1
            if name in ("p", "sync"):
                caption = None

    for event in markup.events(text):
        if isinstance(event, str):
            if hidden or "sync" not in open_names:
                continue
            if caption is None:
                if not event.strip():
                    continue
                caption = begin("")  # words in a SYNC outside any P
            caption.parts.append(event)
            continue
        if isinstance(event, markup.End):
            if event.name in open_names:
                close_to(len(open_names) - 1 - open_names[::-1].index(event.name))
            continue
        name, attributes = event.name, event.attributes
        if name == "br":
            if caption is not None:
                caption.parts.append("\n")
            continue
        closed = [at for at, open_name in enumerate(open_names) if open_name in _CLOSED_BY_THE_NEXT.get(name, ())]
        if closed:
            close_to(closed[0])
        if name == "sync":
            start = _start(attributes)
            timed = start is not None
            now = now if start is None else start
        elif name == "p" and not hidden:
            lang = attributes.get("lang") or languages.get(attributes.get("class", "").lower(), "")
            caption = begin(lang)
        if event.empty:
            continue
        open_names.append(name)
        if name in _NOT_SPOKEN:
            hidden += 1
        if len(open_names) > MAX_DEPTH:
            raise UnreadableFile("", f"markup nested more than {MAX_DEPTH} elements deep: not a caption file")
    if untimed:
        notes.append(f"{untimed} caption(s) in a SYNC without a start time: placed at the time before them")
    return captions, notes


def _ends(captions: list[_Caption]) -> None:
    """Each caption ends where the next of its language starts at another time; the last lasts 4 s."""
    waiting: dict[str, list[_Caption]] = {}  # per language, the captions not yet ended: all at one start
    for caption in captions:
        pending = waiting.setdefault(caption.language, [])
        if pending and pending[0].start != caption.start:
            for earlier in pending:
                earlier.end = caption.start
            pending.clear()
        pending.append(caption)
    for pending in waiting.values():
        for caption in pending:
            caption.end = caption.start + LAST_CAPTION_SECONDS


def parse_sami(text: str) -> Parsed:
    captions, notes = _read(text)
    _ends(captions)
    spoken = [(caption, words) for caption in captions if (words := caption_text(caption.parts))]
    if not spoken:
        raise UnreadableFile("", "no captions in it")
    language, several = main_language([caption.language for caption, _ in spoken])
    cues = [Cue(c.start, max(c.start, c.end or c.start), words) for c, words in spoken if c.language in ("", language)]
    parsed = parsed_cues(cues)
    parsed.notes[:0] = notes
    if several:
        parsed.notes.append(several)
    return parsed
