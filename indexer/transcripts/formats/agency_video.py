"""Agency video scripts (the AP/APTN layout): header fields, a numbered SHOTLIST, a STORYLINE.

    AP-APTN-1830: Portugal Fishing Protest                  (slug line, optional)
    Tuesday, 3 March 2026                                   (date line, optional)
    STORY: Portugal Fishing Protest
    LENGTH: 01:52
    SOURCE: AP TELEVISION
    STORY NUMBER: 1234567
    DATELINE: Porto - 3 March 2026
    AP TELEVISION - AP CLIENTS ONLY                         (access line: not speech)
    SHOTLIST
    1. Wide of fishing boats in the harbour                 (a shot)
    3. SOUNDBITE: (Portuguese) Joaquim Ferreira da Silva, fisherman:
    "We have fished these waters for three generations."    (a soundbite: the quote)
    ++NIGHT SHOTS++                                         (a note to clients: not speech)
    STORYLINE
    Hundreds of fishermen blocked the port ...              (background, never aired)

Shots are searchable passages of kind `shot`, storyline paragraphs of kind
`storyline`; only soundbites are speech, with the speaker the label names.
Times are estimated from LENGTH (see `passages.estimate_times`). A feed of
several stories, each with its own slug line or header, is split into one
transcript a story.
"""

from __future__ import annotations

import re

from indexer.model import SHOT, STORYLINE, Parsed, TranscriptMeta, Turn
from indexer.transcripts.clock import parse_clock
from indexer.transcripts.news import CLOSING_QUOTES, OPENING_QUOTES, find_date, person, source_name, unquote

NAME = "agency-video"

SLUG_LINE = re.compile(r"^\s*[A-Z]{2,}(?:-[A-Z0-9]+)*-\d{3,4}\s*:\s*(?P<slug>.+?)\s*$")
FIELDS = ("STORY NUMBER", "STORY", "LENGTH", "FIRST RUN", "RESTRICTIONS", "TYPE", "SOURCE", "DATELINE", "VIDEO")
_FIELD = re.compile(rf"^\s*(?P<key>{'|'.join(FIELDS)})\s*:\s*(?P<value>.*?)\s*$", re.IGNORECASE)
_SECTION = re.compile(r"^\s*(?P<name>SHOT\s?LIST|STORYLINE|STORY LINE)\s*:?\s*$", re.IGNORECASE)
_SHOT = re.compile(r"^\s*(?P<number>\d{1,3})\s*[.)]\s*(?P<text>.*)$")
_SOUNDBITE = re.compile(
    r"^(?:SOUNDBITE|SOUND\s?BITE|SOT|UPSOUND)\b\s*:?\s*(?:\((?P<language>[^)]*)\)\s*:?\s*)?(?P<rest>.*)$",
    re.IGNORECASE,
)
_CLIENT_NOTE = re.compile(r"^\s*\+\+.*\+\+\s*$")
_ACCESS = re.compile(r"\b(?:ONLY|ACCESS|CLIENTS|NO ACCESS|RESTRICT\w*|MUST CREDIT|COURTESY)\b")
_DATE_LINE = re.compile(r"^\s*(?:[A-Za-z]+day,?\s+)?\d{1,2}\s+[A-Za-z]+\s+\d{4}\s*$|^\s*[A-Za-z]+day,\s+.*\d{4}\s*$")


def _is_header_start(line: str) -> bool:
    match = _FIELD.match(line)
    return bool(match) and match.group("key").upper() == "STORY"


def sniff(text: str) -> bool:
    """A SHOTLIST with a header field or numbered shots, or several agency header fields."""
    head = text[:20000].split("\n")
    keys = {m.group("key").upper() for m in map(_FIELD.match, head) if m}
    sections = {m.group("name").upper().replace(" ", "") for m in map(_SECTION.match, head) if m}
    if "SHOTLIST" in sections and (keys or sum(1 for line in head if _SHOT.match(line)) >= 2):
        return True
    return len(keys & {"STORY", "LENGTH", "DATELINE", "STORY NUMBER", "RESTRICTIONS", "FIRST RUN"}) >= 3


def split_stories(text: str) -> list[str]:
    """The file's stories: a new one starts at a slug line, or at `STORY:` once a shotlist has been seen."""
    stories: list[list[str]] = [[]]
    seen_body = False
    for line in text.split("\n"):
        starts = SLUG_LINE.match(line) or (_is_header_start(line) and seen_body)
        # A slug line opens a story; a STORY: line right after one belongs to it.
        if (
            starts
            and any(part.strip() for part in stories[-1])
            and not (_is_header_start(line) and _only_preamble(stories[-1]))
        ):
            stories.append([])
            seen_body = False
        if _SECTION.match(line):
            seen_body = True
        stories[-1].append(line)
    return ["\n".join(lines) for lines in stories if any(line.strip() for line in lines)]


def _only_preamble(lines: list[str]) -> bool:
    """Only a slug line and a date line so far: the header is still to come."""
    body = [line for line in lines if line.strip()]
    return all(SLUG_LINE.match(line) or _DATE_LINE.match(line) for line in body)


def parse(text: str) -> Parsed:
    stories = split_stories(text)
    if len(stories) <= 1:
        return parse_story(text)
    return Parsed(TranscriptMeta(), [], script=True, stories=[parse_story(story) for story in stories])


def parse_story(text: str) -> Parsed:
    meta = TranscriptMeta()
    notes: list[str] = []
    turns: list[Turn] = []
    section = "header"
    shotlist: list[str] = []
    storyline: list[list[str]] = [[]]
    for raw in text.split("\n"):
        line = raw.strip()
        if not line or _CLIENT_NOTE.match(line):
            if section == "storyline" and storyline[-1]:
                storyline.append([])
            continue
        found = _SECTION.match(line)
        if found:
            section = "storyline" if found.group("name").upper().startswith("STORY") else "shotlist"
            continue
        if section == "header":
            _header_line(line, meta, notes)
        elif section == "shotlist":
            if not _is_access_line(line):
                shotlist.append(line)
        else:
            storyline[-1].append(line)
    for number, lines in _shots(shotlist):
        turn = _shot_turn(number, lines, notes)
        if turn is not None:
            turns.append(turn)
    turns += [Turn(text=" ".join(lines), kind=STORYLINE) for lines in storyline if lines]
    if not meta.title:
        meta.title = meta.story
    return Parsed(meta, turns, script=True, notes=notes)


def _shots(lines: list[str]) -> list[tuple[str, list[str]]]:
    """(number, lines) a shot. Unnumbered lines continue the shot above; in a shotlist
    without numbers each line is a shot, but a quote line still belongs to its soundbite."""
    numbered = any(_SHOT.match(line) for line in lines)
    shots: list[tuple[str, list[str]]] = []
    for line in lines:
        shot = _SHOT.match(line)
        if shot:
            shots.append((shot.group("number"), [shot.group("text")]))
        elif shots and (numbered or (line[:1] in OPENING_QUOTES and _SOUNDBITE.match(shots[-1][1][0]))):
            shots[-1][1].append(line)
        else:
            shots.append(("", [line]))
    return shots


def _header_line(line: str, meta: TranscriptMeta, notes: list[str]) -> None:
    slug = SLUG_LINE.match(line)
    if slug:
        meta.title = meta.title or slug.group("slug")
        return
    field = _FIELD.match(line)
    if not field:
        if not meta.date and _DATE_LINE.match(line):
            meta.date = find_date(line)
        return  # access lines and anything else in the header are not speech
    key, value = field.group("key").upper(), field.group("value")
    if not value:
        return
    if key == "STORY" and not meta.title:
        meta.title = value
    elif key == "LENGTH" and meta.duration is None:
        meta.duration = parse_clock(value)
        if meta.duration is None:
            notes.append(f"LENGTH {value!r} is not a time: times estimated at a speaking pace")
    elif key == "SOURCE" and not meta.network:
        meta.network = source_name(value)
    elif key == "STORY NUMBER" and not meta.story:
        meta.story = value.split()[0]
    elif key == "DATELINE":
        place, _, when = value.partition(" - ")
        meta.place = meta.place or place.strip(" ,-")
        meta.date = find_date(when or value) or meta.date


def _is_access_line(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and bool(_ACCESS.search(line))


def _shot_turn(number: str, lines: list[str], notes: list[str]) -> Turn | None:
    first = lines[0].strip()
    bite = _SOUNDBITE.match(first)
    where = f"shot {number}" if number else "a shot"
    if not bite:
        return Turn(text=" ".join(lines), kind=SHOT)
    rest = bite.group("rest").strip()
    quote_at = next((i for i, c in enumerate(rest) if c in OPENING_QUOTES and c not in "'‘"), None)
    label = rest[:quote_at] if quote_at is not None else rest
    quoted = [rest[quote_at:]] if quote_at is not None else []
    quoted += [line.strip() for line in lines[1:]]
    if not quoted and not label.rstrip().endswith(":") and label.count(",") == 0 and len(label.split()) > 6:
        label, quoted = "", [label]  # `SOUNDBITE (English) the quote itself`, no speaker named
    parts = [unquote(part) for part in quoted if part.strip(OPENING_QUOTES + CLOSING_QUOTES + " ")]
    text = " ".join(part for part, _ in parts)
    name, role = person(label)
    if not text:
        notes.append(f"{where}: a SOUNDBITE of {name or 'someone unnamed'} with no quote: left out")
        return None
    if not all(closed for _, closed in parts):
        notes.append(f"{where}: the quote of {name or 'someone unnamed'} never closes: read to the end of the shot")
    return Turn(text=text, speaker=name, role=role)
