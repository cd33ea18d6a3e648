"""Reading changed files into new Whoosh segments, in this process or in worker processes.

Every file a run has to read is parsed, its passages analysed and written
into a segment by `bulk.SegmentBuilder`; what the run needs to know about each
file (skipped and why, unchanged after all, or its transcripts, passages and
speakers) comes back as a `FileOutcome`, in the order the files are done.
With many files, two worker processes (one a core) each read their share and
write their own segments, so parsing, analysis and writing all run on both
cores; the parent keeps the manifest, the deletions and the commit. The
workers are fresh interpreters in sessions of their own (see
`read_in_workers`): they need only the index's folder and the jobs their
sockets bring them.

What comes back is a stream of messages, each a dataclass below: `FileRead`
(a file's `FileOutcome`), `RowsRead` while a dataset is read, `SegmentWritten`
when a segment is written, and `Writing` when a reader has read its last file
and is writing its segment. Between a worker and the parent, `BatchTaken`,
`Done` and `Failed` say how the worker is getting on.
"""

from __future__ import annotations

import contextlib
import ctypes
import itertools
import os
import signal
import sys
import traceback
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from indexer.engine.adapter.bulk import SegmentBuilder
from indexer.engine.storage import store
from indexer.engine.storage.schema import documents
from indexer.errors import UnreadableFile
from indexer.transcripts import sources
from indexer.transcripts.people import People
from indexer.transcripts.people import apply as apply_people

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
    languages: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    undated: int = 0  # passages the people file's dated forms could not name: their transcript has no date


@dataclass
class Job:
    """A file to read: its stat as the run found it (None for a file given by a watcher), and the digest
    the manifest holds for it (None: parse it whatever its content)."""

    source: sources.SourceFile
    stat: tuple[int, int] | None
    known_digest: str | None


@dataclass
class FileRead:
    """A worker's message: one file read (or skipped), and what came of it."""

    outcome: FileOutcome


@dataclass
class RowsRead:
    """A dataset's progress: rows (transcripts) and passages read so far, and the notes since the last."""

    key: str
    rows: int
    passages: int
    notes: list[str]


@dataclass
class SegmentWritten:
    """A worker's message: a segment written, for the commit to list."""

    segment: object  # Whoosh's segment, for the commit's table of contents


@dataclass
class Writing:
    """The reader has read its last file and is writing its segment."""


@dataclass
class BatchTaken:
    """A worker started on the batch it had waiting: it can be sent one more."""


@dataclass
class Done:
    """A worker has sent everything."""


@dataclass
class Failed:
    """A worker's message: it failed, with its traceback."""

    traceback: str  # a worker's failure, as it printed it


Message = FileRead | RowsRead | SegmentWritten | Writing


def read_file(
    source: sources.SourceFile,
    stat: tuple[int, int] | None,
    known_digest: str | None,
    format_name: str | None,
    builder: SegmentBuilder,
    people: People | None = None,
) -> Iterator[RowsRead]:
    """Parse one file into `builder` unless its content is `known_digest`; returns what came of it.

    Its passages are named as the people file `people` says, if there is one. A generator: while a
    dataset is read, it yields `RowsRead` messages.
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
    except Exception as exc:  # a reader's failure on a hostile file is that file's problem, never the run's
        outcome.problem = UnreadableFile(str(source.path), failure_reason(exc))
        return outcome
    speakers: set[str] = set()
    languages: dict[str, None] = {}
    for transcript in _guarded(itertools.chain([first], transcripts), notes, source):
        languages[transcript.meta.language] = None
        if people is not None:
            outcome.undated += apply_people(people, transcript.passages, transcript.meta.date).undated
        for doc in documents(transcript):
            builder.add(doc)
        outcome.ids.append(transcript.id)
        outcome.passages += len(transcript.passages)
        speakers.update(p.speaker for p in transcript.passages if p.speaker)
        if len(outcome.ids) % PROGRESS_EVERY_ROWS == 0:
            yield RowsRead(outcome.key, len(outcome.ids), outcome.passages, list(notes))
            notes.clear()
    outcome.format = first.format
    outcome.speakers = sorted(speakers)
    outcome.languages = list(languages)
    if stat is None:
        found = source.path.stat()
        stat = (found.st_size, found.st_mtime_ns)
    outcome.size, outcome.mtime_ns = stat
    return outcome


def failure_reason(exc: BaseException) -> str:
    """What a reader's unexpected failure says about the file, in one line."""
    if isinstance(exc, RecursionError):
        return "too deeply nested to read"
    if isinstance(exc, MemoryError):
        return "too large to read in memory"
    detail = " ".join(str(exc).split())[:160]
    return f"could not be read ({type(exc).__name__}{': ' + detail if detail else ''})"


def _guarded(transcripts: Iterator, notes: list[str], source) -> Iterator:
    """A dataset's transcripts until one cannot be read: the rows before it are kept, and a note says
    where it stopped (an error there is the file's, not the run's)."""
    while True:
        try:
            transcript = next(transcripts)
        except StopIteration:
            return
        except (UnreadableFile, Exception) as exc:
            reason = exc.reason if isinstance(exc, UnreadableFile) else failure_reason(exc)
            notes.append(f"{reason}: the rest of the file is not read")
            return
        yield transcript


def read_here(
    generation: Path, jobs: list[Job], format_name: str | None, held_postings: int, people: People | None = None
) -> Iterator[Message]:
    """The messages of reading `jobs` in this process."""
    reader = _SegmentReader(generation, format_name, held_postings, people)
    try:
        for job in jobs:
            yield from reader.read(job)
        yield Writing()
        yield from reader.close()
    finally:
        reader.cancel()


def read_in_workers(
    generation: Path,
    jobs: list[Job],
    format_name: str | None,
    held_postings: int,
    workers: int,
    people: People | None = None,
) -> Iterator[Message]:
    """The messages of reading `jobs` in `workers` processes, as they come.

    Each worker is a fresh interpreter (`python -c`, in a session of its own)
    with a socket of its own: it is sent a batch of files when it has started
    on the one before (two are waiting at any time), and sends back its
    messages, pickled as `multiprocessing.connection` frames them.

    Not multiprocessing's processes: a forked worker's resident memory counted
    its parent's pages again, and a spawned one, in the terminal's process
    group, got the Ctrl-C too and printed a traceback if it was still
    importing (making it ignore SIGINT meant ignoring it in the parent while
    workers started, and a Ctrl-C then was lost). In a session of their own,
    workers never see a terminal's Ctrl-C; the parent has it and ends them,
    and they end with it if it is killed (`die_with_parent`).

    Closing the iterator early (an error, Ctrl-C) ends the workers; the
    segments they had written belong to no table of contents, and the next
    commit deletes them.
    """
    import pickle
    import socket
    import subprocess
    from multiprocessing.connection import Connection, wait

    batches = iter([jobs[at : at + BATCH] for at in range(0, len(jobs), BATCH)])
    links: dict = {}  # our end of each worker's socket -> the worker
    try:
        for _ in range(workers):
            ours, theirs = socket.socketpair()
            with theirs:
                setup = pickle.dumps((os.getpid(), str(generation), format_name, held_postings, people), 5).hex()
                process = subprocess.Popen(
                    [sys.executable, "-c", _WORKER, str(theirs.fileno()), setup, _PACKAGE_ROOT],
                    pass_fds=(theirs.fileno(),),
                    stdin=subprocess.DEVNULL,
                    start_new_session=True,
                )
            links[Connection(ours.detach())] = process
        told_to_stop: set = set()  # workers sent their None: they read nothing more, and may be gone

        def give(link, process) -> None:
            if link not in told_to_stop:
                batch = next(batches, None)
                if batch is None:
                    told_to_stop.add(link)
                _send(link, process, batch)

        for link, process in links.items():
            for _ in range(2):
                give(link, process)
        running = dict(links)
        while running:
            ready = wait(list(running), timeout=1)
            if not ready:
                dead = [p for p in running.values() if p.poll() not in (None, 0)]
                if dead:
                    raise RuntimeError(f"an index worker ended with exit code {dead[0].returncode}")
                continue
            for link in ready:
                try:
                    message = link.recv()
                except EOFError:
                    process = running[link]
                    with contextlib.suppress(subprocess.TimeoutExpired):
                        process.wait(5)
                    raise RuntimeError(f"an index worker ended with exit code {process.returncode}") from None
                if isinstance(message, Failed):
                    raise RuntimeError(f"an index worker failed:\n{message.traceback}")
                if isinstance(message, BatchTaken):
                    give(link, running[link])
                elif isinstance(message, Done):
                    del running[link]
                else:
                    yield message
        for process in links.values():
            process.wait()
    finally:
        for link, process in links.items():
            if process.poll() is None:
                process.kill()
                process.wait()
            link.close()


def _send(link, process, batch) -> None:
    """A batch to a worker; a worker gone is a failed run, never a broken pipe: the command line
    takes a BrokenPipeError for its reader going away (`soundbite search | head`) and exits 0."""
    try:
        link.send(batch)
    except OSError as exc:
        with contextlib.suppress(Exception):
            process.wait(5)
        raise RuntimeError(
            f"an index worker stopped taking work ({exc.strerror or exc}; exit code {process.returncode})"
        ) from None


# What a worker runs: its socket's descriptor and its settings (pickled, in hex) are its arguments.
# A worker imports the code its parent runs: `python -c` puts the working folder first on the path, and
# a folder holding some other `indexer` package (or another checkout of this one) would be imported
# instead. The parent's package folder takes that place.
_WORKER = (
    "import sys; sys.path[0] = sys.argv[3]; "
    "from indexer.engine.storage.segments import work; work(int(sys.argv[1]), sys.argv[2])"
)
_PACKAGE_ROOT = str(Path(__file__).resolve().parents[3])


_PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int | None = None) -> None:
    """Ask the kernel to end this (worker) process when its parent dies.

    With `parent` (the pid that started it), a worker whose parent died before the request
    took effect ends at once: the kernel only watches from the request on.
    """
    # Without prctl (not Linux) a worker of a killed parent ends when its pipe breaks.
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if parent is not None and os.getppid() != parent:
        os._exit(1)


def work(descriptor: int, setup: str) -> None:
    """A worker process: batches of jobs in through its socket, messages out, until a None."""
    import pickle
    from multiprocessing.connection import Connection

    parent, generation, format_name, held_postings, people = pickle.loads(bytes.fromhex(setup))
    die_with_parent(parent)
    link = Connection(descriptor)
    reader = None
    try:
        reader = _SegmentReader(Path(generation), format_name, held_postings, people)
        for batch in iter(link.recv, None):
            for job in batch:
                for message in reader.read(job):
                    link.send(message)
            link.send(BatchTaken())
        link.send(Writing())
        for message in reader.close():
            link.send(message)
        link.send(Done())
    except BaseException:
        with contextlib.suppress(Exception):
            link.send(Failed(traceback.format_exc()))
        if reader is not None:
            with contextlib.suppress(Exception):
                reader.cancel()
    finally:
        link.close()
        from indexer.exits import leave

        leave(0)  # no exit handlers


class _SegmentReader:
    """Files into segments: a new builder when the last one has written its segment."""

    def __init__(self, generation: Path, format_name: str | None, held_postings: int, people: People | None):
        self._storage = store.storage_of(generation)
        self._schema = self._storage.open_index().schema
        self._format_name = format_name
        self._held = held_postings
        self._people = people
        self._builder: SegmentBuilder | None = None

    def read(self, job: Job) -> Iterator[Message]:
        if self._builder is None:
            self._builder = SegmentBuilder(self._storage, self._schema, held_postings=self._held)
        outcome = yield from read_file(
            job.source, job.stat, job.known_digest, self._format_name, self._builder, self._people
        )
        yield FileRead(outcome)
        if self._builder.postings >= SEGMENT_POSTINGS:
            yield SegmentWritten(self._builder.finish())
            self._builder = None

    def close(self) -> Iterator[Message]:
        builder, self._builder = self._builder, None
        if builder is None:
            return
        if builder.doc_count:
            yield SegmentWritten(builder.finish())
        else:
            builder.cancel()

    def cancel(self) -> None:
        if self._builder is not None:
            self._builder.cancel()
            self._builder = None
