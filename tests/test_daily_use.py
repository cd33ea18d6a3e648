"""A day of real use through the installed command (issue 33): the same answers as the in-process tests
give, from `soundbite` as a shell starts it (the last guard on its output, its exit statuses)."""

from __future__ import annotations

import json
import shutil

from conftest import SEED, run_soundbite


def test_a_new_users_day_through_the_installed_command(tmp_path):
    work = tmp_path / "news"
    (work / "transcripts").mkdir(parents=True)
    shutil.copy(SEED, work / "transcripts" / "report.txt")
    (work / "transcripts" / "talk.srt").write_text("1\n00:00:01,000 --> 00:00:03,000\nPutin, again.\n", "utf-8")
    (work / "transcripts" / "talk.json").write_text(
        json.dumps({"url": "https://www.youtube.com/watch?v=AbCdEfGhIjK", "date": "2018-07-20"}), "utf-8"
    )
    (work / "transcripts" / "memo.txt").write_bytes(b"\x00 unreadable")

    # Outside any index: where it looked, and how to point elsewhere.
    done = run_soundbite("search", "putin", cwd=work)
    assert (done.returncode, done.stderr) == (
        2,
        f"soundbite: error: no index at {work / 'index'} (no such folder): build one with 'soundbite index PATH', "
        "or give the index's folder with --index DIR or SOUNDBITE_INDEX\n",
    )
    # A mistyped folder: nothing made, the folder meant offered.
    done = run_soundbite("index", "transcritps/", cwd=work)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.endswith("no such file or directory (did you mean transcripts?)\n")
    assert not (work / "index").exists()

    done = run_soundbite("index", "transcripts/", "--strict", cwd=work)
    assert done.returncode == 1 and done.stderr.count("soundbite: skipped") == 1
    # From cron: the same unreadable memo is not reported again, and --strict does not fail on it.
    done = run_soundbite("index", "-q", "--strict", cwd=work)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    assert run_soundbite("stats", "--skipped", cwd=work).stdout.startswith(f"{work / 'transcripts' / 'memo.txt'}: ")

    # The three best hits are the same hits in every format; the EDL names the YouTube clip by its id.
    best = [
        json.loads(line)["id"] for line in run_soundbite("export", "putin", "-n", "3", cwd=work).stdout.splitlines()
    ]
    edl = run_soundbite("export", "putin", "-f", "edl", "-n", "3", "--whole-passage", cwd=work).stdout
    assert sorted(i for line in edl.splitlines() if "[" in line for i in line.split("[")[1][:-1].split()) == sorted(
        best
    )
    edl = run_soundbite("export", "putin", "-f", "edl", "-t", "talk", cwd=work).stdout
    assert "* FROM CLIP NAME: AbCdEfGhIjK" in edl.splitlines() and "* FROM CLIP NAME: watch" not in edl
    # Only untimed hits: no clips, said, exit 1.
    (work / "plain").mkdir()
    (work / "plain" / "notes.txt").write_text("ANNA LEE: Sanctions, said without a clock.\n", "utf-8")
    run_soundbite("index", "plain/", "-q", "--index", "plain-index", cwd=work)
    done = run_soundbite("export", "sanctions", "-f", "srt", "-o", "clips.srt", "--index", "plain-index", cwd=work)
    assert done.returncode == 1 and (work / "clips.srt").read_text() == ""
    assert done.stderr.startswith("soundbite: no clips: the passage found has no time in the recording")

    # A timeline where nothing is dated says how to date transcripts; the dated index draws one.
    done = run_soundbite("trend", "sanctions", "--index", "plain-index", cwd=work)
    assert (done.returncode, done.stdout) == (1, "") and "has a date, so there is no timeline" in done.stderr
    done = run_soundbite("trend", "putin", "--by", "month", "--csv", cwd=work)
    assert done.returncode == 0 and done.stdout.split("\n")[:2] == [
        "period,start,series,passages,total,value",
        "2018-07,2018-07-01,putin,1,,1.0",
    ]


def test_an_index_of_nothing_answers_every_command_with_nothing_found(tmp_path):
    (tmp_path / "empty").mkdir()
    assert run_soundbite("index", "empty", "-q", cwd=tmp_path).returncode == 0
    for args in (
        ["list"],
        ["speakers"],
        ["search", "putin"],
        ["search", "putin", "--count-by", "speaker"],
        ["export", "-f", "vtt"],
        ["export", "putin", "-f", "jsonl"],
        ["stats", "--skipped"],
        ["stats", "--notes"],
    ):
        done = run_soundbite(*args, cwd=tmp_path)
        assert done.returncode == 1, (args, done.stderr)
        assert "internal error" not in done.stderr and "Traceback" not in done.stderr, (args, done.stderr)
        assert done.stdout in ("", "0 hits in 0 transcripts") or done.stdout.startswith(("0 hits", "WEBVTT")), args
