"""The `soundbite` command line as Typer sees it: arguments, options and help, nothing more.

Each command function only declares its parameters and hands them, as parsed,
to the function of the same name in `commands`, which does the work and
returns the exit status. Errors are reported there as one line on stderr
starting with `soundbite:`; a traceback is a bug (SOUNDBITE_DEBUG=1 shows one).
"""

from __future__ import annotations

import inspect
import signal
import sys
from pathlib import Path
from typing import Annotated, Literal

import typer
import typer.main

from indexer.cli import commands, options
from indexer.cli.commands import EXIT_INTERRUPTED
from indexer.cli.options import CHOICES, FILTERS, FORMAT_NAMES, INDEX, Option

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


# Options of a command's own that take one of a few values: listed in --help, offered by completion,
# checked by Click. Spelled in `options.CHOICES` (the engine's modules that define them load Whoosh, which
# `--help`, `--version` and completion need not); tests/test_entry.py checks them against the engine.
By = Literal[CHOICES["by"]]
SplitBy = Literal[CHOICES["split_by"]]
FormatName = Literal[FORMAT_NAMES]
ExportFormat = Literal[CHOICES["export_format"]]
Fps = Literal[CHOICES["fps"]]


def declared(option: Option):
    """Typer's declaration of an option of the table (`options`): its type, names, help and checks."""
    optional = option.default is None
    if option.kind == options.FOLDER:
        return Annotated[
            Path | None,
            typer.Option(
                *option.names,
                envvar=option.envvar,
                show_envvar=bool(option.envvar),
                help=option.help,
                file_okay=False,
            ),
        ]
    declaration = typer.Option(*option.names, help=option.help)
    if option.kind == options.COUNT:
        declaration = typer.Option(*option.names, min=0, max=option.maximum, help=option.help)
        return Annotated[int | None if optional else int, declaration]
    if option.kind == options.CHOICE:
        choice = Literal[option.choices]
        return Annotated[choice | None if optional else choice, declaration]
    if option.kind == options.FLAG:
        return Annotated[bool, declaration]
    return Annotated[str | None if optional else str, declaration]


def with_options(*table: Option):
    """The command takes these options of the table too, after its own: declared from their entries.

    The function receives them in `**options`; Typer sees each as a parameter
    of its own (the signature it reads is extended), so its help, completion
    and checks are as for any option.
    """

    def extend(function):
        signature = inspect.signature(function, eval_str=True)
        keyword = inspect.Parameter.KEYWORD_ONLY  # (Typer passes every parameter by name)
        own = [p.replace(kind=keyword) for p in signature.parameters.values() if p.kind is not p.VAR_KEYWORD]
        added = [inspect.Parameter(o.param, keyword, default=o.default, annotation=declared(o)) for o in table]
        # --index first, as every command's help has it; then the command's own options, then the rest.
        first = [p for p in added if p.name == INDEX.param]
        parameters = first + own + [p for p in added if p.name != INDEX.param]
        function.__signature__ = signature.replace(parameters=parameters)
        function.__annotations__ = {p.name: p.annotation for p in parameters}
        return function

    return extend


def _given(parameters: dict) -> dict:
    """A command function's parameters as it was given them: its own, and the table's from `**table`."""
    table = parameters.pop("table", {})
    return {**parameters, **table}


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
        "soundbite index seeds/",
        "soundbite index              # re-scan the folders it remembers",
        "soundbite index -q --strict  # from cron: exit 1 on a newly skipped file",
        "soundbite index --watch seeds/   # index new files within seconds, until Ctrl-C",
        "soundbite index seeds/ --exclude notes/ --exclude '*.md'   # remembered",
        "soundbite index --people seeds/people.toml   # who is who, in your own words",
    ),
)
@with_options(INDEX)
def index_command(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            help="Transcript files and folders (folders are read recursively). "
            "Without any, the folders and files the index was built from are re-scanned."
        ),
    ] = None,
    format: Annotated[
        FormatName | None,
        typer.Option("--format", help="Read every file as this format instead of detecting it."),
    ] = None,
    rebuild: Annotated[
        bool,
        typer.Option("--rebuild", help="Build a fresh index beside the current one and swap it in."),
    ] = False,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Exit 1 when a file was newly skipped (for cron alerts; one skipped before, unchanged, is not "
            "reported again: stats --skipped lists them).",
        ),
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
    exclude: Annotated[
        list[str] | None,
        typer.Option(
            "--exclude",
            metavar="PATTERN",
            help="Pass over what matches this gitignore pattern in the folders (*.md, notes/, /drafts, !keep.md); "
            "repeatable. Remembered by the index and applied again by later runs (soundbite stats lists them). "
            "A file named directly is always read.",
        ),
    ] = None,
    forget_excludes: Annotated[
        bool,
        typer.Option("--forget-excludes", help="Forget the --exclude patterns remembered before this run."),
    ] = False,
    ignore_files: Annotated[
        bool | None,
        typer.Option(
            "--ignore/--no-ignore",
            help="--no-ignore: read what .soundbiteignore files and the built-in list (README, LICENSE, "
            "CHANGELOG, ...) pass over; --ignore: pass it over again (the default). Remembered by the index.",
            show_default=False,
        ),
    ] = None,
    people: Annotated[
        str | None,
        typer.Option(
            "--people",
            metavar="FILE",
            help="Who is who, in your own words (merged names, names by date, labels that are nobody, roles): "
            "this people file, remembered for later runs. Without it, soundbite.toml beside the index is used, "
            "if there is one.",
        ),
    ] = None,
    no_people: Annotated[
        bool,
        typer.Option("--no-people", help="Index without a people file, and forget the one given before."),
    ] = False,
    **table,
) -> None:
    """Index transcripts: new and changed files are read, unchanged ones cost nothing."""
    raise typer.Exit(commands.run(commands.index, **_given(locals())))


@app.command(
    "stats",
    epilog=_examples(
        "soundbite stats",
        "soundbite stats --json",
        "soundbite stats --notes   # what readers passed over (exit 1: none)",
    ),
)
@with_options(INDEX, options.JSON.but(help="One JSON object (with --notes: JSON Lines, one a note)."))
def stats_command(
    notes: Annotated[
        bool,
        typer.Option(
            "--notes", help="Every note the readers left on indexed files (what they passed over), a line each."
        ),
    ] = False,
    skipped: Annotated[
        bool,
        typer.Option(
            "--skipped",
            help="Every file the index runs could not use and why, a line each (a run reports one once, "
            "until it changes).",
        ),
    ] = False,
    **table,
) -> None:
    """What the index holds: transcripts, passages, speakers, formats, folders, size, last update."""
    raise typer.Exit(commands.run(commands.stats, **_given(locals())))


@app.command(
    "search",
    epilog=_examples(
        "soundbite search KGB",
        "soundbite search '\"President Putin\"' --speaker trump --json",
        "soundbite search putin --count-by speaker",
    ),
)
@with_options(*options.SEARCH)
def search_command(
    query: Annotated[str, typer.Argument(help='Words, "phrases", AND/OR/NOT, prefix*, fuzzy~, field:value.')],
    **table,
) -> None:
    """Search the index and print the best passages with the matching words highlighted."""
    raise typer.Exit(commands.run(commands.search, query=query, **table))


@app.command(
    "show",
    epilog=_examples(
        "soundbite show cgtn-trump-putin-helsinki-summit --at 2:32 -C 1",
        "soundbite show cgtn-trump-putin-helsinki-summit --json",
    ),
)
@with_options(
    INDEX,
    options.CONTEXT.but(default=None, help="Only N passages around the marked one."),
    options.JSON.but(help="JSON Lines, one object per passage."),
    options.COLOR.but(help="auto, always or never."),
)
def show_command(
    transcript: Annotated[
        str,
        typer.Argument(help="A transcript id (as search prints it) or path.", autocompletion=_complete_transcripts),
    ],
    at: Annotated[str | None, typer.Option("--at", help="Mark the passage spoken at this time.")] = None,
    passage: Annotated[int | None, typer.Option("--passage", "-p", min=1, help="Mark passage N.")] = None,
    no_pager: Annotated[
        bool,
        typer.Option(
            "--no-pager", help="Print it all at once; else on a terminal, longer than the screen, through $PAGER."
        ),
    ] = False,
    **table,
) -> None:
    """A transcript as passages with times and speakers; --at or --passage marks a spot."""
    raise typer.Exit(commands.run(commands.show, **_given(locals())))


@app.command(
    "trend",
    epilog=_examples(
        "soundbite trend putin kgb --by month",
        "soundbite trend sanctions --split-by network --normalise --smooth 3",
        "soundbite trend putin --since 2018 --csv > putin.csv",
    ),
)
@with_options(
    INDEX,
    *FILTERS,
    options.JSON.but(help="JSON Lines, one object per period and series."),
    options.COLOR.but(help="auto, always or never."),
)
def trend_command(
    queries: Annotated[
        list[str], typer.Argument(help="One or more queries (search's syntax), each a series.", show_default=False)
    ],
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
    csv_output: Annotated[bool, typer.Option("--csv", help="CSV, one row per period and series.")] = False,
    **table,
) -> None:
    """Matching passages per period of the transcripts' dates: a chart on a terminal, a table on a pipe.

    Each number is a count of matching passages in the period (transcripts' dates, the air date where
    there is one); with --normalise, per 1,000 passages indexed in it; with --smooth N, the mean of the
    N periods around it. Matches in transcripts without a date are counted apart, on stderr.
    """
    raise typer.Exit(commands.run(commands.trend, **_given(locals())))


@app.command(
    "export",
    epilog=_examples(
        "soundbite export --format jsonl -o passages.jsonl        # the whole index",
        "soundbite export KGB --format csv > kgb.csv",
        "soundbite export '\"President Putin\"' --format edl --pad 2 -o clips.edl",
        "soundbite export --format opensearch -o cluster/         # mapping.json and bulk.ndjson",
    ),
)
@with_options(
    INDEX,
    options.LIMIT.but(default=0, help="Most hits to export (0: all)."),
    options.OFFSET.but(help="Skip this many hits."),
    *FILTERS,
    options.SORT.but(
        help="Which hits -n takes, in every format: score (best first), time or date; "
        "clips are then laid out by transcript in time order."
    ),
)
def export_command(
    query: Annotated[
        str | None,
        typer.Argument(help="A query (search's syntax): its hits, all of them by default. Without one, every passage."),
    ] = None,
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
    csv_formulas: Annotated[
        bool,
        typer.Option(
            "--csv-formulas",
            help="With --format csv: leave cells starting with = + - @ as they are (a spreadsheet runs them).",
        ),
    ] = False,
    whole_passage: Annotated[
        bool,
        typer.Option(
            "--whole-passage",
            help="With vtt, srt, edl: each clip is its whole passage, not the matched words (and --pad).",
        ),
    ] = False,
    **table,
) -> None:
    """Write passages for other tools: data for pandas or DuckDB, clip lists for editors, a cluster's bulk file."""
    raise typer.Exit(commands.run(commands.export, **_given(locals())))


@app.command(
    "push",
    epilog=_examples(
        "soundbite push http://localhost:9200",
        "soundbite push https://search.example.org --index-name news --user admin   # password from the prompt",
        "SOUNDBITE_OPENSEARCH_API_KEY=... soundbite push https://cluster.example.org:9243",
    ),
)
@with_options(INDEX)
def push_command(
    url: Annotated[str, typer.Argument(help="The cluster: http(s)://HOST[:PORT].")],
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
    **table,
) -> None:
    """Send the index to an OpenSearch or Elasticsearch cluster: only what changed since the last push.

    Creates the index with soundbite's mapping when it is missing, sends new and changed transcripts' passages,
    deletes those of transcripts no longer indexed. An API key is read from SOUNDBITE_OPENSEARCH_API_KEY.
    Exit 2 when any passage failed (each is listed) or the cluster cannot be used.
    """
    if user and password is None:
        password = typer.prompt(f"Password for {user}", hide_input=True, err=True)
    raise typer.Exit(commands.run(commands.push, **_given(locals())))


@app.command(
    "list",
    epilog=_examples("soundbite list", "soundbite list trump", "soundbite list 'cgtn-*' --json"),
)
@with_options(
    INDEX,
    *(option for option in options.FILTERS if option.param not in ("transcript", "after", "before")),
    options.JSON.but(help="JSON Lines, one object per transcript."),
)
def list_command(
    pattern: Annotated[
        str | None,
        typer.Argument(help="Part of an id or path (any case), or a glob: psaki, 'briefings/2021-*'."),
    ] = None,
    **table,
) -> None:
    """The transcripts in the index: id, date, length, passages, speakers and title."""
    raise typer.Exit(commands.run(commands.list_transcripts, pattern=pattern, **table))


@app.command("speakers", epilog=_examples("soundbite speakers", "soundbite speakers --json"))
@with_options(INDEX, options.JSON.but(help="JSON Lines, one object per speaker."))
def speakers_command(**table) -> None:
    """Every speaker in the index with their passage and transcript counts."""
    raise typer.Exit(commands.run(commands.speakers, **table))


@app.command(
    "serve",
    epilog=_examples("soundbite serve --open", "soundbite serve --host 0.0.0.0 --port 8080"),
)
@with_options(INDEX)
def serve_command(
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on; anything but loopback needs the access token.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="Port (0: any free one).")] = 8000,
    token: Annotated[
        str | None,
        typer.Option(
            "--token", help="Access token (default: SOUNDBITE_SERVE_TOKEN, or one made at start off loopback)."
        ),
    ] = None,
    open_browser: Annotated[bool, typer.Option("--open", help="Open the page in a browser.")] = False,
    workers: Annotated[
        int, typer.Option("--workers", min=1, help="Processes answering requests (each its own searchers).")
    ] = 1,
    **table,
) -> None:
    """Serve the index as a web page (search, transcripts with their media) and a JSON API."""
    raise typer.Exit(commands.run(commands.serve, **_given(locals())))


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
        from indexer.exits import leave

        sys.stdout.flush()
        sys.stderr.flush()
        leave(EXIT_INTERRUPTED)
    # The work is done (committed, printed): a Ctrl-C now would only interrupt Python's own
    # shutdown and print its traceback (seen once in 103 interrupts of bench/stress.py).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    sys.exit(code)
