"""What a transcript file says, read by its format's definition alone: the oracle of the words-kept test.

soundbite's readers are forgiving, heuristic and fast; this module is none of
those. For each format it takes the file's text and removes only what the
format itself defines as not speech (headers, cue numbers and identifiers,
timings and cue settings, NOTE/STYLE/REGION blocks, markup, front matter),
line by line, with nothing shared with the readers but the documented rules
of what a person did not say (`RULES`). The test compares its words with the
words of the passages soundbite builds from the same file.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections import Counter
from pathlib import Path

# A word: letters and digits, with inner apostrophes. Scripts written without spaces (Chinese, Japanese,
# Thai...) are compared character by character, since a reader may join their lines without a space.
WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
UNSPACED = re.compile(r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def words(text: str) -> list[str]:
    """The words of `text`, folded: what the comparison counts."""
    out: list[str] = []
    text = _CONTROL.sub("", text)  # (control characters are never text: the readers drop them)
    for word in WORD.findall(unicodedata.normalize("NFC", text)):
        word = word.casefold().replace("’", "'")
        if UNSPACED.search(word):
            out.extend(ch for ch in word if ch.isalnum())
        else:
            out.append(word)
    return out


# --- the rules: what a person did not say, as soundbite's documentation states it --------------------

RULES = {
    "sound cues": "a bracketed or parenthesised description of a sound ([LAUGHTER], (applause), ♪ music ♪), "
    "a stage direction on a line of its own, a transcriber's \\[inaudible\\]",
    "adverts": "a subtitle site's or transcription app's credit line (Downloaded from www.allsubs.org)",
    "zero-length cues": "a caption that starts and ends at the same instant is never on screen (with a note)",
    "rolling captions": "in a file of rolling captions, a line shown again at the start of the next cue (with a note)",
    "labels": "a speaker's name written before their words is the passage's speaker, not its text",
    "moments": "a label over a time and no words (**Break:** \\[29:18\\] to \\[29:22\\]), or one word over "
    "nothing before the next label (**Break:**)",
    "headings": "a Markdown heading (## Remarks); a bold heading's words are kept, as a passage of no speaker",
    "datelines": "a briefing's time of day on a line of its own (2:35 P.M. EST)",
    "one language": "of a file with captions in several languages, the language with most captions (with a note)",
    "time order": "captions are read in the order of their start times, not the order the file lists them",
    "mislabelled files": "a file that is not in the format its name says is refused, and says so",
}


def not_speech(line: str) -> str:
    """A line of speech without the rules' sound cues and adverts."""
    from indexer.transcripts.cues import is_advert
    from indexer.transcripts.text import drop_sound_cues

    line = drop_sound_cues(line)
    return "" if is_advert(line) else line


# --- timed captions: SubRip, WebVTT, SBV -----------------------------------------------------------

_TIMING = re.compile(r"^\s*[\d:.,]+\s*-+>|^\s*\d+:\d{2}:\d{2}\.\d+,\d+:\d{2}:\d{2}\.\d+\s*$")  # SRT, WebVTT; SBV
_NOT_CUES = ("NOTE", "STYLE", "REGION")


def caption_cues(text: str) -> list[list[str]]:
    """Each cue's lines of text, by the SubRip/WebVTT/SBV layout: a timing line opens a cue, whose text
    runs to a blank line. WebVTT's header (to the first blank line), its NOTE/STYLE/REGION blocks and a
    cue's number or identifier (the line above its timing line) are not text; text after a blank line
    without a timing line of its own goes on the cue before (its timing line is missing)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff").split("\n")
    cues: list[list[str]] = []
    zero: set[int] = set()
    starts: list[float] = []
    vtt = lines[0].startswith("WEBVTT")
    skipping = vtt  # in the header, or a block that is not a cue
    in_cue = False
    for n, line in enumerate(lines):
        following = lines[n + 1] if n + 1 < len(lines) else ""
        if _TIMING.search(line):
            cues.append([])
            starts.append(_start(line, starts[-1] if starts else 0.0))
            skipping, in_cue = False, True
            if _zero_length(line):
                zero.add(len(cues) - 1)
        elif not line.strip():
            skipping = in_cue = False
        elif skipping or (vtt and not cues):
            continue  # (WebVTT: a block before the first cue with no timing line is no cue)
        elif not in_cue and line.split(" ")[0].strip() in _NOT_CUES:
            skipping = True
        elif _TIMING.search(following) and (not in_cue or line.strip().isdigit()):
            continue  # the next cue's identifier or number
        elif not in_cue and line.strip().isdigit():
            in_cue = True  # the number of a cue whose timing line is missing
            if not cues:
                cues.append([])
                starts.append(0.0)
        else:
            if not cues:
                cues.append([])
                starts.append(0.0)
            cues[-1].append(line)
            in_cue = True
    timed = [(start, cue) for n, (start, cue) in enumerate(zip(starts, cues, strict=True)) if n not in zero]
    return in_time_order(timed)


def in_time_order(timed: list[tuple[float, list[str]]]) -> list[list[str]]:
    """The rule `time order`: cues are read in the order of their start times (stable: as written on a tie)."""
    return [cue for _, cue in sorted(timed, key=lambda pair: pair[0])]


def _seconds(clock: str) -> float:
    total = 0.0
    for part in clock.replace(",", ".").split(":"):
        total = total * 60 + float(part)
    return total


def _start(timing: str, before: float) -> float:
    """A timing line's start; one that cannot be read is at the cue before (as the reader keeps it)."""
    found = re.match(r"^\s*(\d+(?::\d+)*(?:[.,]\d+)?)\s*(?:-+>|,)\s*(\d+(?::\d+)*(?:[.,]\d+)?)\s*(?:\s|$)", timing)
    return _seconds(found.group(1)) if found else before


def _zero_length(timing: str) -> bool:
    """The rule `zero-length cues`: a cue that starts and ends at the same time is never on screen."""
    times = re.findall(r"\d+(?::\d+)*(?:[.,]\d+)?", timing)
    if "-->" not in timing or len(times) < 2:
        return False

    return _seconds(times[0]) == _seconds(times[1])


# Tags (`<i>`, `<v Anne>`, `< /  i >`, `<00:00:04.160>`) and SubStation overrides (`{\\an8}`).
_MARKUP = re.compile(r"</?[A-Za-z][^<>\n]*>|<\s*/?\s*[A-Za-z]+\s*>|<\d+(?::\d+)+(?:[.,]\d+)?>|\{\\[^{}]*\}")


def cue_text(line: str) -> str:
    """A caption line's text: markup out, entities read (markup escaped twice, `&lt;i&gt;`, is markup too)."""
    return _MARKUP.sub(" ", html.unescape(_MARKUP.sub(" ", line)))


# --- speaker-turn transcripts: text and Markdown, debate `.said`, mission logs -----------------------

_FRONT_MATTER = re.compile(r"\A\ufeff?---\n.*?\n(?:---|\.\.\.)\n", re.S)
# A time where the shapes put one: opening a line (`00:00:08`, `[00:01:02]`, `\[13:57\]`, `[-00:00:00:10]`),
# after a label (`Name (12:34):`, `Name – 00:02:02:`, `Speaker 0: 00:00:16`) or closing a break (`to [29:22]`).
_CLOCK = r"-?\d{1,3}(?::\d{2}){1,3}(?:[.,]\d+)?"
_BARE_CLOCK = re.compile(r"^\s*(\d{1,3}(?::\d{2}){1,2})(?![\d:])")
_LINE_TIME = re.compile(rf"^\s*(?:\\?\[{_CLOCK}\\?\]|\({_CLOCK}\)|{_CLOCK}(?![\d:]))")
_LABEL_TIME = re.compile(
    rf"^(\**[^\W\d_][\w.'’\- ]{{0,40}}?\**)(?:\s*\(\s*{_CLOCK}\s*\)|\s+[-–—]\s+{_CLOCK}|\s{{2,}}{_CLOCK}\s*$"
    rf"|:\s+\\?\[?{_CLOCK}\\?\]?|\s+{_CLOCK}(?=:))"
)
_TIME_RANGE = re.compile(rf"\\?\[{_CLOCK}\\?\]\s*(?:to|[-–—])\s*\\?\[{_CLOCK}\\?\]")
_MD_LINK = re.compile(r"!?\[((?:[^\[\]\\]|\\.)*)\]\((?:[^()\s]|\([^()\s]*\))*\)")
_SPACELOG_LINK = re.compile(r"\[(?:\w+:([^\]|\n]*)|([\d:]+))(?:\|([^\]\n]*))?\]")
_CORRECTION = re.compile(r"\\\[([^\[\]\\]{1,80})\\\]")
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)


# A bracketed time is a timestamp wherever it is (Changelog), with a stray escape too (`\[\\00:24:22.17\]`).
_BRACKET_TIME = re.compile(rf"\\?\[\s*\\*{_CLOCK}\s*\\?\]")
_MOMENT = re.compile(
    rf"^\s*(?:\*\*)?[^*:\n]{{1,30}}(?::\*\*|\*\*:|:)\\?\s*(?:\\?\[\\*{_CLOCK}\\*\]\s*(?:to|[-–—])?\s*)+$"
)


def _correction(match: re.Match[str]) -> str:
    """A transcriber's correction in escaped brackets (`\\[million\\]`) is what was meant: its words
    count, unless it describes a sound (its first word one of `SOUND_WORDS`)."""
    from indexer.transcripts.text import SOUND_WORDS

    inner = match.group(1)
    return " " if inner.strip(" .").split(" ")[0].lower() in SOUND_WORDS else f" {inner} "


def turns_lines(text: str, mission: bool) -> list[str]:
    """The lines of speech of a speaker-turn transcript: front matter, headings, comments, mission
    metalines and times out; labels kept (the comparison counts names apart)."""
    text = _HTML_COMMENT.sub(" ", _FRONT_MATTER.sub("", text.replace("\r\n", "\n"), count=1))
    lines = text.split("\n")
    # The rule `times in prose`: a bare clock time opening a line is a timestamp only in a file that opens
    # its lines with them, three times at least, on a twentieth of its lines, never going back.
    bare = [_seconds(m.group(1)) for line in lines if (m := _BARE_CLOCK.match(line))]
    spoken = sum(1 for line in lines if line.strip())
    timestamps = len(bare) >= 3 and len(bare) * 20 >= spoken and bare == sorted(bare)
    out: list[str] = []
    in_meta = False
    for n, line in enumerate(lines):
        said_clock = not timestamps and _BARE_CLOCK.match(line)  # (words of a sentence, not a timestamp)
        if mission:
            if line.startswith("#"):
                continue  # a comment
            if line.startswith("_"):
                in_meta = True  # a metaline (`_page : 8`, `_images: [`), continued by indented lines
                continue
            if in_meta and line[:1].isspace() and line.strip():
                continue
            in_meta = False
        elif re.match(r"^\s{0,3}#{1,6}\s", line):
            continue  # a Markdown heading
        if _WALL_CLOCK_LINE.match(line) and (_DATELINE.match(line.strip()) or not (n and lines[n - 1].strip())):
            continue  # a briefing's time of day, on its own line (`4:05 P.M. EDT`): when, not what was said
        if _MOMENT.match(line):
            continue  # `**Break:** \[29:18\] to \[29:22\]`: a moment in the recording, no speech
        line = _TIME_RANGE.sub(" ", line)
        if not said_clock and (not mission or line.lstrip().startswith("[")):  # (a log's are in brackets)
            line = _LINE_TIME.sub(" ", line, count=1)
        line = _LABEL_TIME.sub(r"\1", line, count=1)
        line = _BRACKET_TIME.sub(" ", line)
        if mission:  # a link's text (or key) is what was said; `\\n` in a log is a line break
            line = _SPACELOG_LINK.sub(lambda m: m.group(3) or m.group(1) or m.group(2), line).replace("\\n", " ")
        out.append(line)
    return out


# A censored word (`B*****ds`, `sh***y`): no emphasis. (Four, `**Fifth****National**`, are two bold words.)
_CENSORED = re.compile(r"(?<![*])\*{3}(?![*])|\*{5,}")
_GLUED_LABEL = re.compile(r"(?<=[^\W_])\*\*(?=[^\W_][^*\n]{0,60}:\*\*)")
_LEADING_LABEL = re.compile(r"^\s*(\**[^\W\d_][^:()\n]{0,47}?:\**)(?:\s|$)")  # (a name: 48 characters)
_DATELINE = re.compile(r"^\d{1,2}:\d{2} [AP]\.M\.(?: [A-Z]{2,5})?$")
_WALL_CLOCK_LINE = re.compile(r"^\s*\d{1,2}:\d{2}\s*[AaPp]\.?\s?[Mm]\.?(?:\s+[A-Z]{2,5})?\s*$")


def _paragraph_speech(
    paragraph: str, sound_cues: bool = True, names: frozenset[str] = frozenset(), before_a_label: bool = True
) -> str:
    """A paragraph's words as speech: not its sound cues and adverts. A label at its start (a speaker's
    name, as `names` has them; a call sign in capitals; one word over nothing before another label, as
    `**Break:**`) is kept apart from the sound-cue rule (`Q: (laughs)` is a whole cue) and over no words
    says nothing (`UNK: ...`)."""
    text = " ".join(line.strip() for line in paragraph.split("\n") if line.strip())
    text = _MD_LINK.sub(r"\1", _MD_LINK.sub(r"\1", text))  # (twice: an image inside a link)
    text = cue_text(_CORRECTION.sub(_correction, text))
    # Markdown's emphasis is markup inside a word too (`*Fortune*’s`); a label glued to the word before it
    # (`205**Johnny B:**`) is apart from it.
    text = _GLUED_LABEL.sub(" ", _CENSORED.sub(" ", text)).replace("*", "")
    if not sound_cues:
        return text
    label = _LEADING_LABEL.match(text)
    said = words(label.group(1)) if label else []
    bare = label is not None and not any(c.isalnum() for c in text[label.end() :])
    moment = len(said) == 1 and bare and before_a_label
    speaker = set(said) <= names or label.group(1).upper() == label.group(1) or moment if said else False
    if not (speaker and len(said) <= 6):
        label = None  # (`Dear Mr. Speaker: (Dear Madam President:)`, `TO ALL TO WHOM …:` are words)
    head, rest = (label.group(1), text[label.end() :]) if label else ("", text)
    rest = not_speech(rest)
    if label and not any(c.isalnum() for c in rest):
        return ""  # a label over no words (`UNK: ...`, `**Name:** [laughs]`, `**Break:**`): no passage
    return f"{head} {rest}"


# --- markup captions: TTML/DFXP and SAMI ----------------------------------------------------------


def ttml_captions(text: str) -> list[tuple[str, str]]:
    """(language, text) of each `<p>` in a TTML document's body, read by the standard library's XML
    parser; a `<br/>` is a line break. Where the document is not well-formed XML, its paragraphs by
    pattern."""
    import xml.etree.ElementTree as ET

    try:
        root = ET.fromstring(text.lstrip("\ufeff \n\t").encode("utf-8"))
    except ET.ParseError:  # not well-formed: the paragraphs as written, by pattern
        paragraphs = re.findall(r"(?is)<(?:\w+:)?p\b[^>]*>(.*?)</(?:\w+:)?p\s*>", text.split("<body", 1)[-1])
        return [("", re.sub(r"<[^<>]*>", " ", re.sub(r"(?i)<br\s*/?>", "\n", p))) for p in paragraphs]
    lang_key = "{http://www.w3.org/XML/1998/namespace}lang"
    out: list[tuple[str, str]] = []

    def walk(element, language: str, in_body: bool) -> None:
        language = element.get(lang_key, language)
        name = element.tag.rsplit("}", 1)[-1]
        if name in ("head", "metadata"):
            return
        if name == "p" and in_body:
            out.append((language, _ttml_text(element)))
            return
        for child in element:
            walk(child, language, in_body or name == "body")

    walk(root, "", False)
    return out


def _ttml_text(element) -> str:
    parts = [element.text or ""]
    for child in element:
        name = child.tag.rsplit("}", 1)[-1]
        if name == "br":
            parts.append("\n")
        elif name != "metadata":
            parts.append(_ttml_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


_SYNC = re.compile(r"(?is)<sync\b[^>]*>")
_P_OPEN = re.compile(r"(?is)<p\b([^>]*)>")
_CLASS = re.compile(r"(?i)class\s*=\s*[\"']?([\w-]+)")
_COMMENT = re.compile(r"(?s)<!--.*?-->")


def sami_captions(text: str) -> list[tuple[str, str]]:
    """(class, text) of each caption of a SAMI file: the body's `<SYNC>` blocks, each split at its `<P>`s
    (HTML leaves both open), tags out and entities read (`&nbsp;` clears the screen)."""
    body = re.split(r"(?i)<body\b[^>]*>", _COMMENT.sub(" ", text), maxsplit=1)[-1]
    out: list[tuple[str, str]] = []
    for block in _SYNC.split(body)[1:]:
        pieces = _P_OPEN.split(block)
        if pieces[0].strip():
            out.append(("", pieces[0]))
        for attributes, caption in zip(pieces[1::2], pieces[2::2], strict=True):
            found = _CLASS.search(attributes)
            out.append((found.group(1).lower() if found else "", caption))
    return [(k, html.unescape(re.sub(r"(?i)<br\s*/?>", "\n", _TAG_ANY.sub(_keep_br, c)))) for k, c in out]


_TAG_ANY = re.compile(r"<[^>]*>")


def _keep_br(match: re.Match[str]) -> str:
    return match.group(0) if re.match(r"(?i)<br\b", match.group(0)) else " "


def one_language(captions: list[tuple[str, str]]) -> list[str]:
    """The rule `one language`: of captions in several languages (or classes), those of the language
    with most captions; a caption that names none is read with it."""
    counts: dict[str, int] = {}
    for language, caption in captions:
        if language and caption.strip():
            counts[language] = counts.get(language, 0) + 1
    if len(counts) <= 1:
        return [caption for _, caption in captions]
    chosen = max(sorted(counts), key=lambda lang: (counts[lang], lang.lower().startswith("en")))
    return [caption for language, caption in captions if language in ("", chosen)]


# --- SubStation Alpha --------------------------------------------------------------------------


def substation_lines(text: str) -> list[str]:
    """The text field of each `Dialogue:` line under `[Events]` (the last of the fields its `Format:`
    line lists), override blocks out, `\\N` and `\\n` as line breaks, `\\h` as a space."""
    fields = 10
    out: list[tuple[float, list[str]]] = []
    in_events = False
    for line in text.replace("\r\n", "\n").split("\n"):
        stripped = line.strip()
        if stripped.startswith("["):
            in_events = stripped.lower() == "[events]"
        elif in_events and stripped.lower().startswith("format:"):
            fields = len(stripped.split(":", 1)[1].split(","))
        elif in_events and stripped.startswith("Dialogue:"):
            values = stripped.split(":", 1)[1].split(",", fields - 1)
            value = re.sub(r"\{[^{}]*\}", "", values[-1])
            start = values[1].strip() if len(values) > 2 else "0"
            clock = 0.0 if start.startswith("-") else _seconds(start) if re.fullmatch(r"[\d:.]+", start) else 0.0
            out.append((clock, [value.replace("\\N", "\n").replace("\\n", "\n").replace("\\h", " ")]))
    return ["\n".join(cue) for cue in in_time_order(out)]


# --- rolling captions -----------------------------------------------------------------------------


def unrolled(cues: list[str]) -> list[str]:
    """The rule `rolling captions`: where at least three cues, and half of all, open with the line the
    cue before ended with, a line shown again at the start of the next cue is read once."""

    def lines(cue: str) -> list[str]:
        return [" ".join(words(line)) for line in cue.split("\n") if words(line)]

    pairs = repeats = 0
    previous: list[str] = []
    for cue in cues:
        current = lines(cue)
        if not current:
            continue
        if previous:
            pairs += 1
            repeats += current[0] == previous[-1]
        previous = current
    if not (repeats >= 3 and repeats * 2 >= pairs):
        return cues
    out: list[str] = []
    previous = []
    for cue in cues:
        current = lines(cue)
        out.append("\n".join(line for line in current if line not in previous))
        previous = current or previous
    return out


# --- the oracle ---------------------------------------------------------------------------------


def said(format_name: str, path: Path, text: str, names: frozenset[str] = frozenset()) -> list[str] | None:
    """The words `path` says read as `format_name` (the format soundbite detected: which format a file is
    in is tested elsewhere), or None for a format the oracle does not read. `names`: the words of the
    speakers soundbite found, which tell a speaker's label from a sentence that has a colon in it."""
    if format_name in ("srt", "vtt", "sbv"):
        cues = caption_cues(text)
        return _caption_words(["\n".join(cue) for cue in cues])
    if format_name in ("dfxp", "ttml"):
        return _caption_words(one_language(ttml_captions(text)))
    if format_name == "sami":
        return _caption_words(one_language(sami_captions(text)))
    if format_name == "substation":
        return _caption_words(substation_lines(text))
    if format_name == "scc":
        return _caption_words(unrolled(_scc_captions(text)))
    if format_name == "podcast-json":
        return _caption_words([segment.get("body", "") for segment in json.loads(text).get("segments", [])])
    if format_name in ("podcast-html", "archive-html"):
        return _caption_words(_html_speech(text, format_name))
    if format_name == "dataset":
        return _caption_words(_dataset_texts(text, path))
    if format_name in ("turns", "plain"):
        mission = path.suffix == "" and not path.name.startswith(".")
        paragraphs = re.split(r"\n\s*\n", "\n".join(turns_lines(text, mission)))
        # (Plain prose has no sound cues to drop: its parentheses are the writer's.)
        turns = format_name == "turns"
        labelled = [bool(_LEADING_LABEL.match(_GLUED_LABEL.sub(" ", p.strip()).replace("*", ""))) for p in paragraphs]
        return [
            w
            for n, paragraph in enumerate(paragraphs)
            for w in words(_paragraph_speech(paragraph, turns, names, all(labelled[n + 1 : n + 2])))
        ]
    return None


_LABEL_ONLY = re.compile(r"^\s*[^\W\d_a-z][^\W_a-z]*(?: [^\W_a-z]+){0,3}:\s*$")  # `MÄRTHA:` over no words
_CHEVRON_LABEL = re.compile(r">>\s*[^\W\d_][\w'’.-]*(?: [^\W\d_][\w'’.-]*)?\s*:(?=\s)")


def _caption_words(captions: list[str]) -> list[str]:
    """The words of captions: markup, sound cues and adverts out, a speaker at a time (a sound cue never
    runs over a `>>`), and a label after `>>` (`>> eric:`, `>> reporter:`) kept apart: it names or
    describes the speaker."""
    pieces = (piece for caption in captions for piece in _CHEVRON_LABEL.sub(">> ", caption).split(">>"))
    return [
        w
        for piece in pieces
        if not _LABEL_ONLY.match(piece)
        for w in words(not_speech(" ".join(cue_text(piece).split())))
    ]


def _scc_captions(text: str) -> list[str]:
    """An SCC file's captions as the format's reference library reads the CEA-608 codes (pycaption:
    decoding those codes is its whole job, not a reading of what is speech)."""
    from pycaption import SCCReader

    class Lenient(SCCReader):
        def _validate_captions(self, captions, lang):
            pass

    if not text.lstrip("\ufeff \n").startswith("Scenarist_SCC"):
        text = "Scenarist_SCC V1.0\n\n" + text.lstrip("\ufeff \n")
    captions = Lenient().read(text)
    return [
        c.get_text().replace("\u00a0", " ") for lang in captions.get_languages() for c in captions.get_captions(lang)
    ]


def _html_speech(text: str, format_name: str) -> list[str]:
    """The words of a podcast page's `<p>` paragraphs, or of an archive page's `snipin` snippets, read
    by the standard library's HTML parser (scripts and styles are no speech)."""
    from html.parser import HTMLParser

    class Reader(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.depth = 0
            self.parts: list[str] = []

        def wanted(self, tag: str, attrs) -> bool:
            if format_name == "archive-html":
                return tag == "div" and "snipin" in (dict(attrs).get("class") or "")
            return tag == "p"

        def handle_starttag(self, tag, attrs):
            if self.depth:
                self.depth += tag not in ("br", "img", "meta", "link", "input", "hr")
            elif self.wanted(tag, attrs):
                self.depth = 1
                self.parts.append("")

        def handle_endtag(self, tag):
            if self.depth and tag not in ("br", "img", "meta", "link", "input", "hr"):
                self.depth -= 1

        def handle_data(self, data):
            if self.depth:
                self.parts[-1] += data

    reader = Reader()
    reader.feed(text)
    return reader.parts


def _dataset_texts(text: str, path: Path) -> list[str]:
    """The text column of each row, by the dataset format's documented column names."""
    import csv

    names = ("text", "transcript", "body", "content", "caption", "captions", "cc")
    if path.suffix in (".jsonl", ".ndjson"):
        rows = [json.loads(line) for line in text.splitlines() if line.strip()]
    else:
        csv.field_size_limit(1 << 30)
        rows = list(csv.DictReader(text.splitlines(), delimiter="\t" if path.suffix == ".tsv" else ","))
    out = []
    for row in rows:
        folded = {str(k).lower(): v for k, v in row.items() if k}
        column = next((name for name in names if name in folded), None)
        out.append(str(folded[column] or "") if column else "")
    return out


def compare(expected: list[str], passages, names: set[str]) -> tuple[Counter, Counter]:
    """What the passages lost and added against `expected`, speakers' names compared as names."""
    got = Counter(w for p in passages for w in words(p.text) if w not in names)
    want = Counter(w for w in expected if w not in names)
    return want - got, got - want


def speaker_names(passages) -> frozenset[str]:
    return frozenset(w for p in passages for w in words(f"{p.label or ''} {p.speaker or ''}"))


def load_json(text: str):
    return json.loads(text)
