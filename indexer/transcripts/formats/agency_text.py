"""Agency text transcripts (the Reuters layout): headline, lead naming the reporter, narration with inline soundbites.

    Portuguese fishermen block Porto harbour over EU quotas      (headline: the title)
    3 March 2026                                                 (date, optional)
    PORTO, Portugal (Reuters) - Hundreds of fishermen ...        (lead: the anchor's;
        ... Reuters' Priya Venkataraman reports.                   names the reporter)
    Transcript:                                                  (optional label)
    Boats lashed together ... (SOUNDBITE) (Portuguese) FISHERMAN, JOAQUIM
    FERREIRA DA SILVA, SAYING: "We have fished ..." The government says ...

Narration between soundbites is the reporter's; each soundbite is a passage
of its own with the speaker its label names, whether the title comes after
the name, before it, or not at all (`POPE FRANCIS SAYING:`). Without a
duration, times are estimated at a broadcast pace.
"""

from __future__ import annotations

import re

from indexer.model import Parsed, TranscriptMeta, Turn
from indexer.transcripts.clock import parse_clock
from indexer.transcripts.names import readable_name
from indexer.transcripts.news import find_date, person, sign_off, source_name, unquote

NAME = "agency-text"

SOUNDBITE = re.compile(
    r"\(\s*SOUNDBITE\s*\)\s*(?:\((?P<language>[^)]{1,40})\)\s*)?(?P<label>[^\"“”„«(]{0,200}?),?\s*SAYING\s*:?\s*",
    re.IGNORECASE,
)
_QUOTE = re.compile(r"[\"“„«](?P<quote>[^\"”“»]*)(?P<close>[\"”“»]?)")
_REPORTS = re.compile(
    r"(?:(?P<network>\b[A-Z][\w&.+-]*)['’]s?\s+)?"
    r"(?P<reporter>[A-Z][\w.-]+(?:['’][A-Z][\w-]*)?(?:\s+(?:[A-Z][\w'’.-]+|van|von|de|da|di|del|la|le|al|bin)){1,3})"
    r"\s+reports\b"
)
_REPORTING_BY = re.compile(r"\b(?:Reporting|Produced) by\s+(?P<reporter>[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){1,3})")
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Za-zÀ-ÿ .'’-]{1,40}?(?:,\s*[A-Z][\w .'’-]{1,40}?)?)\s*"
    r"(?:,\s*(?P<when>[A-Z][a-z]+\.? \d{1,2}))?\s*\((?P<network>[^)]{2,30})\)\s*[-–—]+\s*"
)
_TRANSCRIPT_LABEL = re.compile(r"^\s*(?:Transcript|TRANSCRIPT)\s*:\s*")
_DURATION = re.compile(r"^\s*(?:Duration|Length|Runtime|DURATION|LENGTH)\s*:\s*(?P<value>\S+)\s*$")
_SOURCE = re.compile(r"^\s*(?:Source|SOURCE)\s*:\s*(?P<value>.+?)\s*$")


def sniff(text: str) -> bool:
    return bool(SOUNDBITE.search(text[:50000]))


def parse(text: str) -> Parsed:
    meta = TranscriptMeta()
    notes: list[str] = []
    paragraphs = [" ".join(block.split()) for block in re.split(r"\n\s*\n", text) if block.strip()]
    body_at = next((i for i, p in enumerate(paragraphs) if SOUNDBITE.search(p) or _TRANSCRIPT_LABEL.match(p)), None)
    header = paragraphs[:body_at] if body_at is not None else paragraphs
    body = paragraphs[len(header) :]
    lead = None
    before: list[str] = []  # narration that comes before the first soundbite's paragraph
    for paragraph in header:
        if _header_field(paragraph, meta):
            continue
        if lead is None and len(paragraph.split()) >= 12:
            lead = paragraph
        elif lead is None and not meta.title:
            meta.title = paragraph
        else:
            before.append(paragraph)
    body = before + body
    turns: list[Turn] = []
    if lead:
        turns.append(Turn(text=_lead_text(lead, meta), role="anchor"))
    signed = sign_off(body[-1]) if body and not SOUNDBITE.search(body[-1]) else None
    if signed:
        meta.reporter = meta.reporter or signed.group("reporter").strip()
        meta.network = meta.network or signed.group("network").strip()
        meta.place = meta.place or signed.group("place").strip().rstrip(".")
    for paragraph in body:
        turns += _narration(_TRANSCRIPT_LABEL.sub("", paragraph), meta.reporter, notes)
    meta.date = meta.date or find_date(text[:2000])
    return Parsed(meta, [t for t in turns if t.text], script=True, notes=notes)


def _header_field(paragraph: str, meta: TranscriptMeta) -> bool:
    duration = _DURATION.match(paragraph)
    if duration:
        meta.duration = parse_clock(duration.group("value"))
        return True
    source = _SOURCE.match(paragraph)
    if source:
        meta.network = source_name(source.group("value"))
        return True
    if len(paragraph.split()) <= 6 and find_date(paragraph):
        meta.date = meta.date or find_date(paragraph)
        return True
    return False


def _lead_text(lead: str, meta: TranscriptMeta) -> str:
    """The lead without its dateline, with the reporter, network and place it names noted in `meta`."""
    dateline = _DATELINE.match(lead)
    if dateline:
        place = dateline.group("place").strip()
        meta.place = meta.place or ", ".join(
            readable_name(part.split()) if part.isupper() else part for part in (p.strip() for p in place.split(","))
        )
        meta.network = meta.network or source_name(dateline.group("network"))
        lead = lead[dateline.end() :]
    reports = _REPORTS.search(lead) or _REPORTING_BY.search(lead)
    if reports:
        meta.reporter = reports.group("reporter")
        network = reports.groupdict().get("network")
        if network and not meta.network:
            meta.network = source_name(network)
    return lead


def _narration(paragraph: str, reporter: str, notes: list[str]) -> list[Turn]:
    """The reporter's narration, cut at each inline soundbite, which becomes a turn of its own."""
    turns: list[Turn] = []
    at = 0
    for bite in SOUNDBITE.finditer(paragraph):
        if bite.start() < at:
            continue  # inside the previous soundbite's unclosed quote
        turns.append(Turn(text=paragraph[at : bite.start()].strip(), speaker=reporter, role="reporter"))
        quote = _QUOTE.match(paragraph, bite.end())
        name, role = person(bite.group("label"))
        if not quote:
            notes.append(f"a soundbite of {name or 'someone unnamed'} with no quote: left out")
            at = bite.end()
            continue
        text, end = quote.group("quote"), quote.end()
        if not quote.group("close"):
            following = SOUNDBITE.search(paragraph, bite.end())
            end = following.start() if following else len(paragraph)
            text = paragraph[quote.start() : end]
            notes.append(f"the quote of {name or 'someone unnamed'} never closes: read to the next soundbite")
        turns.append(Turn(text=unquote(text)[0], speaker=name, role=role))
        at = end
    turns.append(Turn(text=paragraph[at:].strip(), speaker=reporter, role="reporter"))
    return [t for t in turns if t.text]
