"""The `soundbite` command through Typer's CliRunner: output, JSON, exit codes, colour."""

from __future__ import annotations

import io
import json
import re

import pytest
from conftest import FIXTURES, ROOT, SEEDS
from typer.testing import CliRunner

from indexer.cli.app import app
from indexer.cli.environment import Environment
from indexer.cli.render import format_time
from indexer.cli.render.hits import write_text
from indexer.engine.querying.search import search

ESC = "\x1b["
JSON_KEYS = {
    "transcript",
    "path",
    "passage",
    "start",
    "end",
    "estimated",
    "speaker",
    "role",
    "speaker_label",
    "text",
    "kind",
    "snippet",
    "matches",
    "at",
    "at_estimated",
    "score",
    *("format", "network", "reporter", "place", "title", "date", "story", "program", "aired", "language"),
}  # and `url` where the transcript has media, `context` with --context


@pytest.fixture
def runner():
    return CliRunner()


def run(runner, *args, env=None):
    return runner.invoke(app, [str(a) for a in args], env=env, catch_exceptions=False)


def test_index_prints_a_summary_line(runner, tmp_path):
    result = run(runner, "index", SEEDS, "--index", tmp_path / "ix")
    assert result.exit_code == 0
    assert re.fullmatch(
        r"Indexed 1 transcript: 1 added, 0 updated, 0 removed, 0 unchanged, 0 skipped; "
        r"11 passages written in \d+\.\d\d s \(\S+\)\n",
        result.stdout,
    ), result.stdout


def test_search_prints_highlighted_hits_with_header_and_summary(runner, seed_index):
    result = run(runner, "search", "KGB", "--index", seed_index)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "cgtn-trump-putin-helsinki-summit  ~02:36  Donald Trump (US President)"  # when "KGB" was said
    assert lines[1] == (
        "    Will President Trump be prepared? You know, President Putin is KGB! This and that. You know, what Putin "
        "is fine. He's fine. We are all fine. We are all people. Will I be prepared? I've been preparing for this "
        "stuff my whole life."
    )
    assert lines[2] == ""
    assert re.fullmatch(r"1 hit in 1 transcript \(\d+ ms\)", lines[-1])
    assert ESC not in result.stdout  # CliRunner's stdout is not a terminal


TITLE = (
    "Of all of Trump's relationships with world leaders, the one with Vladimir Putin has captured the most attention."
)


def test_search_json_lines_have_the_documented_keys_and_offsets(runner, seed_index):
    result = run(runner, "search", "KGB", "--json", "--index", seed_index)
    assert result.exit_code == 0
    (line,) = result.stdout.splitlines()
    hit = json.loads(line)
    assert hit.keys() == JSON_KEYS  # no `url`: the seed has no media link
    assert hit["speaker"] == "Donald Trump"
    assert hit["role"] == "US President"
    assert hit["estimated"] is True
    assert (hit["start"], hit["end"]) == (152.2, 169.94)
    assert [hit["text"][a:b] for a, b in hit["matches"]] == ["KGB"]
    assert hit["snippet"] == hit["text"]  # one sentence-aligned fragment: the whole passage
    assert hit["transcript"] == "cgtn-trump-putin-helsinki-summit"
    assert hit["path"].endswith("seeds/cgtn-trump-putin-helsinki-summit.txt")
    assert hit["score"] == 2.5525
    metadata = {key: hit[key] for key in JSON_KEYS - {"text", "snippet", "matches", "score", "path", "transcript"}}
    assert metadata == {
        "at": 156.326,  # "KGB" is some way into the passage: its time is estimated from the words before it
        "at_estimated": True,
        "passage": 10,
        "start": 152.2,
        "end": 169.94,
        "estimated": True,
        "speaker": "Donald Trump",
        "role": "US President",
        "kind": "speech",
        "speaker_label": "Donald Trump",
        "format": "newsvideo",
        "network": "CGTN",
        "reporter": "Nathan King",
        "place": "Helsinki, Finland",
        "title": TITLE,
        "date": "",
        "story": "",
        "program": "",
        "aired": "",
        "language": "en",
    }


def test_json_phrase_offsets_cover_each_word(runner, seed_index):
    result = run(runner, "search", '"Miss Universe"', "--json", "--index", seed_index)
    hit = json.loads(result.stdout)
    assert hit["speaker"] == "Nathan King"
    assert [hit["text"][a:b] for a, b in hit["matches"]] == ["Miss", "Universe"]


def test_no_hits_exits_1(runner, seed_index):
    result = run(runner, "search", "zebra", "--index", seed_index)
    assert result.exit_code == 1
    assert re.fullmatch(r"0 hits in 0 transcripts \(\d+ ms\)\n", result.stdout)
    assert result.stderr == ""  # nothing close enough to suggest
    json_result = run(runner, "search", "zebra", "--json", "--index", seed_index)
    assert (json_result.exit_code, json_result.stdout) == (1, "")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["search", '"Miss Universe'], "unbalanced quote"),
        (["search", "spekaer:trump"], "unknown field 'spekaer'"),
        (["search", "Putin AND"], "needs a word on each side"),
    ],
)
def test_errors_are_one_line_and_exit_2(runner, seed_index, args, message):
    result = run(runner, *args, "--index", seed_index)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("soundbite: error: ")
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_index_is_an_error(runner, tmp_path):
    result = run(runner, "search", "KGB", "--index", tmp_path / "none")
    assert result.exit_code == 2
    assert result.stderr == (
        f"soundbite: error: no index at {tmp_path / 'none'} (no such folder): build one with 'soundbite index PATH', "
        "or give the index's folder with --index DIR or SOUNDBITE_INDEX\n"
    )


def test_outside_the_index_folder_the_message_names_where_it_looked_and_how_to_point_elsewhere(
    runner, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes").mkdir()
    for args in (["search", "KGB"], ["stats"], ["search", "KGB", "--index", "notes"]):
        folder = tmp_path / ("notes" if "notes" in args else "index")
        state = "the folder holds none" if folder.name == "notes" else "no such folder"
        result = run(runner, *args)
        assert (result.exit_code, result.stderr) == (
            2,
            f"soundbite: error: no index at {folder} ({state}): build one with 'soundbite index PATH', "
            "or give the index's folder with --index DIR or SOUNDBITE_INDEX\n",
        )


def test_a_mistyped_path_creates_nothing_and_suggests_the_folder_meant(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "transcripts").mkdir()
    result = run(runner, "index", "transcritps/")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"soundbite: error: {tmp_path / 'transcritps'}: no such file or directory (did you mean transcripts?)\n"
    )
    assert not (tmp_path / "index").exists()
    result = run(runner, "index", "elsewhere", "--watch")
    assert (result.exit_code, result.stderr) == (
        2,
        f"soundbite: error: {tmp_path / 'elsewhere'}: no such file or directory\n",
    )
    assert not (tmp_path / "index").exists()


def test_the_summary_accounts_for_every_transcript_the_index_holds(runner, tmp_path):
    more = tmp_path / "more"
    more.mkdir()
    (more / "talk.srt").write_text("1\n00:00:01,000 --> 00:00:02,000\nHello.\n", encoding="utf-8")
    assert run(runner, "index", SEEDS, "--index", tmp_path / "ix").exit_code == 0
    result = run(runner, "index", more, "--index", tmp_path / "ix")
    assert result.stdout.startswith(
        "Indexed 2 transcripts: 1 added, 0 updated, 0 removed, 0 unchanged, 1 in folders not scanned this time, "
        "0 skipped; 1 passage written"
    ), result.stdout
    result = run(runner, "index", "--index", tmp_path / "ix")
    assert result.stdout.startswith("Indexed 2 transcripts: 0 added, 0 updated, 0 removed, 2 unchanged, 0 skipped;")


def test_index_location_from_environment_variable(runner, tmp_path):
    env = {"SOUNDBITE_INDEX": str(tmp_path / "from-env")}
    assert run(runner, "index", SEEDS, env=env).exit_code == 0
    assert (tmp_path / "from-env" / "current" / "soundbite.json").exists()
    assert run(runner, "search", "KGB", env=env).exit_code == 0


def test_index_reports_missing_paths_and_bad_files_but_indexes_the_rest(runner, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "bad.txt").write_bytes(b"\x00\xff" * 100)
    (folder / "good.txt").write_text((FIXTURES / "newsvideo" / "world-bank-debt-forum.txt").read_text())
    result = run(runner, "index", folder, tmp_path / "nope", "--index", tmp_path / "ix")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"soundbite: skipped {folder / 'bad.txt'}: binary file (contains NUL bytes and no UTF-16/32 BOM)",
        f"soundbite: error: {tmp_path / 'nope'}: no such file or directory",
    ]
    assert "Indexed 1 transcript: 1 added, 0 updated, 0 removed, 0 unchanged, 1 skipped; 8 passages" in (result.stdout)
    assert run(runner, "search", "cheque", "--index", tmp_path / "ix").exit_code == 0


def test_unknown_format_is_an_error(runner, tmp_path):
    result = run(runner, "index", SEEDS, "--format", "mp3", "--index", tmp_path / "ix")
    assert result.exit_code == 2
    assert "'mp3' is not one of 'vtt', 'srt'" in result.stderr  # Click lists the formats (in full: test_rough_edges)


def test_color_always_marks_matches_and_never_does_not(runner, seed_index):
    colored = run(runner, "search", "KGB", "--color", "always", "--index", seed_index)
    assert "\x1b[1;31mKGB\x1b[0m" in colored.stdout
    plain = run(runner, "search", "KGB", "--color", "never", "--index", seed_index)
    assert ESC not in plain.stdout


def test_terminal_gets_colour_unless_no_color(seed_index):
    result = search(seed_index, "Putin")

    def render(**env):
        out = io.StringIO()
        write_text(result, Environment(out, io.StringIO(), **env))
        return out.getvalue()

    on_terminal = render(stdout_isatty=True)
    assert on_terminal.count("\x1b[1;31mPutin\x1b[0m") == 6
    assert ESC not in render(stdout_isatty=True, no_color=True)
    assert ESC not in render(stdout_isatty=False)


@pytest.mark.parametrize(
    ("seconds", "estimated", "shown"),
    [
        (151.9, True, "~02:31"),
        (151.9, False, "02:31"),
        (3723, False, "1:02:03"),
        (None, False, "--:--"),
    ],
)
def test_timestamps(seconds, estimated, shown):
    assert format_time(seconds, estimated) == shown


def test_python_dash_m_runs_the_same_app():
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "indexer", "--help"], capture_output=True, text=True, check=False)
    assert result.returncode == 0
    assert "search" in result.stdout and "index" in result.stdout


def test_every_command_and_option_is_documented_in_the_guide():
    # The hand-written guide (docs/commands.md is generated, so it would prove nothing).
    readme = "".join((ROOT / "docs" / page).read_text() for page in ("usage.md", "cluster.md", "formats.md"))
    import typer.main

    group = typer.main.get_command(app)
    for param in group.params:  # the options of `soundbite` itself: --version, completion
        for option in param.opts:
            if option.startswith("--") and option != "--help":
                assert option in readme, f"the guide (docs/) does not document soundbite {option}"
    for name, command in group.commands.items():
        assert f"soundbite {name}" in readme, f"the guide (docs/) does not document 'soundbite {name}'"
        for param in command.params:
            for option in param.opts:
                if option.startswith("--") and option != "--help":
                    assert option in readme, f"the guide (docs/) does not document {name} {option}"


def test_no_help_text_holds_square_brackets_that_rich_would_eat_as_markup():
    # `[default: soundbite]` in a help text is a rich style tag: it vanished from `--help`. (A bracket
    # that cannot open a tag, as in `HOST[:PORT]`, is shown as written.)
    import re

    import typer.main

    group = typer.main.get_command(app)
    texts = [(name, p.name, p.help or "") for name, c in group.commands.items() for p in c.params]
    texts += [(name, "", c.help or "") for name, c in group.commands.items()]
    assert [(name, param) for name, param, text in texts if re.search(r"\[[A-Za-z#@/]", text)] == []
