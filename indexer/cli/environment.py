"""Where a command's output goes and what it is connected to, passed to every command (the httpie model).

Commands never look at `sys.stdout` or the environment themselves: they are
given an `Environment`. The real one comes from the system; a test builds
one with string buffers and says whether they are terminals, so terminal and
pipe behaviour of every command can be checked in-process.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from io import TextIOBase as TextIO  # typing's TextIO would load typing (3 ms) for annotations

from indexer.settings import Settings


@dataclass
class Environment:
    """Where a command writes and what its terminal is: injected, so tests run a command as a terminal or a
    pipe would."""

    stdout: TextIO
    stderr: TextIO
    stdout_isatty: bool
    no_color: bool = False
    stderr_isatty: bool = False
    settings: Settings = field(default_factory=Settings)
    # The terminal's size when stdout is one (`COLUMNS` and `LINES` first, as the shells set them): what
    # text is wrapped to and when long output is paged. None on a pipe: lines are written whole.
    columns: int | None = None
    rows: int | None = None

    @classmethod
    def from_system(cls) -> Environment:
        """The process's own streams and settings; BadSetting if an environment variable is malformed."""
        settings = Settings.from_environ()
        from indexer.safe_text import SafeStream

        terminal = sys.stdout.isatty()
        columns, rows = terminal_size() if terminal else (None, None)
        return cls(
            stdout=SafeStream(sys.stdout),
            stderr=SafeStream(sys.stderr),
            stdout_isatty=terminal,
            no_color=settings.no_color,
            stderr_isatty=sys.stderr.isatty(),
            settings=settings,
            columns=columns,
            rows=rows,
        )

    def use_color(self, choice: str = "auto") -> bool:
        if choice == "always":
            return True
        if choice == "never":
            return False
        return self.stdout_isatty and not self.no_color


def terminal_size() -> tuple[int, int]:
    """(columns, rows) of the terminal on stdout: `COLUMNS` and `LINES` where set (as `shutil`'s, which a
    search does not import), else the terminal's own, else 80 by 24."""
    import os

    try:
        columns, rows = os.get_terminal_size(sys.__stdout__.fileno())
    except (AttributeError, ValueError, OSError):
        columns, rows = 80, 24
    return _positive(os.environ.get("COLUMNS"), columns), _positive(os.environ.get("LINES"), rows)


def _positive(setting: str | None, measured: int) -> int:
    try:
        value = int(setting) if setting else 0
    except ValueError:
        value = 0
    return value if value > 0 else (measured if measured > 0 else 80)
