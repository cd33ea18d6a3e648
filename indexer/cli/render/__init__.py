"""What soundbite prints: one module a kind of output, and what they share (styles, times, lines).

The renderers take the model's plain data and an `Environment`; whether escape
codes are written depends only on the environment, so terminal and pipe
behaviour can be tested by building one by hand. Every JSON key written is
documented: keys are only ever added, never renamed.

- `hits`: search hits as highlighted text and as JSON Lines.
- `transcript`: `show`.            - `speakers`: `speakers`.
- `stats`: `stats`.                - `counts`: `search --count-by`.
- `trend`: `trend`'s chart, table, JSON and CSV.
- `progress`: the progress bars of `index` and `push`.
- `summaries`: the one-line reports of `index`, `index --watch` and `push`.
"""

from __future__ import annotations

from collections.abc import Iterable
from io import TextIOBase as TextIO  # typing's TextIO would load typing (3 ms) for annotations

from indexer.model import SPEECH, Passage

MATCH_STYLE = "bold red"


TRANSCRIPT_STYLE = "magenta"


TIME_STYLE = "green"


SPEAKER_STYLE = "bold"


ROLE_STYLE = "cyan"


DIM_STYLE = "dim"


URL_STYLE = "blue underline"


# A line of a timed passage runs to a sentence's end, or to the last cue that keeps it within this many
# characters (a terminal's width, less the time before it).
LINE_WIDTH = 80


def format_time(seconds: float | None, estimated: bool = False) -> str:
    """`~02:31` for an estimate, `02:31` when read from the file, `1:02:03` past an hour."""
    if seconds is None:
        return "--:--"
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    stamp = f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"
    return ("~" if estimated else "") + stamp


def line_starts(passage: Passage, width: int = LINE_WIDTH) -> list[int]:
    """Where the lines of a passage to cite begin (character offsets, 0 first): where the file says when
    words inside it were said, each sentence, and within a sentence longer than `width` characters, the
    caption cues that keep its lines within it (a cue begins at a word where one cue ends and the next
    begins: unpunctuated captions get a line every few cues); else the passage is one line. `show` and
    the text view of hits print each line's time."""
    if not passage.times or passage.start is None:
        return [0]
    import re
    from collections import Counter

    from indexer.transcripts.sentences import SENTENCE_BREAK

    text = passage.text
    given = Counter(w for w, _ in passage.times)
    cue_words = {w for w, n in given.items() if n > 1}  # given twice: one cue's end, the next one's start
    sentences = {0} | {m.end() for m in SENTENCE_BREAK.finditer(text)}
    cues = set()
    if cue_words:
        words = [m.start() for m in re.finditer(r"\S+", text)]
        cues = {words[i] for i in cue_words if 0 < i < len(words)}
    points = sorted(at for at in sentences | cues if at < len(text)) or [0]
    starts, line = [0], 0
    for at, following in zip(points, [*points[1:], len(text)], strict=True):
        if at and (at in sentences or following - line > width):
            starts.append(at)
            line = at
    return starts


def speaker_label(passage: Passage) -> str:
    """`Name (role)` for speech; `[shot]`, `[storyline]` for what nobody says."""
    if passage.kind != SPEECH:
        return f"[{passage.kind}]"
    if passage.speaker and passage.role:
        return f"{passage.speaker} ({passage.role})"
    return passage.speaker or (f"({passage.role})" if passage.role else "")


def plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


# A line of output as (text, style) pieces; style None is the terminal's own. The
# same lines are written plain (the texts joined) or styled by rich, so the two
# can never say different things.
Line = list


def write_lines(
    lines: Iterable[Line], out: TextIO, styled: bool, width: int | None = None, hanging: int | None = None
) -> None:
    """The lines, each as it comes (a generator's are written as they are made).

    `width` (a terminal's): each line longer than it is wrapped at word boundaries (`wrap`), its following
    lines indented by `hanging` columns, by default to where its text begins (after its indent and time).
    On a pipe (`width` None) a line is written whole: one passage, one line, for grep."""
    if width:
        lines = (piece for line in lines for piece in wrap(line, width, hanging))
    if not styled:
        for line in lines:
            out.write("".join(text for text, _ in line) + "\n")
        return
    from rich.text import Text

    terminal = console(out)
    for line in lines:
        text = Text()
        for piece, style in line:
            text.append(piece, style)
        terminal.print(text)


# The least room a wrapped line's text is given after its indent; with less, its lines go on after a
# short indent (a table's last column on a narrow terminal), or at the edge.
MIN_TEXT_COLUMNS = 16
NARROW_INDENT = 4


def wrap(line: Line, width: int, hanging: int | None = None) -> list[Line]:
    """`line` as lines of at most `width` terminal columns, cut where a word ends (or between two
    characters of a script without spaces), the styles kept; the lines after the first start with
    `hanging` spaces (default: as many as the line's leading spaces and time take). A word that would
    not fit even on a line of its own (a URL, a path) stays where it falls, whole, for the terminal to
    fold: cut, it would no longer be one link."""
    if cells("".join(text for text, _ in line)) <= width:
        return [line]
    from unicodedata import east_asian_width

    indent = _leading(line) if hanging is None else hanging
    column = None  # (a table's last column that has no room: it starts on a line of its own)
    if width - indent < MIN_TEXT_COLUMNS:  # (too narrow for the indent: a short one still shows it goes on)
        column = indent if hanging is not None else None
        indent = NARROW_INDENT if width - NARROW_INDENT >= MIN_TEXT_COLUMNS else 0
    # The units a line may break after, each with the spaces after it, as (text, style) parts: a word
    # styled in pieces (`(`, a role, `)`) is one unit; a break comes only at a space or a wide character.
    units: list[list[tuple[str, object]]] = []
    for text, style in line:
        for segment in _units(text):
            before = units[-1][-1][0][-1] if units else " "
            wide = east_asian_width(before) in "WF" or east_asian_width(segment[0]) in "WF"
            if not (before.isspace() or segment[0].isspace() or wide):
                units[-1].append((segment, style))
            else:
                units.append([(segment, style)])
    lines: list[Line] = [[]]
    used = 0
    for unit in units:
        text = "".join(piece for piece, _ in unit)
        size = cells(text.rstrip())
        starts_column = column is not None and used >= column and len(lines) == 1
        if starts_column or (used and used + size > width and indent + size <= width):  # (a URL, a path stays)
            last = lines[-1]
            if last:  # (the spaces that ended the line are not carried over)
                last[-1] = (last[-1][0].rstrip(), last[-1][1])
            lines.append([(" " * indent, None)] if indent else [])
            used = indent
            if text.isspace():
                continue
        lines[-1].extend(unit)
        used += cells(text)
    return [_merged(piece) for piece in lines]


# A unit a line may end after: a character of a script written without spaces, or a run of other
# characters up to a space; each with the spaces after it. (CJK ideographs, kana, Hangul, fullwidth forms.)
_WIDE = (
    "\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\U00020000-\U0003fffd"
)
_UNITS: list = []  # (compiled at the first wrap: a pipe never wraps)


def _units(text: str) -> list[str]:
    if not _UNITS:
        import re

        _UNITS.append(re.compile(f"[{_WIDE}]\\s*|[^\\s{_WIDE}]+\\s*|\\s+"))
    return _UNITS[0].findall(text)


def cells(text: str) -> int:
    """Terminal columns `text` takes: two for a wide character, none for a combining mark."""
    if text.isascii():
        return len(text)
    from unicodedata import combining, east_asian_width

    return sum(0 if combining(c) else 2 if east_asian_width(c) in "WF" else 1 for c in text)


def _leading(line: Line) -> int:
    """Columns before a line's text: its leading spaces and, after them, a time (`    02:31  `)."""
    columns = 0
    for text, style in line:
        if not text.strip() or style == TIME_STYLE:
            columns += cells(text)
            continue
        return columns + len(text) - len(text.lstrip())
    return 0


def _merged(line: Line) -> Line:
    """Neighbouring pieces of one style joined (a word a piece, as `wrap` cuts them, is many)."""
    merged: Line = []
    for text, style in line:
        if merged and merged[-1][1] == style:
            merged[-1] = (merged[-1][0] + text, style)
        else:
            merged.append((text, style))
    return merged


def console(out: TextIO):
    from rich.console import Console

    # Whether to colour is the Environment's call (--color, NO_COLOR, the terminal): rich must not
    # read NO_COLOR again and drop the colours --color always asked for.
    return Console(
        file=out, force_terminal=True, no_color=False, highlight=False, soft_wrap=True, emoji=False, markup=False
    )
