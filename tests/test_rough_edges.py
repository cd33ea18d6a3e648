"""Rough edges a new user met, each pinned by the command that showed it."""

from __future__ import annotations

import os
import shutil

from conftest import SEED, run_soundbite
from typer.testing import CliRunner

from indexer.cli.app import app
from indexer.engine.storage.writer import index_paths


def run_in(folder, *args, env_extra=None):
    return run_soundbite(*args, cwd=folder, env=env_extra)


def transcripts_folder(tmp_path):
    folder = tmp_path / "transcripts"
    folder.mkdir()
    shutil.copy(SEED, folder / "report.txt")
    return folder


def test_the_default_index_inside_the_folder_is_never_read_as_transcripts(tmp_path):
    folder = transcripts_folder(tmp_path)
    for _ in range(3):  # the second and later runs used to walk into ./index
        done = run_in(folder, "index", ".", "--strict")
        assert (done.returncode, done.stderr) == (0, ""), done.stderr
    assert done.stdout.startswith("Indexed 1 transcript: 0 added, 0 updated, 0 removed, 1 unchanged, 0 skipped")


def test_index_option_or_environment_inside_the_folder(tmp_path):
    folder = transcripts_folder(tmp_path)
    for _ in range(2):
        by_option = run_in(folder, "index", ".", "--index", "data/ix", "--strict")
        assert (by_option.returncode, by_option.stderr) == (0, ""), by_option.stderr
        by_env = run_in(folder, "index", ".", "--strict", env_extra={"SOUNDBITE_INDEX": str(folder / "here")})
        assert (by_env.returncode, by_env.stderr) == (0, ""), by_env.stderr
    # Each index sees only the transcript, not the other index either.
    assert "1 unchanged, 0 skipped" in by_option.stdout and "1 unchanged, 0 skipped" in by_env.stdout


def test_another_soundbite_index_in_a_folder_is_passed_over(tmp_path):
    folder = transcripts_folder(tmp_path)
    index_paths(folder / "old-index", [str(SEED)])
    report = index_paths(tmp_path / "ix", [str(folder)])
    assert (report.transcripts, report.skipped) == (1, [])
    result = CliRunner().invoke(app, ["index", str(folder), "--index", str(tmp_path / "ix"), "--strict"])
    assert (result.exit_code, result.stderr) == (0, "")


def test_a_cue_that_ends_before_it_starts_keeps_its_words_and_says_so(tmp_path):
    from indexer.engine.querying.search import search

    srt = tmp_path / "odd.srt"
    srt.write_text(
        "1\n00:00:05,000 --> 00:00:02,000\nreversed harbour words\n\n2\n00:00:06,000 --> 00:00:08,000\nnext.\n"
    )
    vtt = tmp_path / "odd.vtt"
    vtt.write_text("WEBVTT\n\n00:05.000 --> 00:02.000\nreversed ferry words\n\n00:06.000 --> 00:08.000\nnext.\n")
    notes: list[str] = []
    index_paths(tmp_path / "ix", [str(srt), str(vtt)], on_note=notes.append)
    (hit,) = search(tmp_path / "ix", '"reversed harbour words"').hits
    assert (hit.passage.start, hit.passage.end) == (5.0, 8.0)
    assert search(tmp_path / "ix", '"reversed ferry words"').total == 1
    assert sorted(notes) == [
        f"{srt}: 1 cue with the end before the start: kept, at the start",
        f"{vtt}: 1 cue with the end before the start: kept, at the start",
    ]


def test_times_no_recording_can_have_are_not_used(tmp_path):
    from indexer.engine.querying.search import search

    episode = tmp_path / "episode.json"
    episode.write_text(
        '{"segments": [{"startTime": 0, "endTime": 2, "body": "Welcome back."},'
        ' {"startTime": 1e308, "body": "an absurd start"}, {"startTime": -5, "body": "a negative one"},'
        ' {"startTime": 4, "endTime": 6, "body": "and on we go."}]}'
    )
    notes: list[str] = []
    index_paths(tmp_path / "ix", [str(episode)], on_note=notes.append)
    hits = search(tmp_path / "ix", "absurd OR negative", limit=0).hits
    assert [(h.passage.start, h.passage.end) for h in hits] == [(0.0, 6.0)]  # kept, in the passage they belong to
    assert notes == [f"{episode}: 2 segment time(s) no recording can have (negative, or past 1,000 hours): not used"]
    done = CliRunner().invoke(app, ["show", "episode", "--index", str(tmp_path / "ix")])
    assert "00:00" in done.stdout and len(max(done.stdout.splitlines(), key=len)) < 200


def test_queries_that_misled(seed_index):
    import pytest

    from indexer.engine.querying.search import search
    from indexer.errors import BadQuery

    trump = search(seed_index, 'speaker:"donald trump"', limit=0)
    assert trump.total == 2 and {h.passage.speaker for h in trump.hits} == {"Donald Trump"}
    assert search(seed_index, 'role:"us president"', limit=0).total == 2
    near = search(seed_index, 'text:"relationship with"~2', limit=0)
    assert near.total == 4
    with pytest.raises(BadQuery, match=r"at most 2 edits \(as in Lucene\), not 9: write word~2"):
        search(seed_index, "putin~9")
    with pytest.raises(BadQuery, match=r"not 9: write word~2"):  # also after an allowed one (it took minutes)
        search(seed_index, "sanctions~2 AND relationship~9")
    assert search(seed_index, "putn~1").total == 5
    with pytest.raises(BadQuery, match="no searchable words in query"):
        search(seed_index, "🙂 !! ...")
    for bad in ("2026-13-45", "2026-02-30", "2026-00"):
        with pytest.raises(BadQuery, match=f"--since '{bad}' is not a date that exists"):
            search(seed_index, "putin", since=bad)


def test_count_by_always_agrees_with_the_hits_of_the_same_search(all_fixtures_index):
    from collections import Counter

    from test_search_features import counted

    from indexer.engine.querying.search import count_by, search
    from indexer.model import SearchOptions

    cases = [
        {},
        {"speaker": "trump"},
        {"role": "reporter"},
        {"network": "cgtn"},
        {"transcript": "turns/*"},
        {"after": "0:30"},
        {"before": "1:00"},
        {"after": "-0:30"},
        {"before": "-1:00"},
        {"after": "-2:00", "before": "-0:20"},
        {"since": "2020"},
        {"until": "2019-12"},
    ]
    for filters in cases:
        options = SearchOptions(limit=0, **filters)
        hits = search(all_fixtures_index, "*", options).hits
        for field in ("speaker", "transcript", "network", "role"):
            expected = Counter(counted(hit, field) for hit in hits)
            got = dict(count_by(all_fixtures_index, "*", field, options))
            assert got == dict(expected), (filters, field)


def test_a_search_reads_the_schema_once_so_a_commit_under_it_cannot_fail_it(seed_index, tmp_path):
    # bench/stress.py: 2 of 29,952 searches failed with "_MAIN_4.toc: No such file or directory":
    # Whoosh reads the table of contents again for every `index.schema`, and a commit had replaced it.
    from indexer.engine.storage import store

    copy = tmp_path / "ix"
    shutil.copytree(seed_index, copy, symlinks=True)
    index = store.open_for_search(copy)
    for toc in store.current_generation(copy).glob("_MAIN_*.toc"):
        toc.rename(toc.with_suffix(".moved"))  # as if a commit had just replaced it
    assert "text" in index.schema.names()


def test_a_ctrl_c_python_cannot_raise_is_delivered_again_not_printed(monkeypatch):
    import signal
    import types

    from indexer.cli import entry

    sent, shown = [], []
    monkeypatch.setattr(entry.os, "kill", lambda pid, sig: sent.append((pid, sig)))
    monkeypatch.setattr(entry.sys, "__unraisablehook__", shown.append)
    entry._interrupt_later(types.SimpleNamespace(exc_type=KeyboardInterrupt))
    assert (sent, shown) == ([(os.getpid(), signal.SIGINT)], [])
    other = types.SimpleNamespace(exc_type=ValueError)
    entry._interrupt_later(other)
    assert (sent, shown) == ([(os.getpid(), signal.SIGINT)], [other])


def test_count_by_a_field_no_transcript_has(tmp_path):
    # No network anywhere: Whoosh writes no column for it, and its facet then failed with
    # "internal error: TermNotFound: Field 'network_name' is not indexed".
    folder = tmp_path / "chats"
    folder.mkdir()
    (folder / "a.txt").write_text("Ann Lee: hello there.\n\nBo Chen: hello again.\n")
    index_paths(tmp_path / "ix", [str(folder)])
    runner = CliRunner()
    for field, table in (
        ("network", "network  passages\n(none)          2\n"),
        ("role", "role    passages\n(none)         2\n"),
        ("speaker", "speaker  passages\nAnn Lee         1\nBo Chen         1\n"),
    ):
        result = runner.invoke(app, ["search", "hello", "--count-by", field, "--index", str(tmp_path / "ix")])
        assert (result.exit_code, result.stdout, result.stderr) == (0, table, ""), field


def test_version_and_settings_left_in_the_environment(tmp_path, monkeypatch):
    from indexer import __version__

    for flag in ("--version", "-V"):
        done = run_in(tmp_path, flag)
        assert (done.returncode, done.stdout) == (0, f"soundbite {__version__}\n")
    # The session's fixture cleared them, whatever the developer's shell had set.
    assert not [name for name in os.environ if name.startswith("SOUNDBITE_") and "SHARED" not in name]


COLORS = "is not one of 'auto', 'always', 'never'."


def test_a_mistake_on_the_command_line_is_one_line_and_a_hint_for_every_command(tmp_path):
    cases = [
        (
            ["search", "Putin", "--limit", "-1"],
            "Invalid value for '--limit' / '-n': -1 is not in the range x>=0.",
            "search",
        ),
        (["index", "--bogus"], "No such option: --bogus", "index"),
        (["show"], "Missing argument 'TRANSCRIPT'.", "show"),
        (["stats", "--json=yes"], "Option '--json' does not take a value.", "stats"),
        (["speakers", "extra"], "Got unexpected extra argument(s) (extra)", "speakers"),
        (["nosuch"], "No such command 'nosuch'.", ""),
        (
            ["search", "x", "--color", "sometimes"],
            "Invalid value for '--color': 'sometimes' is not one of 'auto', 'always', 'never'.",
            "search",
        ),
        (
            ["search", "x", "--sort=best"],
            "Invalid value for '--sort': 'best' is not one of 'score', 'time', 'date'.",
            "search",
        ),
        (
            ["show", "x", "--color", "no"],
            "Invalid value for '--color': 'no' is not one of 'auto', 'always', 'never'.",
            "show",
        ),
    ]
    for args, message, command in cases:
        done = run_in(tmp_path, *args)
        where = f"soundbite {command}".strip()
        assert (done.returncode, done.stdout) == (2, ""), args
        assert done.stderr == f"soundbite: error: {message}\nsoundbite: see '{where} --help'\n", args


def test_every_help_ends_with_real_examples(tmp_path):
    for command in ("", "index", "search", "show", "stats", "speakers"):
        done = run_in(tmp_path, *command.split(), "--help")
        assert done.returncode == 0
        examples = done.stdout[done.stdout.index("Examples:") :]
        lines = [line.strip() for line in examples.splitlines() if line.strip().startswith("$ soundbite")]
        assert len(lines) >= 2, command
        assert all(line.startswith(f"$ soundbite {command}".rstrip()) for line in lines if command)


def test_shell_completion_offers_choices_and_transcript_ids(tmp_path):
    from conftest import ROOT

    index_paths(tmp_path / "ix", [str(ROOT / "tests" / "news-scripts")])
    complete = {"_SOUNDBITE_COMPLETE": "complete_bash", "SOUNDBITE_INDEX": str(tmp_path / "ix")}
    ids = run_in(tmp_path, env_extra={**complete, "COMP_WORDS": "soundbite show ap-f", "COMP_CWORD": "2"})
    assert ids.stdout.split() == ["ap-feed-2026-02-13/809002", "ap-feed-2026-02-13/809003"]
    sorts = run_in(tmp_path, env_extra={**complete, "COMP_WORDS": "soundbite search x --sort ", "COMP_CWORD": "4"})
    assert sorts.stdout.split() == ["score", "time", "date"]
    # The shell named, not detected: detection walks the parent processes, which differ with whatever
    # started the tests (a `sh -c` parent is refused). Typer's own switch for this.
    no_detection = {"_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    script = run_in(tmp_path, "--show-completion", "bash", env_extra=no_detection)
    assert script.returncode == 0 and "_soundbite_completion" in script.stdout


def test_suggestions_take_the_fewest_edits_and_only_when_they_find_something(seed_index):
    import pytest

    from indexer.engine.querying.search import search
    from indexer.engine.querying.suggest import edit_distance
    from indexer.errors import BadQuery

    assert search(seed_index, "Putn").suggestion == "Putin"  # not Cgtn: one edit, not two
    assert search(seed_index, "Vladimr Putn").suggestion == "Vladimir Putin"
    suggestion = search(seed_index, "speaker:trumpp").suggestion
    assert suggestion is None or suggestion.startswith("speaker:")
    for malformed in ('"relationship with"~x', "putinn^x"):  # a slop or boost that is no number: one line
        with pytest.raises(BadQuery):
            search(seed_index, malformed)
    assert search(seed_index, '"putin ships"').suggestion is None  # both words are known: nothing to correct
    assert search(seed_index, '"trump enemy"').suggestion is None  # no correction finds anything either
    assert (edit_distance("putn", "putin"), edit_distance("putn", "cgtn"), edit_distance("", "ab")) == (1, 2, 2)


ANSI = __import__("re").compile(r"\x1b\[[0-9;]*m")


def untimed(output: str) -> str:
    return __import__("re").sub(r"\(\d+ ms\)", "(ms)", output)


def test_coloured_output_without_its_escape_codes_is_the_plain_output(all_fixtures_index):
    import io

    from indexer.cli import commands
    from indexer.cli.environment import Environment

    cases = [
        (commands.search, {"query": "Putin"}),
        (commands.search, {"query": "KGB", "context": 2}),
        (commands.search, {"query": "Putin", "full": True, "limit": 3}),
        (commands.search, {"query": "ethics", "speaker": "wallace"}),  # a hit with a media link
        (commands.search, {"query": "*", "count_by": "speaker"}),
        (commands.search, {"query": "*", "count_by": "month"}),
        (commands.search, {"query": "Putin NEAR/30s KGB"}),
        (commands.search, {"query": "zebra"}),
        (commands.show, {"transcript": "cgtn-trump-putin-helsinki-summit", "passage": 10, "context": 1}),
        (commands.show, {"transcript": "turns/debate"}),
        (commands.speakers, {}),
    ]
    for command, params in cases:
        outputs = []
        for terminal in (True, False):
            env = Environment(io.StringIO(), io.StringIO(), stdout_isatty=terminal, stderr_isatty=False)
            commands.run(command, env, index=all_fixtures_index, **params)
            outputs.append(env.stdout.getvalue())
        coloured, plain = (untimed(output) for output in outputs)
        assert "\x1b[" in coloured or command is commands.speakers or params.get("query") == "zebra", params
        assert ANSI.sub("", coloured) == plain, (command.__name__, params)


def test_trend_coloured_is_its_plain_output_with_colour_on_a_terminal_and_on_a_pipe(all_fixtures_index):
    # A trend is a chart on a terminal and a table on a pipe (they differ by design); on each, the
    # coloured output less its escape codes is the plain one.
    import io

    from indexer.cli import commands
    from indexer.cli.environment import Environment

    for params in ({"queries": ["*"], "by": "year"}, {"queries": ["*", "Putin"], "by": "month", "normalise": True}):
        for terminal in (True, False):
            outputs = []
            for color in ("always", "never"):
                env = Environment(io.StringIO(), io.StringIO(), stdout_isatty=terminal, stderr_isatty=False)
                assert commands.run(commands.trend, env, index=all_fixtures_index, color=color, **params) == 0
                outputs.append(env.stdout.getvalue())
            coloured, plain = outputs
            assert "\x1b[" in coloured and "\x1b[" not in plain
            assert ANSI.sub("", coloured) == plain, (params, terminal)
            assert ("│" in plain) == terminal  # the chart's axis only on a terminal


def test_a_search_opens_the_index_again_when_a_commit_removed_a_file_under_it(seed_index, monkeypatch):
    from whoosh.index import FileIndex

    from indexer.engine.querying.search import search

    real_read = FileIndex._read_toc
    failures = []

    def read_toc(self, *args, **kwargs):
        if not failures:  # the first open loses the race with a commit, as bench/stress.py saw
            failures.append(True)
            raise FileNotFoundError(2, "No such file or directory", "_MAIN_3.toc")
        return real_read(self, *args, **kwargs)

    monkeypatch.setattr(FileIndex, "_read_toc", read_toc)
    assert search(seed_index, "KGB").total == 1
    assert failures == [True]


def test_empty_ranges_and_times_past_the_end_are_errors(seed_index):
    import pytest

    from indexer.engine.features.browse import show
    from indexer.engine.querying.search import search
    from indexer.errors import BadQuery, SoundbiteError

    for after, before in (("2:00", "1:00"), ("1:00", "1:00"), ("-0:30", "-1:00")):
        with pytest.raises(BadQuery, match=f"--after {after} and --before {before} leave no time between them"):
            search(seed_index, "putin", after=after, before=before)
    assert search(seed_index, "putin", after="-1:00", before="-0:30").total == 1  # a real window
    with pytest.raises(BadQuery, match="--since 2020 is after --until 2019: no date is in between"):
        search(seed_index, "putin", since="2020", until="2019")
    with pytest.raises(SoundbiteError, match="has no passage at 99:00: it runs from 00:00 to 02:52"):
        show(seed_index, "cgtn-trump-putin-helsinki-summit", at="99:00")
    assert show(seed_index, "cgtn-trump-putin-helsinki-summit", at="2:52").marked == 11


def test_an_index_given_as_transcripts_and_context_without_a_mark_are_errors(seed_index, tmp_path):
    code_run = run_in(tmp_path, "index", seed_index, "--index", tmp_path / "ix")
    assert code_run.returncode == 2
    assert code_run.stderr == f"soundbite: error: {seed_index}: a soundbite index, not a folder of transcripts\n"
    shown = run_in(tmp_path, "show", "cgtn-trump-putin-helsinki-summit", "--context", "1", "--index", seed_index)
    assert (shown.returncode, shown.stdout) == (2, "")
    assert shown.stderr == (
        "soundbite: error: --context counts passages around the one --at or --passage marks: give one of them\n"
    )


def test_a_ctrl_c_after_the_work_is_done_cannot_interrupt_shutdown(monkeypatch):
    import signal
    import sys

    import pytest

    from indexer.cli import app as app_module

    monkeypatch.setattr(sys, "argv", ["soundbite", "--version"])
    previous = signal.getsignal(signal.SIGINT)
    try:
        with pytest.raises(SystemExit) as exited:
            app_module.main()
        assert exited.value.code == 0
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGINT, previous)
