"""`soundbite index --watch`: a real watcher (watchfiles, inotify) on a temporary folder.

Most tests run the engine's watch loop in a thread with a short settle time
and wait, with a deadline, for what a search must then find; the Ctrl-C and
the `--rebuild` beside a running watcher go through the installed command.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest
from conftest import run_soundbite, start_soundbite

from indexer.engine.querying.search import search
from indexer.engine.storage import watch as watch_module
from indexer.engine.storage.writer import index_paths
from indexer.model import SearchOptions

SETTLE = 0.4


def srt(text: str, cues: int = 1) -> str:
    return "".join(f"{n}\n00:00:{n:02d},000 --> 00:00:{n:02d},900\n{text} {n}.\n\n" for n in range(1, cues + 1))


class Watcher:
    """The watch loop in a thread, its reports and lines collected."""

    def __init__(self, index: Path, folder: Path, settle: float = SETTLE):
        self.reports, self.lines = [], []
        self.stop = threading.Event()
        self.ready = threading.Event()
        self.error = None

        def run():
            try:
                watch_module.watch(
                    index,
                    [str(folder)],
                    settle=settle,
                    on_batch=self.reports.append,
                    on_line=self.lines.append,
                    stop=self.stop,
                    on_ready=self.ready.set,
                )
            except BaseException as exc:  # surfaced by the test
                self.error = exc

        self.thread = threading.Thread(target=run, daemon=True)

    def __enter__(self):
        self.thread.start()
        wait_for(lambda: self.ready.is_set() or self.error, "the watch to be set up")  # it says when
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join(10)
        assert not self.thread.is_alive()
        if self.error is not None and exc[0] is None:
            raise self.error

    @property
    def batches(self):
        return self.reports[1:]


def wait_for(condition, what: str, timeout: float = 120.0):
    """Poll until `condition` holds; the timeout only ends a test that would hang (a busy machine is slow)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def found(index: Path, query: str) -> list[str]:
    try:
        return sorted({h.transcript.id for h in search(index, query, SearchOptions(limit=0)).hits})
    except Exception:
        return []


@pytest.fixture
def place(tmp_path):
    folder = tmp_path / "incoming"
    folder.mkdir()
    (folder / "first.srt").write_text(srt("The harbour opened"), encoding="utf-8")
    return folder, tmp_path / "ix"


def test_add_change_rename_into_place_and_delete(place):
    folder, index = place
    with Watcher(index, folder) as watcher:
        assert found(index, "harbour") == ["first"]
        (folder / "second.srt").write_text(srt("A ferry arrived"), encoding="utf-8")
        wait_for(lambda: found(index, "ferry") == ["second"], "an added file")

        (folder / "second.srt").write_text(srt("A tugboat arrived"), encoding="utf-8")
        wait_for(lambda: found(index, "tugboat") == ["second"] and not found(index, "ferry"), "a changed file")

        partial = folder / "third.srt.part"  # a download: written under a name of its own, renamed when done
        partial.write_text(srt("The lighthouse keeper spoke", 3), encoding="utf-8")
        (folder / "second.srt").write_text(srt("A dredger arrived"), encoding="utf-8")  # after it, in order
        wait_for(lambda: found(index, "dredger") == ["second"], "the change made after the .part")
        assert found(index, "lighthouse") == []  # a .part is not a transcript
        partial.rename(folder / "third.srt")
        wait_for(lambda: found(index, "lighthouse") == ["third"], "a file renamed into place")

        (folder / "first.srt").unlink()
        wait_for(lambda: found(index, "harbour") == [], "a deleted file")
        assert watcher.lines == []
    lines = [(r.added, r.updated, r.removed) for r in watcher.batches]
    assert lines == [(1, 0, 0), (0, 1, 0), (0, 1, 0), (1, 0, 0), (0, 0, 1)]


def test_a_burst_of_200_files_is_one_batch(place):
    folder, index = place
    with Watcher(index, folder) as watcher:
        burst = folder.parent / "burst"
        burst.mkdir()
        for n in range(200):
            (burst / f"clip-{n:03d}.srt").write_text(srt(f"Burst item {n}"), encoding="utf-8")
        shutil.move(str(burst), folder / "burst")  # a folder of 200 files lands at once
        for n in range(200, 230):  # and files copied one by one, as a script would
            (folder / f"one-{n}.srt").write_text(srt(f"Single item {n}"), encoding="utf-8")
        wait_for(lambda: len(found(index, "item")) == 230, "230 files")
        (folder / "sentinel.srt").write_text(srt("The last word"), encoding="utf-8")  # any batch left comes first
        wait_for(lambda: found(index, "last") == ["sentinel"], "a file written after the burst")
    assert [(r.added, r.passages) for r in watcher.batches] == [(230, 230), (1, 1)]


def test_a_file_written_slowly_is_never_indexed_half(place):
    folder, index = place
    with Watcher(index, folder) as watcher:
        slow = folder / "slow.srt"
        with slow.open("w", encoding="utf-8") as out:
            for n in range(1, 16):  # 15 cues over 3 seconds: longer than the settle time, in short steps
                out.write(f"{n}\n00:00:{n:02d},000 --> 00:00:{n:02d},900\nSlow cue number {n}.\n\n")
                out.flush()
                time.sleep(0.2)
        wait_for(lambda: found(index, "slow"), "the slow file")
        (folder / "sentinel.srt").write_text(srt("The last word"), encoding="utf-8")  # any batch left comes first
        wait_for(lambda: found(index, "last") == ["sentinel"], "a file written after the slow one")
        text = " ".join(h.passage.text for h in search(index, "slow", SearchOptions(limit=0, sort="time")).hits)
    slow_batches = [r for r in watcher.batches if r.added or r.updated]
    assert [(r.added, r.updated) for r in slow_batches] == [(1, 0), (1, 0)]  # read once, whole; then the sentinel
    assert text.startswith("Slow cue number 1.") and text.endswith("Slow cue number 15.")


def test_a_deleted_and_recreated_folder(place):
    folder, index = place
    with Watcher(index, folder) as watcher:
        shutil.rmtree(folder)
        wait_for(lambda: any("is gone" in line for line in watcher.lines), "the folder gone")
        assert found(index, "harbour") == ["first"]  # an unmounted folder is not an instruction to forget
        folder.mkdir()
        (folder / "again.srt").write_text(srt("The harbour reopened"), encoding="utf-8")
        wait_for(lambda: found(index, "reopened") == ["again"], "a file in the re-created folder")
        wait_for(lambda: found(index, "harbour") == ["again"], "the old file forgotten once the folder is back")
        (folder / "later.srt").write_text(srt("Later news"), encoding="utf-8")
        wait_for(lambda: found(index, "later") == ["later"], "the re-created folder watched")
    assert watcher.lines[0] == f"{folder} is gone: its transcripts stay indexed; watching for it to come back"
    assert f"{folder} is back" in watcher.lines


def test_a_folder_moved_away_and_another_put_in_its_place(place):
    folder, index = place
    with Watcher(index, folder):
        folder.rename(folder.parent / "archived")
        replacement = folder.parent / "fresh"
        replacement.mkdir()
        (replacement / "new.srt").write_text(srt("The fresh folder"), encoding="utf-8")
        replacement.rename(folder)
        wait_for(lambda: found(index, "fresh") == ["new"] and found(index, "harbour") == [], "the new folder")


def test_editors_temporary_files_and_sidecars(place):
    folder, index = place
    with Watcher(index, folder) as watcher:
        for name in (".first.srt.swp", "first.srt~", "4913", ".#first.srt"):
            (folder / name).write_text("x", encoding="utf-8")
        for name in (".first.srt.swp", "first.srt~", "4913", ".#first.srt"):
            (folder / name).unlink()
        (folder / "first.json").write_text(json.dumps({"date": "2024-03-01"}), encoding="utf-8")
        wait_for(
            lambda: [h.transcript.meta.date for h in search(index, "harbour").hits] == ["2024-03-01"],
            "a sidecar followed by its transcript",
        )
        assert watcher.lines == []
    assert all(r.skipped == [] for r in watcher.reports)


def test_a_file_given_by_name_is_watched_alone(place):
    folder, index = place
    named = folder / "first.srt"
    with Watcher(index, named) as watcher:
        named.write_text(srt("The harbour closed"), encoding="utf-8")
        wait_for(lambda: found(index, "closed") == ["first"], "the named file changed")
        (folder / "beside.srt").write_text(srt("Not watched"), encoding="utf-8")
        named.write_text(srt("The harbour opened again"), encoding="utf-8")  # after it, in order
        wait_for(lambda: found(index, "again") == ["first"], "the named file changed after the one beside it")
        assert found(index, "watched") == []
    assert [(r.added, r.updated) for r in watcher.batches] == [(0, 1), (0, 1)]


def test_a_full_disk_is_one_line_and_the_changes_are_tried_again(place, monkeypatch):
    folder, index = place
    monkeypatch.setattr(watch_module, "RETRY_SECONDS", 0.3)
    real = watch_module.index_paths
    failures = []

    def fills_up(*args, **kwargs):
        if kwargs.get("changed") and not failures:
            failures.append(1)
            raise OSError(errno.ENOSPC, "No space left on device", str(index))
        return real(*args, **kwargs)

    monkeypatch.setattr(watch_module, "index_paths", fills_up)
    with Watcher(index, folder) as watcher:
        (folder / "storm.srt").write_text(srt("A storm warning"), encoding="utf-8")
        wait_for(lambda: found(index, "storm") == ["storm"], "the retried batch")
    assert watcher.lines == [f"could not index 1 changed paths ({index}: No space left on device): again in 0.3 s"]
    assert found(index, "harbour") == ["first"]


def test_a_busy_index_is_waited_out(place, monkeypatch):
    from indexer.engine.storage import store

    folder, index = place
    monkeypatch.setattr(watch_module, "RETRY_SECONDS", 0.3)
    monkeypatch.setenv("SOUNDBITE_LOCK_WAIT", "0.2")
    with Watcher(index, folder) as watcher:
        with store.run_lock(index, 0):  # another run holds the index
            (folder / "queued.srt").write_text(srt("A queued report"), encoding="utf-8")
            wait_for(lambda: watcher.lines, "the busy line")
            assert found(index, "queued") == []
        wait_for(lambda: found(index, "queued") == ["queued"], "the batch once the index is free")
    assert "could not index 1 changed paths (" in watcher.lines[0]


def run_watcher(folder: Path, index: Path, *extra: str) -> subprocess.Popen:
    return start_soundbite("index", "--watch", folder, "--index", index, "--settle", SETTLE, *extra)


def wait_until_watching(process: subprocess.Popen) -> list[str]:
    """The watcher's stderr up to the line that says it is watching (said only once it is true)."""
    lines = []
    while not lines or "watching for changes" not in lines[-1]:
        line = process.stderr.readline()
        if not line:
            raise AssertionError(f"the watcher ended before it was watching: {''.join(lines)!r}")
        lines.append(line)
    return lines


def test_ctrl_c_ends_the_watch_with_a_summary_and_status_0(place):
    folder, index = place
    process = run_watcher(folder, index)
    said = []
    try:
        said = wait_until_watching(process)
        (folder / "news.srt").write_text(srt("Evening news"), encoding="utf-8")
        wait_for(lambda: found(index, "evening"), "the new file")
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=120)
    err = "".join(said) + err
    assert process.returncode == 0
    assert out.startswith("Indexed 1 transcript: 1 added")
    lines = err.splitlines()
    assert lines[0] == f"soundbite: watching for changes (settle {SETTLE:g} s); Ctrl-C to stop"
    assert lines[1].startswith("soundbite: +1 ~0 -0 transcripts, 1 passage, ")
    assert lines[-1].startswith("soundbite: watched for ") and "1 batch, +2 ~0 -0 transcripts" in lines[-1]
    assert "Traceback" not in err


def test_sigterm_ends_the_watch_as_ctrl_c_does(place):
    folder, index = place
    process = run_watcher(folder, index)
    try:
        wait_until_watching(process)
    finally:
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=120)
    assert process.returncode == 0
    assert err.splitlines()[-1].startswith("soundbite: watched for ") and "Traceback" not in err


def test_quiet_says_nothing_but_problems(place):
    folder, index = place
    process = run_watcher(folder, index, "--quiet")
    try:
        # Nothing says when it watches: a file written at once is found all the same (by the look the
        # watch takes once it is set up, if not by the watch itself).
        wait_for(lambda: found(index, "harbour"), "the first run")
        (folder / "news.srt").write_text(srt("Evening news"), encoding="utf-8")
        wait_for(lambda: found(index, "evening"), "the new file")
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=120)
    assert (process.returncode, out, err) == (0, "", "")


def test_a_rebuild_beside_a_running_watcher(place):
    folder, index = place
    process = run_watcher(folder, index)
    try:
        wait_for(lambda: found(index, "harbour"), "the first run")
        for n in range(20):
            (folder / f"before-{n}.srt").write_text(srt(f"Before rebuild {n}"), encoding="utf-8")
        rebuild = run_soundbite("index", "--rebuild", "--index", index, "-q")
        assert rebuild.returncode == 0, rebuild.stderr
        (folder / "after.srt").write_text(srt("After the swap"), encoding="utf-8")
        wait_for(lambda: found(index, "swap") == ["after"], "a file indexed into the rebuilt index")
        wait_for(lambda: len(found(index, "rebuild")) == 20, "every file once")
    finally:
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=120)
    assert process.returncode == 0 and "Traceback" not in err
    assert index_paths(index, None).added == 0  # nothing was missed


def test_watch_and_rebuild_together_is_a_mistake(place):
    folder, index = place
    done = run_soundbite("index", "--watch", "--rebuild", folder, "--index", index)
    assert (done.returncode, done.stderr) == (2, "soundbite: error: --watch and --rebuild: rebuild first, then watch\n")


def test_pending_paths_wait_for_quiet_and_a_trickle_cannot_hold_them_forever():
    pending = watch_module.Pending()
    pending.add("/a", 0.0)
    pending.add("/b", 1.0)
    assert pending.ready(2.5, settle=2.0) == []  # /b changed 1.5 s ago
    assert pending.ready(3.0, settle=2.0) == ["/a", "/b"]
    trickle = watch_module.Pending()
    trickle.add("/old", 0.0)
    for second in range(1, 40):
        trickle.add("/busy", float(second))
        ready = trickle.ready(float(second), settle=2.0)
        if ready:
            break
    assert (ready, second) == (["/old"], 30)


def test_only_paths_that_can_matter_wake_a_batch(tmp_path):
    root = str(tmp_path)
    index = tmp_path / "index"
    keep = [f"{root}/a.srt", f"{root}/a.json", f"{root}/TEC", f"{root}/sub/b.vtt", f"{root}/sub"]
    drop = [f"{root}/.a.srt.swp", f"{root}/a.srt~", f"{root}/a.srt.part", f"{root}/.git/x", f"{index}/current"]
    assert [p for p in keep + drop if watch_module.wanted_path(p, [root], index)] == keep
    assert not watch_module.wanted_path("/elsewhere/a.srt", [root], index)
    assert os.path.isdir(root)


def test_a_file_name_that_is_not_utf8_is_indexed_by_a_scan(place):
    folder, index = place
    with Watcher(index, folder) as watcher:
        with open(os.path.join(os.fsencode(folder), b"caf\xe9.srt"), "w", encoding="utf-8") as named:
            named.write(srt("The cafe reopened"))
        wait_for(lambda: found(index, "cafe") == ["caf\\xe9"], "a file whose name is not UTF-8")
        assert watcher.error is None and watcher.thread.is_alive()
