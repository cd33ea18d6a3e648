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
from time import monotonic

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


@dataclass
class IndexReport:
    """What an index run did: transcripts by outcome, passages written, files it could not use."""

    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    passages: int = 0  # written in this run
    skipped: list = field(default_factory=list)  # UnreadableFile problems, one a file
    missing: list[str] = field(default_factory=list)  # paths given that are not there
    notes: list[str] = field(default_factory=list)  # `path: what was passed over`, from the parsers
    transcripts: int = 0  # in the index after the run
    rebuilt: bool = False
    seconds: float = 0.0
    interrupted: bool = False  # a Ctrl-C came while the run committed: it finished, but was asked to stop

    @property
    def indexed(self) -> int:
        return self.added + self.updated


@dataclass
class Progress:
    """How far an index run is: files looked at of those to read, passages written so far."""

    done: int
    total: int
    passages: int
    rows: int = 0  # of the dataset being read, when it is one
    phase: str = "reading"  # then "writing" (the last segments) and "committing"


@dataclass
class TranscriptView:
    """A transcript as `show` presents it: its passages, one of them perhaps marked."""

    transcript: Transcript  # with the passages shown
    marked: int | None = None  # the passage asked for with --at or --passage
    links: dict[int, str] = field(default_factory=dict)  # passage number -> media link at its start


@dataclass
class TranscriptSummary:
    """A line of `soundbite list`: a transcript, what it is and how much of it the index holds."""

    id: str
    path: str
    title: str
    date: str
    network: str
    duration: float | None
    passages: int
    speakers: list[str]


@dataclass
class SpeakerCount:
    """A person in `soundbite speakers`: their passages and transcripts, and the forms of the name grouped."""

    speaker: str
    passages: int
    transcripts: int
    aliases: list[str] = field(default_factory=list)  # the other forms grouped under this name


@dataclass
class TrendSeries:
    """One line of a timeline: a query's matches, or those of one value of --split-by."""

    name: str  # the query, the network/speaker/role/transcript, or "other"
    counts: list[int]  # matching passages in each period
    totals: list[int] | None  # with --normalise: passages indexed in each period, in this series' scope
    values: list[float]  # what is drawn: counts, per 1,000 of totals with --normalise, averaged with --smooth


@dataclass
class Trend:
    """Matching passages per period of their transcripts' dates."""

    by: str  # day, week, month or year
    periods: list[str]  # each period's name, in order, every one in the span (2024-03-05, 2024-W10, 2024-03, 2024)
    starts: list[str]  # each period's first day (YYYY-MM-DD)
    series: list[TrendSeries]
    undated: int  # matching passages in transcripts without a full date: not in any period
    undated_transcripts: int
    normalised: bool = False
    smooth: int = 1


@dataclass(eq=False, repr=False)  # (each generated method costs every search a little)
class IndexStats:
    """What an index holds (`soundbite stats`), read from its manifest alone; `--json` writes these keys."""

    index: str  # the folder, absolute
    generation: str
    transcripts: int
    files: int
    passages: int
    speakers: int
    formats: dict[str, int]  # format -> files, most first
    languages: dict[str, dict[str, int]]  # code -> {"transcripts": n, "passages": n}, most passages first
    roots: list[str]  # the folders and files the index was built from
    size_bytes: int
    updated: str | None  # local time of the last run, `YYYY-MM-DD HH:MM:SS`
    schema_version: int


@dataclass(eq=False, repr=False)  # (each generated method costs every search a little)
class WatchSummary:
    """What a watch did, for the line at Ctrl-C."""

    batches: int = 0
    added: int = 0
    updated: int = 0
    removed: int = 0
    passages: int = 0
    failures: int = 0
    began: float = field(default_factory=monotonic)

    def count(self, report: IndexReport) -> None:
        self.batches += 1
        self.added += report.added
        self.updated += report.updated
        self.removed += report.removed
        self.passages += report.passages


@dataclass(eq=False, repr=False)  # (each generated method costs every search a little)
class PushProgress:
    """How far a push is: actions answered of those to send."""

    done: int  # actions answered
    total: int  # actions to send (known before sending)


@dataclass(eq=False, repr=False)  # (each generated method costs every search a little)
class PushReport:
    """What a push did: documents created, updated, deleted in the cluster, and what failed."""

    created: int = 0
    updated: int = 0
    deleted: int = 0
    failed: list[str] = field(default_factory=list)  # `id: status reason`, one an item
    unchanged: int = 0  # files whose transcripts were already there as they are
    files: int = 0  # files sent (new or changed)
    removed: int = 0  # files whose passages were deleted
    created_index: bool = False
    retries: int = 0  # lost connections resumed
    seconds: float = 0.0
