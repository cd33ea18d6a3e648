"""The `soundbite` command: argument parsing only; the work is in the library.

Exit status follows grep and ripgrep: 0 when something was found (or indexed),
1 when a search found nothing, 2 on any error. Every error is one line on
stderr starting with `soundbite:`; a traceback is a bug (set SOUNDBITE_DEBUG=1
to see one).
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
import time
from pathlib import Path
from typing import Annotated

import typer

from indexer.cli import commands
from indexer.cli.commands import EXIT_ERROR, EXIT_FOUND, EXIT_INTERRUPTED, EXIT_NOT_FOUND, failure

app = typer.Typer(
    name="soundbite",
    help="Search spoken-word transcripts: who said it, in which report, at what minute.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

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


def _env():
    from indexer.cli.render import Environment

    return Environment.from_system()


def _fail(message: str, code: int = EXIT_ERROR) -> typer.Exit:
    if message:
        _env().stderr.write(f"soundbite: {message}\n")
    return typer.Exit(code)


def reports_errors(command):
    """Turn the library's errors into one line on stderr and an exit status (see `commands.failure`)."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except typer.Exit:
            raise
        except Exception as exc:
            outcome = failure(exc)
            if outcome is None:
                raise
            raise _fail(*outcome) from None
        except KeyboardInterrupt as exc:
            raise _fail(*failure(exc)) from None

    return wrapper


def _index_dir(given: Path | None) -> Path:
    from indexer.engine.store import resolve_index_dir

    return resolve_index_dir(given)


@app.command("index")
@reports_errors
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
        str | None,
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
) -> None:
    """Index transcripts: new and changed files are read, unchanged ones cost nothing."""
    from indexer.cli.render import index_summary
    from indexer.engine.writer import index_paths
    from indexer.transcripts import formats

    if format is not None and format not in formats.names():
        raise _fail(f"error: unknown --format {format!r}: use one of {', '.join(formats.names())}")
    env = _env()
    index_dir = _index_dir(index)

    def skipped(problem):
        env.stderr.write(f"soundbite: skipped {problem}\n")

    def waiting():
        env.stderr.write(f"soundbite: waiting for another soundbite run to finish with {index_dir}\n")

    with _progress_bar(env, enabled=not quiet) as on_progress:
        report = index_paths(
            index_dir,
            paths or None,
            format_name=format,
            rebuild=rebuild,
            on_skip=skipped,
            on_progress=on_progress,
            on_wait=waiting,
        )
    for problem in report.missing:
        env.stderr.write(f"soundbite: error: {problem}\n")
    if not quiet:
        env.stdout.write(index_summary(report, index_dir) + "\n")
    if report.missing:
        raise typer.Exit(EXIT_ERROR)
    if strict and report.skipped:
        raise typer.Exit(EXIT_NOT_FOUND)


@contextlib.contextmanager
def _progress_bar(env, enabled: bool):
    """A rich progress bar on stderr when it is a terminal; nothing otherwise."""
    if not (enabled and env.stderr_isatty):
        yield None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    console = Console(file=env.stderr, force_terminal=True)  # stderr is a terminal: checked above
    bar = Progress(
        TextColumn("indexing"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("files · {task.fields[passages]:,} passages · {task.fields[rate]}"),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    )
    task = bar.add_task("index", total=None, passages=0, rate="")
    began = time.perf_counter()

    def update(progress):
        elapsed = max(time.perf_counter() - began, 1e-6)
        bar.update(
            task,
            completed=progress.done,
            total=progress.total,
            passages=progress.passages,
            rate=f"{progress.done / elapsed:.0f} files/s",
        )

    with bar:
        yield update


@app.command("stats")
@reports_errors
def stats_command(
    index: IndexOption = None,
    json_output: Annotated[bool, typer.Option("--json", help="One JSON object.")] = False,
) -> None:
    """What the index holds: transcripts, passages, speakers, formats, folders, size, last update."""
    from indexer.cli.render import write_stats
    from indexer.engine.stats import index_stats

    write_stats(index_stats(_index_dir(index)), _env(), json_output)


@app.command("search")
@reports_errors
def search_command(
    query: Annotated[str, typer.Argument(help='Words, "phrases", AND/OR/NOT, prefix*, fuzzy~, field:value.')],
    index: IndexOption = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=0, help="Most hits to show (0: all).")] = 10,
    offset: Annotated[int, typer.Option("--offset", min=0, help="Skip this many hits (paging).")] = 0,
    speaker: Annotated[
        str | None,
        typer.Option("--speaker", "-s", help="Only passages by this speaker (any part of the name)."),
    ] = None,
    role: Annotated[str | None, typer.Option("--role", help="Only speakers with this role (words).")] = None,
    network: Annotated[str | None, typer.Option("--network", help="Only transcripts from this network.")] = None,
    transcript: Annotated[
        str | None,
        typer.Option("--transcript", "-t", help="Only transcripts whose id or path matches this glob."),
    ] = None,
    after: Annotated[
        str | None,
        typer.Option("--after", help="Passages starting at or after this time (90, 1:30, 1:02:03)."),
    ] = None,
    before: Annotated[str | None, typer.Option("--before", help="Passages starting before this time.")] = None,
    since: Annotated[str | None, typer.Option("--since", help="Transcripts dated on or after (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option("--until", help="Transcripts dated on or before (YYYY-MM-DD).")] = None,
    sort: Annotated[str, typer.Option("--sort", help="score (best first) or time (transcript, then start).")] = "score",
    context: Annotated[
        int, typer.Option("--context", "-C", min=0, help="Show N passages before and after each hit.")
    ] = 0,
    full: Annotated[bool, typer.Option("--full", help="Show whole passages, not fragments.")] = False,
    count_by: Annotated[
        str | None,
        typer.Option("--count-by", help="Instead of hits: matching passages per speaker|transcript|network|role."),
    ] = None,
    json_output: Annotated[bool, typer.Option("--json", help="JSON Lines, one object per hit.")] = False,
    color: Annotated[
        str, typer.Option("--color", help="Highlight matches: auto (on a terminal), always, never.")
    ] = "auto",
) -> None:
    """Search the index and print the best passages with the matching words highlighted."""
    params = dict(locals())  # just the parameters, named as commands.search takes them
    raise typer.Exit(commands.search(_env(), **params))


@app.command("show")
@reports_errors
def show_command(
    transcript: Annotated[str, typer.Argument(help="A transcript id (as search prints it) or path.")],
    index: IndexOption = None,
    at: Annotated[str | None, typer.Option("--at", help="Mark the passage spoken at this time.")] = None,
    passage: Annotated[int | None, typer.Option("--passage", "-p", min=1, help="Mark passage N.")] = None,
    context: Annotated[
        int | None, typer.Option("--context", "-C", min=0, help="Only N passages around the marked one.")
    ] = None,
    json_output: Annotated[bool, typer.Option("--json", help="JSON Lines, one object per passage.")] = False,
    color: Annotated[str, typer.Option("--color", help="auto, always or never.")] = "auto",
) -> None:
    """A transcript as passages with times and speakers; --at or --passage marks a spot."""
    from indexer.cli.render import write_transcript
    from indexer.engine.browse import show

    if at is not None and passage is not None:
        raise _fail("error: give --at or --passage, not both")
    view = show(_index_dir(index), transcript, at=at, passage=passage, context=context)
    write_transcript(view, _env(), json_output, color)


@app.command("speakers")
@reports_errors
def speakers_command(
    index: IndexOption = None,
    json_output: Annotated[bool, typer.Option("--json", help="JSON Lines, one object per speaker.")] = False,
) -> None:
    """Every speaker in the index with their passage and transcript counts."""
    from indexer.cli.render import write_speakers
    from indexer.engine.browse import speakers

    found = speakers(_index_dir(index))
    write_speakers(found, _env(), json_output)
    raise typer.Exit(EXIT_FOUND if found else EXIT_NOT_FOUND)


def main() -> None:
    try:
        app()
    except SystemExit as exc:
        if exc.code == EXIT_INTERRUPTED:
            # Interrupted and cancelled: nothing is left to finish, and exit
            # handlers (multiprocessing's queue joins) could wait forever.
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(EXIT_INTERRUPTED)
        raise
