"""Timed cues to turns: what every format with timestamps shares.

Subtitles, podcast segments and timed speaker turns all arrive as cues: a
start, an end and a line or two of text, sometimes naming a speaker. This
module turns them into speech: markup, sound cues and subtitle-site adverts
out, speakers resolved (voice tags, `>> NAME:` labels, dialogue dashes),
YouTube's rolling repeats dropped (`clean_cues`), and then consecutive cues
merged into turns a person would quote (`merge_cues`): until the speaker
changes, a sentence ends once the turn is long enough, or there is a long
silence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.model import Turn
from indexer.transcripts.names import cap_word, is_upper_label
from indexer.transcripts.sentences import SENTENCE_ENDS
from indexer.transcripts.text import (
    drop_sound_cues,
    is_boilerplate,
    join_lines,
    readable_speaker,
    strip_markup,
    word_count,
)

_INLINE_TIME = re.compile(r"<(\d+(?::\d+){1,2}[.,]\d+)>")  # (the time inside: `_marked` splits at them)
_VOICE = re.compile(r"<v(?:\.[\w.-]+)?\s+([^>]+)>")
# A label: capitalised Latin words; or up to four words that start with a capital or a letter without
# case, the later ones in any case (`Phóng viên`, `Ведущий`, `المذيع`, `主持人`: taken as mixed-case labels
# are, where two or more cues open with one), before a colon (full-width `：` too).
_MARKS = "\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u0900-\u0dff\u0e00-\u0eff\u200c\u200d"
_LABEL = re.compile(
    r"^\s*(?P<label>(?:[A-Z][\w.'’-]*(?: [A-Z0-9][\w.'’-]*){0,3})|(?:[A-Z][a-z]+(?: [A-Z][\w'’-]+){0,2})"
    rf"|(?:[^\W\d_a-zß-ÿ][\w{_MARKS}.'’-]*(?: [\w{_MARKS}.'’-]+){{0,3}}))"
    r"\s*(?::(?:\s+|$)|：\s*)"
)
_BRACKET_NAME = re.compile(r"^\s*\[(?P<name>[A-Z][a-z][\w'’-]*(?: [A-Z][\w'’-]*){0,2})\]\s+(?=\S)")
_ADVERT = re.compile(
    r"(?i)opensubtitles|allsubs|titlovi|subscene|addic7ed|podnapisi|advertise your product"
    r"|subtitles? (?:by|downloaded|ripped|synced|created)|sync(?:ed)?\s*(?:&|and)\s*correct"
    r"|become vip member|remove all ads"
    r"|^\s*(?:subtitles?|captions?|captioning|sync(?:ed)?|translat\w*|prevod|prijevod|undertekster"
    r"|tekster|untertitel|sous-titres|subt[ií]tulos)(?:\s+(?:by|af|von|par|por))?\s*:"
)
# A film release's tags (`Movie.2019.1080p.BluRay.x264`): an advert where two of them are, or one in a word
# of dots with no spaces; a person who says "1080p" in a sentence said it.
_RELEASE_TAG = re.compile(
    r"(?i)(?<![^\W_])(?:720p|1080p|2160p|bluray|brrip|web-?dl|hdtv|x264|x265|yify|yifi)(?![^\W_])"
)


def is_advert(text: str) -> bool:
    """Whether a caption's text is a subtitle site's advert or credit (`Downloaded from www.AllSubs.org`,
    `Subtitles by …`, a release name) or a transcription app's line, and not speech."""
    if len(text) > 300:
        return False  # a paragraph of speech that mentions a site
    tags = len(_RELEASE_TAG.findall(text))
    return bool(_ADVERT.search(text)) or tags >= 2 or (tags == 1 and " " not in text.strip()) or is_boilerplate(text)


# Labels that open a line but are ordinary words, not speakers.
_NOT_SPEAKERS = {
    "NOTE",
    "Note",
    "PS",
    "Example",
    "Update",
    "Warning",
    "Question",
    "Answer",
    "Http",
    "Https",
}

_LOWER_LABEL = re.compile(r"^\s*(?P<label>[a-z][a-z'’.-]{1,20}(?: [a-z][a-z'’.-]{1,20})?)\s*:\s+(?=\S)")
# Words that open a sentence with a colon and are nobody's name: `>> here's the thing: ...`.
_NOT_LOWER_NAMES = set(
    "the a an and but so well now yes no ok okay here there this that it he she they we you i question answer "
    "note update breaking tonight today live first next also plus".split()
)

_ROLE_LABELS = set(
    "reporter anchor announcer narrator host correspondent crowd audience protesters protester man woman "
    "male female speaker voice interpreter translator caller".split()
)

LONG_SILENCE = 4.0  # seconds between cues that end a passage
MIN_SECONDS, MAX_SECONDS = 20.0, 40.0
MIN_WORDS, MAX_WORDS = 40, 120


@dataclass
class Cue:
    """A caption cue: its times, its speech, and who says it where the cue names them."""

    start: float
    end: float
    text: str
    speaker: str | None = None  # named in the cue
    new_turn: bool = False  # the cue starts a new speaker's turn (`>>`, `- `) without a name
    label: str = ""  # the speaker as the cue wrote it (`>> MS. PSAKI:`), where `speaker` reads otherwise
    # Word times inside the cue (WebVTT's `<00:00:04.160>`): (words before, seconds), in order.
    times: tuple[tuple[int, float], ...] = ()


# An inline time is kept through markup and speaker handling as a mark of its own between words: a character
# of the private use area numbering it (`_marked`), read back and removed from the speech (`_unmarked`).
_MARK_BASE = 0xF0000


def _marked(text: str) -> tuple[str, list[float]]:
    """The cue's text with its inline times as marks, and the times by their marks' numbers."""
    seconds: list[float] = []
    pieces = _INLINE_TIME.split(text)  # text, a time, text, a time, ... text
    if len(pieces) == 1:
        return text, seconds
    for at in range(1, len(pieces), 2):
        # `mm:ss.ttt` or `hh:mm:ss.ttt`: read here, not by `parse_clock`, as there is one a word.
        *larger, last = pieces[at].split(":")  # [hours,] minutes; seconds
        second = float(last.replace(",", "."))
        if second >= 60 or (len(larger) == 2 and int(larger[1]) >= 60):
            pieces[at] = ""  # (no time: as `parse_clock` reads it)
            continue
        if len(larger) == 2:
            second += int(larger[0]) * 3600 + int(larger[1]) * 60
        else:
            second += int(larger[0]) * 60
        seconds.append(second)
        pieces[at] = f" {chr(_MARK_BASE + len(seconds) - 1)} "
    return "".join(pieces), seconds


def _unmarked(body: str, seconds: list[float]) -> tuple[str, tuple[tuple[int, float], ...]]:
    """A cue's speech without its marks, and the times they stood for, by the words before them."""
    if not seconds:
        return body, ()
    words: list[str] = []
    times: list[tuple[int, float]] = []
    before = 0  # words before this token, as `word_count` counts them (it adds up word by word)
    for token in body.split():
        if len(token) == 1 and _MARK_BASE <= ord(token) < _MARK_BASE + len(seconds):
            times.append((before, seconds[ord(token) - _MARK_BASE]))
        else:
            word = token if token.isascii() else token.translate(_NO_MARKS)  # (a mark glued to a word)
            words.append(word)
            before += 1 if word.isascii() and word else word_count(word)
    text = " ".join(word for word in words if word)
    return text, tuple(times)


_NO_MARKS = {code: None for code in range(_MARK_BASE, _MARK_BASE + 0x1000)}


def split_cue(cue: Cue, mixed_case_speakers: frozenset[str] = frozenset()) -> list[Cue]:
    """The speech in a cue, with its speakers: markup out, one cue per speaker in it.

    Speakers are named by voice tags (`<v Sarah>`), labels (`>> ALICE:`,
    `MAN 2:` on its own line, `Travis:` opening a cue, `[Alba]`); a bare `>>`
    or a dialogue dash (`- `) starts another speaker's turn without naming
    them. A mixed-case label (`Travis:`) only counts at the start of a cue and
    when it is in `mixed_case_speakers`, the labels that open two or more cues
    (a film's `Source:` credit opens one). Sound cues and subtitle-site
    adverts are not speech and are dropped.
    """
    text, seconds = _marked(cue.text)
    if is_advert(strip_markup((text.translate(_NO_MARKS) if seconds else text).replace("\n", " "))):
        return []  # (as a whole: `Subtitles: @someone` is a credit, not a speaker called Subtitles)
    voice = _VOICE.search(text)
    # (speaker, new turn, lines, the speaker as written)
    voiced = voice.group(1).strip() if voice else None
    segments: list[tuple[str | None, bool, list[str], str]] = [
        (voiced or cue.speaker, cue.new_turn, [], voiced or cue.label)
    ]
    for n, raw in enumerate(text.split("\n")):
        # `>>>` opens a new story in broadcast captions: for the passages, a new turn like `>>`.
        for k, piece in enumerate(re.sub(r">>>+", ">>", raw).split(">>")):
            line, speaker, written, new_turn = _speaker_in(strip_markup(piece), n == 0, k > 0, mixed_case_speakers)
            if speaker is not None or new_turn:
                segments.append((speaker, new_turn, [], written))
            segments[-1][2].append(line)
    out = []
    for speaker, new_turn, lines, written in segments:
        body, times = _unmarked(drop_sound_cues(join_lines(lines)), seconds)
        name = speaker and readable_speaker(speaker)
        label = written if name and written and written != name else ""
        if not body or is_advert(body):
            if speaker is not None or new_turn:
                # A label alone on its line: the speaker goes on in the next cue.
                out.append(Cue(cue.start, cue.start, "", name, new_turn, label))
            continue
        if not seconds and len(segments) == 1 and cue.times:  # word times the reader gave (Whisper's): kept
            words = word_count(body)
            times = tuple((w, t) for w, t in cue.times if w < words)
        out.append(Cue(cue.start, cue.end, body, name, new_turn, label, times))
    return out


def _speaker_in(line: str, first_line: bool, after_chevrons: bool, mixed_case_speakers: frozenset[str]):
    """A caption line's speaker, if it names one: (the words after the label, the speaker or None, the
    label as written, whether a new speaker's turn starts). `after_chevrons`: the line followed `>>`."""
    new_turn = after_chevrons
    if (line[:1] in "-–—" and line[1:2].isspace()) or (line[:1] == "-" and line[1:2].isalpha()):
        line, new_turn = line[1:].lstrip(), True
    speaker = None
    written = ""
    label = _LABEL.match(line)
    if label and label.group("label").split()[0].casefold() not in _NOT_SPEAKERS:
        name = label.group("label")
        # After `>>` a label is a speaker's as written (`>>Dimitris: Oh, yeah.`); elsewhere a mixed-case one
        # only where it opens two cues or more (a film's `Source:` credit opens one).
        capitalised = all(word[:1].isupper() for word in name.split())
        if is_upper_label(name) or (first_line and name in mixed_case_speakers) or (after_chevrons and capitalised):
            speaker = written = label.group("label")
            line = line[label.end() :]
    if speaker is None and after_chevrons:
        # Lower-case captions (TV archives) name the speaker after `>>` too: `>> eric:`.
        lower = _LOWER_LABEL.match(line)
        if lower and not set(lower.group("label").split()) & _NOT_LOWER_NAMES:
            written = lower.group("label")
            # `>> reporter:` says what the speaker is, not who: a new turn, no name.
            speaker = None if written in _ROLE_LABELS else " ".join(cap_word(word) for word in written.split())
            line = line[lower.end() :]
    bracket = _BRACKET_NAME.match(line) if first_line else None
    if bracket:
        speaker = written = bracket.group("name")
        line = line[bracket.end() :]
    return line, speaker, written, new_turn


# A file rolls when at least this many cues, and this share of all consecutive pairs of cues, open with the
# line the cue before ended with (YouTube's automatic captions, roll-up broadcast captions do it throughout).
ROLLING_MIN_REPEATS = 3
ROLLING_SHARE = 0.5


def is_rolling(cues: list[Cue]) -> bool:
    """Whether the cues are rolling captions: a line shown at the end of one cue opens the next, throughout.

    A person who says the same thing twice, seconds apart, said it twice: only
    where the file repeats lines by construction is a repeat not speech.
    """
    pairs = repeats = 0
    previous_last = None
    for cue in cues:
        lines = [_plain(line) for line in cue.text.split("\n") if line.strip()]
        if not lines:
            continue
        if previous_last is not None:
            pairs += 1
            repeats += lines[0] == previous_last
        previous_last = lines[-1]
    return repeats >= ROLLING_MIN_REPEATS and repeats >= ROLLING_SHARE * pairs


def drop_rolling_repeats(cues: list[Cue], notes: list[str] | None = None) -> list[Cue]:
    """Rolling captions show each line twice, in consecutive cues: keep it once (and say so). Cues that do
    not roll (`is_rolling`) are kept as they are."""
    if not is_rolling(cues):
        return cues
    out: list[Cue] = []
    repeated = 0
    previous_lines: list[str] = []
    for cue in cues:
        lines = [line.strip() for line in cue.text.split("\n") if line.strip()]
        kept = [line for line in lines if _plain(line) not in previous_lines]
        repeated += len(lines) - len(kept)
        if lines:
            previous_lines = [_plain(line) for line in lines]
        if kept:
            out.append(Cue(cue.start, cue.end, "\n".join(kept), cue.speaker, cue.new_turn))
    if repeated and notes is not None:
        notes.append(f"{repeated} caption line(s) shown again in the next cue (rolling captions): read once")
    return out


def _plain(line: str) -> str:
    return strip_markup(_INLINE_TIME.sub("", line)).casefold()


def speaking_end(start: float, text: str, next_start: float | None) -> float:
    """Where a stretch of speech with only a start ends: the next start, unless it is far away.

    At about 150 words a minute a passage takes words / 2.5 seconds; a gap
    beyond that (a mission's hour of silence) is not part of it.
    """
    spoken = start + max(2.0, len(text.split()) / 2.5)
    return spoken if next_start is None or next_start < start else min(next_start, spoken)


def merge_cues(cues: list[Cue]) -> list[Turn]:
    """Consecutive cues into turns a person would quote."""
    turns: list[Turn] = []
    current: list[Cue] = []
    speaker = label = ""

    def flush() -> None:
        if current:
            # When each cue began and ended, by the words before those points: its words' times.
            times, words = [], 0
            for i, cue in enumerate(current):
                if i:
                    times.append((words, cue.start))
                times += [(words + w, t) for w, t in cue.times if w and cue.start <= t <= cue.end]
                words += word_count(cue.text)
                if i < len(current) - 1:
                    times.append((words, cue.end))
            turns.append(
                Turn(
                    text=join_lines(c.text for c in current),
                    speaker=speaker,
                    start=current[0].start,
                    end=max(c.end for c in current),
                    label=label,
                    times=tuple(times),
                )
            )
            current.clear()

    for cue in cues:
        changes = (cue.speaker is not None and cue.speaker != speaker) or cue.new_turn
        if current:
            seconds = cue.start - current[0].start
            words = sum(word_count(c.text) for c in current)
            sentence_ended = current[-1].text.rstrip("\"'”’)]」』）").endswith(SENTENCE_ENDS)
            silence = cue.start - max(c.end for c in current)
            if (
                changes
                or silence >= LONG_SILENCE
                or (sentence_ended and (seconds >= MIN_SECONDS or words >= MIN_WORDS))
                or seconds >= MAX_SECONDS
                or words >= MAX_WORDS
            ):
                flush()
        if cue.speaker is not None:
            speaker, label = cue.speaker, cue.label
        elif cue.new_turn:
            speaker = label = ""
        if cue.text:
            current.append(cue)
    flush()
    return turns


def _mixed_case_speakers(cues: list[Cue]) -> frozenset[str]:
    """The mixed-case labels that open two or more cues; all of them where most cues open with one
    (a meeting's captions, Zoom's `Name: text`, name every speaker, some only once)."""
    counts: dict[str, int] = {}
    for cue in cues:
        first = strip_markup(_INLINE_TIME.sub("", cue.text.split("\n", 1)[0]).split(">>")[-1])
        label = _LABEL.match(first.lstrip("-–— "))
        if label and not is_upper_label(label.group("label")):
            counts[label.group("label")] = counts.get(label.group("label"), 0) + 1
    labelled = sum(counts.values())
    throughout = len(counts) >= 2 and labelled >= 3 and labelled * 2 >= len(cues)
    return frozenset(name for name, count in counts.items() if count >= 2 or throughout)


def clean_cues(cues: list[Cue], notes: list[str] | None = None, rolling: bool = True) -> list[Cue]:
    """Cues of speech only, in time order, with speakers resolved.

    `rolling`: the cues are captions that may roll (a line shown again in the
    next cue); segments of a podcast or a dataset never do, and a repeated
    line there is said twice.
    """
    if rolling:
        cues = drop_rolling_repeats(cues, notes)
    speakers = _mixed_case_speakers(cues)
    out = [piece for cue in cues for piece in split_cue(cue, speakers)]
    out.sort(key=lambda c: c.start)  # stable: pieces of one cue keep their order
    return out
