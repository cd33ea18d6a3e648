"""TTML and DFXP captions (W3C Timed Text, SMPTE-TT, IMSC, Netflix's and Apple's dialects), read in one pass.

    <tt xmlns="http://www.w3.org/ns/ttml" ttp:frameRate="30" xml:lang="en">
      <head><metadata><ttm:agent xml:id="a1"><ttm:name>Ann Lee</ttm:name></ttm:agent></metadata></head>
      <body><div>
        <p begin="00:00:01:15" end="4s" ttm:agent="a1">The ferry<br/>did not sail.</p>

Each `<p>` is a cue. Its times are any of TTML's time expressions: clock
times with a fraction or a frame count (`00:00:01.500`, `00:00:01:15` at
the document's `ttp:frameRate` and `ttp:frameRateMultiplier`), offsets
(`1.5s`, `1500ms`, `45f`, `9000t` at `ttp:tickRate`, `2m`, `1h`), and the
bare seconds (`19.764`) and `m:ss.fff` Apple writes. An `end` or a `dur`
closes it; a cue without either ends where the next one begins. A `<div>`
or `<body>` with a `begin` is a time container: by the standard its
children's times count from its own begin, but most writers (Apple among
them) repeat the absolute time, so a container whose children all fall
inside its own interval is read as holding absolute times. A `<p>` with
no time of its own takes its words' (`<span begin>`), else its container's;
a document with no time anywhere is read as untimed speech. A speaker is
the `ttm:agent` a caption names (its `ttm:name`, else its id). Several
languages (`xml:lang` on divisions): the one with the most captions.

Read with `markup.events`, not an XML parser: a stray `&` or an unclosed tag
costs one caption's formatting at most, not the file, and time and memory
stay linear in the file's size (pycaption over BeautifulSoup, used before,
took about 40 s a megabyte and grew worse than linearly).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from indexer.errors import UnreadableFile
from indexer.model import Parsed
from indexer.transcripts import markup
from indexer.transcripts.clock import MAX_SECONDS, parse_clock
from indexer.transcripts.cues import Cue
from indexer.transcripts.formats.broadcast import caption_text, main_language, parsed_cues

DFXP = "dfxp"

MAX_DEPTH = 200  # elements inside elements: captions need a handful

_FRAMES = re.compile(r"^(\d{1,12}):(\d{2}):(\d{2}):(\d{1,6})(?:\.(\d{1,6}))?$")
_OFFSET = re.compile(r"^(\d{1,12}(?:\.\d{1,12})?)(h|ms|m|s|f|t)$")
# Elements whose words are never speech: the document's head (styles, layout, titles), and what animates.
_NOT_SPOKEN = {"head", "metadata", "styling", "layout", "style", "region", "set", "animate", "animation"}
_CONTAINERS = {"body", "div"}


def sniff_dfxp(text: str) -> bool:
    head = text[:4000]
    return bool(re.search(r"<(?:\w+:)?tt[\s>:]", head)) and (
        "ttml" in head or "dfxp" in head.lower() or "<body" in text[:50000] or "ttaf1" in head
    )


@dataclass
class _Clock:
    """The document's timing parameters (`ttp:` attributes on `<tt>`)."""

    frame_rate: float = 30.0
    sub_frame_rate: float = 1.0
    tick_rate: float = 1.0

    @classmethod
    def of(cls, attributes: dict[str, str]) -> _Clock:
        def number(name: str, default: float) -> float:
            try:
                value = float(attributes.get(name, default))
            except ValueError:
                return default
            return value if 0 < value < 1e9 else default

        rate = number("framerate", 30.0)
        multiplier = attributes.get("frameratemultiplier", "").split()
        if len(multiplier) == 2 and all(part.isdigit() and 0 < int(part) < 1e7 for part in multiplier):
            rate *= int(multiplier[0]) / int(multiplier[1])
        sub = number("subframerate", 1.0)
        ticks = number("tickrate", rate * sub if "framerate" in attributes else 1.0)
        return cls(rate, sub, ticks)

    def seconds(self, expression: str | None) -> float | None:
        """A time expression in seconds; None where there is none or it is no time a recording has."""
        if not expression or not expression.strip():
            return None
        expression = expression.strip()
        frames = _FRAMES.match(expression)
        if frames:
            h, m, s, f = (int(frames.group(k)) for k in range(1, 5))
            sub = int(frames.group(5) or 0) / self.sub_frame_rate
            value = h * 3600 + m * 60 + s + (f + sub) / self.frame_rate if m < 60 and s < 60 else None
        elif offset := _OFFSET.match(expression):
            count, metric = float(offset.group(1)), offset.group(2)
            scale = {"h": 3600, "m": 60, "s": 1, "ms": 0.001, "f": 1 / self.frame_rate, "t": 1 / self.tick_rate}
            value = count * scale[metric]
        else:
            value = parse_clock(expression)
        return value if value is not None and 0 <= value <= MAX_SECONDS else None


@dataclass
class _Timing:
    """An element's times as written, in its parent's time (`end` from `dur` where only that is given)."""

    begin: float | None = None
    end: float | None = None

    @classmethod
    def of(cls, attributes: dict[str, str], clock: _Clock) -> _Timing:
        begin = clock.seconds(attributes.get("begin"))
        end = clock.seconds(attributes.get("end"))
        if end is None:
            duration = clock.seconds(attributes.get("dur"))
            if duration is not None:
                end = (begin or 0.0) + duration
        return cls(begin, end)


@dataclass
class _Caption:
    """A TTML paragraph being read: its times, speaker, language and text."""

    begin: float | None
    end: float | None
    speaker: str | None
    language: str
    parts: list[str] = field(default_factory=list)
    words: list[_Timing] = field(default_factory=list)  # timed spans inside it, for a caption without times


@dataclass
class _Frame:
    """An open element's timing, language and speaker, which its children inherit."""

    name: str
    timing: _Timing
    language: str
    agent: str | None
    first: int  # the first caption begun inside it


def _shift(captions: list[_Caption], frame: _Frame) -> None:
    """Put the captions inside a time container on its parent's clock (relative or absolute, as written)."""
    begin, end = frame.timing.begin, frame.timing.end
    inner = captions[frame.first :]
    if not begin or not inner:
        return
    times = [t for c in inner for t in (c.begin, c.end) if t is not None]
    if times and min(times) >= begin and (end is None or max(times) <= end):
        return  # the children repeat the absolute time (Apple, and most writers)
    for caption in inner:
        caption.begin = None if caption.begin is None else caption.begin + begin
        caption.end = None if caption.end is None else caption.end + begin


def _read(text: str) -> tuple[list[_Caption], dict[str, str]]:
    clock = _Clock()
    default_language = ""
    stack: list[_Frame] = []
    captions: list[_Caption] = []
    agents: dict[str, str] = {}  # ttm:agent id -> its name
    caption: _Caption | None = None
    hidden = 0  # depth inside elements whose words are not speech
    agent_id = None  # inside <ttm:agent xml:id=…>
    agent_name: list[str] = []
    in_name = False

    def close(frame: _Frame) -> None:
        nonlocal caption, hidden, in_name, agent_id
        if frame.name == "p" and caption is not None:
            caption = None
        elif frame.name in _CONTAINERS:
            _shift(captions, frame)
        elif frame.name == "name":
            in_name = False
        elif frame.name == "agent" and agent_id:
            agents[agent_id] = " ".join("".join(agent_name).split()) or agent_id
            agent_id = None
        if frame.name in _NOT_SPOKEN:
            hidden -= 1

    for event in markup.events(text):
        if isinstance(event, str):
            if in_name:
                agent_name.append(event)
            elif caption is not None and not hidden:
                caption.parts.append(event)
            continue
        if isinstance(event, markup.End):
            names = [frame.name for frame in stack]
            if event.name in names:  # close it and whatever was left open inside it
                at = len(names) - 1 - names[::-1].index(event.name)
                while len(stack) > at:
                    close(stack.pop())
            continue
        name, attributes = event.name, event.attributes
        if name == "br":
            if caption is not None and not hidden:
                caption.parts.append("\n")
            continue
        if name == "tt":
            clock = _Clock.of(attributes)
            default_language = attributes.get("lang", "")
        if name == "p" and any(frame.name == "p" for frame in stack):  # a caption left open: the next ends it
            while stack and stack[-1].name != "p":
                close(stack.pop())
            close(stack.pop())
        if event.empty:
            continue
        parent = stack[-1] if stack else None
        timing = _Timing.of(attributes, clock)
        language = attributes.get("lang") or (parent.language if parent else default_language)
        agent = attributes.get("agent", "").split()[:1] or [None]
        frame = _Frame(name, timing, language, agent[0] or (parent.agent if parent else None), len(captions))
        stack.append(frame)
        if len(stack) > MAX_DEPTH:
            raise UnreadableFile("", f"markup nested more than {MAX_DEPTH} elements deep: not a caption file")
        if name in _NOT_SPOKEN:
            hidden += 1
        if name == "agent" and attributes.get("id"):
            agent_id, agent_name = attributes["id"], []
        elif name == "name" and agent_id:
            in_name = True
        elif name == "p" and not hidden:
            caption = _Caption(timing.begin, timing.end, frame.agent, language)
            captions.append(caption)
        elif name == "span" and caption is not None and timing.begin is not None:
            caption.words.append(timing)
    while stack:
        close(stack.pop())
    return captions, agents


def _place_untimed(captions: list[_Caption], notes: list[str]) -> None:
    """Times for captions that have none of their own: their words', else around their neighbours."""
    for caption in captions:
        if caption.begin is None and caption.words:
            caption.begin = min(word.begin for word in caption.words if word.begin is not None)
            ends = [word.end for word in caption.words if word.end is not None]
            caption.end = max(ends) if ends else None
    untimed = sum(caption.begin is None for caption in captions)
    if untimed and untimed < len(captions):
        notes.append(f"{untimed} caption(s) without a time: placed where the caption before them ends")
    previous_end = 0.0
    for n, caption in enumerate(captions):
        if caption.begin is None:
            caption.begin = previous_end
        if caption.end is None or caption.end < caption.begin:
            following = next((c.begin for c in captions[n + 1 :] if c.begin is not None), None)
            caption.end = following if following is not None and following >= caption.begin else caption.begin
        previous_end = caption.end


def parse_dfxp(text: str) -> Parsed:
    captions, agents = _read(text)
    spoken = [c for c in captions if "".join(c.parts).strip()]
    if not spoken:
        raise UnreadableFile("", "no captions in it")
    language, several = main_language([c.language for c in spoken])
    chosen = [c for c in spoken if c.language in ("", language)]
    timed = any(c.begin is not None or c.words for c in chosen)
    notes: list[str] = []
    _place_untimed(chosen, notes)
    cues = []
    for caption in chosen:
        words = caption_text(caption.parts)
        speaker = agents.get(caption.speaker) if caption.speaker else None  # an id alone names nobody
        cues.append(Cue(caption.begin, max(caption.begin, caption.end), words, speaker))
    parsed = parsed_cues(cues)
    parsed.notes[:0] = notes
    if not timed:
        for turn in parsed.turns:
            turn.start = turn.end = None
        parsed.notes.append("no times in it: read as untimed speech")
    if several:
        parsed.notes.append(several)
    return parsed
