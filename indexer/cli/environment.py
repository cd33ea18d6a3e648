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

    @classmethod
    def from_system(cls) -> Environment:
        """The process's own streams and settings; BadSetting if an environment variable is malformed."""
        settings = Settings.from_environ()
        from indexer.safe_text import SafeStream

        return cls(
            stdout=SafeStream(sys.stdout),
            stderr=SafeStream(sys.stderr),
            stdout_isatty=sys.stdout.isatty(),
            no_color=settings.no_color,
            stderr_isatty=sys.stderr.isatty(),
            settings=settings,
        )

    def use_color(self, choice: str = "auto") -> bool:
        if choice == "always":
            return True
        if choice == "never":
            return False
        return self.stdout_isatty and not self.no_color
