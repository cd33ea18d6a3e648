"""Broadcast caption formats read with caption libraries: SCC (pycaption), SubStation (pysubs2).

    Scenarist_SCC V1.0                                   SCC: CEA-608 codes, pop-on, roll-up, paint-on
    00:00:00:00   9420 9420 94d0 94d0 3e3e 20d2 ...      (frame timecodes; `;` for drop-frame)
    [Events] Dialogue: 0,0:00:01.00,0:00:04.00,Default,Ann,...            SubStation (.ass, .ssa)

PBS's pycaption decodes the CEA-608 byte codes (a pop-on caption starts when
it is shown, at its end-of-caption command, not where loading began);
measured on captions it wrote from texts of ours and on the corpus's SCC
files before it was chosen (see docs/formats.md). (TTML and SAMI, once read
with it too, have readers of their own: `ttml.py`, `sami.py`.)
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
SUBSTATION = "substation"


# An SCC line: a timecode, then caption codes (four hex digits each); some files leave out the header.
_SCC_LINE = re.compile(r"^\d{2}:\d{2}:\d{2}[:;]\d{2}[ \t]+[0-9a-fA-F]{4}(?:[ \t]+[0-9a-fA-F]{4})*[ \t]*$")


def sniff_scc(text: str) -> bool:
    head = text.lstrip("\ufeff \n")
    if head[:20].startswith("Scenarist_SCC"):
        return True
    lines = [line for line in head[:4000].splitlines() if line.strip()][:3]
    return bool(lines) and all(_SCC_LINE.match(line.strip()) for line in lines)


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


def _read_scc(text: str) -> list[Cue]:
    from pycaption.exceptions import CaptionReadError, CaptionReadNoCaptions
    from pycaption.scc import reader as scc_reader

    scc_reader._SccTimeTranslator._translate_time = staticmethod(_exact_scc_time)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            captions = _lenient_scc_reader().read(text)
    except CaptionReadNoCaptions:
        raise UnreadableFile("", "no captions in it") from None
    except (CaptionReadError, ValueError, KeyError, IndexError, AttributeError, TypeError) as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise UnreadableFile("", f"cannot read these captions ({reason[:120]})") from None
    languages = captions.get_languages()
    if not languages:
        raise UnreadableFile("", "no captions in it")
    cues = []
    for caption in captions.get_captions(sorted(languages)[0]):  # (an SCC file has one: CEA-608 channel 1)
        start, end = caption.start / 1_000_000, caption.end / 1_000_000
        cues.append(Cue(start, max(start, end), caption.get_text().replace("\u00a0", " ")))
    return cues


def parsed_cues(cues: list[Cue], rolling: bool = False) -> Parsed:
    """Cues to turns. `rolling`: the format may roll (SCC's roll-up), so repeats are looked for
    (`cues.is_rolling`); elsewhere a repeated line was said again."""
    cues.sort(key=lambda cue: cue.start)
    notes: list[str] = []
    return Parsed(TranscriptMeta(), merge_cues(clean_cues(cues, notes, rolling=rolling)), notes=notes)


def caption_text(parts: list[str]) -> str:
    """A caption's pieces of text as its words: its line breaks kept, spaces (no-break ones too) collapsed."""
    lines = "".join(parts).replace("\u00a0", " ").split("\n")
    return "\n".join(" ".join(line.split()) for line in lines).strip()


def main_language(languages: list[str]) -> tuple[str, str | None]:
    """Of the captions' languages (`""` where one names none), the one to read, and a note naming the
    others (None where there are none).

    The language with the most captions; on a tie English, then the first by name. A caption whose
    language is not named is read with it: a file of one language often names it on some captions only.
    """
    counts: dict[str, int] = {}
    for language in languages:
        if language:
            counts[language] = counts.get(language, 0) + 1
    chosen = max(sorted(counts), key=lambda lang: (counts[lang], lang.lower().startswith("en")), default="")
    others = sorted(lang for lang in counts if lang != chosen)
    note = f"captions in several languages: read the {chosen} ones, not {', '.join(others)}" if others else None
    return chosen, note


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
    parsed = parsed_cues(_read_scc(text), rolling=True)
    lines = [line.split() for line in text.splitlines() if re.match(r"^\d{2}:\d{2}:\d{2}[:;]\d{2}\s", line)]
    codes = lines[-1][1:] if lines else []
    if codes and not _SCC_WORD.match(codes[-1]):
        parsed.notes.append("the file ends in the middle of a caption code: read up to there")
    elif codes and not _SCC_SHOWN & {code.lower() for code in codes}:
        parsed.notes.append("the last caption is never shown (the file ends before its display code): left out")
    return parsed


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
    return parsed_cues(cues)
