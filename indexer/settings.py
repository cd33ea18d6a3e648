"""Every setting soundbite reads from the environment, read in one place and checked once.

A malformed value is a message naming the variable and what it takes, never
an internal error deep inside a command. The command line reads the settings
once per run (`Settings.from_environ`) and hands them to the engine; library
callers may build a `Settings` by hand, or leave it out to get the
environment's. The "Settings" section of docs/usage.md documents the same table.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from indexer.errors import SoundbiteError

# How long `soundbite index` waits for another run that holds the index's run lock.
LOCK_WAIT_SECONDS = 10.0
# Whoosh's in-memory posting pool per writer process before it spills sorted
# runs to disk. Measured at 10,000 transcripts with two writer processes:
# 128 MB peaked at 492 MB summed over the processes in 133 s, 48 MB at 296 MB
# in 126 s: spilling costs less than it saves.
LIMIT_MB = 48
# How long `soundbite push` waits before it first retries a refused (429) or lost request; doubled each time.
PUSH_BACKOFF = 2.0


class BadSetting(SoundbiteError):
    """An environment variable with a value soundbite cannot use."""


@dataclass(frozen=True)
class Settings:
    """The SOUNDBITE_* environment, read once; each field says which variable sets it."""

    index: str | None = None  # SOUNDBITE_INDEX: the index folder when --index is not given
    debug: bool = False  # SOUNDBITE_DEBUG: internal errors show their traceback
    search_procs: int | None = None  # SOUNDBITE_SEARCH_PROCS: most processes a search uses (None: the cores)
    lock_wait: float = LOCK_WAIT_SECONDS  # SOUNDBITE_LOCK_WAIT: seconds to wait for another index run
    limit_mb: int = LIMIT_MB  # SOUNDBITE_LIMIT_MB: Whoosh's posting pool per writer process
    no_color: bool = False  # NO_COLOR (not empty) or TERM=dumb: no escape codes, even on a terminal
    push_backoff: float = PUSH_BACKOFF  # SOUNDBITE_PUSH_BACKOFF: seconds before `push` retries, doubling
    opensearch_api_key: str | None = field(default=None, repr=False)  # SOUNDBITE_OPENSEARCH_API_KEY, for `push`
    serve_token: str | None = field(default=None, repr=False)  # SOUNDBITE_SERVE_TOKEN: `serve`'s access token
    # SOUNDBITE_PAGER, else PAGER, else `less`: what long output on a terminal is paged through ("" or `cat`: none)
    pager: str = "less"

    @classmethod
    def from_environ(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """The settings the environment gives; BadSetting names the first malformed one."""
        env = os.environ if environ is None else environ
        index = env.get("SOUNDBITE_INDEX") or None
        if index is not None and os.path.isfile(index):
            raise BadSetting(f"SOUNDBITE_INDEX={index!r} is a file: it must name an index folder")
        return cls(
            index=index,
            debug=bool(env.get("SOUNDBITE_DEBUG")),
            search_procs=_number(env, "SOUNDBITE_SEARCH_PROCS", int, None, least=1),
            lock_wait=_number(env, "SOUNDBITE_LOCK_WAIT", float, LOCK_WAIT_SECONDS, least=0),
            limit_mb=_number(env, "SOUNDBITE_LIMIT_MB", int, LIMIT_MB, least=1),
            no_color=bool(env.get("NO_COLOR")) or env.get("TERM") == "dumb",  # no-color.org: set and not empty
            push_backoff=_number(env, "SOUNDBITE_PUSH_BACKOFF", float, PUSH_BACKOFF, least=0),
            opensearch_api_key=env.get("SOUNDBITE_OPENSEARCH_API_KEY") or None,
            serve_token=env.get("SOUNDBITE_SERVE_TOKEN") or None,
            pager=env.get("SOUNDBITE_PAGER", env.get("PAGER", "less")).strip(),
        )


def _number(env: Mapping[str, str], name: str, kind: type, default, least: float):
    text = env.get(name, "").strip()
    if not text:
        return default
    what = "a whole number" if kind is int else "a number of seconds"
    try:
        value = kind(text)
    except ValueError:
        raise BadSetting(f"{name}={text!r} is not {what}") from None
    if value != value or value < least or value == float("inf"):  # NaN, too small, endless
        raise BadSetting(f"{name}={text!r}: must be {what} of at least {least:g}")
    return value
