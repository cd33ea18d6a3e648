"""Shared test fixtures: paths, a built index of the seeds, and access to ../shared.

Tests that read ../shared (the real corpus, the benchmark generator) skip when
it is absent, as in a user's clone, and fail when SOUNDBITE_REQUIRE_SHARED=1,
which .ci/run sets: in CI they must run.
"""

from __future__ import annotations

import inspect
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from indexer.engine.storage.writer import index_paths

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEEDS = ROOT / "seeds"
SEED = SEEDS / "cgtn-trump-putin-helsinki-summit.txt"
SHARED = Path(os.environ.get("SOUNDBITE_SHARED", ROOT.parent / "shared"))


# What CI and a developer may set on purpose: where ../shared is, and whether its absence fails.
KEPT_SETTINGS = {"SOUNDBITE_SHARED", "SOUNDBITE_REQUIRE_SHARED"}


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or skip (fail in CI) when it is not there."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        message = f"{path} is absent"
        if os.environ.get("SOUNDBITE_REQUIRE_SHARED") == "1":
            pytest.fail(f"{message}, and SOUNDBITE_REQUIRE_SHARED=1 requires it")
        pytest.skip(message)
    return path


def soundbite_command() -> str:
    """The installed console script beside this Python (the one pip put there)."""
    beside_python = Path(sys.executable).parent / "soundbite"
    found = str(beside_python) if beside_python.exists() else shutil.which("soundbite")
    if not found:
        pytest.fail("the soundbite command is not installed (pip install -e '.[test]')")
    return found


def read_transcripts(path: Path, format_name: str | None = None):
    """The transcripts a file reads as, as an index run reads them, and the notes its reader left."""
    from indexer.transcripts import sources

    (source,) = sources.discover([str(path)]).files
    notes: list[str] = []
    return list(sources.iter_transcripts(source, format_name, None, None, notes)), notes


def soundbite_environment(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment a `soundbite` process gets in a test: the caller's without soundbite's settings
    (bar `KEPT_SETTINGS`) or colour settings, as `_isolated_environment` keeps the test's own, plus `extra`."""
    dropped = ("NO_COLOR", "FORCE_COLOR", "TERM")
    env = {
        name: value
        for name, value in os.environ.items()
        if not (name.startswith("SOUNDBITE_") and name not in KEPT_SETTINGS) and name not in dropped
    }
    env.update(extra or {})
    return env


def as_a_shell_starts_it() -> None:
    """In the child: Ctrl-C does what it does for a user (pytest started in the background from a
    script ignores SIGINT, and a child would inherit that)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start_soundbite(*args, env: dict[str, str] | None = None, cwd=None, **popen) -> subprocess.Popen:
    """The installed `soundbite ARGS` started, its output piped as text unless `popen` says otherwise."""
    options = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, "text": True, **popen}
    return subprocess.Popen(
        [soundbite_command(), *map(str, args)],
        env=soundbite_environment(env),
        cwd=cwd,
        preexec_fn=as_a_shell_starts_it,
        **options,
    )


def run_soundbite(
    *args, env: dict[str, str] | None = None, cwd=None, timeout: float = 300, **run
) -> subprocess.CompletedProcess:
    """The installed `soundbite ARGS` run to its end: exit status, stdout and stderr as text.

    (`timeout` only ends a hang; no test measures time.)
    """
    options = {"capture_output": True, "text": True, **run}
    return subprocess.run(
        [soundbite_command(), *map(str, args)],
        env=soundbite_environment(env),
        cwd=cwd,
        timeout=timeout,
        preexec_fn=as_a_shell_starts_it,
        check=False,
        **options,
    )


def _reads_shared(item) -> bool:
    """Whether a test reads ../shared: it calls `shared_path`, or a fixture of its module does."""
    function = getattr(item, "function", None)
    if function is None:
        return False
    if "shared_path(" in inspect.getsource(function):
        return True
    module = inspect.getsource(item.module)
    for name in item.fixturenames:
        body = re.search(rf"^def {re.escape(name)}\(.*?(?=^\S)", module, re.M | re.S)
        if body and "shared_path(" in body.group():
            return True
    return False


def pytest_collection_modifyitems(config, items):
    """Every test that reads ../shared carries the `shared` marker (so `-m "not shared"` is a run without
    it): a test that does not is a mistake in the suite, reported before anything runs."""
    unmarked = [item.nodeid for item in items if _reads_shared(item) and not item.get_closest_marker("shared")]
    if unmarked:
        raise pytest.UsageError("tests that read ../shared without @pytest.mark.shared: " + ", ".join(unmarked))


def pytest_addoption(parser):
    parser.addoption(
        "--update-golden", action="store_true", help="rewrite tests/golden/search_hits.json from the current ranking"
    )


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch):
    """No test depends on the caller's index location or colour settings."""
    # Every setting, so a developer's environment (SOUNDBITE_UPDATE_GOLDEN, SOUNDBITE_SEARCH_PROCS ...)
    # never changes what a test checks; tests that need one set it themselves.
    for name in [n for n in os.environ if n.startswith("SOUNDBITE_") and n not in KEPT_SETTINGS]:
        monkeypatch.delenv(name, raising=False)
    for name in ("NO_COLOR", "FORCE_COLOR", "TERM"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory) -> Path:
    """An index of the bundled seeds, built once for the read-only tests."""
    index_dir = tmp_path_factory.mktemp("seed-index")
    index_paths(index_dir, [str(SEEDS)])
    return index_dir


@pytest.fixture(scope="session")
def fixture_index(tmp_path_factory) -> Path:
    """An index of the seeds and every news-video fixture."""
    index_dir = tmp_path_factory.mktemp("fixture-index")
    index_paths(index_dir, [str(SEEDS), str(FIXTURES / "newsvideo")])
    return index_dir


@pytest.fixture(scope="session")
def all_fixtures_index(tmp_path_factory) -> Path:
    """An index of the seeds and every fixture of every format (read-only: tests must not change it)."""
    index_dir = tmp_path_factory.mktemp("all-fixtures-index")
    index_paths(index_dir, [str(SEEDS), str(FIXTURES)])
    return index_dir


def run_in_terminal(*args, columns: int = 80, rows: int = 24, env: dict[str, str] | None = None, cwd=None) -> str:
    """The installed `soundbite ARGS` run on a pseudo-terminal of `columns` by `rows` (stdin, stdout and
    stderr all on it, as in a shell): everything it wrote to the terminal, escape codes and all, once it
    has ended (read to the end of the stream: no timing)."""
    import fcntl
    import pty
    import struct
    import termios

    main, child = pty.openpty()
    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    settings = {"COLUMNS": str(columns), "LINES": str(rows), "TERM": "xterm-256color", **(env or {})}
    started = subprocess.Popen(
        [soundbite_command(), *map(str, args)],
        stdin=child,
        stdout=child,
        stderr=child,
        env=soundbite_environment(settings),
        cwd=cwd,
        preexec_fn=as_a_shell_starts_it,
        close_fds=True,
    )
    os.close(child)
    written = bytearray()
    while True:
        try:
            data = os.read(main, 65536)
        except OSError:  # (EIO: every end of the terminal's other side is closed)
            break
        if not data:
            break
        written += data
    os.close(main)
    started.wait(timeout=300)
    return written.decode("utf-8", "replace")


def terminal_screen(written: str, columns: int, rows: int = 200) -> list[str]:
    """What a terminal of `columns` shows after `written` (a tall one, so nothing scrolls away): its rows,
    trailing blanks cut, the blank rows at the end left out."""
    import pyte

    screen = pyte.Screen(columns, rows)
    pyte.Stream(screen).feed(written)
    shown = [row.rstrip() for row in screen.display]
    while shown and not shown[-1]:
        shown.pop()
    return shown
