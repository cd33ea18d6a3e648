"""Speaker-turn transcripts in plain text or Markdown: `Name: what they said`.

Interview, podcast, briefing and mission transcripts all say who speaks next
with a label at the start of a line, and many put a timestamp somewhere near
it. The shapes met in real files, each a `_LINE_SHAPES` entry:

    [00:01:02] Name: text          \\[13:57\\] escaped, [DD:HH:MM:SS] mission time
    00:00:08 text                  00:00:00 <v Michael Kennedy>text
    Name (12:34):                  the turn on the following lines
    Name  12:34                    two or more spaces, then the time
    Name – 00:02:02: text          Speaker 0: 00:00:16
    **Jerod Santo:** text          MS. PSAKI:  text      Q    text

A label with only a time (or `\\[29:18\\] to \\[29:22\\]`) and no words after it,
such as Changelog's `**Break:**`, `**Sample:**` and `**Jingle:**`, marks a
moment in the recording, not a turn: the words after it start at its (end)
time and the words before it end at its start.

Lines that are not a new turn continue the current one. A mixed-case label
only counts as a speaker when it opens two or more turns (or the front matter
lists it), so a stray `Slides:` or `Note:` in prose does not become a person.
YAML front matter (title, date, speakers, media URL) becomes metadata.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from indexer.model import Parsed, Turn
from indexer.transcripts.clock import parse_clock
from indexer.transcripts.cues import Cue, merge_cues, speaking_end
from indexer.transcripts.metadata import FRONT_MATTER, front_matter, meta_from, split_at_listed_speakers
from indexer.transcripts.names import fold, is_upper_label
from indexer.transcripts.text import (
    drop_boilerplate,
    drop_sound_cues,
    is_sound_word,
    readable_speaker,
    strip_links,
    strip_markdown,
    strip_markup,
)

NAME = "turns"

_CLOCK = r"-?\d{1,3}(?::\d{2}){1,3}(?:[.,]\d+)?"
# A name's letters in any script, with the marks of the scripts that write vowels as marks (Devanagari,
# Thai, Arabic harakat) and the joiners of Persian and Indic words.
_MARKS = "\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u0900-\u0dff\u0e00-\u0eff\u1000-\u109f\u200c\u200d"
_NAME = rf"[^\W\d_][\w{_MARKS}.'’\- ]{{0,40}}?\??(?:\s*\([^()\n]{{1,30}}\))?"  # (`P?:` an unsure call sign)

_LINE_SHAPES = [
    # [00:01:02] rest   \[13:57\] rest   [-00:00:00:04]
    ("bracket-time", re.compile(rf"^\\?\[(?P<time>{_CLOCK})\\?\]\s*(?P<rest>.*)$")),
    # **Name:** rest
    # (the name holds no colon: `**TO: WHITE HOUSE STAFF**` is a memo's field, not a label)
    ("bold", re.compile(r"^\*\*(?P<name>[^*:\n]{1,60}?)\s*:?\s*\*\*\s*:?\s*(?P<rest>.*)$")),
    # 00:00:08 rest (or a clock alone)
    ("clock", re.compile(rf"^(?P<time>{_CLOCK})(?:\s+(?P<rest>.*))?$")),
    # Name 00:01:01: rest (the label's colon after the time)
    (
        "name-time-colon",
        re.compile(rf"^(?P<name>{_NAME})\s+(?P<time>{_CLOCK}):(?!\d)\s*(?P<rest>.*)$"),
    ),
    # Name (12:34): rest
    (
        "name-paren-time",
        re.compile(rf"^(?P<name>{_NAME})\s*\((?P<time>{_CLOCK})\)\s*:?\s*(?P<rest>.*)$"),
    ),
    # Name – 00:02:02: rest    Speaker 0: 00:00:16
    (
        "name-dash-time",
        re.compile(rf"^(?P<name>{_NAME})(?:\s*[-–—]\s*|:\s+)(?P<time>{_CLOCK})\s*:?\s*(?P<rest>.*)$"),
    ),
    # Name: [00:00:09] rest (Sonix)
    (
        "name-bracket-time",
        re.compile(rf"^(?P<name>{_NAME})\s*:\s*\\?\[(?P<time>{_CLOCK})\\?\]\s*(?P<rest>.*)$"),
    ),
    # Name  12:34
    ("name-spaces-time", re.compile(rf"^(?P<name>{_NAME})\s{{2,}}(?P<time>{_CLOCK})\s*$")),
    # Q    rest (briefings: the spaces are no-break spaces)
    ("q", re.compile(r"^(?P<name>Q|A)(?:\s{2,}|\s*:\s*)(?P<rest>.*)$")),
    # Name: rest    NAME:  rest    Greg Sanders :
    # `Name: text`, `Journaliste : texte` (French typography), `主持人：文字` (the full-width colon).
    ("label", re.compile(rf"^(?P<name>{_NAME})\s*(?::(?:\s+(?P<rest>.*))?|：\s*(?P<wide>.*))$")),
]

# `\[29:18\] to \[29:22\]` after a label: a stretch of the recording without speech
_CLOCK_RANGE = re.compile(rf"^\\?\[(?P<start>{_CLOCK})\\?\]\s*(?:to|[-–—])\s*\\?\[(?P<end>{_CLOCK})\\?\]$")
# A transcript's time of day as briefings write it on a line of its own (`11:07 A.M. EST`), under the place.
_DATELINE = re.compile(r"^\d{1,2}:\d{2} [AP]\.M\.(?: [A-Z]{2,5})?$")
# What follows a time of day on a line of its own (`7:06 P.M. EST`); `00:41:02 am I matching…` is a timestamp.
_WALL_CLOCK = re.compile(r"^[AaPp]\.?[Mm]\.?(?:\s+[A-Z]{2,5})?\.?$")
# How the shapes without a colon open: `**Name**`, `Q  `/`A  `, a heading, a WebVTT voice.
_SHAPE_STARTS = ("**", "Q", "A", "#", "<v")
_VOICE_START = re.compile(r"^<v(?:\.[\w.-]+)?\s+(?P<name>[^>]+)>(?P<rest>.*)$")
_HEADING = re.compile(r"^#{1,6}\s")
_SPACELOG_META = re.compile(r"^_\w+\s*:")
_NOT_NAMES = {
    "note",
    "notes",
    "example",
    "slides",
    "slide",
    "tweet",
    "transcript",
    "podcast",
    "source",
    "update",
    "warning",
    "summary",
    "question",
    "answer",
    "http",
    "https",
    "video",
    "audio",
    "link",
    "links",
    "topic",
    "agenda",
    "date",
    "time",
    "location",
    "title",
    "edit",
    "ps",
}


@dataclass
class _Line:
    """A line of a turns transcript, classified: a speaker's turn, text, a break or a time."""

    kind: str  # "turn", "text", "break", "time"
    text: str = ""
    name: str | None = None
    time: float | None = None
    end: float | None = None  # a label over a clock range: where the range ends
    bold: bool = False
    written: str = ""  # a line that opens with a bare clock time (`8:30 Eastern.`), as written
    colonless: bool = False  # a bold lead-in without a colon (`**Annex I**`): a label only where the file says so
    clocked: bool = False  # the line opens with a bare clock time (before prose, a label or a voice tag)


_BOLD_LABEL = re.compile(r"^\*\*[^*\n]{1,60}:\*\*", re.MULTILINE)


def sniff(text: str) -> bool:
    body = FRONT_MATTER.sub("", text[:20000], count=1)
    if _BOLD_LABEL.search(body):
        return True  # `**Jerod Santo:**` is a speaker label, even in a one-voice episode
    lines = [_classify(line) for line in body.split("\n")[:400]]
    turns = [line for line in lines if line.kind == "turn" or line.time is not None]
    if any(line.name and is_upper_label(line.name) and len(line.name) > 1 for line in turns):
        return True  # `THE PRESIDENT:` opening a line is not prose
    return len(turns) >= 3 or (len(turns) >= 1 and len(turns) * 4 >= sum(1 for x in lines if x.kind != "break"))


def _classify(raw: str, continues: bool = False) -> _Line:
    """A line's shape. `continues`: the line above is not blank, so a time of day opening this one
    (`5:00 a.m. GMT.` under `embargoed until 1:00 a.m. Eastern and`) goes on a sentence, unless it is
    written as a dateline (`11:07 A.M. EST` under `South Lawn`)."""
    line = raw.replace("\u00a0", " ").rstrip()
    stripped = line.strip()
    if not stripped:
        return _Line("break")
    if ":" not in stripped and "：" not in stripped and not stripped.startswith(_SHAPE_STARTS):
        # Prose, at once: every other shape holds a colon (each time does, and a label) or opens with
        # one of `_SHAPE_STARTS`. Trying each pattern on each line was a fifth of a briefings build.
        return _Line("break") if stripped in ("---", "***") else _Line("text", stripped)
    if _HEADING.match(stripped) or stripped in ("---", "***"):
        return _Line("break")
    stretch = _CLOCK_RANGE.match(stripped)
    if stretch:  # `\[52:38\] to \[53:24\]` on a line of its own: a stretch without speech
        end = parse_clock(stretch["end"])
        if end is not None:
            return _Line("time", time=end)
    moment = _MOMENT.match(stripped)
    if moment:
        # `**Break:** \[29:18\] to \[29:22\]`, `Break: \[57:26\] to …`, `**Audio**: \[18:33\]`: a label over a
        # time and no words marks a moment in the recording (or heads a turn whose words follow).
        name, start, end = moment["name"].strip(), parse_clock(moment["start"]), moment["end"]
        end = parse_clock(end) if end else None
        if start is not None and _looks_like_name(name, strong=True):
            return _Line("turn", "", name, start, end, bold=stripped.startswith("**"))
        if start is not None:
            return _Line("time", time=end if end is not None else start)
    for kind, pattern in _LINE_SHAPES:
        match = pattern.match(stripped)
        if not match:
            continue
        groups = match.groupdict()
        time = parse_clock(groups["time"]) if groups.get("time") else None
        if groups.get("time") and time is None:
            continue
        rest = (groups.get("rest") or groups.get("wide") or "").strip()
        name = groups.get("name")
        if kind == "clock" and _WALL_CLOCK.match(rest):
            if continues and not _DATELINE.match(stripped):
                return _Line("text", stripped)
            return _Line("break")  # `7:06 P.M. EST` in a paragraph of its own: when, not of the recording
        if kind in ("bracket-time", "clock"):
            inner = _classify(rest) if rest else _Line("time")
            if inner.kind == "break":
                inner = _Line("time")
            if inner.time is None:
                inner.time = time
            inner.clocked = kind == "clock"
            if inner.kind == "text":
                inner.kind = "turn"  # a timestamped line starts a segment of its own
                if kind == "clock":  # a bare time before prose: a timestamp only if the file writes them so
                    inner.written = stripped  # (`_in_prose`)
            return inner
        if name is not None:
            name = name.strip(" -–—")
            colonless = kind == "bold" and ":" not in stripped[: match.start("rest")]
            handle = kind == "bold" and not colonless and bool(_HANDLE.match(name)) and fold(name) not in _NOT_NAMES
            if not (handle or _looks_like_name(name, strong=time is not None or kind in ("bold", "q"))):
                continue
            if kind == "bold":
                stretch = _CLOCK_RANGE.match(rest)
                if stretch:
                    start, end = parse_clock(stretch["start"]), parse_clock(stretch["end"])
                    if start is not None and end is not None:
                        return _Line("turn", "", name, start, end, bold=True)
                inner = _classify(rest) if rest else _Line("text")
                if not inner.clocked:  # (`**Brian:** 1:30 PM our time.`: a bare clock after a label is said)
                    time = inner.time
                    rest = inner.text if inner.kind != "turn" or inner.name is None else rest
            return _Line("turn", rest, name, time, bold=kind == "bold", colonless=colonless)
    voice = _VOICE_START.match(stripped)
    if voice:
        return _Line("turn", voice.group("rest"), voice.group("name").strip())
    return _Line("text", stripped)


# A name as its owner writes it online (`**conejoninja**:`, `**sam boyer:**`): a speaker where it is
# labelled in bold.
_HANDLE = re.compile(r"^[a-z][\w.-]{2,30}(?: [a-z][\w.-]{1,30}){0,2}$")
_MOMENT = re.compile(
    rf"^(?:\*\*)?(?P<name>[^*:\n\[\]]{{1,40}}?)(?::\*\*|\*\*:|:)\s*\\?\[\\*(?P<start>{_CLOCK})\\?\]"
    rf"(?:\s*(?:to|[-–—])\s*\\?\[\\*(?P<end>{_CLOCK})\\?\])?$"
)


def _looks_like_name(name: str, strong: bool) -> bool:
    words = name.replace("(", " ").replace(")", " ").split()
    if not words or len(words) > 6 or len(name) > 48:
        return False
    if fold(words[0]) in _NOT_NAMES and len(words) == 1:
        return False
    if is_upper_label(name):
        return True
    if is_caseless(name):
        return len(words) <= 4
    capitalised = sum(1 for w in words if w[:1].isupper() or w[:1].isdigit())
    if capitalised == len(words) or (strong and capitalised >= 1 and words[0][:1].isupper()):
        return True
    # `Phóng viên`, `Người dẫn`: a capital, then lower-case words, in a language with letters beyond
    # ASCII (taken where it opens two turns); in plain ASCII, `Nobody says STORY:` is prose.
    return words[0][:1].isupper() and len(words) <= 3 and not name.isascii()


def is_caseless(name: str) -> bool:
    """A name in a script without capitals (Han, Arabic, Devanagari, Thai ...): no letter has a case."""
    letters = [c for c in name if c.isalpha()]
    return bool(letters) and not any(c.isupper() or c.islower() for c in letters)


def _fully_capitalised(name: str) -> bool:
    words = name.replace("(", " ").replace(")", " ").split()
    return all(w[:1].isupper() or w[:1].isdigit() for w in words)


_MISSION_TIME = re.compile(r"^\[-?\d{2,3}:\d{2}:\d{2}:\d{2}\]\s*$")


def _without_metalines(lines: list[str]) -> list[str]:
    """Mission transcripts' metalines (`_page : 8`, `_images: [` and the indented JSON under it) are
    data about the log, not speech: out, with their continuation lines (loglines continue the same way,
    so only what follows a metaline goes)."""
    if not any(line.startswith("_") for line in lines):
        return lines
    out: list[str] = []
    in_meta = False
    for line in lines:
        if _SPACELOG_META.match(line):
            in_meta = True
            continue
        if in_meta and line[:1].isspace() and line.strip():
            continue
        in_meta = False
        out.append(line)
    return out


def parse(text: str) -> Parsed:
    data, body = front_matter(text)
    meta, listed = meta_from(data)
    # Links first, over line breaks too: a link is its words (`[Changelog++](https://…)`), wherever it is.
    raw = strip_links(drop_boilerplate(body)).split("\n")
    # A mission log's metalines are data; its indented lines continue the logline above.
    mission = any(_MISSION_TIME.match(line) for line in raw[:200])
    raw = _without_metalines(raw) if mission else raw
    lines = _in_prose(
        [
            _Line("text", line.strip())
            if mission and line[:1] in " \t"
            else _classify(line, bool(n and raw[n - 1].strip()))
            for n, line in enumerate(raw)
        ]
    )
    turns = _assemble(lines, _Labels.of(lines, listed))
    for turn in turns:
        turn.text = _with_corrections(turn.text)
    turns = split_at_listed_speakers([t for t in turns if t.text], listed)
    return Parsed(meta, _timed(turns, meta.duration))


# A file writes timestamps as bare clock times at line starts (`00:01:15 Good evening.`) when it does so at
# least this often, in order, on this share of its lines; elsewhere `8:30 Eastern.` after a line break is
# a time of day someone said.
BARE_TIMES_AT_LEAST = 3
BARE_TIMES_SHARE = 0.05


def _in_prose(lines: list[_Line]) -> list[_Line]:
    """The lines, those opening with a bare clock time read as text unless the file timestamps that way."""
    if not any(line.written for line in lines):
        return lines
    # Every line that opens with a clock counts, prose or not (`00:00:00 <v Michael Kennedy>Hello`).
    clocked = [line for line in lines if line.clocked]
    spoken = sum(line.kind != "break" for line in lines)
    times = [line.time for line in clocked]
    ordered = all(later >= earlier for earlier, later in pairwise(times))
    if len(clocked) >= BARE_TIMES_AT_LEAST and len(clocked) >= BARE_TIMES_SHARE * spoken and ordered:
        return lines
    return [_Line("text", line.written) if line.written else line for line in lines]


# A transcriber's correction, in escaped brackets (`\[million\]`, `\[handpicked\]` after a struck
# `<s>handicapped</s>`): what was meant, beside what was said. Both are kept, the correction in brackets.
_CORRECTION = re.compile(r"\\\[([^\[\]\\]{1,80})\\\]")  # (across a line break too)
# Mission transcripts link a word to the glossary or a time as `[glossary:S-IVB]` or `[time:115800|32:10]`:
# the words said are the link's text, or its key where it has none (`[03:00:23:17|72:23:17]`: no type).
_MISSION_LINK = re.compile(
    r"\[(?:(?:glossary|time|tim|type|person|article):([^\]|\n]*)|\d[\d:]*(?=\|))(?:\|([^\]\n]*))?\]"
)
_CLOCK_ONLY = re.compile(rf"^\s*{_CLOCK}\s*$")
_KEPT_OPEN, _KEPT_CLOSE = "\u27e6", "\u27e7"  # (held apart from sound cues' brackets while those go)


def _with_corrections(text: str) -> str:
    """A turn's words: Markdown and markup out, sound cues out, corrections kept in brackets."""

    def hold(match: re.Match[str]) -> str:
        inner = match.group(1)
        if _CLOCK_ONLY.match(inner):
            return " "  # `\[52:28\]` in the middle of a turn: a timestamp, not a word said
        if not any(c.isalnum() for c in inner) or is_sound_word(inner.split()[0]):
            return " "  # `\[inaudible\]`, `\[unintelligible 00:05:32.12\]`: a sound cue, even inside a parenthesis
        return f"{_KEPT_OPEN}{' '.join(inner.split())}{_KEPT_CLOSE}"

    text = _MISSION_LINK.sub(lambda m: m.group(2) or m.group(1), text)  # (links went from the whole body)
    text = drop_sound_cues(strip_markup(strip_markdown(_CORRECTION.sub(hold, text))))
    return text.replace(_KEPT_OPEN, "[").replace(_KEPT_CLOSE, "]")


@dataclass
class _Labels:
    """Which labels in a transcript name speakers, and how their names are written.

    A mixed-case label is a speaker when it is a full name (`Joe R Biden:`),
    opens two or more turns, is listed in the front matter or has a time.
    """

    counts: dict[str, int]  # label -> turns it opens
    known: set[str]  # the names the front matter lists, folded
    bold_labels: bool  # speakers are labelled in bold (`**Moby:**`): a bold label is one even if it speaks once
    codes: bool  # most labels are call signs (CDR, CC, CAPCOM): all are kept as written
    colonless_labels: bool = False  # speakers are labelled in bold without a colon, throughout

    @classmethod
    def of(cls, lines: list[_Line], listed) -> _Labels:
        counts: dict[str, int] = {}
        for line in lines:
            if line.kind == "turn" and line.name:
                counts[line.name] = counts.get(line.name, 0) + 1
        labelled = [line for line in lines if line.kind == "turn" and line.name]
        bold_labels = len(labelled) >= 3 and sum(line.bold for line in labelled) * 2 > len(labelled)
        # Mission transcripts label turns with call signs (CDR, CC, ICC, CAPCOM):
        # where most labels are short codes, all labels are kept as written.
        upper = [name for name in counts if is_upper_label(name)]
        code_like = [n for n in upper if len(n) <= 4 and " " not in n and "." not in n]
        codes = len(code_like) >= 2 and len(code_like) >= 0.5 * len(upper)
        # A bold lead-in without a colon (`**Annex I**`, `**Here's what they're saying**`) is a heading, unless
        # the file labels its speakers that way throughout: most of its labels, three at least, and names that
        # come back (people speak again; a document's headings are each written once).
        bold_only = [line.name for line in labelled if line.colonless]
        colonless_labels = (
            len(bold_only) >= 3 and len(bold_only) * 2 > len(labelled) and len(set(bold_only)) * 2 <= len(bold_only)
        )
        return cls(counts, {fold(name) for name in listed}, bold_labels, codes, colonless_labels)

    def speaker_of(self, name: str) -> str:
        return name if self.codes and is_upper_label(name) else readable_speaker(name)

    def accepted(self, line: _Line) -> bool:
        name = line.name
        if line.colonless and not self.colonless_labels:
            return False
        # A name without capitals, or with lower-case words after the first, says less: only where it
        # opens two or more turns (or the front matter lists it, or it has a time).
        strict = is_caseless(name) or not (is_upper_label(name) or _fully_capitalised(name)) if name else False
        return bool(name) and (
            self.counts[name] >= 2
            or (len(name.split()) >= 2 and not strict)
            or is_upper_label(name)
            or fold(name) in self.known
            or line.time is not None
            or (self.bold_labels and line.bold)
        )


def _assemble(lines: list[_Line], labels: _Labels) -> list[Turn]:
    """The classified lines as turns: a turn per accepted label, other lines joined to the turn before
    them, times from the turn's own label, a time mark before it, or the block's time."""
    turns: list[Turn] = []
    current: Turn | None = None
    pending_time: float | None = None
    # A timestamp alone on its line heads a block of turns (mission transcripts).
    block_time: float | None = None
    for i, line in enumerate(lines):
        if line.kind == "break":
            continue
        if _is_time_mark(line, lines, i):
            if current is not None and current.end is None and current.start is not None:
                current.end = max(current.start, line.time)
            pending_time = line.end if line.end is not None else line.time
            continue
        if line.kind == "time":
            pending_time = block_time = line.time
            continue
        if line.time is not None:
            block_time = None  # a turn's own time supersedes the block's
        heading = line.kind == "turn" and line.name and not line.text and line.time is None
        if heading and len(line.name.split()) >= 2 and _heads_a_label(lines, i):
            # `**Climate Advocacy Organizations:**` over `**Ben Jealous, Sierra Club:** “…”`: a heading
            # over the speakers of a list, its words nobody's speech. (One word over nothing, `**Break:**`,
            # marks a moment.)
            current = Turn(text=line.name, speaker="", start=pending_time)
            turns.append(current)
            pending_time = None
            continue
        if line.kind == "turn" and (line.name is None or labels.accepted(line)):
            speaker = labels.speaker_of(line.name) if line.name else (current.speaker if current else "")
            start = next((t for t in (line.time, pending_time, block_time) if t is not None), None)
            current = Turn(
                text=_without_stage_direction(line.text), speaker=speaker, start=start, label=line.name or ""
            )
            turns.append(current)
            pending_time = None
            continue
        if line.colonless and not line.text:
            # A heading (`**Egg Roll**`, `**Annex I**`): words of the document, nobody's speech. They open a
            # passage of their own with no speaker, which the lines under them continue.
            current = Turn(text=line.name, speaker="", start=pending_time)
            turns.append(current)
            pending_time = None
            continue
        if line.kind == "text":
            # A parenthesis on a line of its own is a stage direction (`(The audience sings “Happy
            # Birthday”)`): read as a sound cue whole, before the line joins the turn.
            text = _without_stage_direction(line.text)
            if not text:
                continue
        else:
            text = f"{line.name} {line.text}" if line.colonless else f"{line.name}: {line.text}"
        if current is None or pending_time is not None:
            speaker, label = (current.speaker, current.label) if current else ("", "")
            current = Turn(text="", speaker=speaker, start=pending_time, label=label)
            turns.append(current)
            pending_time = None
        current.text = f"{current.text} {text}" if current.text else text
    return turns


_ONE_PARENTHESIS = re.compile(r"^\([^()]*\)$")


def _heads_a_label(lines: list[_Line], at: int) -> bool:
    """Whether the next line with words after `at` opens another labelled turn."""
    following = next((line for line in lines[at + 1 :] if line.kind != "break"), None)
    return following is not None and following.kind == "turn" and bool(following.name)


def _without_stage_direction(text: str) -> str:
    """A line's text, or nothing where the line is a stage direction in parentheses of its own: two words
    or more (`(The audience sings “Happy Birthday”)`) or a sound (`(Laughter)`). One other word is a
    wrapped line's abbreviation or a note (`(USDA)`, `(Reappointment)`): kept."""
    if not _ONE_PARENTHESIS.match(text.strip("*_ ")):  # (in italics too: `*(Cue "Weird Al")*`)
        return text  # (`(Applause.)  And Mary … (Applause.)` is a line of speech between two cues)
    inner = text.strip("*_ ")[1:-1].split()
    if len(inner) >= 2 or (inner and is_sound_word(inner[0])):
        return drop_sound_cues(text.strip("*_ "))
    return text


def _is_time_mark(line: _Line, lines: list[_Line], at: int) -> bool:
    """A label with a time and no words, followed by another label, not by the words of its turn."""
    if line.kind != "turn" or not line.name or line.text or line.time is None:
        return False
    following = next((x for x in lines[at + 1 :] if x.kind != "break"), None)
    return following is None or (following.kind == "turn" and following.name is not None)


def _timed(turns: list[Turn], duration: float | None) -> list[Turn]:
    """Turns that all carry a start are merged like cues; others keep their own shape."""
    if not turns or any(t.start is None for t in turns):
        return turns
    cues = []
    starts = [t.start for t in turns]
    for i, turn in enumerate(turns):
        following = next((s for s in starts[i + 1 :] if s is not None and s > turn.start), None)
        cues.append(Cue(turn.start, speaking_end(turn.start, turn.text, following), turn.text, turn.speaker))
    return merge_cues(cues)
