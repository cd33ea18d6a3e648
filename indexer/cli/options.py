"""Every option of `search`, and every option commands share, declared once: the table both parsers read.

Two parsers build themselves from this table: `entry` parses a plain
`soundbite search` without loading Typer (30 ms of every search), and `app`
makes Typer's declarations from the same entries (`app.with_options`), as
sqlite-utils shares option groups between its commands. So adding a search
filter is one entry in `FILTERS`, a field of `model.SearchOptions` of the
same name, and its engine code in `engine/querying/filters.py`;
`tests/test_architecture.py` fails on a filter declared anywhere else, and
`docs/commands.md` is generated from the result.

It imports nothing but the standard library: every search loads it.
"""

from __future__ import annotations

# What an option takes.
TEXT = "text"  # any string
COUNT = "count"  # an integer >= 0, at most `maximum`
FOLDER = "folder"  # a path that is not an existing file
CHOICE = "choice"  # one of `choices`
FLAG = "flag"  # no value: on when given


class Option:
    """One option: the parameter it sets (a `commands` function's, and `model.SearchOptions`' for a filter),
    its names, what it takes (`kind`), its help, its default, and its choices or maximum where it has them.

    (A plain class, not a dataclass: building a dataclass costs about a millisecond of every search.)
    """

    __slots__ = ("choices", "default", "envvar", "help", "kind", "maximum", "names", "param")

    def __init__(
        self,
        param: str,
        names: tuple[str, ...],
        kind: str,
        help: str,
        default: object = None,
        choices: tuple[str, ...] = (),
        maximum: int | None = None,
        envvar: str | None = None,
    ):
        self.param, self.names, self.kind, self.help = param, names, kind, help
        self.default, self.choices, self.maximum, self.envvar = default, choices, maximum, envvar

    def but(self, **changes) -> Option:
        """The same option with another help text, default or maximum (`export --limit` defaults to all)."""
        given = {name: getattr(self, name) for name in self.__slots__}
        return Option(**{**given, **changes})

    def __repr__(self) -> str:
        return f"Option({self.param!r}, {self.names!r}, {self.kind!r})"


# The most passages `--context` shows on each side of a hit: each is read and printed (a thousand on
# each side of fifty hits took minutes), and more than this is reading the transcript (`show`).
MAX_CONTEXT = 50
# `index --format`'s choices, the readers' names in detection order: spelled here because importing the
# readers to ask them costs about 60 ms on every command and every completion (a test keeps it equal).
FORMAT_NAMES = (
    "vtt", "srt", "sbv", "scc", "dfxp", "sami", "substation", "youtube-xml", "transcribe", "azure-speech",
    "deepgram", "assemblyai", "rev", "speechmatics", "watson", "google-speech", "whisper-cpp", "youtube-json3",
    "youtube-list", "podcast-json", "archive-html", "podcast-html", "agency-video", "agency-text", "newsroom",
    "newsvideo", "dataset", "turns", "plain",
)  # fmt: skip
# The values of the options that take one of a few, by parameter (tests/test_entry.py checks them against
# the engine's own lists, which are spelled where they are used and load Whoosh).
CHOICES = {
    "sort": ("score", "time", "date"),
    "count_by": ("speaker", "transcript", "network", "role", "date", "week", "month", "year"),
    "by": ("day", "week", "month", "year"),
    "split_by": ("network", "speaker", "role", "transcript"),
    "color": ("auto", "always", "never"),
    "export_format": ("jsonl", "csv", "vtt", "srt", "edl", "opensearch"),
    "fps": ("23.976", "24", "25", "29.97", "30", "50", "59.94", "60"),
}

INDEX = Option("index", ("--index",), FOLDER, "Index folder (default: ./index).", envvar="SOUNDBITE_INDEX")
LIMIT = Option("limit", ("--limit", "-n"), COUNT, "Most hits to show (0: all).", 10)
OFFSET = Option("offset", ("--offset",), COUNT, "Skip this many hits (paging).", 0)
# What a search is narrowed to: `search`, `trend` and `export` take them all, as `model.SearchOptions`.
FILTERS = (
    Option("speaker", ("--speaker", "-s"), TEXT, "Only passages by this speaker (any part of the name)."),
    Option("role", ("--role",), TEXT, "Only speakers with this role (words)."),
    Option("network", ("--network",), TEXT, "Only transcripts from this network."),
    Option(
        "language",
        ("--language", "-l"),
        TEXT,
        "Only transcripts in this language (ISO 639-1: zh, pt; several: zh,ja).",
    ),
    Option(
        "transcript",
        ("--transcript", "-t"),
        TEXT,
        "Only transcripts whose id or path's end matches this glob, in any case.",
    ),
    Option("after", ("--after",), TEXT, "Passages starting at or after this time (90, 1:30, 1:02:03)."),
    Option("before", ("--before",), TEXT, "Passages starting before this time."),
    Option("since", ("--since",), TEXT, "Transcripts dated on or after (YYYY-MM-DD)."),
    Option("until", ("--until",), TEXT, "Transcripts dated on or before (YYYY-MM-DD)."),
)
SORT = Option(
    "sort",
    ("--sort",),
    CHOICE,
    "score (best first), time (transcript, then start) or date (newest transcript first, then start).",
    "score",
    CHOICES["sort"],
)
CONTEXT = Option(
    "context",
    ("--context", "-C"),
    COUNT,
    "Show N passages before and after each hit.",
    0,
    maximum=MAX_CONTEXT,
)
FULL = Option("full", ("--full",), FLAG, "Show whole passages, not fragments.", False)
COUNT_BY = Option(
    "count_by",
    ("--count-by",),
    CHOICE,
    "Instead of hits: matching passages per speaker, transcript, network or role, "
    "or per date, week, month or year (in date order, zeros included).",
    choices=CHOICES["count_by"],
)
JSON = Option("json_output", ("--json",), FLAG, "JSON Lines, one object per hit.", False)
COLOR = Option(
    "color",
    ("--color",),
    CHOICE,
    "Highlight matches: auto (on a terminal), always, never.",
    "auto",
    CHOICES["color"],
)

# `soundbite search`, in the order --help lists them; `entry` parses exactly these.
SEARCH = (INDEX, LIMIT, OFFSET, *FILTERS, SORT, CONTEXT, FULL, COUNT_BY, JSON, COLOR)
