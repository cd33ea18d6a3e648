"""The plain data that flows between soundbite's stages.

Parsers turn text into `Turn`s and `TranscriptMeta`; the passage builder turns
turns into numbered `Passage`s; the index writer stores a `Transcript`; the
searcher hands back `Hit`s, each a `Passage` in its `Transcript`. Nothing here
knows about Whoosh, files or terminals, so every stage can be tested on its
own with values built by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise

TYPE_CHECKING = False  # (not `typing`'s: 3 ms to import for annotations only)
if TYPE_CHECKING:  # (annotations only: the model stays cheap to import)
    from collections.abc import Sequence

# What a passage is. Scripts hold more than speech: what the pictures show
# (and natural sound) is searchable, but nobody says it; a storyline is
# background for the client, never aired.
SPEECH = "speech"
SHOT = "shot"
STORYLINE = "storyline"
KINDS = (SPEECH, SHOT, STORYLINE)


@dataclass
class Turn:
    """A stretch of a transcript as a parser found it: a paragraph, a soundbite, a cue, a turn, a shot.

    `start`/`end` are seconds when the file gives them, else None.
    """

    text: str
    speaker: str = ""
    role: str = ""
    start: float | None = None
    end: float | None = None
    kind: str = SPEECH
    estimated: bool = False  # the times are an estimate (a dataset's line times spread over its text)
    label: str = ""  # the speaker as the file wrote it, where the parser made it readable (`MS. PSAKI`)
    # When words inside the turn were said, as the file tells it: (words before, seconds), in order (a
    # merged cue's start: `Passage.times`). The turn's own start and end bound it.
    times: tuple[tuple[int, float], ...] = ()


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
    kind: str = SPEECH
    label: str = ""  # the speaker as the file wrote it, where `speaker` is readable or resolved otherwise
    # When words inside the passage were said: (words before, seconds), in order, the last the passage's end
    # after its last word (the start is at word 0). Empty where the file gives only a start and an end.
    times: tuple[tuple[int, float], ...] = ()
    # (speaker, role) as the transcript gave them, where the people file (`transcripts.people`) changed them.
    as_read: tuple[str, str] | None = None

    def said_at(self, words_before: int) -> tuple[float | None, bool]:
        """When the word after `words_before` words was said, and whether that is an estimate: as read
        where it opens a cue (or the passage), else interpolated between the times around it."""
        if self.start is None:
            return None, True
        if words_before <= 0:
            return self.start, self.estimated
        anchors = [(0, self.start), *self.times]
        if not self.times:
            if self.end is None:
                return self.start, True
            anchors.append((max(len(self.text.split()), 1), self.end))
        for (w0, t0), (w1, t1) in pairwise(anchors):
            if w0 <= words_before < w1:
                if words_before == w0:
                    return round(t0, 3), self.estimated
                return round(t0 + (t1 - t0) * (words_before - w0) / (w1 - w0), 3), True
        return round(anchors[-1][1], 3), True


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
    story: str = ""  # the agency's story number
    program: str = ""  # the broadcast's program (TV archives)
    aired: str = ""  # when it went on air: ISO 8601 local time with its UTC offset
    people: list[str] = field(default_factory=list)  # speakers' full names its front matter or sidecar lists
    language: str = ""  # ISO 639-1 (`zh`, `pt`): as declared until indexed, then as decided (`language.decide`)


@dataclass
class Parsed:
    """A parser's output: metadata plus the turns in spoken order.

    `script`: the text was written to be read on air, so where the file gives
    no times they are estimated at a broadcast pace even without a duration.
    `notes`: what the parser passed over or found odd, one line each, for the
    user. `stories`: a file holding several stories (an agency feed) gives
    one `Parsed` each here, and none of its own turns.
    """

    meta: TranscriptMeta
    turns: list[Turn]
    script: bool = False
    notes: list[str] = field(default_factory=list)
    stories: list[Parsed] = field(default_factory=list)
    key: str = ""  # a story's name in its transcript id, where the format knows one


@dataclass
class Transcript:
    """One source file: ready for the index, or as the index knows it."""

    id: str
    path: str
    format: str
    sha256: str
    meta: TranscriptMeta
    passages: list[Passage] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # the parser's, for the user


@dataclass
class Fragment:
    """A stretch of a passage with its matched words marked.

    `parts` is the stretch's text in reading order as (text, matched) pairs;
    `clipped_start`/`clipped_end` say whether the passage goes on before or
    after it, which renderers show as an ellipsis.
    """

    parts: list[tuple[str, bool]]
    clipped_start: bool = False
    clipped_end: bool = False

    @property
    def text(self) -> str:
        return "".join(text for text, _ in self.parts)


@dataclass
class Snippet:
    """The best fragments of a passage, in the order they appear in it."""

    fragments: list[Fragment]

    @property
    def plain(self) -> str:
        if not self.fragments:
            return ""
        body = " … ".join(fragment.text for fragment in self.fragments)
        lead = "… " if self.fragments[0].clipped_start else ""
        tail = " …" if self.fragments[-1].clipped_end else ""
        return lead + body + tail


@dataclass
class Hit:
    """One matching passage, in its transcript, with its matched words marked."""

    transcript: Transcript  # id, path, format and metadata (its passages are not loaded)
    passage: Passage
    snippet: Snippet
    matches: list[tuple[int, int]]  # character offsets of every matched word in the passage's text
    score: float
    url: str = ""  # the media at this passage's start, where the transcript has a media URL
    context: list[Passage] = field(default_factory=list)  # neighbours, with --context
    # NEAR/…s: the other passage of the pair (later than `passage`), its snippet and matched words' offsets.
    near: Passage | None = None
    near_snippet: Snippet | None = None
    near_matches: list[tuple[int, int]] = field(default_factory=list)
    # When its first matched word was said (`Passage.said_at`), and whether that is estimated.
    at: float | None = None
    at_estimated: bool = True


@dataclass
class SearchResult:
    """The hits shown, and how many passages and transcripts matched in all."""

    hits: Sequence[Hit]  # (a search's are made as they are read: `querying.search.LazyHits`)
    total: int
    transcripts: int
    seconds: float
    suggestion: str | None = None  # a corrected query, when nothing matched
    # Matching passages by speaker, network ... (a field -> (value, count), largest first), where they were
    # asked for and counted in the same pass (`Searcher.search(counts=...)`); None where not.
    counts: dict[str, list[tuple[str, int]]] | None = None


@dataclass
class SearchOptions:
    """What a search is narrowed to and how its hits are shown; the defaults are the command's."""

    limit: int = 10  # 0: all
    offset: int = 0
    speaker: str | None = None
    role: str | None = None
    network: str | None = None
    language: str | None = None  # ISO 639-1 codes, comma-separated (`zh,ja`); tags such as `pt-BR` too
    transcript: str | None = None  # a glob on the id or the path
    after: str | None = None  # passage start >= this (seconds, m:ss or h:mm:ss)
    before: str | None = None  # passage start < this
    since: str | None = None  # transcript date >= this (YYYY, YYYY-MM or YYYY-MM-DD)
    until: str | None = None  # transcript date <= this
    sort: str = "score"
    context: int = 0
    full: bool = False


# What the other commands return (index, show, list, speakers, trend, stats, watch, push) is defined in
# `indexer.reports` and loaded the first time it is asked for here: a search builds none of it, and each
# dataclass costs start-up time (eleven of them, 4 ms).
_REPORTS = frozenset(
    {
        "IndexReport",
        "Progress",
        "TranscriptView",
        "TranscriptSummary",
        "SpeakerCount",
        "TrendSeries",
        "Trend",
        "IndexStats",
        "WatchSummary",
        "PushProgress",
        "PushReport",
    }
)


def __getattr__(name: str):
    if name in _REPORTS:
        from indexer import reports

        return getattr(reports, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
