"""Progress bars on stderr, when it is a terminal: an `index` run's files and phases, a `push`'s actions;
the lines a run prints meanwhile go above the bar, and the bar fits a narrow terminal."""

from __future__ import annotations

import contextlib
import time

from indexer.cli.environment import Environment


@contextlib.contextmanager
def progress_bar(env: Environment, enabled: bool):
    """A rich progress bar for an index run on stderr when it is a terminal; nothing otherwise.

    Yields the function to call with each `Progress` (None when there is no bar); its `say(line)` prints
    a line above the bar (a skipped file, a note), where writing to stderr would print onto it.
    """
    if not (enabled and env.stderr_isatty):
        yield None
        return
    from rich.console import Console
    from rich.progress import MofNCompleteColumn, TextColumn, TimeElapsedColumn, TimeRemainingColumn
    from rich.text import Text

    from indexer.safe_text import inert

    # stderr is a terminal (checked above); the bar moves the cursor, so it writes to the raw stream.
    console = Console(file=getattr(env.stderr, "raw", env.stderr), force_terminal=True)
    bar = _fitting_progress(
        console,
        # (each column with its priority: on a narrow terminal the highest numbers go first)
        [
            (2, TextColumn("{task.description}")),
            (6, "bar"),
            (1, MofNCompleteColumn()),
            (1, TextColumn("files")),
            (5, TextColumn("· {task.fields[detail]}")),
            (3, TimeRemainingColumn()),
            (4, TimeElapsedColumn()),
        ],
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

    def say(line: str) -> None:
        bar.console.print(Text(inert(line)), soft_wrap=True, highlight=False)

    update.say = say
    with bar:
        yield update


def _fitting_progress(console, columns: list):
    """A rich `Progress` of `columns` ((priority, column), `"bar"` for the bar) that fits its terminal: on
    a narrow one the columns of least priority are left out, whole, and the bar shrinks (at 60 columns
    every column squeezed was `4… files · … 0… 0:0…`). Measured again at each refresh: a resized
    terminal gets the columns it has room for."""
    from rich.measure import Measurement
    from rich.progress import BarColumn, Progress

    bar_column = BarColumn()
    ordered = [(priority, bar_column if column == "bar" else column) for priority, column in columns]

    class FittingProgress(Progress):
        def make_tasks_table(self, tasks):
            width = console.width  # (the console given: `self.console` is not there yet when rich first asks)
            shown = [task for task in tasks if task.visible]

            def needs(column) -> int:
                if column is bar_column:
                    return 10  # (the least a bar is worth drawing at)
                return max([0, *(Measurement.get(console, console.options, column(t)).maximum for t in shown)])

            kept = list(ordered)
            while len(kept) > 1 and sum(needs(c) for _, c in kept) + len(kept) - 1 > width:
                kept.remove(max(kept, key=lambda item: item[0]))
            text = sum(needs(c) for _, c in kept if c is not bar_column) + len(kept) - 1
            bar_column.bar_width = max(10, min(40, width - text))
            self.columns = tuple(column for _, column in kept)
            return super().make_tasks_table(tasks)

    return FittingProgress(*(column for _, column in ordered), console=console, transient=True)


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
