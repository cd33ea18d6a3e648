"""What a command does once its arguments are parsed, ending in an exit status.

Two front ends share this: the Typer app (`indexer.cli.app`), which parses every
command and prints help, and the quick path (`indexer.cli.entry`), which answers a
plain `soundbite search` without loading Typer. Keeping the work here, free of
Typer, is what lets the quick path exist without a second copy of it.

Exit statuses follow grep and ripgrep: 0 found, 1 nothing found, 2 error; 130
when interrupted.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

from indexer.errors import SoundbiteError

EXIT_FOUND = 0
EXIT_NOT_FOUND = 1
EXIT_ERROR = 2
EXIT_INTERRUPTED = 130


def failure(exc: BaseException) -> tuple[str, int] | None:
    """The one line and exit status for an error a user can meet; None for a bug.

    A bug is re-raised by the caller when SOUNDBITE_DEBUG is set, otherwise it
    too becomes one line. A reader that stops early (`| head`) is not an error:
    as in ripgrep, the rest of the output is dropped quietly, status 0, and
    the line is empty.
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
    if os.environ.get("SOUNDBITE_DEBUG"):
        return None
    return f"internal error: {type(exc).__name__}: {exc} (SOUNDBITE_DEBUG=1 shows a traceback)", EXIT_ERROR


def _drop_further_output() -> None:
    # Python flushes stdout again at exit and would report the broken pipe there.
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def search(
    env,
    query: str,
    index: str | Path | None = None,
    count_by: str | None = None,
    json_output: bool = False,
    color: str = "auto",
    **filters,
) -> int:
    """`soundbite search`: print hits (or counts) and return the exit status.

    `filters` are `SearchOptions` fields by name (limit, offset, speaker, ...);
    those not given keep `SearchOptions`' defaults.
    """
    from indexer.cli.render import COLOR_CHOICES, write_counts, write_json, write_text
    from indexer.engine.search import SearchOptions
    from indexer.engine.search import count_by as count
    from indexer.engine.search import search as run_search
    from indexer.engine.store import resolve_index_dir

    if color not in COLOR_CHOICES:
        raise SoundbiteError(f"--color must be one of {', '.join(COLOR_CHOICES)}, not {color!r}")
    options = SearchOptions(**filters)
    index_dir = resolve_index_dir(index)
    if count_by is not None:
        counts = count(index_dir, query, count_by, options)
        write_counts(counts, count_by, env, json_output, color)
        return EXIT_FOUND if counts else EXIT_NOT_FOUND
    result = run_search(index_dir, query, options)
    if json_output:
        write_json(result, env.stdout)
    else:
        write_text(result, env, color)
    if result.suggestion:
        env.stderr.write(f"Did you mean: {result.suggestion}?\n")
    return EXIT_FOUND if result.total else EXIT_NOT_FOUND
