"""Long output on a terminal through the user's pager, as git pages `git log`.

`soundbite show` of one briefing is 389 lines: printed at once, its start is
gone from the screen. On a terminal, output longer than the screen goes to the
pager (`SOUNDBITE_PAGER`, else `PAGER`, else `less`; with `LESS=FRX` where the
user has not set `LESS`, as git does: quit if it fits, keep the colours, leave
the screen as it was). Never on a pipe, never with `--no-pager`, and not when
the pager is set to nothing or `cat`. A pager that cannot be started is a note,
and the output is written as it would have been.
"""

from __future__ import annotations

import contextlib
import io
import os
import signal
import subprocess

from indexer.cli.environment import Environment


@contextlib.contextmanager
def paged(env: Environment, enabled: bool = True):
    """An `Environment` whose stdout is held, then shown through the pager if it is longer than the
    screen, else written to stdout; `env` itself where there is nothing to page (a pipe, `--no-pager`)."""
    command = env.settings.pager
    if not (enabled and env.stdout_isatty and command and command != "cat"):
        yield env
        return
    from dataclasses import replace

    from indexer.safe_text import SafeStream

    held = io.StringIO()
    yield replace(env, stdout=SafeStream(held))
    text = held.getvalue()
    if text.count("\n") < (env.rows or 24) or not _through_pager(command, text, env):
        env.stdout.write(text)


def _through_pager(command: str, text: str, env: Environment) -> bool:
    """`text` shown by the pager until the user quits it; False if it could not be started."""
    environ = dict(os.environ)
    environ.setdefault("LESS", "FRX")
    environ.setdefault("LV", "-c")
    try:
        pager = subprocess.Popen(  # (a shell: PAGER may hold options, `less -S`)
            command,
            shell=True,
            stdin=subprocess.PIPE,
            env=environ,
            preexec_fn=_as_a_shell_starts_it,
        )
    except OSError as exc:
        env.stderr.write(f"soundbite: note: the pager {command!r} could not be started ({exc.strerror})\n")
        return False
    # Ctrl-C is the pager's while it runs (less stops a search with it): the wait goes on, as git's does.
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        with contextlib.suppress(BrokenPipeError, OSError):  # (the user quit before the end: fine)
            pager.stdin.write(text.encode("utf-8", "surrogateescape"))
        with contextlib.suppress(BrokenPipeError, OSError):
            pager.stdin.close()
        pager.wait()
    finally:
        signal.signal(signal.SIGINT, previous)
    if pager.returncode == 127:  # the shell found no such command
        env.stderr.write(f"soundbite: note: the pager {command!r} was not found\n")
        return False
    return True


def _as_a_shell_starts_it() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
