"""Broadcast caption formats read with caption libraries: SCC, TTML/DFXP and SAMI (pycaption), SubStation (pysubs2).

    Scenarist_SCC V1.0                                   SCC: CEA-608 codes, pop-on, roll-up, paint-on
    00:00:00:00   9420 9420 94d0 94d0 3e3e 20d2 ...      (frame timecodes; `;` for drop-frame)
    <tt xmlns="http://www.w3.org/ns/ttml"> <p begin="00:00:01.000" ...>   TTML / DFXP
    <SAMI> <SYNC Start=9209><P Class=ENCC>( clock ticking )               SAMI
    [Events] Dialogue: 0,0:00:01.00,0:00:04.00,Default,Ann,...            SubStation (.ass, .ssa)

PBS's pycaption decodes the CEA-608 byte codes (a pop-on caption starts when
it is shown, at its end-of-caption command, not where loading began) and the
XML and HTML dialects; measured on captions it wrote from texts of ours and
on the corpus's SAMI and SCC files before it was chosen (see docs/formats.md).
Two fixes are made to it: an SCC timecode is converted exactly at 29.97
frames a second, drop-frame included (pycaption takes a drop-frame label for
wall clock time, up to two frames off), and a file with a line over 32
characters or a caption shown under 0.05 s is read, not refused. Cues then go through the same cleaning and
merging as SRT: `>>` turns, `>> NAME:` speakers, sound cues dropped.
"""

from __future__ import annotations

import re
import warnings

from indexer.errors import UnreadableFile
from indexer.model import Parsed, TranscriptMeta
from indexer.transcripts.clock import timecode_seconds
from indexer.transcripts.cues import Cue, clean_cues, merge_cues

SCC = "scc"
DFXP = "dfxp"
SAMI = "sami"
SUBSTATION = "substation"


# An SCC line: a timecode, then caption codes (four hex digits each); some files leave out the header.
_SCC_LINE = re.compile(r"^\d{2}:\d{2}:\d{2}[:;]\d{2}[ \t]+[0-9a-fA-F]{4}(?:[ \t]+[0-9a-fA-F]{4})*[ \t]*$")


def sniff_scc(text: str) -> bool:
    head = text.lstrip("\ufeff \n")
    if head[:20].startswith("Scenarist_SCC"):
        return True
    lines = [line for line in head[:4000].splitlines() if line.strip()][:3]
    return bool(lines) and all(_SCC_LINE.match(line.strip()) for line in lines)


def sniff_dfxp(text: str) -> bool:
    head = text[:4000]
    return bool(re.search(r"<tt[\s>:]", head)) and ("ttml" in head or "dfxp" in head.lower() or "<body" in text[:50000])


def sniff_sami(text: str) -> bool:
    return bool(re.search(r"<SAMI\b", text[:4000], re.IGNORECASE)) and "<sync" in text[:200000].lower()


def sniff_substation(text: str) -> bool:
    head = text[:4000]
    return "[Script Info]" in head or ("[Events]" in text[:100000] and "Dialogue:" in text[:100000])


def _exact_scc_time(stamp: str, offset: float) -> float:
    """pycaption's SCC time (microseconds) from a timecode, exactly at 29.97 frames a second."""
    seconds = timecode_seconds(stamp)
    if seconds is None:
        from pycaption.exceptions import CaptionReadTimingError

        raise CaptionReadTimingError(f"not a timecode: {stamp}")
    return max(0.0, seconds * 1_000_000 - offset)


def _lenient_scc_reader():
    """pycaption's SCC reader without its strictness about what goes on air.

    Since 2.3 it refuses a whole file for one line over 32 characters or one
    caption shown under 0.05 s (loaded in one frame, erased in the next):
    broadcasters' files have both, and their words are worth indexing. Such a
    caption is kept; a zero-length one gets the usual note. (Defined here, not
    at import, so that importing the formats does not import pycaption.)
    """
    from pycaption import SCCReader
    from pycaption.exceptions import CaptionReadNoCaptions

    class LenientSCCReader(SCCReader):
        def _validate_captions(self, captions, lang):
            if captions.is_empty():
                raise CaptionReadNoCaptions("empty caption file")

    return LenientSCCReader()


def _read_with_pycaption(reader_name: str, text: str) -> list[Cue]:
    import pycaption
    from bs4.exceptions import ParserRejectedMarkup
    from pycaption.exceptions import CaptionReadError, CaptionReadNoCaptions
    from pycaption.scc import reader as scc_reader

    scc_reader._SccTimeTranslator._translate_time = staticmethod(_exact_scc_time)
    reader = _lenient_scc_reader() if reader_name == "SCCReader" else getattr(pycaption, reader_name)()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # bs4's notes on how pycaption parses its XML
            captions = reader.read(text)
    except CaptionReadNoCaptions:
        raise UnreadableFile("", "no captions in it") from None
    except (
        CaptionReadError,
        ParserRejectedMarkup,
        ValueError,
        KeyError,
        IndexError,
        AttributeError,
        TypeError,
        AssertionError,
    ) as exc:
        # The standard library's HTML parser asserts on some malformed declarations (`<![0`); the newer
        # BeautifulSoup turns that into ParserRejectedMarkup (Hypothesis found it in TTML).
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise UnreadableFile("", f"cannot read these captions ({reason[:120]})") from None
    languages = captions.get_languages()
    if not languages:
        raise UnreadableFile("", "no captions in it")
    # Several languages (SAMI classes): the one with the most captions.
    # On a tie, English, then the first by name: the reader's own order is a set's, different each run.
    language = max(
        sorted(languages), key=lambda lang: (len(captions.get_captions(lang)), lang.lower().startswith("en"))
    )
    cues = []
    for caption in captions.get_captions(language):
        start, end = caption.start / 1_000_000, caption.end / 1_000_000
        cues.append(Cue(start, max(start, end), caption.get_text().replace("\u00a0", " ")))
    return cues


def _parsed(cues: list[Cue], rolling: bool = False) -> Parsed:
    """Cues to turns. Only SCC's roll-up captions show a line again in the next cue; elsewhere a
    repeated line was said again."""
    cues.sort(key=lambda cue: cue.start)
    notes: list[str] = []
    return Parsed(TranscriptMeta(), merge_cues(clean_cues(cues, notes, rolling=rolling)), notes=notes)


_SCC_WORD = re.compile(r"^[0-9a-fA-F]{4}$")
# Codes that put a caption on screen: end of caption (pop-on), roll-up, paint-on, erase displayed memory.
_SCC_SHOWN = {"942f", "9425", "9426", "94a7", "9429", "942c"}


# An SCC line holds the codes of a caption or two (a few hundred characters); the reader's memory grows
# with a line's length many times over (one 50 MB line: 6.6 GB), so a line beyond this is refused.
MAX_SCC_LINE = 64 * 1024


def parse_scc(text: str) -> Parsed:
    longest = max(map(len, text.splitlines()), default=0)
    if longest > MAX_SCC_LINE:
        raise UnreadableFile("", f"an SCC line of {longest:,} characters: no caption is that long (not read)")
    if not text.lstrip("\ufeff \n").startswith("Scenarist_SCC"):
        text = "Scenarist_SCC V1.0\n\n" + text.lstrip("\ufeff \n")  # the header the reader expects
    parsed = _parsed(_read_with_pycaption("SCCReader", text), rolling=True)
    lines = [line.split() for line in text.splitlines() if re.match(r"^\d{2}:\d{2}:\d{2}[:;]\d{2}\s", line)]
    codes = lines[-1][1:] if lines else []
    if codes and not _SCC_WORD.match(codes[-1]):
        parsed.notes.append("the file ends in the middle of a caption code: read up to there")
    elif codes and not _SCC_SHOWN & {code.lower() for code in codes}:
        parsed.notes.append("the last caption is never shown (the file ends before its display code): left out")
    return parsed


MAX_DEPTH = 200  # elements inside elements: captions need a handful; 100,000 kept the HTML parser busy for minutes
_TAG = re.compile(r"<(/?)([A-Za-z][\w:.-]*)[^<>]*?(/?)>")
# Elements HTML (and so SAMI) leaves open: the next one of the same name, or the end of what holds
# them, closes them (`<SYNC Start=1000><P>…<SYNC Start=2000><P>…` is two cues side by side, not nested).
_CLOSED_BY_THE_NEXT = {"p", "sync", "li", "tr", "td", "th", "br", "hr", "img", "meta", "link", "source"}


def check_depth(text: str) -> None:
    """UnreadableFile for markup nested deeper than any caption file is (read in one linear pass)."""
    open_names: list[str] = []
    for match in _TAG.finditer(text):
        closing, name, empty = match.group(1), match.group(2).lower(), match.group(3)
        if closing:
            if name in open_names:
                del open_names[len(open_names) - 1 - open_names[::-1].index(name) :]
            continue
        if empty:
            continue
        if name in _CLOSED_BY_THE_NEXT and name in open_names:
            del open_names[len(open_names) - 1 - open_names[::-1].index(name) :]
        open_names.append(name)
        if len(open_names) > MAX_DEPTH:
            raise UnreadableFile("", f"markup nested more than {MAX_DEPTH} elements deep: not a caption file")


def parse_dfxp(text: str) -> Parsed:
    check_depth(text)
    return _parsed(_read_with_pycaption("DFXPReader", text))


def parse_sami(text: str) -> Parsed:
    check_depth(text)
    return _parsed(_read_with_pycaption("SAMIReader", text))


def parse_substation(text: str) -> Parsed:
    import pysubs2

    try:
        # Named, not guessed: pysubs2 recognises a file only by its styles section, which minimal files lack.
        kind = "ssa" if re.search(r"\[V4 Styles\]", text, re.IGNORECASE) else "ass"
        subs = pysubs2.SSAFile.from_string(text, format_=kind)
    except Exception as exc:  # pysubs2 raises its own and plain errors alike
        raise UnreadableFile("", f"cannot read these subtitles ({type(exc).__name__}: {str(exc)[:120]})") from None
    cues = []
    for event in subs:
        if event.is_comment or event.type != "Dialogue":
            continue
        text = event.plaintext  # override tags out, \N as a line break
        name = event.name.strip() if event.name and event.name.strip() else None
        cues.append(Cue(event.start / 1000, max(event.start, event.end) / 1000, text, name))
    return _parsed(cues)
