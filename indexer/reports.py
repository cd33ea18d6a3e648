"""What the commands other than search return: an index run, a transcript shown, a list, speakers, a
trend, the index's stats, a watch, a push.

Plain data, as `indexer.model` is, and reachable through it (`from indexer.model import IndexReport`):
kept apart so that a terminal search, which builds none of it, does not pay to define it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from time import monotonic

TYPE_CHECKING = False  # (not `typing`'s: 3 ms to import for annotations only)
if TYPE_CHECKING:
    from indexer.model import Transcript


@dataclass
class IndexReport:
    """What an index run did: transcripts by outcome, passages written, files it could not use."""

    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    passages: int = 0  # written in this run
    excluded: list[str] = field(default_factory=list)  # files and folders (`drafts/`) the rules passed over
    removed_excluded: int = 0  # of `removed`: transcripts whose files are still there, but excluded now
    skipped: list = field(default_factory=list)  # UnreadableFile problems, one a file: new ones (reported)
    skipped_known: list = field(default_factory=list)  # skipped as in an earlier run, the file unchanged
    missing: list[str] = field(default_factory=list)  # paths given that are not there
    notes: list[str] = field(default_factory=list)  # `path: what was passed over`, from the parsers
    transcripts: int = 0  # in the index after the run
    elsewhere: int = 0  # of those, in files outside the paths scanned this run (indexed from other folders)
    rebuilt: bool = False
    seconds: float = 0.0
    interrupted: bool = False  # a Ctrl-C came while the run committed: it finished, but was asked to stop
    people: str = ""  # the people file applied (`soundbite.toml`, `--people FILE`), "" for none
    people_changed: bool = False  # since the last run: applied again to the passages indexed before
    renamed: int = 0  # passages indexed before whose speaker or role the changed people file changed
    undated: int = 0  # passages a dated form of the people file could not name: their transcript has no date

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
    origin: str = "transcripts"  # where the name came from: the transcripts, or the people file (its name)
    merged: list[str] = field(default_factory=list)  # the names the people file gave this one in their place


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
    dated: bool = True  # any transcript of the index has a full date (else there is no timeline to draw)


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
    excludes: list[str]  # the --exclude patterns its folder walks apply, in order
    ignore_files: bool  # whether .soundbiteignore files and the built-in list (README, LICENSE ...) apply
    size_bytes: int
    updated: str | None  # local time of the last run, `YYYY-MM-DD HH:MM:SS`
    schema_version: int
    skipped: int = 0  # files runs could not use (`stats --skipped` lists them)


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
