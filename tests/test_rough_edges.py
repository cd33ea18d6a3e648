"""Rough edges a new user met, each pinned by the command that showed it."""

from __future__ import annotations

import os
import shutil
import subprocess

from conftest import SEED, soundbite_command
from typer.testing import CliRunner

from indexer.cli.app import app
from indexer.engine.writer import index_paths


def run_in(folder, *args, env_extra=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith("SOUNDBITE_") and k != "NO_COLOR"}
    env.update(env_extra or {})
    return subprocess.run(
        [soundbite_command(), *map(str, args)], cwd=folder, capture_output=True, text=True, env=env, timeout=120
    )


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
