"""Shared test fixtures: paths, a built index of the seeds, and access to ../shared.

Tests that read ../shared (the real corpus, the benchmark generator) skip when
it is absent, as in a user's clone, and fail when SOUNDBITE_REQUIRE_SHARED=1,
which .ci/run sets: in CI they must run.
"""

from __future__ import annotations

import os
import shutil
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
