"""Old indexes: one made by an older schema says how to rebuild it, and the schema names only Whoosh.

Whoosh pickles the schema into every index, analysers included, and a pickle
names classes by module path: had the schema used a class of soundbite's own,
moving the module would have made every existing index unreadable.
`old-indexes/flat-layout` was built by the last commit with the flat layout
(66b1465: `indexer.writer.index_paths` over `seeds/` and
`tests/fixtures/turns/debate.said`), at schema version 3; its manifest still
names the paths it was built from. Version 3 indexes opened, searched and took
updates until version 4 changed how a passage's start is indexed (version 5 added
a passage's end as a column).
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
from indexer.engine.querying.search import search
from indexer.engine.storage.schema import SCHEMA_VERSION, build_schema
from indexer.engine.storage.writer import index_paths

OLD_INDEX = Path(__file__).resolve().parent / "old-indexes" / "flat-layout"


@pytest.fixture
def old_index(tmp_path) -> Path:
    copy = tmp_path / "old"
    shutil.copytree(OLD_INDEX, copy, symlinks=True)
    return copy


def test_an_index_of_schema_version_3_asks_for_a_rebuild_in_one_line(old_index):
    # Version 4 indexes a passage's start by the whole second: a version 3 index (here one from
    # the flat layout, 66b1465) cannot answer --after/--before or --sort time from it.
    runner = CliRunner()
    message = (
        f"soundbite: error: the index at {old_index} was made by schema version 3 of soundbite and this one "
        f"reads version {SCHEMA_VERSION}: rebuild it with 'soundbite index --rebuild'\n"
    )
    for args in (
        ["search", "KGB"],
        ["show", "debate"],
        ["speakers"],
        ["search", "Putin", "--count-by", "speaker"],
        ["index", str(SEEDS)],
    ):
        result = runner.invoke(app, [*args, "--index", str(old_index)])
        assert (result.exit_code, result.stdout, result.stderr) == (2, "", message), args


def test_the_rebuild_it_asks_for_makes_a_current_index_that_searches_as_a_new_one(old_index, tmp_path):
    paths = [str(SEEDS), str(FIXTURES / "turns" / "debate.said")]
    rebuilt = CliRunner().invoke(app, ["index", "--rebuild", *paths, "--index", str(old_index)])
    assert rebuilt.exit_code == 0, rebuilt.stderr
    new_index = tmp_path / "new"
    index_paths(new_index, paths)
    old, new = search(old_index, "KGB"), search(new_index, "KGB")
    assert [(h.transcript.id, h.passage.number, h.score) for h in old.hits] == [
        (h.transcript.id, h.passage.number, h.score) for h in new.hits
    ]
    assert [h.transcript.id for h in search(old_index, '"waiting for this night"').hits] == ["debate"]


def globals_named(data: bytes) -> set[str]:
    """The modules a pickle loads classes or functions from."""
    return {arg.split(" ")[0] for opcode, arg, _ in pickletools.genops(io.BytesIO(data)) if opcode.name == "GLOBAL"}


def test_the_schema_pickles_naming_only_whoosh_and_the_analysis_module():
    # The text fields' analyzer is soundbite's (words in every script): its module and class name are
    # part of every index's format, and must not move.
    modules = globals_named(pickle.dumps(build_schema(), protocol=2))  # protocol 2 names each global in full
    assert modules  # the measure works: Whoosh's field classes are named
    ours = {name for name in modules if name.split(".")[0] == "indexer"}
    assert ours == {"indexer.engine.analysis"}
    assert all(name.split(".")[0] in ("whoosh", "__builtin__", "copy_reg", "re") for name in modules - ours)
    assert "SpeechAnalyzer" in pickle.dumps(build_schema(), protocol=2).decode("latin-1")


class _OwnFilter(LowercaseFilter):
    """A filter of our own: what the schema must never contain."""


def test_the_pickle_check_sees_a_class_of_our_own():
    schema = Schema(text=TEXT(analyzer=RegexTokenizer() | _OwnFilter()))
    assert __name__ in globals_named(pickle.dumps(schema, protocol=2))
