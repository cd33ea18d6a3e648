"""Newsroom scripts (VO/SOT): a header, then blocks the anchor, the reporter and the people in the story speak.

    Slug: HARBOUR PROTEST            Anchor: Maria Lopes      (header: never speech)
    Reporter: Tom Becker             Runtime: 1:30
    Anchor Lead In:                                           (the anchor reads it)
    Fishermen shut down Porto's harbour today ...
    --pkg--                                                   (a marker: not text)
    VO:                                                       (the reporter's voice over)
    Boats lashed together across the harbour mouth.
    NAT SOT: horns blaring                                    (natural sound: kind shot)
    SOT:                                                      (a soundbite:
    Joaquim Ferreira da Silva, Fisherman                        its speaker,
    We have fished these waters for three generations.          then the quote)
    TAG:                                                      (the anchor again)
    The talks begin Monday in Lisbon.

`VO` is the reporter's (the anchor's when the script names no reporter);
`ANCHOR`, `TAG` and `ON CAM` are the anchor's. Markers, the slug and header
labels are never speakers and never passage text.
"""

from __future__ import annotations

import re

from indexer.model import SHOT, Parsed, TranscriptMeta, Turn
from indexer.transcripts.clock import parse_clock
from indexer.transcripts.names import is_upper_label
from indexer.transcripts.news import find_date, person, sign_off, source_name, unquote

NAME = "newsroom"

HEADER_KEYS = {
    "slug": "slug",
    "show": "show",
    "program": "show",
    "programme": "show",
    "date": "date",
    "air date": "date",
    "anchor": "anchor",
    "reporter": "reporter",
    "correspondent": "reporter",
    "runtime": "duration",
    "run time": "duration",
    "length": "duration",
    "total time": "duration",
    "producer": None,
    "writer": None,
    "editor": None,
    "photographer": None,
    "format": None,
    "network": "network",
    "station": "network",
    "source": "network",
}
_HEADER = re.compile(r"^\s*(?P<key>[A-Za-z][A-Za-z ]{1,20}?)\s*:\s*(?P<value>.+?)\s*$")
# Who reads each block, and what kind of text it is.
BLOCKS = {
    "ANCHOR LEAD IN": "anchor",
    "ANCHOR LEAD": "anchor",
    "LEAD IN": "anchor",
    "ANCHOR INTRO": "anchor",
    "ANCHOR": "anchor",
    "ON CAM": "anchor",
    "TAG": "anchor",
    "ANCHOR TAG": "anchor",
    "VO": "reporter",
    "V/O": "reporter",
    "VOICE OVER": "reporter",
    "TRACK": "reporter",
    "STANDUP": "reporter",
    "STAND-UP": "reporter",
    "STAND UP": "reporter",
    "SOT": "soundbite",
    "SOUNDBITE": "soundbite",
    "VO/SOT": "reporter",
    "NAT SOT": "natural",
    "NATSOT": "natural",
    "NATS": "natural",
    "NAT SOUND": "natural",
}
_BLOCK = re.compile(
    r"^\s*[\[(]?(?P<name>" + "|".join(sorted(map(re.escape, BLOCKS), key=len, reverse=True)) + r")[\])]?"
    r"(?:\s*[:\-–—]\s*|\s*$)(?P<rest>.*)$",
    re.IGNORECASE,
)
_MARKER = re.compile(
    r"^\s*(?:-{2,}|\*{2,}|={2,}|#{2,}).*?(?:-{2,}|\*{2,}|={2,}|#{2,})?\s*$|^\s*\(?(?:PKG|END PKG)\)?\s*$"
)


def sniff(text: str) -> bool:
    """Header fields of a newsroom script and block markers, or many markers of several kinds."""
    lines = text[:20000].split("\n")
    keys = set()
    for line in lines[:40]:
        header = _HEADER.match(line)
        if header and HEADER_KEYS.get(header.group("key").strip().lower()) and not _BLOCK.match(line):
            keys.add(HEADER_KEYS[header.group("key").strip().lower()])
    blocks = [BLOCKS[m.group("name").upper()] for m in map(_BLOCK.match, lines) if m and not m.group("rest").strip()]
    blocks += [
        BLOCKS[m.group("name").upper()]
        for m in map(_BLOCK.match, lines)
        if m and m.group("rest").strip() and m.group("name").upper() in ("NAT SOT", "NATS", "TAG", "VO", "SOT")
    ]
    if "slug" in keys and blocks:
        return True
    if len(keys) >= 2 and {"soundbite", "reporter"} & set(blocks):
        return True
    return {"soundbite", "reporter"} <= set(blocks) and len(blocks) >= 4


def parse(text: str) -> Parsed:
    meta = TranscriptMeta()
    notes: list[str] = []
    people = {"anchor": "", "reporter": ""}
    blocks: list[tuple[str, list[str]]] = []  # (who, lines)
    for raw in text.split("\n"):
        line = raw.strip()
        if not line or _MARKER.match(line):
            continue
        block = _BLOCK.match(line)
        header = _HEADER.match(line)
        if not blocks and header and not (block and not block.group("rest").strip()):
            key = HEADER_KEYS.get(header.group("key").strip().lower(), "unknown")
            if key != "unknown":
                _header(key, header.group("value"), meta, people, notes)
                continue
        if block:
            blocks.append((BLOCKS[block.group("name").upper()], []))
            rest = block.group("rest").strip()
            if rest:
                blocks[-1][1].append(rest)
            continue
        if not blocks:
            blocks.append(("anchor", []))  # text before any marker: the anchor's introduction
        blocks[-1][1].append(line)
    _signed(blocks, meta, people)
    meta.reporter = people["reporter"]
    turns: list[Turn] = []
    for who, lines in blocks:
        turn = _turn(who, lines, people, notes)
        if turn is not None:
            turns.append(turn)
    return Parsed(meta, turns, script=True, notes=notes)


def _signed(blocks: list[tuple[str, list[str]]], meta: TranscriptMeta, people: dict[str, str]) -> None:
    """A reporter's sign-off closing the last voiced block names the reporter, network and place."""
    voiced = [lines for who, lines in blocks if who == "reporter" and lines]
    signed = sign_off(voiced[-1][-1]) if voiced else None
    if signed:
        people["reporter"] = people["reporter"] or signed.group("reporter").strip()
        meta.network = meta.network or signed.group("network").strip()
        meta.place = meta.place or signed.group("place").strip().rstrip(".")


def _header(key: str, value: str, meta: TranscriptMeta, people: dict[str, str], notes: list[str]) -> None:
    if key == "slug":
        meta.title = meta.title or value
    elif key == "date":
        meta.date = find_date(value) or meta.date
    elif key in people:
        people[key] = person(value)[0]
    elif key == "duration":
        meta.duration = parse_clock(value)
        if meta.duration is None:
            notes.append(f"runtime {value!r} is not a time: times estimated at a speaking pace")
    elif key == "network":
        meta.network = source_name(value)


def _turn(who: str, lines: list[str], people: dict[str, str], notes: list[str]) -> Turn | None:
    if not lines:
        return None
    if who == "natural":
        return Turn(text=" ".join(lines), kind=SHOT)
    if who == "soundbite":
        return _soundbite(lines, notes)
    if who == "reporter" and not people["reporter"]:
        who = "anchor"
    return Turn(text=" ".join(lines), speaker=people[who], role=who)


def _soundbite(lines: list[str], notes: list[str]) -> Turn | None:
    """`SOT` then `Name, Title` (or `NAME/TITLE`) on the next line, then the quote."""
    first = lines[0]
    quote_at = next((i for i, c in enumerate(first) if c in '"“„«'), None)
    if quote_at is not None and quote_at > 0:
        label, quote = first[:quote_at], [first[quote_at:], *lines[1:]]
    elif len(lines) == 1 and quote_at is None and _looks_like_label(first):
        label, quote = first, []  # the speaker's line, and the quote never came
    elif quote_at == 0 or len(lines) == 1:
        label, quote = "", lines
    else:
        label, quote = first, lines[1:]
    text = " ".join(unquote(" ".join(quote))[0].split())
    name, role = person(label)
    if not text:
        notes.append(f"a SOT of {name or 'someone unnamed'} with no quote: left out")
        return None
    return Turn(text=text, speaker=name, role=role)


def _looks_like_label(line: str) -> bool:
    """`RUI GOMES/SHOPKEEPER`, `Rui Gomes, shopkeeper`: a speaker's line, not a quote."""
    words = line.split()
    return len(words) <= 10 and ("/" in line or is_upper_label(line) or ("," in line and not line.endswith(".")))
