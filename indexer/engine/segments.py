"""Reading changed files into new Whoosh segments, in this process or in worker processes.

Every file a run has to read is parsed, its passages analysed and written
into a segment by `bulk.SegmentBuilder`; what the run needs to know about each
file (skipped and why, unchanged after all, or its transcripts, passages and
speakers) comes back as a `FileOutcome`, in the order the files are done.
With many files, two worker processes (one a core) each read their share and
write their own segments, so parsing, analysis and writing all run on both
cores; the parent keeps the manifest, the deletions and the commit. The
workers are fresh interpreters (spawned): they need only the index's folder
and the jobs the queue brings them.

What comes back is a stream of messages: ("file", FileOutcome), ("rows",
path, rows, passages, notes) while a dataset is read, ("segment", segment)
when a segment is written, and ("writing", None) when a worker has read its
last file and is writing its segment.
"""

from __future__ import annotations

import contextlib
import ctypes
import itertools
import multiprocessing
import os
import queue
import signal
import sys
import threading
import traceback
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from indexer.engine import store
from indexer.engine.bulk import SegmentBuilder
from indexer.engine.schema import documents
from indexer.errors import UnreadableFile
from indexer.transcripts import sources

# A dataset reports its progress every this many rows.
PROGRESS_EVERY_ROWS = 500
# A worker writes a segment when it holds this many postings and starts another: it bounds the
# memory of the final sort, one field at a time (about 40 bytes a posting).
SEGMENT_POSTINGS = 16_000_000
# Files handed to a worker at a time: small enough that both stay busy to the end.
BATCH = 8


@dataclass
class FileOutcome:
    """What reading one file came to."""

    key: str  # its path as the manifest keys it
    source_id: str
    size: int = 0
    mtime_ns: int = 0
    digest: str = ""
    unchanged: bool = False  # touched, but the same content: not parsed
    not_transcript: bool = False  # an extensionless file that is not one: passed over in silence
    problem: UnreadableFile | None = None
    format: str = ""
    ids: list[str] = field(default_factory=list)
    passages: int = 0
    speakers: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def read_file(
    source: sources.SourceFile,
    stat: tuple[int, int] | None,
    known_digest: str | None,
    format_name: str | None,
    builder: SegmentBuilder,
) -> Iterator[tuple]:
    """Parse one file into `builder` unless its content is `known_digest`; returns what came of it.

    A generator: while a dataset is read, it yields ("rows", ...) messages.
    """
    outcome = FileOutcome(key=str(source.path), source_id=source.id)
    notes = outcome.notes
    try:
        if sources.is_dataset(source, format_name):
            data, digest = None, sources.file_hash(source.path)  # read row by row below
        else:
            data = sources.read_bytes(source.path)
            digest = sources.content_hash(data)
        outcome.digest = digest
        if known_digest == digest and stat is not None:
            outcome.unchanged = True
            outcome.size, outcome.mtime_ns = stat
            return outcome
        transcripts = sources.iter_transcripts(source, format_name, data, digest, notes)
        first = next(transcripts)
    except sources.NotATranscript:
        outcome.not_transcript = True
        return outcome
    except UnreadableFile as problem:
        outcome.problem = problem
        return outcome
    speakers: set[str] = set()
    for transcript in itertools.chain([first], transcripts):
        for doc in documents(transcript):
            builder.add(doc)
        outcome.ids.append(transcript.id)
        outcome.passages += len(transcript.passages)
        speakers.update(p.speaker for p in transcript.passages if p.speaker)
        if len(outcome.ids) % PROGRESS_EVERY_ROWS == 0:
            yield ("rows", outcome.key, len(outcome.ids), outcome.passages, list(notes))
            notes.clear()
    outcome.format = first.format
    outcome.speakers = sorted(speakers)
    if stat is None:
        found = source.path.stat()
        stat = (found.st_size, found.st_mtime_ns)
    outcome.size, outcome.mtime_ns = stat
    return outcome


Job = tuple[sources.SourceFile, tuple[int, int] | None, str | None]


def read_here(generation: Path, jobs: list[Job], format_name: str | None, held_postings: int) -> Iterator[tuple]:
    """The messages of reading `jobs` in this process."""
    reader = _SegmentReader(generation, format_name, held_postings)
    try:
        for job in jobs:
            yield from reader.read(job)
        yield ("writing", None)
        yield from reader.close()
    finally:
        reader.cancel()


def read_in_workers(
    generation: Path, jobs: list[Job], format_name: str | None, held_postings: int, workers: int
) -> Iterator[tuple]:
    """The messages of reading `jobs` in `workers` processes, as they come.

    Closing the iterator early (an error, Ctrl-C) ends the workers; the
    segments they had written belong to no table of contents, and the next
    commit deletes them.
    """
    # Spawned, not forked: a forked worker starts with every page of its parent (the list of files,
    # the manifest) and, as resident memory is counted, each worker counted them again.
    context = multiprocessing.get_context("spawn")
    todo = context.Queue()
    results = context.Queue()
    processes = []
    try:
        # Everything after the queues exist is inside the `try`: a Ctrl-C while jobs are still being
        # queued left the queue's feeder thread blocked on a full pipe that no worker would read,
        # and Python waits for that thread at exit (a hang bench/stress.py found).
        for at in range(0, len(jobs), BATCH):
            todo.put(jobs[at : at + BATCH])
        for _ in range(workers):
            todo.put(None)
        with _interrupts_ignored_by_children():
            for _ in range(workers):
                process = context.Process(
                    target=_work, args=(os.getpid(), generation, format_name, held_postings, todo, results), daemon=True
                )
                processes.append(process)
                process.start()
        running = workers
        while running:
            try:
                message = results.get(timeout=1)
            except queue.Empty:
                dead = [p for p in processes if p.exitcode not in (None, 0)]
                if dead:
                    raise RuntimeError(f"an index worker ended with exit code {dead[0].exitcode}") from None
                continue
            if message[0] == "error":
                raise RuntimeError(f"an index worker failed:\n{message[1]}")
            if message[0] == "done":
                running -= 1
                continue
            yield message
        for process in processes:
            process.join()
    finally:
        for process in processes:
            if process.is_alive():
                process.kill()
        for channel in (todo, results):
            channel.cancel_join_thread()
            channel.close()


@contextlib.contextmanager
def _interrupts_ignored_by_children():
    """Processes started meanwhile ignore SIGINT (a disposition kept across `exec`).

    A Ctrl-C reaches the whole process group: a spawned worker still importing
    would print a traceback. The parent has the Ctrl-C, and ends its workers.
    One that lands in the few milliseconds the workers take to start is lost.
    """
    if threading.current_thread() is not threading.main_thread():
        yield  # (only the main thread may set handlers; and only it gets Ctrl-C)
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


_PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int | None = None) -> None:
    """Ask the kernel to end this (worker) process when its parent dies.

    With `parent` (the pid it was forked from), a worker whose parent died before the request
    took effect ends at once: the kernel only watches from the request on.
    """
    # Without prctl (not Linux) a worker of a killed parent ends when its queue breaks.
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if parent is not None and os.getppid() != parent:
        os._exit(1)


def _work(parent, generation, format_name, held_postings, todo, results) -> None:
    die_with_parent(parent)
    reader = None
    try:
        reader = _SegmentReader(generation, format_name, held_postings)
        for batch in iter(todo.get, None):
            for job in batch:
                for message in reader.read(job):
                    results.put(message)
        results.put(("writing", None))
        for message in reader.close():
            results.put(message)
        results.put(("done", None))
    except BaseException:
        results.put(("error", traceback.format_exc()))
        if reader is not None:
            with contextlib.suppress(Exception):
                reader.cancel()
    finally:
        results.close()
        results.join_thread()
        os._exit(0)  # no atexit handlers or inherited finalisers of the parent's


class _SegmentReader:
    """Files into segments: a new builder when the last one has written its segment."""

    def __init__(self, generation: Path, format_name: str | None, held_postings: int):
        self._storage = store.storage_of(generation)
        self._schema = self._storage.open_index().schema
        self._format_name = format_name
        self._held = held_postings
        self._builder: SegmentBuilder | None = None

    def read(self, job: Job) -> Iterator[tuple]:
        source, stat, known_digest = job
        if self._builder is None:
            self._builder = SegmentBuilder(self._storage, self._schema, held_postings=self._held)
        outcome = yield from read_file(source, stat, known_digest, self._format_name, self._builder)
        yield ("file", outcome)
        if self._builder.postings >= SEGMENT_POSTINGS:
            yield ("segment", self._builder.finish())
            self._builder = None

    def close(self) -> Iterator[tuple]:
        builder, self._builder = self._builder, None
        if builder is None:
            return
        if builder.doc_count:
            yield ("segment", builder.finish())
        else:
            builder.cancel()

    def cancel(self) -> None:
        if self._builder is not None:
            self._builder.cancel()
            self._builder = None
