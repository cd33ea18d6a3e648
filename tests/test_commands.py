"""Every command in-process, on a terminal and on a pipe, through the `Environment` it is given.

Each command is `commands.NAME(env, **parameters) -> exit status`, run by
`commands.run`, which turns a user's mistake into one line on stderr. The
Typer layer only declares parameters; a test here checks that each of its
commands hands exactly its parameters to the function of the same name.
"""

from __future__ import annotations

import inspect
import io
import json
import re

import pytest
import typer.main
from conftest import FIXTURES, SEEDS

from indexer.cli import commands
from indexer.cli.app import app
from indexer.cli.environment import Environment
from indexer.settings import Settings

ESC = "\x1b["
SEED_ID = "cgtn-trump-putin-helsinki-summit"


def environment(terminal: bool, **settings) -> Environment:
    """String buffers standing for stdout and stderr, both a terminal or both a pipe."""
    return Environment(
        io.StringIO(),
        io.StringIO(),
        stdout_isatty=terminal,
        stderr_isatty=terminal,
        no_color=settings.get("no_color", False),
        settings=Settings(**settings),
    )


def untimed(output: str) -> str:
    return re.sub(r" \(\d+ ms\)", "", output)


def run(command, terminal: bool = False, **params) -> tuple[int, str, str, Environment]:
    env = environment(terminal)
    code = commands.run(command, env, **params)
    return code, env.stdout.getvalue(), env.stderr.getvalue(), env


def test_every_typer_command_hands_its_parameters_to_the_command_of_the_same_name():
    group = typer.main.get_command(app)
    assert sorted(group.commands) == [
        "export",
        "index",
        "list",
        "push",
        "search",
        "serve",
        "show",
        "speakers",
        "stats",
        "trend",
    ]
    for name, declared in group.commands.items():
        function = getattr(commands, {"list": "list_transcripts"}.get(name, name))  # (`list` is Python's)
        taken = list(inspect.signature(function).parameters)
        assert taken[0] == "env", name
        given = [param.name for param in declared.params]
        if name in ("search", "trend", "export", "list"):  # the filters pass through as SearchOptions fields
            assert set(taken[1:-1]) < set(given), name
        else:
            assert sorted(taken[1:]) == sorted(given), name


def test_search_marks_matches_on_a_terminal_and_writes_plain_text_on_a_pipe(seed_index):
    code, on_terminal, errors, _ = run(commands.search, True, query="KGB", index=seed_index)
    assert (code, errors) == (0, "")
    assert "\x1b[1;31mKGB\x1b[0m" in on_terminal
    code, on_pipe, _, _ = run(commands.search, False, query="KGB", index=seed_index)
    assert code == 0 and ESC not in on_pipe
    assert on_pipe.startswith(f"{SEED_ID}  ~02:36  Donald Trump (US President)\n")
    no_color = environment(True, no_color=True)
    assert commands.run(commands.search, no_color, query="KGB", index=seed_index) == 0
    assert no_color.stdout.getvalue() == on_pipe.replace(
        on_pipe.splitlines()[-1], no_color.stdout.getvalue().splitlines()[-1]
    )


def test_search_context_is_shown_on_both_sides_on_a_terminal_too(seed_index):
    _, on_terminal, _, _ = run(commands.search, True, query="KGB", index=seed_index, context=1)
    _, on_pipe, _, _ = run(commands.search, False, query="KGB", index=seed_index, context=1)
    before = "  | ~02:27  Nathan King: In characteristic Trump fashion, the U.S. President recently mocked his critics."
    after = "  | ~02:49  Nathan King: Nathan King, CGTN, Helsinki, Finland."
    assert on_pipe.splitlines()[0] == before  # passage 9, before the hit
    assert on_pipe.splitlines()[3] == after  # passage 11, after it
    assert before in on_terminal.split("\n")[0]  # dimmed, in the same place
    assert after in on_terminal.split("\n")[3]


def test_search_nothing_found_and_bad_query(seed_index):
    code, out, errors, _ = run(commands.search, query="zebra", index=seed_index)
    assert (
        code == 1
        and out == "0 hits in 0 transcripts (0 ms)\n".replace("0 ms", out.split("(")[-1][:-2])
        and errors == ""
    )
    code, out, errors, _ = run(commands.search, query='"unclosed', index=seed_index)
    assert (code, out) == (2, "")
    assert errors.startswith("soundbite: error: unbalanced quote") and errors.count("\n") == 1


def test_show_is_bold_on_a_terminal_and_plain_on_a_pipe(seed_index):
    code, on_terminal, _, _ = run(commands.show, True, transcript=SEED_ID, index=seed_index, passage=10, context=0)
    assert code == 0 and ESC in on_terminal
    code, on_pipe, _, _ = run(commands.show, False, transcript=SEED_ID, index=seed_index, passage=10, context=0)
    assert code == 0 and ESC not in on_pipe
    assert on_pipe.splitlines()[1] == "> #10     ~02:32  Donald Trump (US President)"
    code, rows, _, _ = run(commands.show, True, transcript=SEED_ID, index=seed_index, json_output=True)
    assert code == 0 and ESC not in rows  # JSON is never coloured
    assert [json.loads(row)["passage"] for row in rows.splitlines()] == list(range(1, 12))


def test_show_refuses_what_it_cannot_do_in_one_line(seed_index):
    code, out, errors, _ = run(commands.show, transcript=SEED_ID, index=seed_index, at="1:00", passage=2)
    assert (code, out, errors) == (2, "", "soundbite: error: give --at or --passage, not both\n")
    code, _, errors, _ = run(commands.show, transcript=SEED_ID, index=seed_index, color="sometimes")
    assert (code, errors) == (2, "soundbite: error: --color must be one of auto, always, never, not 'sometimes'\n")
    code, _, errors, _ = run(commands.show, transcript="nothing-like-it", index=seed_index)
    assert code == 2 and errors.startswith("soundbite: error: no transcript 'nothing-like-it' in the index")


def test_speakers_and_stats_read_the_same_on_a_terminal_and_a_pipe(seed_index):
    for command in (commands.speakers, commands.stats):
        code, on_terminal, _, _ = run(command, True, index=seed_index)
        code_piped, on_pipe, _, _ = run(command, False, index=seed_index)
        assert code == code_piped == 0
        assert on_terminal == on_pipe and ESC not in on_pipe
    _, table, _, _ = run(commands.speakers, index=seed_index)
    assert table.splitlines() == [
        "speaker       passages  transcripts",
        "Nathan King          8            1",
        "Donald Trump         2            1",
    ]
    _, stats, _, _ = run(commands.stats, index=seed_index, json_output=True)
    assert json.loads(stats)["passages"] == 11


def test_notes_the_first_ten_a_count_of_the_rest_none_when_quiet_and_all_in_stats(tmp_path):
    import shutil

    folder = tmp_path / "captions"
    folder.mkdir()
    for n in range(12):  # each file rolls: a note each
        shutil.copy(FIXTURES / "captions" / "rolling-auto.vtt", folder / f"clip-{n:02d}.vtt")
    code, out, errors, _ = run(commands.index, paths=[str(folder)], index=tmp_path / "ix")
    lines = errors.splitlines()
    assert code == 0 and out.startswith("Indexed 12 transcripts")
    assert len(lines) == 11 and all(line.startswith("soundbite: note: ") for line in lines[:10])
    assert lines[10] == "soundbite: 2 more notes: soundbite stats --notes lists every file's notes"
    note = "caption line(s) shown again in the next cue (rolling captions): read once"
    code, out, _, _ = run(commands.stats, index=tmp_path / "ix", notes=True)
    assert code == 0 and out.splitlines() == [f"{folder / f'clip-{n:02d}.vtt'}: 4 {note}" for n in range(12)]
    _, out, _, _ = run(commands.stats, index=tmp_path / "ix", notes=True, json_output=True)
    assert json.loads(out.splitlines()[0]) == {"path": str(folder / "clip-00.vtt"), "note": f"4 {note}"}
    # Quiet: errors only. A changed file's notes are its new ones; the others keep theirs.
    (folder / "clip-00.vtt").write_text("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nA plain caption.\n")
    code, out, errors, _ = run(commands.index, paths=[str(folder)], index=tmp_path / "ix", quiet=True)
    assert (code, out, errors) == (0, "", "")
    _, out, _, _ = run(commands.stats, index=tmp_path / "ix", notes=True)
    assert len(out.splitlines()) == 11 and "clip-00.vtt" not in out


def test_stats_notes_is_nothing_found_without_notes(seed_index):
    assert run(commands.stats, index=seed_index, notes=True)[:2] == (1, "")


def test_speakers_without_any_is_nothing_found(tmp_path):
    run(commands.index, paths=[str(FIXTURES / "captions" / "rolling-auto.vtt")], index=tmp_path / "ix", quiet=True)
    code, out, _, _ = run(commands.speakers, index=tmp_path / "ix")
    assert (code, out) == (1, "")  # (nothing found prints nothing, as `list` and `--count-by`: the status says it)


def test_index_shows_progress_only_on_a_terminal_and_its_summary_unless_quiet(tmp_path):
    code, out, errors, _ = run(commands.index, True, paths=[str(SEEDS)], index=tmp_path / "a")
    assert code == 0 and out.startswith("Indexed 1 transcript: 1 added")
    assert "indexing" in errors and ESC in errors  # rich's bar, on the terminal's stderr
    code, out, errors, _ = run(commands.index, False, paths=[str(SEEDS)], index=tmp_path / "b")
    assert code == 0 and out.startswith("Indexed 1 transcript: 1 added") and errors == ""
    code, out, errors, _ = run(commands.index, True, paths=[str(SEEDS)], index=tmp_path / "c", quiet=True)
    assert (code, out, errors) == (0, "", "")


def test_index_errors_and_strict(tmp_path):
    code, _, errors, _ = run(commands.index, paths=[str(tmp_path / "nowhere")], index=tmp_path / "ix", quiet=True)
    assert code == 2 and errors == f"soundbite: error: {tmp_path / 'nowhere'}: no such file or directory\n"
    code, _, errors, _ = run(commands.index, paths=[str(SEEDS)], index=tmp_path / "ix", format="docx")
    assert code == 2 and errors.startswith("soundbite: error: unknown --format 'docx': use one of vtt, srt")
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "good.txt").write_text((SEEDS / f"{SEED_ID}.txt").read_text())
    (folder / "empty.srt").write_text("")
    code, _, errors, _ = run(commands.index, paths=[str(folder)], index=tmp_path / "ix", strict=True, quiet=True)
    assert code == 1 and errors == f"soundbite: skipped {folder / 'empty.srt'}: empty file\n"


def test_settings_from_the_environment_reach_the_engine(tmp_path, monkeypatch):
    monkeypatch.setenv("SOUNDBITE_INDEX", str(tmp_path / "from-env"))
    monkeypatch.setenv("SOUNDBITE_LOCK_WAIT", "0")
    monkeypatch.setattr("sys.stdout", io.StringIO())
    assert commands.run(commands.index, paths=[str(SEEDS)], quiet=True) == 0
    assert (tmp_path / "from-env" / "current").is_dir()

    from indexer.engine.storage import store

    stderr = io.StringIO()
    monkeypatch.setattr("sys.stderr", stderr)
    with store.run_lock(tmp_path / "from-env", 0):
        assert commands.run(commands.index, quiet=True) == 2  # no wait: SOUNDBITE_LOCK_WAIT=0
    assert "being updated by another soundbite run" in stderr.getvalue()


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("SOUNDBITE_SEARCH_PROCS", "many", "SOUNDBITE_SEARCH_PROCS='many' is not a whole number"),
        ("SOUNDBITE_SEARCH_PROCS", "0", "SOUNDBITE_SEARCH_PROCS='0': must be a whole number of at least 1"),
        ("SOUNDBITE_LOCK_WAIT", "soon", "SOUNDBITE_LOCK_WAIT='soon' is not a number of seconds"),
        ("SOUNDBITE_LOCK_WAIT", "-1", "SOUNDBITE_LOCK_WAIT='-1': must be a number of seconds of at least 0"),
        ("SOUNDBITE_LOCK_WAIT", "nan", "SOUNDBITE_LOCK_WAIT='nan': must be a number of seconds of at least 0"),
        ("SOUNDBITE_LIMIT_MB", "48MB", "SOUNDBITE_LIMIT_MB='48MB' is not a whole number"),
    ],
)
def test_a_malformed_setting_is_one_line_naming_it(seed_index, monkeypatch, name, value, message):
    monkeypatch.setenv(name, value)
    stderr = io.StringIO()
    monkeypatch.setattr("sys.stderr", stderr)
    assert commands.run(commands.stats, index=seed_index) == 2
    assert stderr.getvalue() == f"soundbite: error: {message}\n"


def test_an_internal_error_is_one_line_unless_debugging(seed_index, monkeypatch):
    def broken(env, **params):
        raise ZeroDivisionError("division by zero")

    code, _, errors, _ = run(broken)
    assert code == 2
    assert (
        errors
        == "soundbite: internal error: ZeroDivisionError: division by zero (SOUNDBITE_DEBUG=1 shows a traceback)\n"
    )
    with pytest.raises(ZeroDivisionError):
        commands.run(broken, environment(False, debug=True))


def test_every_setting_is_documented_in_the_readme():
    from pathlib import Path

    import indexer.settings

    source = Path(indexer.settings.__file__).read_text()
    names = set(re.findall(r"\b(SOUNDBITE_[A-Z_]+|NO_COLOR)\b", source))
    assert len(names) == 10  # the measure works
    guide = (Path(__file__).resolve().parent.parent / "docs" / "usage.md").read_text()
    table = guide[guide.index("## Settings") :]
    assert {name for name in names if f"| `{name}` |" not in table} == set()


def test_the_progress_bar_says_when_the_index_is_being_written_after_the_last_file():
    from indexer.cli.render.progress import progress_bar
    from indexer.model import Progress

    env = environment(True)
    with progress_bar(env, enabled=True) as update:
        update(Progress(3, 3, 30))
        update(Progress(3, 3, 30, phase="writing"))
        update(Progress(3, 3, 30, phase="committing"))
    shown = env.stderr.getvalue()
    assert shown.index("indexing") < shown.index("writing the index") < shown.index("committing")
    assert "0:00:00" in shown  # the time taken so far, beside the bar


def test_index_runs_report_each_phase_in_order(tmp_path):
    from indexer.engine.storage.writer import index_paths

    phases = []
    index_paths(tmp_path / "ix", [str(SEEDS)], on_progress=lambda p: phases.append((p.phase, p.done, p.total)))
    assert phases == [("reading", 1, 1), ("writing", 1, 1), ("committing", 1, 1)]


def test_the_progress_bar_counts_a_datasets_rows():
    from indexer.cli.render.progress import progress_bar
    from indexer.model import Progress

    env = environment(True)
    with progress_bar(env, enabled=True) as update:
        update(Progress(0, 1, 1200, rows=500))
        update(Progress(0, 1, 2400, rows=1000))
    assert "1,000 rows" in env.stderr.getvalue() and "2,400 passages" in env.stderr.getvalue()
