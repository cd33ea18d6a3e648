"""The `soundbite` command line as Typer sees it: arguments, options and help, nothing more.

Each command function only declares its parameters and hands them, as parsed,
to the function of the same name in `commands`, which does the work and
returns the exit status. Errors are reported there as one line on stderr
starting with `soundbite:`; a traceback is a bug (SOUNDBITE_DEBUG=1 shows one).
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from typing import Annotated, Literal

import typer
import typer.main

from indexer.cli import commands
from indexer.cli.commands import EXIT_INTERRUPTED
from indexer.cli.entry import CHOICES, FORMAT_NAMES, MAX_CONTEXT

app = typer.Typer(
    name="soundbite",
    help="Search spoken-word transcripts: who said it, in which report, at what minute.",
    add_completion=True,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog="Examples:\n\n  $ soundbite index seeds/\n\n  $ soundbite search KGB\n\n  $ soundbite show --help",
)


def _print_version(value: bool) -> None:
    if value:
        from indexer import __version__

        typer.echo(f"soundbite {__version__}")
        raise typer.Exit(0)


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option("--version", "-V", help="Print the version and exit.", is_eager=True, callback=_print_version),
    ] = False,
) -> None:
    """Search spoken-word transcripts: who said it, in which report, at what minute."""


# Options that take one of a few values: listed in --help, offered by completion, checked by Click.
# Spelled once for both parsers in `entry.CHOICES` (the engine's modules that define them load Whoosh,
# which `--help`, `--version` and completion need not); tests/test_entry.py checks them against the engine.
Sort = Literal[CHOICES["sort"]]
Color = Literal[CHOICES["color"]]
CountBy = Literal[CHOICES["count_by"]]
By = Literal[CHOICES["by"]]
SplitBy = Literal[CHOICES["split_by"]]
FormatName = Literal[FORMAT_NAMES]
ExportFormat = Literal[CHOICES["export_format"]]
Fps = Literal[CHOICES["fps"]]

IndexOption = Annotated[
    Path | None,
    typer.Option(
        "--index",
        envvar="SOUNDBITE_INDEX",
        show_envvar=True,
        help="Index folder (default: ./index).",
        file_okay=False,
    ),
]


# The filters `search` and `trend` share.
SpeakerOption = Annotated[
    str | None, typer.Option("--speaker", "-s", help="Only passages by this speaker (any part of the name).")
]
RoleOption = Annotated[str | None, typer.Option("--role", help="Only speakers with this role (words).")]
NetworkOption = Annotated[str | None, typer.Option("--network", help="Only transcripts from this network.")]
LanguageOption = Annotated[
    str | None,
    typer.Option("--language", "-l", help="Only transcripts in this language (ISO 639-1: zh, pt; several: zh,ja)."),
]
TranscriptOption = Annotated[
    str | None, typer.Option("--transcript", "-t", help="Only transcripts whose id or path matches this glob.")
]
AfterOption = Annotated[
    str | None, typer.Option("--after", help="Passages starting at or after this time (90, 1:30, 1:02:03).")
]
BeforeOption = Annotated[str | None, typer.Option("--before", help="Passages starting before this time.")]
SinceOption = Annotated[str | None, typer.Option("--since", help="Transcripts dated on or after (YYYY-MM-DD).")]
UntilOption = Annotated[str | None, typer.Option("--until", help="Transcripts dated on or before (YYYY-MM-DD).")]


def _complete_transcripts(ctx: typer.Context, incomplete: str) -> list[str]:
    """Shell completion of `show`'s argument: the ids in the index (--index, $SOUNDBITE_INDEX or ./index)."""
    from indexer.engine.storage import store

    try:
        records = store.read_manifest(store.resolve_index_dir(ctx.params.get("index"))).files.values()
    except Exception:  # no index, or none readable: nothing to offer
        return []
    return sorted(tid for record in records for tid in record.transcript_ids if tid.startswith(incomplete))


def _examples(*lines: str) -> str:
    """An `Examples:` epilog, one invocation a line (Typer's help joins single newlines)."""
    return "Examples:\n\n" + "\n\n".join(f"  $ {line}" for line in lines)


@app.command(
    "index",
    epilog=_examples(
        "soundbite index transcripts/",
        "soundbite index              # re-scan the folders it remembers",
        "soundbite index -q --strict  # from cron: exit 1 on a skipped file",
        "soundbite index --watch transcripts/   # index new files within seconds, until Ctrl-C",
    ),
)
def index_command(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            help="Transcript files and folders (folders are read recursively). "
            "Without any, the folders and files the index was built from are re-scanned."
        ),
    ] = None,
    index: IndexOption = None,
    format: Annotated[
        FormatName | None,
        typer.Option("--format", help="Read every file as this format instead of detecting it."),
    ] = None,
    rebuild: Annotated[
        bool,
        typer.Option("--rebuild", help="Build a fresh index beside the current one and swap it in."),
    ] = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 1 when any file was skipped (for cron alerts).")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors.")] = False,
    watch: Annotated[
        bool,
        typer.Option(
            "--watch",
            "-w",
            help="Then keep watching the folders and index what changes, within seconds, until Ctrl-C.",
        ),
    ] = False,
    settle: Annotated[
        float,
        typer.Option(
            "--settle",
            min=0.1,
            help="With --watch: seconds a changed file must be quiet before it is read (a copy in progress).",
        ),
    ] = 2.0,
) -> None:
    """Index transcripts: new and changed files are read, unchanged ones cost nothing."""
    raise typer.Exit(commands.run(commands.index, **locals()))


@app.command("stats", epilog=_examples("soundbite stats", "soundbite stats --json"))
def stats_command(
    index: IndexOption = None,
    json_output: Annotated[bool, typer.Option("--json", help="One JSON object.")] = False,
) -> None:
    """What the index holds: transcripts, passages, speakers, formats, folders, size, last update."""
    raise typer.Exit(commands.run(commands.stats, **locals()))


@app.command(
    "search",
    epilog=_examples(
        "soundbite search KGB",
        "soundbite search '\"climate change\"' --speaker biden --since 2024-01 --json",
        "soundbite search sanctions --count-by speaker",
    ),
)
def search_command(
    query: Annotated[str, typer.Argument(help='Words, "phrases", AND/OR/NOT, prefix*, fuzzy~, field:value.')],
    index: IndexOption = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=0, help="Most hits to show (0: all).")] = 10,
    offset: Annotated[int, typer.Option("--offset", min=0, help="Skip this many hits (paging).")] = 0,
    speaker: SpeakerOption = None,
    role: RoleOption = None,
    network: NetworkOption = None,
    language: LanguageOption = None,
    transcript: TranscriptOption = None,
    after: AfterOption = None,
    before: BeforeOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    sort: Annotated[
        Sort, typer.Option("--sort", help="score (best first) or time (transcript, then start).")
    ] = "score",
    context: Annotated[
        int,
        typer.Option("--context", "-C", min=0, max=MAX_CONTEXT, help="Show N passages before and after each hit."),
    ] = 0,
    full: Annotated[bool, typer.Option("--full", help="Show whole passages, not fragments.")] = False,
    count_by: Annotated[
        CountBy | None,
        typer.Option(
            "--count-by",
            help="Instead of hits: matching passages per speaker, transcript, network or role, "
            "or per date, week, month or year (in date order, zeros included).",
        ),
    ] = None,
    json_output: Annotated[bool, typer.Option("--json", help="JSON Lines, one object per hit.")] = False,
    color: Annotated[
        Color, typer.Option("--color", help="Highlight matches: auto (on a terminal), always, never.")
    ] = "auto",
) -> None:
    """Search the index and print the best passages with the matching words highlighted."""
    raise typer.Exit(commands.run(commands.search, **locals()))


@app.command(
    "show",
    epilog=_examples("soundbite show cgtn-trump-putin-helsinki-summit --at 2:32 -C 1", "soundbite show debate --json"),
)
def show_command(
    transcript: Annotated[
        str,
        typer.Argument(help="A transcript id (as search prints it) or path.", autocompletion=_complete_transcripts),
    ],
    index: IndexOption = None,
    at: Annotated[str | None, typer.Option("--at", help="Mark the passage spoken at this time.")] = None,
    passage: Annotated[int | None, typer.Option("--passage", "-p", min=1, help="Mark passage N.")] = None,
    context: Annotated[
        int | None,
        typer.Option("--context", "-C", min=0, max=MAX_CONTEXT, help="Only N passages around the marked one."),
    ] = None,
    json_output: Annotated[bool, typer.Option("--json", help="JSON Lines, one object per passage.")] = False,
    color: Annotated[Color, typer.Option("--color", help="auto, always or never.")] = "auto",
) -> None:
    """A transcript as passages with times and speakers; --at or --passage marks a spot."""
    raise typer.Exit(commands.run(commands.show, **locals()))


@app.command(
    "trend",
    epilog=_examples(
        "soundbite trend '\"climate change\"' inflation --by month",
        "soundbite trend sanctions --split-by network --normalise --smooth 3",
        "soundbite trend tariffs --since 2024 --csv > tariffs.csv",
    ),
)
def trend_command(
    queries: Annotated[
        list[str], typer.Argument(help="One or more queries (search's syntax), each a series.", show_default=False)
    ],
    index: IndexOption = None,
    by: Annotated[
        By | None,
        typer.Option(
            "--by", help="Period: day, week (ISO, from Monday), month or year (default: month over 3 years, else day)."
        ),
    ] = None,
    split_by: Annotated[
        SplitBy | None,
        typer.Option(
            "--split-by", help="One query, a series per network, speaker, role or transcript (the top N, then 'other')."
        ),
    ] = None,
    top: Annotated[
        int, typer.Option("--top", min=1, help="Series to keep with --split-by; the rest are summed as 'other'.")
    ] = 8,
    normalise: Annotated[
        bool,
        typer.Option(
            "--normalise",
            "--normalize",
            help="Matches per 1,000 passages indexed in the period (in the series' network, speaker, role "
            "or transcript with --split-by), since raw counts follow how much was recorded.",
        ),
    ] = False,
    smooth: Annotated[
        int, typer.Option("--smooth", min=1, help="A centred moving average over N periods (fewer at the ends).")
    ] = 1,
    speaker: SpeakerOption = None,
    role: RoleOption = None,
    network: NetworkOption = None,
    language: LanguageOption = None,
    transcript: TranscriptOption = None,
    after: AfterOption = None,
    before: BeforeOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    json_output: Annotated[bool, typer.Option("--json", help="JSON Lines, one object per period and series.")] = False,
    csv_output: Annotated[bool, typer.Option("--csv", help="CSV, one row per period and series.")] = False,
    color: Annotated[Color, typer.Option("--color", help="auto, always or never.")] = "auto",
) -> None:
    """Matching passages per period of the transcripts' dates: a chart on a terminal, a table on a pipe.

    Each number is a count of matching passages in the period (transcripts' dates, the air date where
    there is one); with --normalise, per 1,000 passages indexed in it; with --smooth N, the mean of the
    N periods around it. Matches in transcripts without a date are counted apart, on stderr.
    """
    raise typer.Exit(commands.run(commands.trend, **locals()))


@app.command(
    "export",
    epilog=_examples(
        "soundbite export --format jsonl -o passages.jsonl        # the whole index",
        "soundbite export KGB --format csv > kgb.csv",
        "soundbite export '\"climate change\"' --format edl --pad 2 -o clips.edl",
        "soundbite export --format opensearch -o cluster/         # mapping.json and bulk.ndjson",
    ),
)
def export_command(
    query: Annotated[
        str | None,
        typer.Argument(help="A query (search's syntax): its hits, all of them by default. Without one, every passage."),
    ] = None,
    index: IndexOption = None,
    format: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            "-f",
            help="jsonl and csv: passages with their transcripts' metadata; vtt, srt, edl: the hits as clips "
            "(timed passages only); opensearch: mapping.json and bulk.ndjson for a search cluster (with -o DIR).",
        ),
    ] = "jsonl",
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write here (complete or not at all) instead of to stdout."),
    ] = None,
    pad: Annotated[
        float, typer.Option("--pad", min=0, help="Widen each clip by this many seconds at both ends.")
    ] = 0.0,
    fps: Annotated[
        Fps, typer.Option("--fps", help="Frame rate of the EDL's timecodes (29.97 and 59.94 as drop-frame).")
    ] = "29.97",
    index_name: Annotated[
        str | None, typer.Option("--index-name", help="The cluster index bulk.ndjson names (default: soundbite).")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=0, help="Most hits to export (0: all).")] = 0,
    offset: Annotated[int, typer.Option("--offset", min=0, help="Skip this many hits.")] = 0,
    speaker: SpeakerOption = None,
    role: RoleOption = None,
    network: NetworkOption = None,
    language: LanguageOption = None,
    transcript: TranscriptOption = None,
    after: AfterOption = None,
    before: BeforeOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    sort: Annotated[
        Sort, typer.Option("--sort", help="score (best first) or time; clips are always in time order.")
    ] = "score",
    csv_formulas: Annotated[
        bool,
        typer.Option(
            "--csv-formulas",
            help="With --format csv: leave cells starting with = + - @ as they are (a spreadsheet runs them).",
        ),
    ] = False,
) -> None:
    """Write passages for other tools: data for pandas or DuckDB, clip lists for editors, a cluster's bulk file."""
    raise typer.Exit(commands.run(commands.export, **locals()))


@app.command(
    "push",
    epilog=_examples(
        "soundbite push http://localhost:9200",
        "soundbite push https://search.example.org --index-name news --user admin   # password from the prompt",
        "SOUNDBITE_OPENSEARCH_API_KEY=... soundbite push https://cluster.example.org:9243",
    ),
)
def push_command(
    url: Annotated[str, typer.Argument(help="The cluster: http(s)://HOST[:PORT].")],
    index: IndexOption = None,
    index_name: Annotated[
        str | None, typer.Option("--index-name", help="The cluster's index for the passages (default: soundbite).")
    ] = None,
    user: Annotated[str | None, typer.Option("--user", "-u", help="Sign in as this user (basic auth).")] = None,
    password: Annotated[
        str | None,
        typer.Option(
            "--password",
            envvar="SOUNDBITE_OPENSEARCH_PASSWORD",
            show_envvar=True,
            help="The user's password (asked for when --user is given without it).",
        ),
    ] = None,
    insecure: Annotated[
        bool, typer.Option("--insecure", "-k", help="Do not check the cluster's TLS certificate (a test cluster).")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors.")] = False,
) -> None:
    """Send the index to an OpenSearch or Elasticsearch cluster: only what changed since the last push.

    Creates the index with soundbite's mapping when it is missing, sends new and changed transcripts' passages,
    deletes those of transcripts no longer indexed. An API key is read from SOUNDBITE_OPENSEARCH_API_KEY.
    Exit 2 when any passage failed (each is listed) or the cluster cannot be used.
    """
    if user and password is None:
        password = typer.prompt(f"Password for {user}", hide_input=True, err=True)
    raise typer.Exit(commands.run(commands.push, **locals()))


@app.command("speakers", epilog=_examples("soundbite speakers", "soundbite speakers --json"))
def speakers_command(
    index: IndexOption = None,
    json_output: Annotated[bool, typer.Option("--json", help="JSON Lines, one object per speaker.")] = False,
) -> None:
    """Every speaker in the index with their passage and transcript counts."""
    raise typer.Exit(commands.run(commands.speakers, **locals()))


def main() -> None:
    """Run the Typer app; a mistake on the command line is one line and a hint, as in ripgrep."""
    try:
        from typer._click import exceptions as click_errors  # Typer 0.24+ bundles its Click
    except ImportError:  # pragma: no cover - an older Typer with Click beside it
        from click import exceptions as click_errors

    command = typer.main.get_command(app)
    try:
        # Without standalone mode, Click returns a command's exit status instead of exiting.
        returned = command.main(args=sys.argv[1:], prog_name="soundbite", standalone_mode=False)
        code = returned if isinstance(returned, int) else 0
    except click_errors.NoArgsIsHelpError:
        code = 2  # the help was printed
    except click_errors.UsageError as exc:
        named = next((arg for arg in sys.argv[1:] if arg in command.commands), None)
        where = f"soundbite {named}" if named else "soundbite"
        from indexer.safe_text import inert

        sys.stderr.write(inert(f"soundbite: error: {exc.format_message()}\nsoundbite: see '{where} --help'\n"))
        code = 2
    except click_errors.Exit as exc:
        code = exc.exit_code
    except click_errors.Abort:
        code = EXIT_INTERRUPTED
    if code == EXIT_INTERRUPTED:
        # Interrupted and cancelled: nothing is left to finish, and exit
        # handlers (multiprocessing's queue joins) could wait forever.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(EXIT_INTERRUPTED)
    # The work is done (committed, printed): a Ctrl-C now would only interrupt Python's own
    # shutdown and print its traceback (seen once in 103 interrupts of bench/stress.py).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    sys.exit(code)
