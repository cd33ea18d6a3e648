"""The quick search path: same options, same parse, same output as the Typer command, and a lean start.

`indexer.cli.entry` answers a plain `soundbite search` without loading Typer, from
a table of the search options. These tests keep that table and the Typer
command in step, run both parsers on the same arguments, compare what the two
paths print, and check which modules a search loads.
"""

from __future__ import annotations

import dataclasses
import inspect
import json
import re
import subprocess
import sys

import pytest
import typer.main
from conftest import SEEDS, run_soundbite, start_soundbite
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from indexer.cli import commands
from indexer.cli.app import app
from indexer.cli.entry import parse_search
from indexer.cli.options import CHOICES, SEARCH
from indexer.model import SearchOptions

TABLE = {option.param: option for option in SEARCH}

# Typer bundles its own Click (typer._click, private), so Click's classes are
# recognised by what they are, not imported.
CLICK_REFUSALS = {"UsageError", "BadParameter", "NoSuchOption", "MissingParameter", "BadOptionUsage", "Exit"}


def search_command():
    return typer.main.get_command(app).commands["search"]


def options_of(command) -> list:
    return [p for p in command.params if p.param_type_name == "option"]


# What the quick parser models of a Click option; anything else it would get wrong.
MODELLED = {"envvar": (None, "SOUNDBITE_INDEX"), "multiple": (False,), "callback": (None,), "count": (False,)}


def kind_of(param) -> str:
    for attribute, allowed in MODELLED.items():
        value = getattr(param, attribute, None)
        assert value in allowed, f"--{param.name}: {attribute}={value!r}, which the quick path does not model"
    if param.envvar and param.name != "index":
        raise AssertionError(f"--{param.name} reads an environment variable the quick path does not")
    if param.is_flag:
        return "flag"
    if type(param.type).__name__ == "TyperChoice":
        assert tuple(param.type.choices) == CHOICES[param.name], param.name
        return "choice"
    if type(param.type).__name__ == "IntRange" and param.type.min == 0:
        assert param.type.max == TABLE[param.name].maximum, f"--{param.name}: the quick path's maximum differs"
        return "count"
    if hasattr(param.type, "file_okay") and not param.type.file_okay:
        return "folder"
    assert param.type.name == "text", f"--{param.name}: a type the quick path does not know"
    return "text"


def test_the_table_names_every_option_of_the_typer_search_command_exactly():
    options = options_of(search_command())
    from_typer = {p.name: (tuple(p.opts + p.secondary_opts), kind_of(p)) for p in options}
    assert {name: (set(names), kind) for name, (names, kind) in from_typer.items()} == {
        option.param: (set(option.names), option.kind) for option in SEARCH
    }


def shared_defaults() -> dict:
    """What `commands.search` uses for a parameter not given: its own defaults, then SearchOptions'."""
    defaults = {field.name: field.default for field in dataclasses.fields(SearchOptions)}
    defaults.update(
        (name, p.default)
        for name, p in inspect.signature(commands.search).parameters.items()
        if p.default is not inspect.Parameter.empty
    )
    return defaults


def test_defaults_of_the_shared_search_match_the_typer_command():
    defaults = shared_defaults()
    for param in options_of(search_command()):
        assert defaults[param.name] == param.default, param.name
    arguments = [p.name for p in search_command().params if p.param_type_name == "argument"]
    assert arguments == ["query"]


def typer_parse(args: list[str]) -> dict | None:
    """What Click makes of `search ARGS`: every parameter, defaults included; None when it refuses."""
    try:
        return search_command().make_context("search", list(args)).params
    except Exception as refused:  # a usage error, or the Exit that follows --help
        assert type(refused).__name__ in CLICK_REFUSALS, repr(refused)
        return None


def quick_parse(args: list[str]) -> dict | None:
    given = parse_search(args)
    if given is None:
        return None
    return {**shared_defaults(), **given}


ACCEPTED = [
    ["debt"],
    ["debt", "-n", "5"],
    ["-n5", "debt"],
    ["--limit=3", "debt", "--offset", "2"],
    ["debt", "--json", "--full"],
    ["--", "-debt"],
    ["--json", "--", "--full"],
    ["debt", "--after", "-60", "--before=-10"],
    ["debt", "-s", "Trump", "-s", "Putin"],
    ["debt", "-t", "cgtn-*", "--network", "CGTN", "--role", "president"],
    ["--color", "never", "debt", "-C2", "--sort", "time"],
    ["debt", "--count-by", "speaker", "--since", "2018", "--until=2019-01"],
    ["debt", "--sort", "nonsense"],  # checked by the shared code, the same way on both paths
    ["-", "-n", "0"],
]

REFUSED = [
    [],
    ["debt", "putin"],
    ["debt", "--nope"],
    ["debt", "-n", "many"],
    ["debt", "-n", "-1"],
    ["debt", "-n"],
    ["debt", "--json=yes"],
    ["debt", "--help"],
    ["--full", "-h"],
    ["-debt"],
]


@pytest.mark.parametrize("args", ACCEPTED, ids=" ".join)
def test_the_quick_parse_equals_typers_for_plain_searches(args, tmp_path):
    assert quick_parse(args) == typer_parse(args)
    with_index = [*args, "--index", str(tmp_path)]
    assert quick_parse(with_index) == typer_parse(with_index)


@pytest.mark.parametrize("args", REFUSED, ids=lambda a: " ".join(a) or "(nothing)")
def test_what_typer_refuses_or_answers_with_help_is_left_to_typer(args):
    assert parse_search(args) is None
    assert typer_parse(args) is None


def test_an_index_path_that_is_a_file_is_left_to_typer(tmp_path, monkeypatch):
    a_file = tmp_path / "index.txt"
    a_file.write_text("not a folder")
    args = ["debt", "--index", str(a_file)]
    assert parse_search(args) is None
    assert typer_parse(args) is None
    monkeypatch.setenv("SOUNDBITE_INDEX", str(a_file))
    assert parse_search(["debt"]) is None
    assert typer_parse(["debt"]) is None
    monkeypatch.setenv("SOUNDBITE_INDEX", str(tmp_path))
    assert quick_parse(["debt"]) == {**typer_parse(["debt"]), "index": None}  # the folder is read later, alike


def run(*args):
    return run_soundbite(*args)


TIMING = re.compile(r"\(\d+ ms\)")


@pytest.mark.parametrize(
    "args",
    [
        ["Putin", "--json"],
        ["Putin", "-n", "2"],
        ["Putin", "--speaker", "putin", "--context", "1"],
        ["Putin", "--count-by", "speaker"],
        ["zebra"],
        ['"unclosed'],
        ["Putin", "--sort", "nonsense"],
        ["Putin", "--color", "sometimes"],
    ],
    ids=" ".join,
)
def test_both_paths_print_the_same_and_exit_the_same(args, seed_index):
    quick = run("search", *args, "--index", seed_index)
    through_typer = CliRunner().invoke(app, ["search", *args, "--index", str(seed_index)])
    assert quick.returncode == through_typer.exit_code
    assert TIMING.sub("", quick.stdout) == TIMING.sub("", through_typer.stdout)
    if quick.returncode == 2:
        assert quick.stderr.startswith("soundbite: error: ")
        # One line; a command-line mistake left to Typer adds the hint to --help.
        hint = "soundbite: see 'soundbite search --help'"
        assert quick.stderr.count("\n") == 1 or quick.stderr.splitlines()[1] == hint


def test_typers_own_messages_still_come_from_the_installed_command(seed_index):
    refused = run("search", "Putin", "--limit", "-1", "--index", seed_index)
    assert (refused.returncode, refused.stderr) == (
        2,
        "soundbite: error: Invalid value for '--limit' / '-n': -1 is not in the range x>=0.\n"
        "soundbite: see 'soundbite search --help'\n",
    )
    helped = run("search", "--help")
    assert helped.returncode == 0
    assert "--count-by" in helped.stdout


def test_a_reader_that_stops_early_ends_the_search_quietly(tmp_path):
    index_dir = tmp_path / "ix"
    assert run("index", SEEDS, "--index", index_dir, "-q").returncode == 0
    head = subprocess.Popen(["head", "-n", "1"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    search = start_soundbite("search", "the", "--limit", "0", "--full", "--index", index_dir, stdout=head.stdin)
    head.stdin.close()
    first = head.stdout.read()
    head.wait()
    _, errors = search.communicate(timeout=60)
    assert first.count(b"\n") == 1
    assert (search.returncode, errors) == (0, "")


# The list: no progress bars, no markdown, no indexing or parsing code,
# and nothing Whoosh loads but never needs for a search.
NOT_ON_THE_SEARCH_PATH = (
    "typer",
    "click",
    "rich",
    "yaml",
    "charset_normalizer",
    "urllib.request",
    "whoosh.lang.morph_en",
    "whoosh.multiproc",
    "whoosh.writing",
    "indexer.cli.app",
    "indexer.engine.storage.writer",
    "indexer.transcripts.formats",
    "indexer.transcripts.passages",
    "indexer.transcripts.text",
    "indexer.transcripts.sources",
    "indexer.transcripts.ignore",
    "pathspec",  # (what --exclude and .soundbiteignore files are matched with: index runs only)
    "indexer.transcripts.decode",
    "indexer.transcripts.names",
    "indexer.transcripts.cues",
    "indexer.transcripts.metadata",
    "indexer.transcripts.clock",  # only with --after or --before
    "indexer.engine.adapter.fixes",
    # Language packages: an English index is searched without them (issue 24).
    "Stemmer",
    "opencc",
    "pycld2",
    "indexer.transcripts.language",
    "indexer.transcripts.identifier",
    # The standard library's heavier modules that a search does not use (issue 31): `inspect` (with
    # `ast`, `dis`, `tokenize`) that `dataclasses` loads for a class without a docstring, `typing`,
    # and what Whoosh loads for its own highlighter, hash tables, temporary storage and dates.
    "inspect",
    "ast",
    "dis",
    "tokenize",
    "typing",
    "html",
    "hashlib",
    "tempfile",
    "shutil",
    "calendar",
    "random",
    "email",
    "http",
    "ssl",
    # (not `whoosh.highlight`: soundbite's highlighter cuts snippets with its fragmenter)
    "whoosh.classify",
    "whoosh.qparser",  # (plain words are made into a query without it)
    "whoosh.util.times",
    "decimal",
    "datetime",
    "queue",
    "threading",
    "_hashlib",  # (Whoosh's md5 is the interpreter's own `_md5`)
    "whoosh.support.charset",  # (accent folding: loaded at the first word not in ASCII)
    "indexer.reports",  # what the other commands return
)


def imported_by(*args) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "indexer", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode in (0, 1), done.stderr[-500:]
    return {line.split("|")[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}


def test_a_search_on_a_pipe_imports_only_what_it_uses(seed_index):
    loaded = imported_by("search", "Putin", "--index", seed_index)
    assert "whoosh.searching" in loaded and "indexer.engine.querying.highlight" in loaded  # the measure works
    assert sorted(m for m in loaded if m.split(".")[0] in NOT_ON_THE_SEARCH_PATH or m in NOT_ON_THE_SEARCH_PATH) == []


def test_indexing_still_loads_what_it_needs(tmp_path):
    loaded = imported_by("index", SEEDS, "--index", tmp_path / "ix", "-q")
    assert {"typer", "indexer.engine.storage.writer", "indexer.transcripts.formats"} <= loaded


def test_whoosh_works_without_the_modules_it_was_kept_from_loading():
    script = (
        "import sys, indexer.engine.querying.search\n"
        "assert 'urllib.request' not in sys.modules and 'whoosh.lang.morph_en' not in sys.modules\n"
        "from whoosh.compat import urlretrieve\n"
        "from whoosh.query import Variations\n"
        "from whoosh.query.terms import variations\n"
        "import urllib.request\n"
        "assert urllib.request.urlopen and urlretrieve.__name__ == 'urlretrieve'\n"
        "print(sorted(variations('render'))[:3])\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.replace("'", '"')) == ["rend", "rende", "rended"]


def test_whoosh_and_dataclasses_load_a_module_kept_from_them_when_they_use_it(tmp_path):
    # Each stand-in gives way to the real module at first use, and leaves `sys.modules` to it.
    script = (
        "import sys, indexer.engine.querying.search\n"
        "kept = ('inspect', 'html', 'hashlib', 'tempfile', 'calendar', 'random', 'shutil', 'decimal', 'datetime',"
        " 'queue', 'threading')\n"
        "assert not [m for m in kept if m in sys.modules], [m for m in kept if m in sys.modules]\n"
        "import whoosh.searching\n"
        "assert whoosh.searching.highlight.Highlighter and whoosh.searching.classify.Expander\n"
        "from indexer.engine.analysis import fold\n"
        "assert fold('Élodie Straße') == 'elodie strasse'\n"
        "from whoosh.filedb.filetables import md5_hash\n"
        "from whoosh.util import random_name\n"
        "from whoosh.util.times import adatetime\n"
        "from whoosh.compat import htmlescape\n"
        "from whoosh.filedb.filestore import RamStorage\n"
        "import io, whoosh.filedb.compound as compound\n"
        "copied = io.BytesIO(); compound.copyfileobj(io.BytesIO(b'segment'), copied)\n"
        "assert copied.getvalue() == b'segment'\n"
        "import dataclasses\n"
        "@dataclasses.dataclass\n"
        "class Undocumented:\n"
        "    x: int\n"
        "print(md5_hash(b'soundbite'), len(random_name(8)), htmlescape('<b>'), Undocumented.__doc__)\n"
        "print(adatetime(2024, 2).ceil().day)\n"
        "name = f'soundbite-test-{__import__(\"os\").getpid()}'\n"
        "temporary = RamStorage().temp_storage(name); print(type(temporary).__name__)\n"
        "__import__('shutil').rmtree(temporary.folder)\n"
        "import whoosh.fields, whoosh.compat, whoosh.util.cache\n"
        "assert not isinstance(1.5, whoosh.fields.Decimal) and 'decimal' not in sys.modules\n"
        "assert whoosh.fields.Decimal('2.50') * 2 == 5\n"
        "assert isinstance(__import__('decimal').Decimal(1), whoosh.fields.Decimal)\n"
        "assert whoosh.fields.datetime.date(2024, 1, 2).day == 2 and whoosh.compat.queue.Queue().empty()\n"
        "with whoosh.util.cache.Lock(): pass\n"
        "import inspect, html, hashlib, tempfile, calendar, random, shutil, decimal, datetime, queue, threading\n"
        "assert all(type(sys.modules[m]) is type(sys) for m in kept)\n"
        "assert inspect.signature and hashlib.md5(b'x') and calendar.isleap(2024) and random.random() < 1\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    import hashlib

    expected_hash = int(hashlib.md5(b"soundbite").hexdigest(), 16) & 0xFFFFFFFF
    assert lines[0] == f"{expected_hash} 8 &lt;b&gt; Undocumented(x: int)"
    assert lines[1:] == ["29", "FileStorage"]  # February 2024's last day: `calendar.monthrange`


OPTION_NAMES = sorted({name for option in SEARCH for name in option.names})
argument = st.one_of(
    st.sampled_from(OPTION_NAMES),
    st.sampled_from(["debt", "-", "--", "5", "-1", "x", "score", "time", "speaker", "never", "1:30", ""]),
    st.builds(lambda name, value: f"{name}={value}", st.sampled_from(OPTION_NAMES), st.sampled_from(["3", "x", ""])),
    st.builds(lambda value: f"-n{value}", st.sampled_from(["5", "x", "-2"])),
    st.text(max_size=6),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(args=st.lists(argument, max_size=6))
def test_generated_arguments_parse_alike_or_the_quick_parser_steps_aside(tmp_path, args):
    quick = quick_parse(args)
    if quick is not None:
        assert quick == typer_parse(args), args


def test_the_choices_are_the_engines():
    from indexer.cli.commands import PERIOD_COUNTS
    from indexer.cli.export import FORMATS, FPS_CHOICES
    from indexer.engine.features.trend import PERIODS, SPLITS
    from indexer.engine.querying.filters import SORTS
    from indexer.engine.storage.schema import COUNT_COLUMNS

    assert {
        "sort": SORTS,
        "count_by": tuple(COUNT_COLUMNS) + tuple(PERIOD_COUNTS),
        "by": PERIODS,
        "split_by": tuple(SPLITS),
        "color": ("auto", "always", "never"),
        "export_format": FORMATS,
        "fps": FPS_CHOICES,
    } == CHOICES


def test_the_format_choices_spelled_for_the_cli_are_the_readers_names():
    from indexer.cli.options import FORMAT_NAMES
    from indexer.transcripts import formats

    assert tuple(formats.names()) == FORMAT_NAMES
