"""Keeping an index current: incremental runs, rebuilds, locks, crashes, bad files, stats."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import FIXTURES, SEED, start_soundbite
from typer.testing import CliRunner

from indexer.cli.app import app
from indexer.engine.querying.search import search
from indexer.engine.storage import store, writer
from indexer.engine.storage.writer import index_paths
from indexer.errors import IndexBusy
from indexer.settings import Settings
from indexer.transcripts import sources

NEWS = FIXTURES / "newsvideo"


def soundbite(*args, env=None, **kwargs):
    return start_soundbite(*args, env=env, **kwargs)


@pytest.fixture
def folder(tmp_path):
    folder = tmp_path / "transcripts"
    folder.mkdir()
    shutil.copy(SEED, folder / "helsinki.txt")
    shutil.copy(NEWS / "world-bank-debt-forum.txt", folder / "debt.txt")
    shutil.copy(NEWS / "harbour-storm-no-soundbites.txt", folder / "storm.txt")
    return folder


def counts(report):
    return (report.added, report.updated, report.removed, report.unchanged, len(report.skipped))


def test_add_change_delete_and_no_op(tmp_path, folder):
    ix = tmp_path / "ix"
    first = index_paths(ix, [str(folder)])
    assert counts(first) == (3, 0, 0, 0, 0)
    assert first.transcripts == 3

    again = index_paths(ix, [str(folder)])
    assert counts(again) == (0, 0, 0, 3, 0)
    assert again.passages == 0

    # Touched but identical: hashed, not parsed. Changed: replaced. Deleted: removed. New: added.
    os.utime(folder / "storm.txt", ns=(time.time_ns(), time.time_ns() + 10**9))
    (folder / "debt.txt").write_text("0:30\nA short lead about tariffs.\nNarration about tariffs.\n")
    (folder / "helsinki.txt").unlink()
    shutil.copy(NEWS / "hollande-comeback-cp1252.txt", folder / "hollande.txt")
    changed = index_paths(ix, [str(folder)])
    assert counts(changed) == (1, 1, 1, 1, 0)
    assert changed.transcripts == 3
    assert search(ix, "KGB").total == 0
    assert search(ix, "cheque").total == 0
    assert search(ix, "tariffs").total == 2
    assert search(ix, "Hollande").total > 0
    assert counts(index_paths(ix, [str(folder)])) == (0, 0, 0, 3, 0)


def test_no_op_run_writes_nothing(tmp_path, folder):
    ix = tmp_path / "ix"
    index_paths(ix, [str(folder)])
    generation = store.current_generation(ix)
    before = {f.name: f.stat().st_mtime_ns for f in generation.iterdir()}
    index_paths(ix, [str(folder)])
    assert {f.name: f.stat().st_mtime_ns for f in generation.iterdir()} == before


def test_without_paths_the_remembered_folders_are_rescanned(tmp_path, folder):
    ix = tmp_path / "ix"
    index_paths(ix, [str(folder)])
    shutil.copy(NEWS / "lagos-fuel-queues-crlf-bom.txt", folder / "lagos.txt")
    report = index_paths(ix)
    assert counts(report) == (1, 0, 0, 3, 0)
    assert store.read_manifest(ix).roots == [str(folder.resolve())]
    with pytest.raises(Exception, match="nothing to index"):
        index_paths(tmp_path / "empty-index")


def test_rebuild_swaps_atomically_while_searches_run(tmp_path, folder, monkeypatch):
    ix = tmp_path / "ix"
    index_paths(ix, [str(folder)])
    old_generation = store.current_generation(ix)
    (folder / "storm.txt").write_text("0:20\nA lead about a volcano.\nMore about the volcano.\n")

    real_load = sources.load_all
    started = threading.Event()

    def slow_load(*args, **kwargs):
        started.set()
        time.sleep(0.3)
        return real_load(*args, **kwargs)

    monkeypatch.setattr(sources, "load_all", slow_load)
    rebuild = threading.Thread(target=index_paths, args=(ix,), kwargs={"rebuild": True})
    rebuild.start()
    started.wait(5)
    seen = []
    while rebuild.is_alive():
        seen.append((search(ix, "KGB").total, search(ix, "volcano").total))
        time.sleep(0.05)
    rebuild.join()
    # Each search sees one whole index: the old one during the rebuild, the new
    # one once swapped in (the thread may still be finishing), never a mixture.
    assert seen and seen[0] == (1, 0)
    assert set(seen) <= {(1, 0), (1, 2)}
    assert seen == sorted(seen)  # and never the old one again after the new
    assert (search(ix, "KGB").total, search(ix, "volcano").total) == (1, 2)
    assert store.current_generation(ix) != old_generation
    assert old_generation.exists()  # kept for searches that opened it; dropped at the next swap


def test_failed_rebuild_leaves_the_old_index(tmp_path, folder, monkeypatch):
    ix = tmp_path / "ix"
    index_paths(ix, [str(folder)])
    generation = store.current_generation(ix)

    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    # (A reader's failure is the file's problem, a note; writing the index is the run's.)
    monkeypatch.setattr("indexer.engine.adapter.bulk.SegmentBuilder.add", broken)
    with pytest.raises(RuntimeError):
        index_paths(ix, rebuild=True)
    assert store.current_generation(ix) == generation
    assert [p.name for p in ix.glob("gen-*")] == [generation.name]
    assert search(ix, "KGB").total == 1


def test_second_writer_waits_then_gives_up_with_exit_2(tmp_path, folder):
    ix = tmp_path / "ix"
    index_paths(ix, [str(folder)])
    with store.run_lock(ix, 0):
        busy = soundbite("index", folder, "--index", ix, env={"SOUNDBITE_LOCK_WAIT": "0.5"})
        out, err = busy.communicate(timeout=30)
        assert search(ix, "KGB").total == 1  # searches work while the lock is held
    assert busy.returncode == 2
    assert err.splitlines() == [
        f"soundbite: waiting for another soundbite run to finish with {ix}",
        f"soundbite: error: the index at {ix} is being updated by another soundbite run; "
        "try again when it has finished",
    ]
    assert "Traceback" not in err and out == ""


def test_second_writer_runs_once_the_first_is_done(tmp_path, folder):
    ix = tmp_path / "ix"
    index_paths(ix, [str(folder)])
    held, release = threading.Event(), threading.Event()
    holder = threading.Thread(target=_hold, args=(ix, held, release))
    holder.start()
    assert held.wait(30)
    waiting = soundbite("index", folder, "--index", ix)
    # Synchronised on what the run says, not on time: release the lock once it waits for it.
    first = waiting.stderr.readline()
    release.set()
    out, rest = waiting.communicate(timeout=60)
    holder.join()
    assert waiting.returncode == 0, rest
    assert first == f"soundbite: waiting for another soundbite run to finish with {ix}\n"
    assert re.fullmatch(
        r"Indexed 3 transcripts: 0 added, 0 updated, 0 removed, 3 unchanged, 0 skipped; "
        r"0 passages written in \d+\.\d\d s \(\S+\)\n",
        out,
    ), out


@pytest.mark.parametrize("delay", [0.25, 0.4, 0.55, 0.7, 0.85])
def test_ctrl_c_at_a_terminal_while_workers_start_is_one_line_and_leaves_no_process(tmp_path, folder, delay):
    # A Ctrl-C at a terminal signals the whole process group. A spawned worker in that group,
    # interrupted while it was still importing, printed its traceback; workers have sessions of
    # their own now, and end when the command does.
    ix = tmp_path / "ix"
    big = tmp_path / "big"
    big.mkdir()
    _many_transcripts(big, 200)
    run = soundbite("index", big, "--index", ix, start_new_session=True)  # its own group, as a shell's job
    time.sleep(delay)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(run.pid, signal.SIGINT)
    _out, err = run.communicate(timeout=60)
    assert run.returncode in (0, 130), err
    assert "Traceback" not in err
    if run.returncode == 130:
        assert err.strip().endswith("soundbite: interrupted: nothing was changed")
    deadline = time.time() + 10
    while (_group_alive(run.pid) or _workers_of(ix)) and time.time() < deadline:
        time.sleep(0.05)
    assert not _group_alive(run.pid), "a process of the run's group outlived it"
    assert not _workers_of(ix), "a worker outlived the run"


def _workers_of(ix: Path) -> list[int]:
    """The index workers writing into `ix` (their settings, in hex on their command line, name it)."""
    mark = str(ix).encode().hex().encode()
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                if mark in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
    return found


def _group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True


def _hold(ix, held: threading.Event, release: threading.Event):
    with store.run_lock(ix, 0):
        held.set()
        release.wait(60)


def _many_transcripts(folder: Path, count: int) -> None:
    text = SEED.read_text()
    for i in range(count):
        (folder / f"report-{i:04d}.txt").write_text(text.replace("KGB", f"KGB{i}"))


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGKILL, -signal.SIGKILL), (signal.SIGINT, 130)])
def test_killed_run_leaves_the_last_commit_and_the_next_run_completes(tmp_path, folder, sig, code):
    ix = tmp_path / "ix"
    index_paths(ix, [str(folder)])
    big = tmp_path / "big"
    big.mkdir()
    _many_transcripts(big, 400)
    run = soundbite("index", big, "--index", ix)
    deadline = time.time() + 20
    # Interrupted once it is writing: the new segment's first files are on disk (the index's own
    # .seg is there from the start), whatever the machine's speed.
    while not list(ix.glob("gen-*/*.tmp")) and not list(ix.glob("gen-*/*.pst")) and time.time() < deadline:
        time.sleep(0.05)
    assert run.poll() is None, "the run finished before it could be interrupted"
    run.send_signal(sig)
    _out, err = run.communicate(timeout=30)
    assert run.returncode == code
    if sig == signal.SIGINT:
        assert err.strip().endswith("soundbite: interrupted: nothing was changed")
        assert "Traceback" not in err
    # The last commit is intact and searchable; nothing of the interrupted run is visible.
    assert search(ix, "KGB").total == 1
    assert search(ix, "KGB17").total == 0
    assert store.read_manifest(ix).roots == [str(folder.resolve())]
    # The next run completes normally: no stale lock.
    done = index_paths(ix, [str(big)])
    assert done.added == 400
    assert search(ix, "KGB17").total == 1


def _children_of(pid: int) -> list[int]:
    children = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    children.append(int(entry.name))
    return children


@pytest.mark.skipif(not Path("/proc/self/fd").exists(), reason="reads /proc")
def test_a_worker_holds_no_descriptor_of_the_run_lock(tmp_path, folder, monkeypatch):
    # bench/stress.py found a forked writer worker alive 30 minutes after its parent was killed,
    # holding the run lock (an flock travels with the descriptor into a forked child): every later
    # run waited for it. Workers are spawned now: they hold no descriptor of the lock file at all.
    monkeypatch.setattr(writer, "PARALLEL_FROM_FILES", 1)
    ix = tmp_path / "ix"
    seen: dict[int, list[str]] = {}  # each child process seen: the lock files it holds

    def look(progress) -> None:  # (at every progress report: a busy machine starts workers late)
        for child in _children_of(os.getpid()):
            if child not in seen:
                with contextlib.suppress(OSError):
                    fds = [os.readlink(fd) for fd in Path(f"/proc/{child}/fd").iterdir()]
                    seen[child] = [fd for fd in fds if fd.endswith(store.LOCK_FILE)]

    index_paths(ix, [str(folder)], on_progress=look)
    assert len(seen) >= 2 and all(locks == [] for locks in seen.values())  # the workers (and any helper): no lock


def test_a_worker_whose_parent_died_before_it_started_ends_at_once():
    from indexer.engine.storage.segments import die_with_parent

    orphan = os.fork()
    if orphan == 0:
        try:
            die_with_parent(parent=os.getppid() + 10**6)  # not its parent: as if it had died
        finally:
            os._exit(0)
    _, status = os.waitpid(orphan, 0)
    assert os.waitstatus_to_exitcode(status) == 1


INTERRUPTED_WHILE_DISPATCHING = """
import multiprocessing.connection, sys
from indexer.engine.storage import segments
send = multiprocessing.connection.Connection.send
count = [0]
def interrupting_send(self, item):
    count[0] += 1
    if count[0] == 3:  # the workers are started, and their first batches on the way
        raise KeyboardInterrupt
    return send(self, item)
multiprocessing.connection.Connection.send = interrupting_send
jobs = [segments.Job("x" * 4000, None, None)] * 8 * 1000
try:
    list(segments.read_in_workers(sys.argv[1], jobs, None, 1000, 2))
except KeyboardInterrupt:
    print("interrupted")
"""


def test_a_ctrl_c_while_jobs_go_to_the_workers_ends_at_once_and_quietly(tmp_path):
    # bench/stress.py: a rebuild interrupted with SIGINT hung for its 180 s timeout while jobs were
    # queued for the workers (a queue's feeder thread, which Python waits for at exit). Jobs go
    # through pipes now; an interruption while they are sent ends the workers and nothing waits.
    done = subprocess.run(
        [sys.executable, "-c", INTERRUPTED_WHILE_DISPATCHING, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "interrupted\n", "")


def test_a_failure_or_a_ctrl_c_after_the_commit_never_deletes_what_it_committed(tmp_path, folder, monkeypatch):
    # bench/stress.py: a SIGINT landing after the table of contents was written made the cleanup
    # delete the new segments it listed: every later search and run failed on a missing .seg file.
    from whoosh.writing import SegmentWriter

    ix = tmp_path / "ix"
    index_paths(ix, [str(folder)])
    real_commit_toc = SegmentWriter._commit_toc
    (folder / "late.txt").write_text("Ann Lee: the volcano is quiet.\n\nBo Chen: for now.\n")

    def commit_then_interrupt(self, segments):
        real_commit_toc(self, segments)
        os.kill(os.getpid(), signal.SIGINT)  # held until the run has finished, then taken off

    monkeypatch.setattr(SegmentWriter, "_commit_toc", commit_then_interrupt)
    report = index_paths(ix, [str(folder)])
    assert report.added == 1 and report.interrupted  # finished, and says it was asked to stop
    monkeypatch.setattr(SegmentWriter, "_commit_toc", real_commit_toc)
    assert search(ix, "volcano").total == 1

    (folder / "later.txt").write_text("Ann Lee: the glacier is loud.\n\nBo Chen: very.\n")

    def commit_then_fail(self, segments):
        real_commit_toc(self, segments)
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(SegmentWriter, "_commit_toc", commit_then_fail)
    with pytest.raises(OSError):
        index_paths(ix, [str(folder)])
    monkeypatch.undo()
    assert (search(ix, "glacier").total, search(ix, "volcano").total) == (1, 1)  # committed, and whole
    assert index_paths(ix, [str(folder)]).updated == 0


def test_a_ctrl_c_taken_by_another_thread_after_the_commit_is_taken_off_too(tmp_path, folder, monkeypatch):
    # A process-directed SIGINT goes to any thread that does not block it (rich's refresh thread, a
    # library's pool: DuckDB's, in this suite), and Python raises it in the main thread all the same.
    import threading

    from whoosh.writing import SegmentWriter

    ix = tmp_path / "ix"
    index_paths(ix, [str(folder)])
    # Python's own handler, as an interactive start has it (a test run in the background has SIGINT ignored).
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)  # started before the run: SIGINT is not blocked in it
    other.start()
    real_commit_toc = SegmentWriter._commit_toc

    def commit_then_interrupt(self, segments):
        real_commit_toc(self, segments)
        signal.pthread_kill(other.ident, signal.SIGINT)

    (folder / "late.txt").write_text("Ann Lee: the volcano is quiet.\n\nBo Chen: for now.\n")
    monkeypatch.setattr(SegmentWriter, "_commit_toc", commit_then_interrupt)
    try:
        report = index_paths(ix, [str(folder)])
    finally:
        stop.set()
        other.join()
        restored = signal.getsignal(signal.SIGINT)
        signal.signal(signal.SIGINT, previous)
    assert report.added == 1 and report.interrupted
    assert restored is signal.default_int_handler


def test_read_only_or_full_disk_is_one_line_and_the_index_survives(tmp_path, folder, monkeypatch):
    ix = tmp_path / "ix"
    index_paths(ix, [str(folder)])
    (folder / "storm.txt").write_text("0:20\nA lead about a volcano.\nMore about the volcano.\n")
    runner = CliRunner()

    real_open = os.open

    def read_only(path, *args, **kwargs):
        if str(path).endswith(store.LOCK_FILE):
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(store.os, "open", read_only)
    result = runner.invoke(app, ["index", str(folder), "--index", str(ix)])
    assert result.exit_code == 2
    assert result.stderr == f"soundbite: error: cannot write to the index folder {ix}: read-only file system\n"
    monkeypatch.setattr(store.os, "open", real_open)

    from whoosh.writing import SegmentWriter

    from indexer.engine.adapter.bulk import SegmentBuilder

    def disk_full(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(ix))

    # The disk fills while a segment is written, or while the table of contents that lists it is.
    for cls, method in ((SegmentBuilder, "finish"), (SegmentWriter, "_commit_toc")):
        files_before = sorted(p.name for p in (ix / "current").iterdir())
        monkeypatch.setattr(cls, method, disk_full)
        result = runner.invoke(app, ["index", str(folder), "--index", str(ix)])
        assert result.exit_code == 2
        assert result.stderr == f"soundbite: error: {ix}: No space left on device\n"
        monkeypatch.undo()
        assert sorted(p.name for p in (ix / "current").iterdir()) == files_before  # nothing left behind
    assert (search(ix, "KGB").total, search(ix, "volcano").total) == (1, 0)
    assert index_paths(ix, [str(folder)]).updated == 1


def test_each_kind_of_bad_file_is_skipped_with_its_reason(tmp_path, folder, monkeypatch):
    ix = tmp_path / "ix"
    index_paths(ix, [str(folder)])
    bad = tmp_path / "bad"
    bad.mkdir()
    shutil.copy(NEWS / "hollande-comeback-cp1252.txt", bad / "good.txt")
    (bad / "empty.srt").write_bytes(b"")
    (bad / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (bad / "huge.txt").write_bytes(b"x" * 5000)
    (bad / "secret.txt").write_text("Ann Lee: private.\n")
    (bad / "missing.vtt").symlink_to(bad / "nowhere.vtt")
    (bad / "sub").mkdir()
    (bad / "sub" / "loop").symlink_to(bad)
    monkeypatch.setattr(sources, "MAX_BYTES", 4096)
    real_open = os.open

    def denied(path, *args, **kwargs):  # (root reads a file of mode 000: refuse it as a user would be)
        if Path(path).name == "secret.txt":
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", denied)
    result = CliRunner().invoke(app, ["index", str(bad), "--index", str(ix)])
    assert result.exit_code == 0
    reasons = {Path(line.split(": ")[1]).name: line.split(": ", 2)[2] for line in result.stderr.splitlines()}
    assert reasons == {
        "loop": "symbolic link loop: not followed",
        "missing.vtt": "broken symbolic link",
        "binary.txt": "binary file (contains NUL bytes and no UTF-16/32 BOM)",
        "empty.srt": "empty file",
        "huge.txt": "too large to be a transcript (0 MiB)",
        "secret.txt": "permission denied",
    }
    # 4 transcripts: the folder's 3, untouched, and the one good file of `bad`.
    summary = r"Indexed 4 transcripts: {}, 6 skipped; {} passages written in \d+\.\d\d s \(\S+\)\n"
    counts = "1 added, 0 updated, 0 removed, 0 unchanged, 3 in folders not scanned this time"
    assert re.fullmatch(summary.format(counts, 6), result.stdout), result.stdout
    assert (search(ix, "Hollande").total, search(ix, "KGB").total) == (2, 1)

    # Skipped again, unchanged: remembered, not reported again, and no alert from cron.
    strict = CliRunner().invoke(app, ["index", str(bad), "--index", str(ix), "--strict"])
    assert (strict.exit_code, strict.stderr) == (0, "")
    counts = "0 added, 0 updated, 0 removed, 1 unchanged, 3 in folders not scanned this time"
    known = summary.replace("6 skipped", r"6 skipped \(6 as before: soundbite stats --skipped\)")
    assert re.fullmatch(known.format(counts, 0), strict.stdout), strict.stdout
    listed = CliRunner().invoke(app, ["stats", "--skipped", "--json", "--index", str(ix)])
    assert {Path(json.loads(line)["path"]).name: json.loads(line)["reason"] for line in listed.stdout.splitlines()} == (
        reasons
    )
    # A skipped file that changes is reported again, and --strict fails on it alone.
    (bad / "binary.txt").write_bytes(bytes(range(256)) * 3)
    strict = CliRunner().invoke(app, ["index", str(bad), "--index", str(ix), "--strict"])
    assert strict.exit_code == 1
    assert (
        strict.stderr
        == f"soundbite: skipped {bad / 'binary.txt'}: binary file (contains NUL bytes and no UTF-16/32 BOM)\n"
    )
    assert "6 skipped (5 as before: soundbite stats --skipped)" in strict.stdout


def test_stats(tmp_path, folder):
    ix = tmp_path / "ix"
    index_paths(ix, [str(folder)])
    runner = CliRunner()
    result = runner.invoke(app, ["stats", "--index", str(ix), "--json"])
    assert result.exit_code == 0
    stats = json.loads(result.stdout)
    assert stats["transcripts"] == 3
    assert stats["passages"] == 11 + 8 + 3
    # Nathan King, Donald Trump, Sarah Ahmed and the three speakers of the debt forum.
    assert stats["speakers"] == 6
    assert stats["formats"] == {"newsvideo": 3}
    assert stats["roots"] == [str(folder.resolve())]
    assert stats["size_bytes"] > 10_000
    assert stats["updated"]
    text = runner.invoke(app, ["stats", "--index", str(ix)])
    lines = dict(line.split(None, 1) for line in text.stdout.splitlines() if line.strip())
    assert (lines["transcripts"], lines["passages"], lines["formats"]) == ("3", "22", "newsvideo 3")
    missing = runner.invoke(app, ["stats", "--index", str(tmp_path / "none")])
    assert (missing.exit_code, missing.stderr) == (
        2,
        f"soundbite: error: no index at {tmp_path / 'none'} (no such folder): build one with 'soundbite index PATH', "
        "or give the index's folder with --index DIR or SOUNDBITE_INDEX\n",
    )


def test_busy_error_from_the_library(tmp_path, folder, monkeypatch):
    ix = tmp_path / "ix"
    index_paths(ix, [str(folder)])
    monkeypatch.setenv("SOUNDBITE_LOCK_WAIT", "0")
    with store.run_lock(ix, 0), pytest.raises(IndexBusy):
        index_paths(ix)
    assert Settings().lock_wait == 10.0  # the environment's value was used for that run only


def test_progress_bar_on_a_terminal_only_and_quiet_prints_nothing(tmp_path, folder):
    import io

    from indexer.cli.environment import Environment
    from indexer.cli.render.progress import progress_bar
    from indexer.model import Progress

    terminal = io.StringIO()
    env = Environment(io.StringIO(), terminal, stdout_isatty=True, stderr_isatty=True)
    with progress_bar(env, enabled=True) as update:
        for done in range(1, 4):
            update(Progress(done, 3, done * 10))
    assert "indexing" in terminal.getvalue() and "3/3" in terminal.getvalue()
    piped = Environment(io.StringIO(), io.StringIO(), stdout_isatty=False, stderr_isatty=False)
    with progress_bar(piped, enabled=True) as update:
        assert update is None
    with progress_bar(env, enabled=False) as update:
        assert update is None
    quiet = CliRunner().invoke(app, ["index", str(folder), "--index", str(tmp_path / "ix"), "--quiet"])
    assert (quiet.exit_code, quiet.stdout, quiet.stderr) == (0, "", "")


def test_a_vanished_root_is_an_error_not_a_reason_to_forget_it(tmp_path, folder):
    ix = tmp_path / "ix"
    index_paths(ix, [str(folder)])
    folder.rename(tmp_path / "unmounted")
    report = index_paths(ix)
    assert report.missing == [f"{folder.resolve()}: no such file or directory"]
    assert (report.removed, report.transcripts) == (0, 3)
    assert search(ix, "KGB").total == 1
    result = CliRunner().invoke(app, ["index", "--index", str(ix)])
    assert (result.exit_code, result.stderr) == (
        2,
        f"soundbite: error: {folder.resolve()}: no such file or directory\n",
    )


def test_a_worker_is_sent_nothing_after_it_was_told_to_stop(tmp_path, folder, monkeypatch):
    # bench/stress.py: a worker that had read its None and exited made the parent's next send fail
    # with a broken pipe, which the command line took for its reader going away: the rebuild ended
    # with status 0 and was never published. Each worker gets one None, and nothing after it.
    from multiprocessing.connection import Connection

    from indexer.engine.storage import segments

    monkeypatch.setattr(writer, "PARALLEL_FROM_FILES", 1)
    monkeypatch.setattr(segments, "BATCH", 1)  # three files, three batches, two workers
    sent: dict[int, list] = {}
    real_send = Connection.send

    def recording_send(self, item):
        sent.setdefault(id(self), []).append(item)
        return real_send(self, item)

    monkeypatch.setattr(Connection, "send", recording_send)
    report = index_paths(tmp_path / "ix", [str(folder)])
    assert report.added == 3
    assert len(sent) == 2
    for items in sent.values():
        assert items.count(None) == 1 and items[-1] is None, items
    assert sum(len(items) - 1 for items in sent.values()) == 3  # every batch went to some worker once


def test_a_skipped_file_is_reported_once_until_it_changes_and_forgotten_when_fixed_or_gone(tmp_path):
    folder = tmp_path / "t"
    folder.mkdir()
    shutil.copy(SEED, folder / "report.txt")
    (folder / "memo.txt").write_bytes(b"\x00\x01 a memo soundbite can never read")
    (folder / "late.srt").write_bytes(b"")
    ix = tmp_path / "ix"

    def index(*args):
        return CliRunner().invoke(app, ["index", str(folder), "--index", str(ix), *args])

    first = index("-q")
    assert (first.exit_code, len(first.stderr.splitlines())) == (0, 2)
    stats = json.loads(CliRunner().invoke(app, ["stats", "--json", "--index", str(ix)]).stdout)
    assert stats["skipped"] == 2
    os.utime(folder / "memo.txt", ns=(1, 1))  # touched, the same content: still as before
    again = index("-q", "--strict")
    assert (again.exit_code, again.stderr) == (0, "")
    (folder / "late.srt").write_text("1\n00:00:01,000 --> 00:00:03,000\nThe caption arrived late.\n", "utf-8")
    (folder / "memo.txt").unlink()
    fixed = index()
    assert (fixed.exit_code, fixed.stderr) == (0, "")
    assert fixed.stdout.startswith("Indexed 2 transcripts: 1 added, 0 updated, 0 removed, 1 unchanged, 0 skipped;")
    listed = CliRunner().invoke(app, ["stats", "--skipped", "--index", str(ix)])
    assert (listed.exit_code, listed.stdout) == (1, "")
    assert search(ix, "caption arrived").total == 1
