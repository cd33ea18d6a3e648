"""Progress bars on stderr, when it is a terminal: an `index` run's files and phases, a `push`'s actions."""

from __future__ import annotations

import contextlib
import time

from indexer.cli.environment import Environment


@contextlib.contextmanager
def progress_bar(env: Environment, enabled: bool):
    """A rich progress bar for an index run on stderr when it is a terminal; nothing otherwise.

    Yields the function to call with each `Progress` (None when there is no bar).
    """
    if not (enabled and env.stderr_isatty):
        yield None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    # stderr is a terminal (checked above); the bar moves the cursor, so it writes to the raw stream.
    console = Console(file=getattr(env.stderr, "raw", env.stderr), force_terminal=True)
    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("files · {task.fields[detail]}"),
        TimeRemainingColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )
    task = bar.add_task("indexing", total=None, detail="")
    began = time.perf_counter()
    phases = {"writing": "writing the index", "renaming": "applying the people file", "committing": "committing"}
    writing = []  # the second bar, once every file is read

    def update(progress):
        elapsed = max(time.perf_counter() - began, 1e-6)
        if progress.phase in phases:
            # Every file is read and the last segments are being written: a pulsing bar with the
            # time it has taken, in place of a finished bar standing still.
            if not writing:
                bar.update(task, visible=False)
                writing.append(bar.add_task(phases[progress.phase], total=None, detail=""))
            bar.update(
                writing[0],
                description=phases[progress.phase],
                completed=progress.done,
                detail=f"{progress.passages:,} passages",
            )
            bar.refresh()
            return
        rows = f" · {progress.rows:,} rows" if progress.rows else ""
        rate = f"{progress.done / elapsed:.0f} files/s"
        bar.update(
            task,
            completed=progress.done,
            total=progress.total,
            detail=f"{progress.passages:,} passages{rows} · {rate}",
        )

    with bar:
        yield update


@contextlib.contextmanager
def push_progress(env: Environment, enabled: bool):
    """A progress bar for `push` on stderr when it is a terminal; yields the function to call, or None."""
    if not (enabled and env.stderr_isatty):
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(file=getattr(env.stderr, "raw", env.stderr), force_terminal=True)
    bar = Progress(
        TextColumn("pushing"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=console, transient=True
    )
    task = bar.add_task("pushing", total=None)

    def update(progress):
        bar.update(task, completed=progress.done, total=progress.total)

    with bar:
        yield update
