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


def write_lines(lines: Iterable[Line], out: TextIO, styled: bool) -> None:
    """The lines, each as it comes (a generator's are written as they are made)."""
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


def console(out: TextIO):
    from rich.console import Console

    # Whether to colour is the Environment's call (--color, NO_COLOR, the terminal): rich must not
    # read NO_COLOR again and drop the colours --color always asked for.
    return Console(
        file=out, force_terminal=True, no_color=False, highlight=False, soft_wrap=True, emoji=False, markup=False
    )
