"""Leaving a process at once, as a search and an index worker do: nothing else run.

`os._exit` skips the interpreter's teardown (freeing every module one by one:
8-12 ms of a search) and the exit handlers (multiprocessing's queue joins,
which can wait forever after a Ctrl-C). One thing an exit handler would have
done is done here: when the suite is measured with its subprocesses
(`bench/coverage.py` sets COVERAGE_PROCESS_START), what coverage measured is
saved, since coverage saves in an exit handler of its own.
"""

from __future__ import annotations

import contextlib
import os
import sys


def leave(code: int) -> None:
    """End the process with `code` now (the caller has flushed what it wrote)."""
    if os.environ.get("COVERAGE_PROCESS_START") and "coverage" in sys.modules:
        with contextlib.suppress(Exception):
            measuring = sys.modules["coverage"].Coverage.current()
            if measuring is not None:
                measuring.stop()
                measuring.save()
    os._exit(code)
