"""What each command does once its arguments are parsed: one function a command, ending in an exit status.

Every command has the same shape, `command(env, **parameters) -> int`: it is
given an `Environment` (streams, whether they are terminals, settings), calls
the engine, writes through `render`, and returns the exit status; `run` turns
any error a user can cause into one line on stderr. Two front ends share
these: the Typer app (`indexer.cli.app`), which parses every command and
prints help, and the quick path (`indexer.cli.entry`), which answers a plain
`soundbite search` without loading Typer. Keeping the work here, free of
Typer, is what lets the quick path exist without a second copy of it, and
lets tests run any command in-process on a terminal or a pipe.

Exit statuses follow grep and ripgrep: 0 found, 1 nothing found, 2 error; 130
when interrupted.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable
from pathlib import Path

from indexer.cli.environment import Environment
from indexer.cli.options import CHOICES
from indexer.errors import SoundbiteError

EXIT_FOUND = 0
EXIT_NOT_FOUND = 1
EXIT_ERROR = 2
EXIT_INTERRUPTED = 130


def run(command: Callable[..., int], env: Environment | None = None, **params) -> int:
    """Run one command with `params`: its exit status, any error a user can cause as one line on stderr.

    Without `env`, the system's (which reads the settings, and may itself
    report a malformed one).
    """
    try:
        env = env or Environment.from_system()
        return command(env, **params)
    except (Exception, KeyboardInterrupt) as exc:
        outcome = failure(exc, debug=env.settings.debug if env else False)
        if outcome is None:
            raise
        message, code = outcome
        if message:
            from indexer.safe_text import inert

            (env.stderr if env else sys.stderr).write(inert(f"soundbite: {message}\n"))
        return code


def failure(exc: BaseException, debug: bool = False) -> tuple[str, int] | None:
    """The one line and exit status for an error a user can meet; None for a bug when `debug` is set.

    Without `debug` (SOUNDBITE_DEBUG) a bug too becomes one line. A reader
    that stops early (`| head`) is not an error: as in ripgrep, the rest of
    the output is dropped quietly, status 0, and the line is empty.
    """
    if isinstance(exc, BrokenPipeError):
        _drop_further_output()
        return "", EXIT_FOUND
    if isinstance(exc, SoundbiteError):
        return f"error: {exc}", EXIT_ERROR
    if isinstance(exc, KeyboardInterrupt):
        return "interrupted: nothing was changed", EXIT_INTERRUPTED
    if isinstance(exc, OSError):
        where = f"{exc.filename}: " if exc.filename else ""
        return f"error: {where}{exc.strerror or exc}", EXIT_ERROR
    if debug:
        return None
    return f"internal error: {type(exc).__name__}: {exc} (SOUNDBITE_DEBUG=1 shows a traceback)", EXIT_ERROR


def _drop_further_output() -> None:
    # Python flushes stdout again at exit and would report the broken pipe there.
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def _check_color(color: str) -> None:
    if color not in CHOICES["color"]:
        raise SoundbiteError(f"--color must be one of {', '.join(CHOICES['color'])}, not {color!r}")


def _index_dir(env: Environment, given: str | Path | None) -> Path:
    from indexer.engine.storage.store import resolve_index_dir

    return resolve_index_dir(given, env.settings)


# Notes a run prints as they come (what a reader passed over or found odd); the rest are counted in one line,
# and every file's notes are kept in the index (`soundbite stats --notes`). With --quiet, none are printed.
NOTES_SHOWN = 10


def more_notes(count: int) -> str:
    return f"{count:,} more note{'' if count == 1 else 's'}: soundbite stats --notes lists every file's notes"


def index(
    env: Environment,
    paths: list[str] | None = None,
    index: str | Path | None = None,
    format: str | None = None,
    rebuild: bool = False,
    strict: bool = False,
    quiet: bool = False,
    watch: bool = False,
    settle: float = 2.0,
    exclude: list[str] | None = None,
    forget_excludes: bool = False,
    ignore_files: bool | None = None,
    people: str | None = None,
    no_people: bool = False,
) -> int:
    """`soundbite index`: bring the index up to date; 2 if a path given is missing, 1 with --strict and skips.

    `exclude`, `forget_excludes`, `ignore_files`: what folder walks pass over (`transcripts.ignore`),
    remembered by the index."""
    from indexer.cli.render.progress import progress_bar
    from indexer.cli.render.summaries import index_summary
    from indexer.engine.storage.writer import index_paths
    from indexer.transcripts import formats
    from indexer.transcripts.ignore import check_patterns

    if format is not None and format not in formats.names():
        raise SoundbiteError(f"unknown --format {format!r}: use one of {', '.join(formats.names())}")
    check_patterns(exclude or [])  # before an index is made or locked
    index_dir = _index_dir(env, index)
    absent = [path for path in paths or () if not os.path.lexists(path)]
    if absent and len(absent) == len(paths):  # (a mistyped folder: nothing is created, nothing summed up)
        for path in absent:
            env.stderr.write(f"soundbite: error: {_not_there(path)}\n")
        return EXIT_ERROR

    bar = []  # the progress bar, while it is on the terminal: lines are printed above it, not onto it

    def say(line: str) -> None:
        if bar and bar[0] is not None:
            bar[0].say(line)
        else:
            env.stderr.write(line + "\n")

    def skipped(problem):
        say(f"soundbite: skipped {problem}")

    notes = []  # every note of the run; the first few are printed as they come

    def noted(line):
        notes.append(line)
        if not quiet and len(notes) <= NOTES_SHOWN:
            say(f"soundbite: note: {line}")

    def waiting():
        say(f"soundbite: waiting for another soundbite run to finish with {index_dir.absolute()}")

    if watch:
        if rebuild:
            raise SoundbiteError("--watch and --rebuild: rebuild first, then watch")
        rules = {"exclude": exclude or [], "forget_excludes": forget_excludes, "ignore_files": ignore_files}
        return _watch(env, index_dir, paths, format, settle, quiet, skipped, noted, rules, people, no_people)
    with progress_bar(env, enabled=not quiet) as on_progress:
        bar.append(on_progress)
        report = index_paths(
            index_dir,
            paths or None,
            format_name=format,
            rebuild=rebuild,
            on_skip=skipped,
            on_progress=on_progress,
            on_wait=waiting,
            on_note=noted,
            settings=env.settings,
            exclude=exclude or [],
            forget_excludes=forget_excludes,
            ignore_files=ignore_files,
            people=people,
            no_people=no_people,
        )
        bar.clear()
    for problem in report.missing:
        env.stderr.write(f"soundbite: error: {problem}\n")
    if not quiet and len(notes) > NOTES_SHOWN:
        env.stderr.write(f"soundbite: {more_notes(len(notes) - NOTES_SHOWN)}\n")
    if not quiet:
        env.stdout.write(index_summary(report, index_dir) + "\n")
    if report.missing:
        return EXIT_ERROR
    if strict and report.skipped:
        return EXIT_NOT_FOUND
    return EXIT_FOUND


def _not_there(path: str) -> str:
    """`/abs/transcritps: no such file or directory (did you mean transcripts?)`: a name beside it that is
    close, as git suggests a command."""
    import difflib

    absolute = Path(path).absolute()
    try:
        beside = [entry.name for entry in absolute.parent.iterdir() if not entry.name.startswith(".")]
    except OSError:
        beside = []
    close = difflib.get_close_matches(absolute.name, beside, n=1, cutoff=0.75)
    return f"{absolute}: no such file or directory" + (f" (did you mean {close[0]}?)" if close else "")


def _watch(
    env: Environment,
    index_dir: Path,
    paths,
    format,
    settle: float,
    quiet: bool,
    skipped,
    noted,
    rules: dict,
    people: str | None = None,
    no_people: bool = False,
) -> int:
    """`index --watch`: a line per batch on stderr, a summary at Ctrl-C, status 0."""
    import signal
    import threading

    from indexer.cli.render.summaries import batch_line, index_summary, watch_summary
    from indexer.engine.storage.watch import watch as keep_watching
    from indexer.model import WatchSummary

    summary = WatchSummary()
    first = []
    stop = threading.Event()
    # A service is stopped with SIGTERM (systemd, docker, kill): the watch ends as at Ctrl-C, a batch in
    # progress finished first.
    signal.signal(signal.SIGTERM, lambda signum, frame: stop.set())

    def batch(report):
        if not first:  # the run before the watch: the usual summary, then what is watched
            first.append(report)
            if not quiet:
                env.stdout.write(index_summary(report, index_dir) + "\n")
                env.stdout.flush()
            return
        if not quiet:
            env.stderr.write(f"soundbite: {batch_line(report)}\n")
            env.stderr.flush()

    def line(text):
        env.stderr.write(f"soundbite: {text}\n")
        env.stderr.flush()

    def ready():  # said only once it is true: a change from now on is seen
        if not quiet:
            line(f"watching for changes (settle {settle:g} s); Ctrl-C to stop")

    try:
        keep_watching(
            index_dir,
            paths or None,
            settle=settle,
            format_name=format,
            settings=env.settings,
            on_batch=batch,
            on_line=line,
            on_skip=skipped,
            on_note=noted,
            summary=summary,
            stop=stop,
            on_ready=ready,
            **rules,
            people=people,
            no_people=no_people,
        )
    except KeyboardInterrupt:
        if not first:  # during the first run, before any watching: an interrupted index run
            raise
    if not quiet or summary.failures:
        env.stderr.write(f"soundbite: {watch_summary(summary)}\n")
    return EXIT_FOUND


def stats(
    env: Environment,
    index: str | Path | None = None,
    json_output: bool = False,
    notes: bool = False,
    skipped: bool = False,
) -> int:
    """`soundbite stats`: what the index holds; with `notes`, every indexed file's notes, with `skipped` every
    file the runs could not use (1 when there are none)."""
    from indexer.cli.render.stats import write_notes, write_skipped, write_stats
    from indexer.engine.features.stats import file_notes, index_stats, skipped_files

    if notes and skipped:
        raise SoundbiteError("--notes and --skipped: choose one")
    if skipped:
        found = skipped_files(_index_dir(env, index))
        write_skipped(found, env, json_output)
        return EXIT_FOUND if found else EXIT_NOT_FOUND
    if notes:
        found = file_notes(_index_dir(env, index))
        write_notes(found, env, json_output)
        return EXIT_FOUND if found else EXIT_NOT_FOUND
    write_stats(index_stats(_index_dir(env, index)), env, json_output)
    return EXIT_FOUND


def search(
    env: Environment,
    query: str,
    index: str | Path | None = None,
    count_by: str | None = None,
    json_output: bool = False,
    color: str = "auto",
    **filters,
) -> int:
    """`soundbite search`: print hits (or counts); 1 when nothing matched.

    `filters` are `SearchOptions` fields by name (limit, offset, speaker, ...);
    those not given keep `SearchOptions`' defaults.
    """
    from indexer.cli.render.hits import write_json, write_text
    from indexer.engine.querying.search import count_by as count
    from indexer.engine.querying.search import search as run_search
    from indexer.model import SearchOptions

    _check_color(color)
    options = SearchOptions(**filters)
    index_dir = _index_dir(env, index)
    if count_by in PERIOD_COUNTS:
        from indexer.cli.render.counts import write_period_counts
        from indexer.engine.features.trend import trend

        found = trend(index_dir, [query], options, by=PERIOD_COUNTS[count_by])
        write_period_counts(found, count_by, env, json_output, color)
        return EXIT_FOUND if any(found.series[0].counts) or found.undated else EXIT_NOT_FOUND
    if count_by is not None:
        from indexer.cli.render.counts import write_counts

        counts = count(index_dir, query, count_by, options)
        write_counts(counts, count_by, env, json_output, color)
        return EXIT_FOUND if counts else EXIT_NOT_FOUND
    result = run_search(index_dir, query, options, env.settings)
    if json_output:
        write_json(result, env.stdout)
    else:
        write_text(result, env, color)
    if result.suggestion:
        env.stderr.write(f"Did you mean: {result.suggestion}?\n")
    return EXIT_FOUND if result.total else EXIT_NOT_FOUND


# `search --count-by` values that count per period of the transcripts' dates, and the period.
PERIOD_COUNTS = {"date": "day", "week": "week", "month": "month", "year": "year"}


def trend(
    env: Environment,
    queries: list[str],
    index: str | Path | None = None,
    by: str | None = None,
    split_by: str | None = None,
    top: int = 8,
    normalise: bool = False,
    smooth: int = 1,
    json_output: bool = False,
    csv_output: bool = False,
    color: str = "auto",
    **filters,
) -> int:
    """`soundbite trend`: matching passages per period; 1 when nothing matched."""
    from indexer.cli.render.trend import write_trend
    from indexer.engine.features.trend import trend as run_trend
    from indexer.errors import BadQuery
    from indexer.model import SearchOptions

    _check_color(color)
    if json_output and csv_output:
        raise BadQuery("--json and --csv: choose one")
    found = run_trend(
        _index_dir(env, index),
        list(queries),
        SearchOptions(**filters),
        by=by,
        split_by=split_by,
        top=top,
        normalise=normalise,
        smooth=smooth,
    )
    if not found.dated:
        env.stderr.write(
            f"soundbite: no transcript in the index at {_index_dir(env, index).absolute()} has a date, so there is "
            "no timeline: give each its date (YYYY-MM-DD) as `date` in a sidecar (talk.json beside talk.srt) or in "
            "its front matter, then run soundbite index\n"
        )
        return EXIT_NOT_FOUND
    write_trend(found, env, "json" if json_output else "csv" if csv_output else None, color)
    matched = any(any(one.counts) for one in found.series) or found.undated
    if split_by is None:  # (a line a query; split, the lines are the query's values)
        for query, series in zip(queries, found.series, strict=False):
            if not any(series.counts) and not found.undated:
                _did_you_mean(env, index, query)
    elif not matched:
        _did_you_mean(env, index, queries[0])
    return EXIT_FOUND if matched else EXIT_NOT_FOUND


def _did_you_mean(env: Environment, index: str | Path | None, query: str) -> None:
    """`Did you mean` on stderr for a query that matched nothing, as `search` says it."""
    from indexer.engine.querying.search import suggestion

    fixed = suggestion(_index_dir(env, index), query)
    if fixed:
        env.stderr.write(f"Did you mean: {fixed}?\n")


def show(
    env: Environment,
    transcript: str,
    index: str | Path | None = None,
    at: str | None = None,
    passage: int | None = None,
    context: int | None = None,
    json_output: bool = False,
    color: str = "auto",
    no_pager: bool = False,
) -> int:
    """`soundbite show`: a transcript's passages, one of them perhaps marked; paged on a terminal."""
    from indexer.cli.pager import paged
    from indexer.cli.render.transcript import write_transcript
    from indexer.engine.features.browse import show as show_transcript

    _check_color(color)
    view = show_transcript(_index_dir(env, index), transcript, at=at, passage=passage, context=context)
    with paged(env, enabled=not no_pager) as shown:
        write_transcript(view, shown, json_output, color)
    return EXIT_FOUND


def list_transcripts(
    env: Environment, pattern: str | None = None, index: str | Path | None = None, json_output: bool = False, **filters
) -> int:
    """`soundbite list`: the transcripts (matching a pattern, within the filters); 1 when there are none."""
    from indexer.cli.render.transcripts import write_transcripts
    from indexer.engine.features.browse import transcripts
    from indexer.model import SearchOptions

    found = transcripts(_index_dir(env, index), pattern, SearchOptions(**filters))
    write_transcripts(found, env, json_output)
    return EXIT_FOUND if found else EXIT_NOT_FOUND


def speakers(env: Environment, index: str | Path | None = None, json_output: bool = False) -> int:
    """`soundbite speakers`: every speaker with passage and transcript counts; 1 when there are none."""
    from indexer.cli.render.speakers import write_speakers
    from indexer.engine.features.browse import speakers as count_speakers

    found = count_speakers(_index_dir(env, index))
    write_speakers(found, env, json_output)
    return EXIT_FOUND if found else EXIT_NOT_FOUND


def serve(
    env: Environment,
    index: str | Path | None = None,
    host: str = "127.0.0.1",
    port: int = 8000,
    token: str | None = None,
    open_browser: bool = False,
    workers: int = 1,
) -> int:
    """`soundbite serve`: the index on a web page until Ctrl-C; an access token off loopback; `workers`
    processes answering (each with its own searchers)."""
    from indexer.web.archive import Archive
    from indexer.web.server import make_server, needs_token, serve_in_workers

    index_dir = _index_dir(env, index)
    if workers < 1:
        raise SoundbiteError(f"--workers must be at least 1, not {workers}")
    Archive.check(index_dir)
    token = token or env.settings.serve_token
    if token is not None and not token.strip():
        raise SoundbiteError("--token is empty: give a token, or leave it out to have one made")
    # With several workers, each makes its own archive once forked (no thread may run at the fork).
    archive = Archive(index_dir, env.settings) if workers == 1 else None
    try:
        server = make_server(archive, host, port, token)
    except OSError as exc:
        raise SoundbiteError(f"cannot serve on {host}:{port}: {exc.strerror or exc}") from None
    where = server.url()
    guard = " (anyone with this link can read the index)" if needs_token(host) else ""
    env.stderr.write(f"soundbite: serving {index_dir} at {where}{guard}; Ctrl-C stops\n")
    env.stderr.flush()
    if open_browser:
        import webbrowser

        webbrowser.open(where)
    try:
        if workers == 1:
            server.serve_forever()
        else:
            serve_in_workers(server, lambda: Archive(index_dir, env.settings), workers)
        env.stderr.write("soundbite: stopped\n")
    except KeyboardInterrupt:
        env.stderr.write("soundbite: stopped\n")
    finally:
        server.server_close()
    return EXIT_FOUND


MAX_PAD = 3600.0  # an hour each side: a clip is a moment, not the recording


def export(
    env: Environment,
    query: str | None = None,
    index: str | Path | None = None,
    format: str = "jsonl",
    output: str | Path | None = None,
    pad: float = 0.0,
    fps: str = "29.97",
    index_name: str | None = None,
    csv_formulas: bool = False,
    whole_passage: bool = False,
    **filters,
) -> int:
    """`soundbite export`: the whole index, or a query's hits, as a file other tools read; 1 when nothing matched."""
    from indexer.cli import export as formats
    from indexer.engine.features.export import exported
    from indexer.model import SearchOptions

    if format not in formats.FORMATS:
        raise SoundbiteError(f"unknown --format {format!r}: use one of {', '.join(formats.FORMATS)}")
    if format == "opensearch" and output is None:
        raise SoundbiteError("--format opensearch writes two files: give the folder for them with -o DIR")
    if format == "edl":
        formats.frame_rate(fps)  # checked before anything is read
    if not 0 <= pad <= MAX_PAD:  # (NaN is neither)
        raise SoundbiteError(f"--pad must be 0 to {MAX_PAD:g} seconds, not {pad:g}")
    options = SearchOptions(**{"limit": 0, **filters})
    index_dir = _index_dir(env, index)
    if format == "opensearch":
        return _export_for_cluster(env, index_dir, query, options, Path(output), index_name)
    # Every format takes the same hits in the same order (`--sort`, `-n`); clips are then laid out in
    # time order per transcript.
    clip_list = format in formats.CLIP_FORMATS
    with exported(index_dir, query, options, clips=clip_list) as found, _output(env, output) as out:
        written, count = _write_export(env, found, format, out, query, pad, fps, index_dir, csv_formulas, whole_passage)
    if output is not None:
        env.stderr.write(f"soundbite: wrote {written} to {output}\n")
    if not found.total and query:
        _did_you_mean(env, index, query)
    return EXIT_FOUND if count else EXIT_NOT_FOUND


def _write_export(
    env: Environment,
    found,
    format: str,
    out,
    query,
    pad: float,
    fps: str,
    index_dir: Path,
    csv_formulas: bool = False,
    whole_passage: bool = False,
) -> str:
    """Write the exported passages as `format`: what was written, for the summary line, and how many."""
    from indexer.cli import export as formats
    from indexer.cli.render import plural
    from indexer.engine.features.export import passage_id, shared_transcript_ids

    shared = shared_transcript_ids(index_dir)
    with_ids = ((hit, passage_id(hit, shared)) for hit in found.hits)
    if format == "jsonl":
        count = formats.write_jsonl((formats.export_row(h, i, found.ranked) for h, i in with_ids), out)
        return plural(count, "passage"), count
    if format == "csv":
        rows = (formats.export_row(h, i, found.ranked) for h, i in with_ids)
        count = formats.write_csv(rows, out, near=_is_near(query), formulas=csv_formulas)
        return plural(count, "passage"), count
    counts = formats.ClipCounts()
    clips = formats.clips(with_ids, pad, counts, whole_passage)
    title = f"soundbite clips: {query}" if query else "soundbite clips"
    if format == "vtt":
        formats.write_vtt(clips, out, title)
    elif format == "srt":
        formats.write_srt(clips, out)
    else:
        formats.write_edl(clips, out, title, fps, formats.media_beside)
    if counts.untimed and not counts.clips:
        found_untimed = "the passage found has" if counts.untimed == 1 else f"the {counts.untimed} passages found have"
        env.stderr.write(
            f"soundbite: no clips: {found_untimed} no time in the recording (export them with -f jsonl or csv)\n"
        )
    elif counts.untimed:
        env.stderr.write(f"soundbite: {plural(counts.untimed, 'passage')} without a time left out of the clips\n")
    return plural(counts.clips, "clip"), counts.clips


def _is_near(query: str | None) -> bool:
    from indexer.engine.querying.near import split_near

    return bool(query) and split_near(query) is not None


@contextlib.contextmanager
def _output(env: Environment, output: str | Path | None):
    """stdout, or a file written under a temporary name and renamed into place only when complete."""
    if output is None or str(output) == "-":
        yield env.stdout
        return
    with _atomic_file(Path(output)) as out:
        yield out


@contextlib.contextmanager
def _atomic_file(path: Path):
    """`-o FILE`: written whole or not at all (`atomic.replaced`), after checks that name what is wrong."""
    from indexer import atomic

    if path.is_dir():
        raise SoundbiteError(f"{path}: is a folder; give a file name with -o")
    if not path.parent.is_dir():
        raise SoundbiteError(f"{path}: the folder {path.parent} does not exist")
    with atomic.replaced(path, newline="") as out:
        yield out


def _export_for_cluster(env, index_dir: Path, query, options, folder: Path, index_name: str | None) -> int:
    """`--format opensearch -o DIR`: DIR/bulk.ndjson (the Bulk API's lines) and DIR/mapping.json."""
    import json

    from indexer.cli.render import plural
    from indexer.engine.features.cluster import DEFAULT_INDEX_NAME, bulk_lines, check_index_name, mapping
    from indexer.engine.features.export import exported, shared_transcript_ids
    from indexer.engine.storage import store

    index_name = index_name or DEFAULT_INDEX_NAME
    check_index_name(index_name)
    if folder.exists() and not folder.is_dir():
        raise SoundbiteError(f"{folder}: is a file; -o names a folder with --format opensearch")
    if not folder.parent.is_dir():
        raise SoundbiteError(f"{folder}: the folder {folder.parent} does not exist")
    shared = shared_transcript_ids(index_dir)
    with exported(index_dir, query, options) as found:
        folder.mkdir(exist_ok=True)  # once the index has opened: a mistake leaves no empty folder behind
        with _atomic_file(folder / "bulk.ndjson") as out:
            lines = 0
            for line in bulk_lines(found.hits, index_name, shared):
                out.write(line)
                lines += 1
        with _atomic_file(folder / "mapping.json") as out:
            languages = store.read_manifest(index_dir, with_files=False).languages
            out.write(json.dumps(mapping(tuple(languages)), indent=2) + "\n")
    env.stderr.write(
        f"soundbite: wrote {plural(lines // 2, 'passage')} to {folder / 'bulk.ndjson'} and the index "
        f"settings to {folder / 'mapping.json'}\n"
    )
    return EXIT_FOUND if found.total else EXIT_NOT_FOUND


def push(
    env: Environment,
    url: str,
    index: str | Path | None = None,
    index_name: str | None = None,
    user: str | None = None,
    password: str | None = None,
    insecure: bool = False,
    quiet: bool = False,
) -> int:
    """`soundbite push`: bring a cluster's copy of the index up to date; 2 when any item failed."""
    from indexer.cli.render.progress import push_progress
    from indexer.cli.render.summaries import push_summary
    from indexer.engine.features.cluster import DEFAULT_INDEX_NAME, Target, split_credentials
    from indexer.engine.features.cluster import push as run_push

    # Credentials in the URL (`https://admin:pw@host`) sign in as --user and --password would; the
    # URL is never shown or kept with them.
    url, url_user, url_password = split_credentials(url)
    target = Target(
        url=url,
        index_name=index_name or DEFAULT_INDEX_NAME,
        user=user or url_user,
        password=password if password is not None else url_password,
        api_key=env.settings.opensearch_api_key,
        verify_certs=not insecure,
    )
    with push_progress(env, enabled=not quiet) as on_progress:
        report = run_push(_index_dir(env, index), target, on_progress, backoff=env.settings.push_backoff)
    for line in report.failed:
        env.stderr.write(f"soundbite: failed: {line}\n")
    if not quiet or report.failed:
        env.stdout.write(push_summary(report, target) + "\n")
    return EXIT_ERROR if report.failed else EXIT_FOUND
