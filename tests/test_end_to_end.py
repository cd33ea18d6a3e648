"""The installed command end to end, for what only unit tests covered before: real output, real environment."""

from __future__ import annotations

import json
import os
import pty
import re
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, SEED, run_soundbite, start_soundbite


def run(folder: Path, *args, env_extra=None, terminal=False) -> tuple[int, str, str]:
    if not terminal:
        done = run_soundbite(*args, cwd=folder, env=env_extra)
        return done.returncode, re.sub(r"\(\d+ ms\)", "(ms)", done.stdout), done.stderr
    main, sub = pty.openpty()  # stdout is a terminal, as in a user's shell
    process = start_soundbite(*args, cwd=folder, env=env_extra, stdout=sub)
    os.close(sub)
    chunks = []
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the other end closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(main)
    _, stderr = process.communicate(timeout=120)
    return process.returncode, b"".join(chunks).decode(), stderr


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("e2e")
    transcripts = root / "t"
    transcripts.mkdir()
    shutil.copy(SEED, transcripts / "report.txt")
    shutil.copy(FIXTURES / "turns" / "debate.said", transcripts)
    shutil.copy(FIXTURES / "turns" / "debate.json", transcripts)
    code, _, err = run(root, "index", "t", "--index", "ix", "-q")
    assert (code, err) == (0, "")
    return root


def test_search_options_in_real_output(folder):
    code, out, _ = run(folder, "search", "putin", "--index", "ix", "--sort", "time", "-n", "2")
    assert code == 0
    assert out.splitlines()[0] == "report  ~00:04  (anchor)"  # the matched word, into the passage
    assert out.splitlines()[3] == "report  ~01:03  Nathan King (reporter)"
    assert out.splitlines()[-1] == "5 hits (showing 2) in 1 transcript (ms)"
    _, offset, _ = run(folder, "search", "putin", "--index", "ix", "--offset", "4")
    assert offset.splitlines()[-1] == "5 hits (showing 1) in 1 transcript (ms)"
    _, role, _ = run(folder, "search", "*", "--role", "moderator", "--index", "ix", "-n", "1")
    assert role.splitlines()[:3] == [
        "debate  ~00:00  Chris Wallace (Moderator)",
        "    Good evening and welcome to the first debate.",
        "    https://www.youtube.com/watch?v=WRUSNGrZeHk&t=0s",
    ]
    code, none, _ = run(folder, "search", "evening", "--network", "cgtn", "--index", "ix")
    assert (code, none) == (1, "0 hits in 0 transcripts (ms)\n")
    _, full, _ = run(folder, "search", "kgb", "--full", "--index", "ix")
    assert full.splitlines()[1].endswith("I've been preparing for this stuff my whole life.")
    assert full.splitlines()[1].startswith("    Will President Trump be prepared?")


def test_json_keys_metadata_and_null_times(folder, tmp_path):
    _, out, _ = run(folder, "search", "evening", "--json", "--index", "ix")
    row = json.loads(out.splitlines()[0])
    assert list(row) == [
        "transcript", "path", "passage", "start", "end", "estimated", "speaker", "role", "text", "kind",
        "speaker_label", "snippet", "matches", "at", "at_estimated", "score", "format", "network", "reporter",
        "place", "title",
        "date", "url", "story", "program", "aired", "language",
    ]  # fmt: skip
    assert (row["format"], row["place"], row["title"], row["date"]) == (
        "turns",
        "Case Western Reserve University, Cleveland, OH",
        "Biden, Trump (1 of 2)",
        "2020-09-29",
    )
    (tmp_path / "notes.txt").write_text("A paragraph of plain notes about the harbour.\n")
    run(tmp_path, "index", "notes.txt", "--index", "ix", "-q")
    _, plain, _ = run(tmp_path, "search", "harbour", "--json", "--index", "ix")
    row = json.loads(plain)
    assert (row["start"], row["end"], row["estimated"], row["network"]) == (None, None, False, "")


def test_rebuild_and_format_at_index_time(tmp_path):
    shutil.copy(SEED, tmp_path / "report.txt")
    code, out, _ = run(tmp_path, "index", "report.txt", "--index", "ix", "--format", "turns")
    assert code == 0 and out.startswith("Indexed 1 transcript: 1 added")
    _, read_as, _ = run(tmp_path, "stats", "--index", "ix", "--json")
    assert json.loads(read_as)["formats"] == {"turns": 1}
    code, out, _ = run(tmp_path, "index", "--rebuild", "--index", "ix")
    assert code == 0 and out.startswith("Rebuilt 1 transcript: 1 added, 0 updated, 0 removed")
    _, after, _ = run(tmp_path, "stats", "--index", "ix", "--json")
    assert json.loads(after)["formats"] == {"newsvideo": 1}  # detected again: --format was for that run


def test_hidden_files_and_symlinked_folders_in_discovery(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.copy(SEED, outside / "linked.txt")
    folder = tmp_path / "t"
    folder.mkdir()
    shutil.copy(SEED, folder / "report.txt")
    shutil.copy(SEED, folder / ".hidden.txt")
    (folder / ".drafts").mkdir()
    shutil.copy(SEED, folder / ".drafts" / "draft.txt")
    (folder / "more").symlink_to(outside, target_is_directory=True)
    code, out, err = run(tmp_path, "index", "t", "--index", "ix")
    assert (code, err) == (0, "")
    assert out.startswith("Indexed 2 transcripts: 2 added")
    _, ids, _ = run(tmp_path, "search", "kgb", "--count-by", "transcript", "--index", "ix")
    assert ids.splitlines()[1:] == ["more/linked         1", "report              1"]


def test_colour_follows_the_real_terminal_and_environment(folder):
    code, coloured, _ = run(folder, "search", "kgb", "--index", "ix", terminal=True)
    assert code == 0 and "\x1b[1;31mKGB\x1b[0m" in coloured
    for env in ({"NO_COLOR": "1"}, {"TERM": "dumb"}):
        _, plain, _ = run(folder, "search", "kgb", "--index", "ix", terminal=True, env_extra=env)
        assert "\x1b[" not in plain and "KGB" in plain, env
    _, empty, _ = run(folder, "search", "kgb", "--index", "ix", terminal=True, env_extra={"NO_COLOR": ""})
    assert "\x1b[1;31mKGB" in empty  # no-color.org: an empty NO_COLOR is not set
    _, forced, _ = run(folder, "search", "kgb", "--index", "ix", "--color", "always", env_extra={"NO_COLOR": "1"})
    assert "\x1b[1;31mKGB" in forced


def test_debug_shows_the_traceback_of_an_internal_error(folder, tmp_path):
    broken = tmp_path / "ix"
    shutil.copytree(folder / "ix", broken, symlinks=True)
    for segment in (broken / "current").glob("*.seg"):
        segment.write_bytes(segment.read_bytes()[:100])
    code, out, err = run(tmp_path, "search", "putin", "--index", broken)
    assert (code, out) == (2, "")
    assert err == "soundbite: internal error: EOFError: Ran out of input (SOUNDBITE_DEBUG=1 shows a traceback)\n"
    code, _, err = run(tmp_path, "search", "putin", "--index", broken, env_extra={"SOUNDBITE_DEBUG": "1"})
    assert (
        code == 1
        and err.startswith("Traceback (most recent call last):")
        and err.endswith("EOFError: Ran out of input\n")
    )
