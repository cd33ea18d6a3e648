"""What a folder walk passes over: `index --exclude`, `.soundbiteignore` files, a repository's README and LICENSE.

The rules (`indexer/transcripts/ignore.py`) are gitignore's; these tests hold
the command line to them through Typer's CliRunner, the installed command for
the messages and exit statuses, and the watch loop in a thread for `--watch`.
What the index holds is read from its manifest (`stats --json`, the file
records): no search is needed to know which files are in it.
"""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from pathlib import Path

import pytest
from conftest import run_soundbite, shared_path, start_soundbite
from typer.testing import CliRunner

from indexer.cli.app import app
from indexer.engine.storage import store
from indexer.engine.storage import watch as watch_module
from indexer.transcripts import ignore, sources


def srt(text: str) -> str:
    return f"1\n00:00:01,000 --> 00:00:02,000\n{text}.\n\n"


def write(folder: Path, relative: str, text: str | None = None) -> Path:
    path = folder / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text if text is not None else srt(f"Words of {relative}"), encoding="utf-8")
    return path


def index(*args):
    return CliRunner().invoke(app, ["index", *map(str, args)], catch_exceptions=False)


def ids(ix: Path) -> list[str]:
    """The transcript ids the index holds, from its manifest."""
    return sorted(tid for record in store.read_manifest(ix).files.values() for tid in record.transcript_ids)


def stats(ix: Path) -> dict:
    done = CliRunner().invoke(app, ["stats", "--json", "--index", str(ix)], catch_exceptions=False)
    return json.loads(done.stdout)


@pytest.fixture
def talks(tmp_path):
    """A folder of transcripts that is also a repository: a README, a LICENSE, notes and drafts."""
    folder = tmp_path / "talks"
    for name in ("a.srt", "b.srt", "keep.md", "sub/c.srt", "sub/keep.md", "sub/other.md", "notes/n.srt"):
        write(folder, name)
    write(folder, "drafts/d.srt")
    write(folder, "sub/drafts/d2.srt")
    write(folder, "README.md", "# Talks\n\nThe transcripts of our talks, one file a talk, with notes.\n")
    write(folder, "LICENSE.txt", "Permission is hereby granted, free of charge, to any person obtaining a copy.\n")
    return folder, tmp_path / "ix"


def test_exclude_takes_gitignore_patterns_glob_folder_negation_anchored(talks):
    folder, ix = talks
    done = index(
        folder, "--index", ix, "--exclude", "*.md", "--exclude", "!keep.md", "--exclude", "notes/",
        "--exclude", "/drafts",
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    # `*.md` everywhere but `!keep.md` (the last pattern that matches wins); `notes/` a folder at any depth;
    # `/drafts` only at the top of the folder given, so `sub/drafts` is read.
    assert ids(ix) == ["a", "b", "keep", "sub/c", "sub/drafts/d2", "sub/keep"]
    assert "5 excluded (LICENSE.txt, README.md, drafts/ and 2 more)" in done.stdout
    assert done.stdout.startswith("Indexed 6 transcripts: 6 added, 0 updated, 0 removed, 0 unchanged, 0 skipped, ")


def test_patterns_are_remembered_added_to_listed_and_forgotten(talks):
    folder, ix = talks
    assert index(folder, "--index", ix, "--exclude", "notes/").exit_code == 0
    assert "notes/n" not in ids(ix)
    write(folder, "notes/later.srt")
    write(folder, "later.srt")
    plain = index("--index", ix)  # the cron case: the remembered folders, with the remembered patterns
    assert plain.exit_code == 0 and plain.stdout.startswith("Indexed 9 transcripts: 1 added, 0 updated, 0 removed")
    assert "later" in ids(ix) and "notes/later" not in ids(ix)

    assert index("--index", ix, "--exclude", "sub/").exit_code == 0  # given again: added to them
    assert stats(ix)["excludes"] == ["notes/", "sub/"] and stats(ix)["ignore_files"] is True
    assert not [tid for tid in ids(ix) if tid.startswith(("notes/", "sub/"))]
    listed = CliRunner().invoke(app, ["stats", "--index", str(ix)]).stdout
    assert "excludes     notes/\n             sub/\n" in listed

    rebuilt = index("--index", ix, "--rebuild")  # a rebuild re-reads the folders with the same patterns
    assert rebuilt.exit_code == 0 and stats(ix)["excludes"] == ["notes/", "sub/"]
    assert not [tid for tid in ids(ix) if tid.startswith(("notes/", "sub/"))]

    forgot = index("--index", ix, "--forget-excludes")
    assert stats(ix)["excludes"] == []
    assert {"notes/n", "notes/later", "sub/c", "sub/keep"} <= set(ids(ix))
    assert ", 2 excluded (LICENSE.txt, README.md)" in forgot.stdout  # the built-in list still applies


def test_a_file_indexed_before_and_excluded_now_leaves_the_index_and_is_counted(talks):
    folder, ix = talks
    assert index(folder, "--index", ix).exit_code == 0
    assert {"notes/n", "sub/other", "keep"} <= set(ids(ix))
    done = index("--index", ix, "--exclude", "notes/", "--exclude", "other.md")
    assert done.exit_code == 0
    assert "notes/n" not in ids(ix) and "sub/other" not in ids(ix)
    # Two removed, both because they are excluded now (not deleted), and everything passed over named.
    assert done.stdout.startswith("Indexed 7 transcripts: 0 added, 0 updated, 2 removed (2 now excluded), 7 unchanged")
    assert ", 0 skipped, 4 excluded (LICENSE.txt, README.md, notes/ and 1 more); " in done.stdout
    (folder / "a.srt").unlink()  # a deleted file is removed, not "excluded"
    again = index("--index", ix)
    assert again.stdout.startswith("Indexed 6 transcripts: 0 added, 0 updated, 1 removed, 6 unchanged")


def test_soundbiteignore_files_nest_and_the_deeper_one_and_the_command_line_win(talks):
    folder, ix = talks
    write(folder, ".soundbiteignore", "# transcripts only\n*.md\nsub/*.srt\n")
    write(folder, "sub/.soundbiteignore", "!other.md\n")  # deeper: brings back what the top one excludes
    write(folder, "notes/.soundbiteignore", "*\n")
    assert index(folder, "--index", ix).exit_code == 0
    assert ids(ix) == ["a", "b", "drafts/d", "sub/drafts/d2", "sub/other"]
    # The command line ranks above every ignore file (as git's and ripgrep's do): it brings back a file.
    assert index("--index", ix, "--exclude", "!sub/c.srt").exit_code == 0
    assert "sub/c" in ids(ix)
    # An ignore file changed is applied at the next run: what it lets through now is added.
    (folder / ".soundbiteignore").write_text("*.md\n!keep.md\n", encoding="utf-8")
    assert index("--index", ix).exit_code == 0
    assert ids(ix) == ["a", "b", "drafts/d", "keep", "sub/c", "sub/drafts/d2", "sub/keep", "sub/other"]


def test_a_file_named_on_the_command_line_is_always_read(talks):
    folder, ix = talks
    done = index(folder, folder / "README.md", folder / "notes" / "n.srt", "--index", ix, "--exclude", "*.srt")
    assert done.exit_code == 0
    assert "README" in ids(ix) and "n" in ids(ix) and "a" not in ids(ix)
    assert "README.md" not in done.stdout.partition("excluded")[2]  # named: not said to be excluded
    assert index("--index", ix).exit_code == 0  # and it stays: it is a root of its own
    assert "README" in ids(ix) and "n" in ids(ix)


def test_boilerplate_is_passed_over_and_no_ignore_reads_it_remembered(talks):
    folder, ix = talks
    write(folder, "sub/.soundbiteignore", "other.md\n")
    first = index(folder, "--index", ix)
    assert "README" not in ids(ix) and "LICENSE" not in ids(ix) and "sub/other" not in ids(ix)
    assert ", 3 excluded (LICENSE.txt, README.md, sub/other.md); " in first.stdout

    everything = index("--index", ix, "--no-ignore")  # neither the built-in list nor ignore files
    assert {"README", "LICENSE", "sub/other"} <= set(ids(ix))
    assert "excluded" not in everything.stdout and stats(ix)["ignore_files"] is False
    assert index("--index", ix).exit_code == 0  # remembered: a plain run does not take them out again
    assert {"README", "LICENSE", "sub/other"} <= set(ids(ix))
    assert "off (--no-ignore)" in CliRunner().invoke(app, ["stats", "--index", str(ix)]).stdout

    back = index("--index", ix, "--ignore")
    assert "README" not in ids(ix) and "sub/other" not in ids(ix)
    assert " 3 removed (3 now excluded), " in back.stdout

    # --no-ignore leaves --exclude alone (as ripgrep's leaves -g); and an --exclude negation beats the list.
    assert index("--index", ix, "--no-ignore", "--exclude", "*.txt").exit_code == 0
    assert "LICENSE" not in ids(ix) and "README" in ids(ix)
    assert index("--index", ix, "--ignore", "--forget-excludes", "--exclude", "!README.md").exit_code == 0
    assert "README" in ids(ix) and "LICENSE" not in ids(ix)


@pytest.mark.parametrize(
    ("name", "boilerplate"),
    [
        *[(n, True) for n in ("README.md", "readme", "README.zh-CN.md", "LICENSE", "LICENCE.txt", "LICENSE-MIT")],
        *[(n, True) for n in ("COPYING.LESSER", "CHANGELOG.md", "CONTRIBUTING.md", "CODE_OF_CONDUCT.md")],
        *[(n, True) for n in ("code-of-conduct.md", "SECURITY.md", "AUTHORS", "NOTICE.txt")],
        # Episodes of the Changelog podcast, a talk on security: transcripts whose names begin like boilerplate.
        *[(n, False) for n in ("changelog--friends-20.md", "changelog-news-2.md", "the-changelog-103.md")],
        *[(n, False) for n in ("security.srt", "license-to-kill.srt", "notice-board.vtt", "TEC", "authors-talk.md")],
    ],
)
def test_the_built_in_list_is_exact_names(name, boilerplate):
    assert ignore.is_boilerplate(name) is boilerplate


@pytest.mark.shared
def test_the_real_corpus_loses_only_its_readme_to_the_built_in_list():
    """The shared corpus's only boilerplate is Spacelog's format documentation; 16 Changelog episodes stay."""
    corpus = shared_path("corpus")
    found = sources.discover([str(corpus)])
    passed_over = sorted(item.shown for item in found.excluded)
    assert passed_over == ["speaker-lines/spacelog/_format-doc/README"]
    assert len([f for f in found.files if f.path.parent.name == "changelog"]) >= 16


def test_a_bad_pattern_is_one_line_and_status_2(talks, tmp_path):
    folder, ix = talks
    for pattern, reason in [
        ("notes\\", "--exclude 'notes\\': ends in a backslash that escapes nothing"),
        ("!", "--exclude '!': '!' alone negates nothing: write '!' before a pattern"),
        ("[z-a].srt", "--exclude '[z-a].srt': not a valid pattern (bad character range z-a)"),
        ("", "--exclude '': an empty pattern excludes nothing"),
        ("#x", "--exclude '#x': a pattern starting with # is a comment (\\# for a name)"),
    ]:
        done = run_soundbite("index", folder, "--index", ix, "--exclude", "*.md", "--exclude", pattern)
        assert (done.returncode, done.stdout, done.stderr) == (2, "", f"soundbite: error: {reason}\n")
    assert not ix.exists()  # refused before an index was made

    write(folder, "sub/.soundbiteignore", "*.md\n\n[z-a]\n")
    done = run_soundbite("index", folder, "--index", ix)
    bad = folder / "sub" / ".soundbiteignore"
    assert (done.returncode, done.stderr) == (2, f"soundbite: error: {bad}:3: '[z-a]': not a valid pattern "
                                              "(bad character range z-a)\n")  # fmt: skip
    bad.unlink()
    bad.symlink_to(tmp_path / "nowhere")
    done = run_soundbite("index", folder, "--index", ix)
    assert (done.returncode, done.stderr) == (
        2,
        f"soundbite: error: {bad}: cannot read it (No such file or directory)\n",
    )
    bad.unlink()
    os.mkfifo(bad)  # would wait for a writer forever if it were opened
    done = run_soundbite("index", folder, "--index", ix, timeout=60)
    assert (done.returncode, done.stderr) == (
        2,
        f"soundbite: error: {bad}: not a regular file, so not read as patterns\n",
    )


def wait_for(condition, what: str, timeout: float = 60.0):
    """Poll until `condition` holds; the timeout only ends a test that would hang."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


def test_watch_applies_the_patterns_and_follows_ignore_files(talks):
    folder, ix = talks
    write(folder, ".soundbiteignore", "*.tmp.srt\n")  # read above a folder a batch lists (sub/)
    stop, ready, reports, failed = threading.Event(), threading.Event(), [], []

    def watching():
        try:
            watch_module.watch(
                ix, [str(folder)], settle=0.1, on_batch=reports.append, stop=stop, on_ready=ready.set,
                exclude=["drafts/", "*.md"],
            )  # fmt: skip
        except BaseException as exc:  # surfaced below
            failed.append(exc)

    thread = threading.Thread(target=watching, daemon=True)
    thread.start()
    try:
        wait_for(lambda: ready.is_set() or failed, "the watch to be set up")
        assert ids(ix) == ["a", "b", "notes/n", "sub/c"]
        assert ", 7 excluded (LICENSE.txt, README.md, drafts/ and 4 more); " in _summary(reports[0])
        # Files arriving where the patterns say no are passed over: a later change shows they were seen.
        write(folder, "drafts/late.srt")
        write(folder, "sub/drafts/late.srt")  # `drafts/` is any folder of that name, as in a scan
        write(folder, "new.md")
        write(folder, "sub/x.tmp.srt")
        write(folder, "sub/new.srt")
        write(folder, "new.srt")
        wait_for(lambda: "new" in ids(ix), "a file the patterns let through")
        assert ids(ix) == ["a", "b", "new", "notes/n", "sub/c", "sub/new"]
        # An ignore file written while watching: its folder is looked at again with it.
        write(folder, "notes/.soundbiteignore", "n.srt\n")
        wait_for(lambda: "notes/n" not in ids(ix), "a file an ignore file excludes now")
        (folder / "notes" / ".soundbiteignore").unlink()
        wait_for(lambda: "notes/n" in ids(ix), "the file back once the ignore file is gone")
    finally:
        stop.set()
        thread.join(10)
    assert not failed and not thread.is_alive()
    assert stats(ix)["excludes"] == ["drafts/", "*.md"]  # remembered for a later `soundbite index`


def _summary(report) -> str:
    from indexer.cli.render.summaries import index_summary

    return index_summary(report, "ix")


def test_the_installed_watch_takes_exclude_and_remembers_it(talks):
    folder, ix = talks
    process = start_soundbite("index", "--watch", folder, "--index", ix, "--settle", "0.1", "--exclude", "notes/")
    try:
        line = ""
        while "watching for changes" not in line:  # said once the folders are watched
            line = process.stderr.readline()
            assert line, "the watcher ended before it was watching"
        write(folder, "notes/more.srt")
        write(folder, "more.srt")
        wait_for(lambda: "more" in ids(ix), "a file the pattern lets through")
        assert not [tid for tid in ids(ix) if tid.startswith("notes/")]
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=60)
    assert process.returncode == 0 and "Traceback" not in err
    assert ", 3 excluded (LICENSE.txt, README.md, notes/); " in out
    assert stats(ix)["excludes"] == ["notes/"]
