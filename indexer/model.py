"""The plain data that flows between soundbite's stages.

Parsers turn text into `Turn`s and `TranscriptMeta`; the passage builder turns
turns into numbered `Passage`s; the index writer stores a `Transcript`; the
searcher hands back `Hit`s. Nothing here knows about Whoosh, files or terminals,
so every stage can be tested on its own with values built by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Turn:
    """A stretch of speech as a parser found it: a paragraph, a soundbite, a cue, a turn.

    `start`/`end` are seconds when the file gives them, else None.
    """

    text: str
    speaker: str = ""
    role: str = ""
    start: float | None = None
    end: float | None = None


@dataclass
class Passage:
    """What a person would quote: the unit that is indexed and returned as a hit."""

    number: int
    text: str
    speaker: str = ""
    role: str = ""
    start: float | None = None
    end: float | None = None
    estimated: bool = False


@dataclass
class TranscriptMeta:
    """Facts about a whole transcript, from its own text or a sidecar file."""

    title: str = ""
    network: str = ""
    reporter: str = ""
    place: str = ""
    date: str = ""
    url: str = ""
    duration: float | None = None


@dataclass
class Parsed:
    """A parser's output: metadata plus the turns in spoken order."""

    meta: TranscriptMeta
    turns: list[Turn]


@dataclass
class Transcript:
    """One source file, ready for the index."""

    id: str
    path: str
    format: str
    sha256: str
    meta: TranscriptMeta
    passages: list[Passage] = field(default_factory=list)


@dataclass
class Snippet:
    """A highlighted excerpt of a passage.

    `parts` alternates plain and matched text in reading order, with `None`
    marking the gap between two fragments (rendered as an ellipsis), so every
    renderer decides for itself how a match or a gap looks.
    """

    parts: list[tuple[str, bool] | None]

    @property
    def plain(self) -> str:
        return " … ".join("".join(text for text, _ in fragment) for fragment in self.fragments())

    def fragments(self) -> list[list[tuple[str, bool]]]:
        out: list[list[tuple[str, bool]]] = [[]]
        for part in self.parts:
            if part is None:
                out.append([])
            else:
                out[-1].append(part)
        return [f for f in out if f]


@dataclass
class Hit:
    """One matching passage with everything needed to show or serialise it."""

    transcript: str
    path: str
    passage: int
    start: float | None
    end: float | None
    estimated: bool
    speaker: str
    role: str
    text: str
    snippet: Snippet
    matches: list[tuple[int, int]]
    score: float
    format: str = ""
    network: str = ""
    reporter: str = ""
    place: str = ""
    title: str = ""


@dataclass
class SearchResult:
    """The hits shown, and how many passages and transcripts matched in all."""

    hits: list[Hit]
    total: int
    transcripts: int
    seconds: float
