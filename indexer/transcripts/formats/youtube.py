"""YouTube's caption downloads, as download tools save them: json3, srv1, srv2, srv3 and caption lists.

    json3  {"wireMagic": "pb3", "events": [{"tStartMs": 240, "dDurationMs": 3960, "segs": [{"utf8": "Hello"}]}]}
    srv1   <transcript><text start="1.23" dur="2.5">It&amp;#39;s here</text></transcript>
    srv2   <timedtext><text t="1230" d="2500">It's here</text></timedtext>
    srv3   <timedtext format="3"><body><p t="1230" d="2500"><s>It's</s><s t="400"> here</s></p></body></timedtext>
    lists  [{"text": "It's here", "start": 1.23, "duration": 2.5}]   (youtube-transcript-api and the like)

Events that only set up a caption window, line breaks appended to a rolling
window (`aAppend`) and empty paragraphs carry no words and are passed over.
srv1 escapes its entities twice (`&amp;#39;`); they are unescaped twice.
The XML is read with patterns, not a parser: the downloads are simple, and a
truncated one still gives every cue before the cut. The cues then go through
the caption pipeline (`>>` speaker changes, `[Music]` out), never the rolling
repeat removal: these formats do not repeat lines.
"""

from __future__ import annotations

import ast
import html
import re

from indexer.errors import UnreadableFile
from indexer.model import Parsed, TranscriptMeta
from indexer.transcripts.clock import plausible
from indexer.transcripts.cues import Cue, clean_cues, merge_cues
from indexer.transcripts.formats.services import invalid_json_reason, load, loaded, seconds

JSON3 = "youtube-json3"
XML = "youtube-xml"
LIST = "youtube-list"

_SRV1_TEXT = re.compile(r"<text\b([^>]*)>(.*?)</text>|<text\b([^>]*)/>", re.DOTALL)
_SRV3_P = re.compile(r"<p\b([^>]*)>(.*?)</p>", re.DOTALL)
_ATTRIBUTE = re.compile(r"""(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_TAG = re.compile(r"<[^>]+>")


def sniff_json3(text: str) -> bool:
    data = load(text)
    if not isinstance(data, dict) or not isinstance(data.get("events"), list):
        return False
    return data.get("wireMagic") == "pb3" or any(isinstance(e, dict) and "tStartMs" in e for e in data["events"][:5])


def parse_json3(text: str) -> Parsed:
    data = loaded(text)
    cues = []
    events = data.get("events")
    for event in events if isinstance(events, list) else []:
        if not isinstance(event, dict) or event.get("aAppend") or not isinstance(event.get("segs"), list):
            continue
        body = "".join(
            s.get("utf8", "") for s in event["segs"] if isinstance(s, dict) and isinstance(s.get("utf8"), str)
        )
        start = seconds(event.get("tStartMs"), 0.001)
        length = seconds(event.get("dDurationMs"), 0.001)
        if body.strip():
            cues.append((start, None if start is None or length is None else start + length, body))
    return _parsed(cues)


def sniff_xml(text: str) -> bool:
    head = text[:2000].lstrip("\ufeff \t\r\n")
    if head.startswith("<?xml"):
        head = head[head.find("?>") + 2 :].lstrip()
    return head.startswith(("<transcript>", "<transcript ", "<timedtext"))


def _attributes(raw: str) -> dict[str, str]:
    return {m.group(1): m.group(2) if m.group(2) is not None else m.group(3) for m in _ATTRIBUTE.finditer(raw)}


def parse_xml(text: str) -> Parsed:
    cues = []
    if "<p" in text and "<timedtext" in text[:2000]:  # srv3: milliseconds, words in <s>
        for match in _SRV3_P.finditer(text):
            attributes = _attributes(match.group(1))
            if attributes.get("a") == "1":
                continue
            body = html.unescape(_TAG.sub("", match.group(2)))
            start = seconds(attributes.get("t"), 0.001)
            length = seconds(attributes.get("d"), 0.001)
            cues.append((start, None if start is None or length is None else start + length, body))
    else:
        milliseconds = "<timedtext" in text[:2000]  # srv2: t and d in milliseconds; srv1: start and dur in seconds
        for match in _SRV1_TEXT.finditer(text):
            attributes = _attributes(match.group(1) or match.group(3) or "")
            body = match.group(2) or ""
            body = html.unescape(_TAG.sub("", html.unescape(body)))  # srv1 escapes twice
            if milliseconds:
                start = seconds(attributes.get("t"), 0.001)
                length = seconds(attributes.get("d"), 0.001)
            else:
                start = seconds(attributes.get("start"))
                length = seconds(attributes.get("dur"))
            cues.append((start, None if start is None or length is None else start + length, body))
    if not cues:
        raise UnreadableFile("", "YouTube timed text without a caption")
    return _parsed(cues)


def _caption_list(text: str):
    """The list as JSON, or as the Python literal that youtube-transcript-api's command line prints."""
    data = load(text)
    if data is None and text.lstrip("\ufeff \n").startswith(("[{'", "[[{'", '[{"')) and len(text) < 20_000_000:
        try:
            data = ast.literal_eval(text.strip().lstrip("\ufeff"))
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            return None
    return data


def sniff_list(text: str) -> bool:
    data = _caption_list(text)
    if isinstance(data, list) and data and isinstance(data[0], list):  # the command line's list of lists
        data = data[0]
    return (
        isinstance(data, list)
        and bool(data)
        and isinstance(data[0], dict)
        and "text" in data[0]
        and "start" in data[0]
        and ("duration" in data[0] or "dur" in data[0])
    )


def parse_list(text: str) -> Parsed:
    data = _caption_list(text)
    if not isinstance(data, list):
        raise UnreadableFile("", invalid_json_reason(text) if load(text) is None else "not a list of captions")
    if isinstance(data, list) and data and all(isinstance(item, list) for item in data):
        data = [item for items in data for item in items]
    cues = []
    for item in data if isinstance(data, list) else []:
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            continue
        start = seconds(item.get("start"))
        length = seconds(item.get("duration", item.get("dur")))
        cues.append((start, None if start is None or length is None else start + length, html.unescape(item["text"])))
    return _parsed(cues)


def _parsed(timed: list[tuple[float | None, float | None, str]]) -> Parsed:
    """(start, end, text) cues, in file order, through the caption pipeline."""
    notes = []
    cues = []
    untimed = 0
    for start, end, body in timed:
        if not body.strip():
            continue
        if start is None or not plausible(start):
            untimed += 1
            start = cues[-1].start if cues else 0.0
            end = None
        if end is None or not plausible(end) or end < start:
            end = start
        cues.append(Cue(start, end, body.strip()))
    # A cue without a length lasts until the next one; a rolling window's cue, shown on while the next
    # line is spoken, ends where the next begins.
    for i, cue in enumerate(cues):
        following = cues[i + 1] if i + 1 < len(cues) else None
        cue.end = round(cue.end, 3)
        if (
            following is not None
            and following.start > cue.start
            and (cue.end <= cue.start or cue.end > following.start)
        ):
            cue.end = following.start
    if untimed:
        notes.append(f"{untimed} caption(s) without a usable time: kept, at the time of the caption before")
    return Parsed(TranscriptMeta(), merge_cues(clean_cues(cues, notes, rolling=False)), notes=notes)
