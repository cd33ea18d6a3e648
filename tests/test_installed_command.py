"""The installed `soundbite` console script, run as a user runs it: a subprocess on a pipe."""

from __future__ import annotations

import json

from conftest import SEEDS, run_soundbite


def run(*args, env_extra=None):
    return run_soundbite(*args, env=env_extra)


def test_installed_command_indexes_searches_and_exits_like_grep(tmp_path):
    index_dir = tmp_path / "ix"
    built = run("index", SEEDS, "--index", index_dir)
    assert built.returncode == 0, built.stderr
    assert built.stdout.startswith("Indexed 1 transcript: 1 added, 0 updated, 0 removed, 0 unchanged")

    found = run("search", "Putin", "--index", index_dir)
    assert found.returncode == 0
    assert "\x1b" not in found.stdout  # a pipe gets no escape codes
    assert "Vladimir Putin" in found.stdout
    assert found.stdout.splitlines()[-1].startswith("5 hits in 1 transcript")

    as_json = run("search", "KGB", "--json", "--index", index_dir)
    assert as_json.returncode == 0
    (hit,) = [json.loads(line) for line in as_json.stdout.splitlines()]
    assert (hit["speaker"], hit["estimated"]) == ("Donald Trump", True)

    missing = run("search", "zebra", "--index", index_dir)
    assert (missing.returncode, missing.stderr) == (1, "")

    broken = run("search", '"unclosed', "--index", index_dir)
    assert (broken.returncode, broken.stdout) == (2, "")
    assert broken.stderr == (
        "soundbite: error: unbalanced quote in query '\"unclosed': close the phrase with another \"\n"
    )

    forced = run("search", "KGB", "--index", index_dir, "--color", "always")
    assert "\x1b[1;31mKGB" in forced.stdout


def test_index_from_environment_and_reindex_keeps_counts(tmp_path):
    env = {"SOUNDBITE_INDEX": str(tmp_path / "ix")}
    for _ in range(3):
        assert run("index", SEEDS, env_extra=env).returncode == 0
    counts = [
        json.loads(line)["passage"]
        for line in run("search", "Putin", "--json", "--limit", "0", env_extra=env).stdout.splitlines()
    ]
    assert sorted(counts) == [1, 4, 6, 8, 10]


def test_a_malformed_setting_is_one_line_on_every_command(seed_index):
    bad = {"SOUNDBITE_SEARCH_PROCS": "many"}
    for args in (["search", "Putin"], ["stats"], ["speakers"], ["show", "cgtn-trump-putin-helsinki-summit"]):
        done = run(*args, "--index", seed_index, env_extra=bad)
        assert (done.returncode, done.stdout) == (2, ""), args
        assert done.stderr == "soundbite: error: SOUNDBITE_SEARCH_PROCS='many' is not a whole number\n", args
    waits = run("index", SEEDS, "--index", seed_index, env_extra={"SOUNDBITE_LOCK_WAIT": "soon"})
    assert (waits.returncode, waits.stderr) == (
        2,
        "soundbite: error: SOUNDBITE_LOCK_WAIT='soon' is not a number of seconds\n",
    )
