"""An index built before the package was split into wings still opens, searches and updates.

Whoosh pickles the schema into every index, analysers included, and a pickle
names classes by module path: had the schema used a class of soundbite's own,
moving the module would have made every existing index unreadable.
`old-indexes/flat-layout` was built by the last commit with the flat layout
(66b1465: `indexer.writer.index_paths` over `seeds/` and
`tests/fixtures/turns/debate.said`); its manifest still names the paths it
was built from.
"""

from __future__ import annotations

import io
import pickle
import pickletools
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, SEEDS
from typer.testing import CliRunner
from whoosh.analysis import LowercaseFilter, RegexTokenizer
from whoosh.fields import TEXT, Schema

from indexer.cli.app import app
from indexer.engine.schema import build_schema
from indexer.engine.search import search
from indexer.engine.writer import index_paths

OLD_INDEX = Path(__file__).resolve().parent / "old-indexes" / "flat-layout"


@pytest.fixture
def old_index(tmp_path) -> Path:
    copy = tmp_path / "old"
    shutil.copytree(OLD_INDEX, copy, symlinks=True)
    return copy


def test_an_index_from_the_flat_layout_searches_as_a_new_one(old_index, tmp_path):
    new_index = tmp_path / "new"
    index_paths(new_index, [str(SEEDS), str(FIXTURES / "turns" / "debate.said")])  # the same files
    old = search(old_index, "KGB")
    new = search(new_index, "KGB")
    assert old.total == new.total == 1
    (was,), (now,) = old.hits, new.hits
    assert was.transcript.id == now.transcript.id == "cgtn-trump-putin-helsinki-summit"
    assert was.transcript.path == "/tmp/sb-base/seeds/cgtn-trump-putin-helsinki-summit.txt"
    assert was.passage == now.passage
    assert (was.passage.speaker, was.passage.number, was.score) == ("Donald Trump", 10, now.score)
    (debate,) = search(old_index, '"waiting for this night"').hits
    assert (debate.transcript.id, debate.passage.speaker) == ("debate", "Chris Wallace")


def test_every_command_reads_the_old_index(old_index):
    runner = CliRunner()
    shown = runner.invoke(app, ["show", "debate", "--index", str(old_index)])
    assert shown.exit_code == 0 and "#4       --:--  Chris Wallace" in shown.stdout
    speakers = runner.invoke(app, ["speakers", "--index", str(old_index), "--json"])
    assert speakers.exit_code == 0 and '"speaker": "Nathan King", "passages": 8' in speakers.stdout
    stats = runner.invoke(app, ["stats", "--index", str(old_index)])
    assert stats.exit_code == 0 and "transcripts  2" in stats.stdout
    counted = runner.invoke(app, ["search", "Putin", "--count-by", "speaker", "--index", str(old_index)])
    assert counted.exit_code == 0 and "Nathan King" in counted.stdout


def test_the_old_index_takes_updates_from_the_new_code(old_index):
    report = index_paths(old_index, [str(FIXTURES / "turns" / "briefing.md")])
    assert (report.added, report.transcripts) == (1, 3)
    assert search(old_index, "KGB").total == 1
    assert search(old_index, "*", transcript="briefing").total > 0
    again = index_paths(old_index, [str(SEEDS)])  # the seed at its new path: added beside the old record
    assert again.added == 1


def globals_named(data: bytes) -> set[str]:
    """The modules a pickle loads classes or functions from."""
    return {arg.split(" ")[0] for opcode, arg, _ in pickletools.genops(io.BytesIO(data)) if opcode.name == "GLOBAL"}


def test_the_schema_pickles_without_naming_any_soundbite_module():
    modules = globals_named(pickle.dumps(build_schema(), protocol=2))  # protocol 2 names each global in full
    assert modules  # the measure works: Whoosh's field classes are named
    assert all(name.split(".")[0] in ("whoosh", "__builtin__", "copy_reg", "re") for name in modules), sorted(modules)


class _OwnFilter(LowercaseFilter):
    """A filter of our own: what the schema must never contain."""


def test_the_pickle_check_sees_a_class_of_our_own():
    schema = Schema(text=TEXT(analyzer=RegexTokenizer() | _OwnFilter()))
    assert __name__ in globals_named(pickle.dumps(schema, protocol=2))
