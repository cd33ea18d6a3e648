"""Keeping the index current: only the work that changed, committed atomically.

A run compares every file under its folders with the manifest: a file whose
size and mtime are unchanged is not read, one whose content hash is unchanged
is not parsed, a changed file's passages are replaced as a unit (delete by
path, then add), a new one is added, and one that disappeared from a folder
that was scanned is removed. Nothing is written when nothing changed.

Whoosh facts this is built around (measured): one writer at a time (`writer()`
raises `LockError` at once with its default timeout of 0), so soundbite holds
its own run lock around the whole run; an open searcher keeps its snapshot
across commits, so searches during an update see the last commit; deletes only
mark documents until segments merge; the schema is pickled into the index, so
only Whoosh's own analyzer parts are used.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import time
from collections.abc import Callable
from pathlib import Path

from indexer.engine import store
from indexer.engine.manifest import FileRecord, Manifest
from indexer.engine.schema import PATH, SCHEMA_VERSION, documents, missing_fields
from indexer.errors import SoundbiteError, UnreadableFile
from indexer.model import IndexReport, Progress
from indexer.settings import Settings
from indexer.transcripts import sources

# From this many files to parse on, postings are written by two worker
# processes, each making its own segment (measured on 2 cores, 84,000 passages
# of the real corpus: 104 s in one process, 59 s with two). Below it, starting
# the workers costs more than it saves.
PARALLEL_FROM_FILES = 64
# ... or from this many bytes to read, however few the files: a dataset of
# thousands of transcripts in one file has as many postings as a folder of them.
PARALLEL_FROM_BYTES = 16 * 1024 * 1024
# A dataset reports its progress every this many rows.
PROGRESS_EVERY_ROWS = 500


def _under(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def index_paths(
    index_dir: Path,
    paths: list[str] | None = None,
    *,
    format_name: str | None = None,
    rebuild: bool = False,
    on_skip: Callable[[UnreadableFile], None] | None = None,
    on_progress: Callable[[Progress], None] | None = None,
    on_wait: Callable[[], None] | None = None,
    on_note: Callable[[str], None] | None = None,
    settings: Settings | None = None,
) -> IndexReport:
    """Bring the index at `index_dir` up to date with `paths` (or with the folders it remembers).

    `settings` (the lock wait, the posting pool's size) default to the environment's.
    """
    settings = settings or Settings.from_environ()
    began = time.perf_counter()
    report = IndexReport(rebuilt=rebuild)

    def skip(problem: UnreadableFile) -> None:
        report.skipped.append(problem)
        if on_skip:
            on_skip(problem)

    def note(line: str) -> None:
        report.notes.append(line)
        if on_note:
            on_note(line)

    with store.run_lock(index_dir, settings.lock_wait, on_wait):
        previous = None if rebuild else _current_manifest(index_dir)
        remembered = previous.roots if previous else _remembered_roots(index_dir)
        roots = [str(Path(p).resolve()) for p in paths] if paths else remembered
        if not roots:
            raise SoundbiteError("nothing to index: give a file or folder (the index remembers none yet)")
        discovery = sources.discover(roots, exclude=[index_dir])
        report.missing = discovery.missing
        for problem in discovery.skipped:
            skip(problem)

        manifest = previous or Manifest(SCHEMA_VERSION)
        manifest.roots = list(dict.fromkeys([*manifest.roots, *(r for r in roots if Path(r).exists())]))
        to_read, found_paths = _plan(discovery.files, manifest, report)
        # Files vanish from the index only from roots that were there to scan:
        # an unmounted folder is an error, not an instruction to forget it.
        scanned = [r for r in roots if Path(r).exists()]
        gone = [p for p in manifest.files if p not in found_paths and any(_under(p, r) for r in scanned)]

        generation = store.new_generation(index_dir) if previous is None else None
        try:
            changed = _write(
                generation or store.current_generation(index_dir),
                to_read,
                gone,
                manifest,
                report,
                format_name,
                skip,
                note,
                on_progress,
                settings.limit_mb,
            )
            if changed or generation is not None:
                manifest.save(generation or store.current_generation(index_dir))
            if generation is not None:
                store.publish(index_dir, generation)
        except BaseException:
            if generation is not None:
                store.discard(generation)
            raise
    report.transcripts = sum(len(record.transcript_ids) for record in manifest.files.values())
    report.seconds = time.perf_counter() - began
    return report


def _current_manifest(index_dir: Path) -> Manifest | None:
    """The manifest to update, None for a new index; an incompatible one raises."""
    if store.exists(index_dir) or store.is_legacy(index_dir):
        return store.read_manifest(index_dir)
    return None


def _remembered_roots(index_dir: Path) -> list[str]:
    """A rebuild re-scans the folders the current index was built from."""
    generation = store.current_generation(index_dir)
    manifest = Manifest.load(generation, with_files=False) if generation else None
    return manifest.roots if manifest else []


def _plan(files: list[sources.SourceFile], manifest: Manifest, report: IndexReport):
    """Files to read (new or touched), and every path found; unchanged ones cost one stat."""
    to_read = []
    found = set()
    for source in files:
        key = str(source.path)
        found.add(key)
        record = manifest.files.get(key)
        try:
            stat = source.path.stat()
        except OSError:
            to_read.append((source, None))  # reading it will say what is wrong
            continue
        if record and record.size == stat.st_size and record.mtime_ns == stat.st_mtime_ns:
            report.unchanged += len(record.transcript_ids)
        else:
            to_read.append((source, stat))
    return to_read, found


def _write(generation, to_read, gone, manifest, report, format_name, skip, note, on_progress, limit_mb: int) -> bool:
    """Parse what changed and write it in one commit. True when the index changed."""
    from whoosh.index import LockError

    from indexer.engine import fixes

    writer = None
    total = len(to_read)
    try:
        for done, (source, stat) in enumerate(to_read, 1):
            key = str(source.path)
            record = manifest.files.get(key)
            notes: list[str] = []
            try:
                if sources.is_dataset(source, format_name):
                    data, digest = None, sources.file_hash(source.path)  # read row by row below
                else:
                    data = sources.read_bytes(source.path)
                    digest = sources.content_hash(data)
                if record and record.sha256 == digest and stat is not None:
                    record.size, record.mtime_ns = stat.st_size, stat.st_mtime_ns
                    report.unchanged += len(record.transcript_ids)
                    continue
                transcripts = sources.iter_transcripts(source, format_name, data, digest, notes)
                first = next(transcripts)
            except sources.NotATranscript:
                continue
            except UnreadableFile as problem:
                skip(problem)
                continue
            finally:
                _pass_on(notes, key, note)
                if on_progress:
                    on_progress(Progress(done, total, report.passages))
            if writer is None:
                fixes.apply()
                size = sum(stat.st_size for _, stat in to_read if stat is not None)
                writer = _open_writer(generation, total, limit_mb, size)
            if record:
                writer.delete_by_term(PATH, key)
            ids: list[str] = []
            passages = 0
            speakers: set[str] = set()
            for transcript in itertools.chain([first], transcripts):
                for doc in documents(transcript):
                    writer.add_document(**doc)
                ids.append(transcript.id)
                passages += len(transcript.passages)
                speakers.update(p.speaker for p in transcript.passages if p.speaker)
                _pass_on(notes, key, note)
                if on_progress and len(ids) % PROGRESS_EVERY_ROWS == 0:
                    on_progress(Progress(done - 1, total, report.passages + passages, rows=len(ids)))
            _pass_on(notes, key, note)
            # Counted by transcript: a file of several stories or rows is several.
            before = set(record.transcript_ids) if record else set()
            after = set(ids)
            report.added += len(after - before)
            report.updated += len(after & before)
            report.removed += len(before - after)
            report.passages += passages
            stat = stat or source.path.stat()
            manifest.files[key] = FileRecord(
                id=source.id,
                size=stat.st_size,
                mtime_ns=stat.st_mtime_ns,
                sha256=digest,
                format=first.format,
                passages=passages,
                speakers=sorted(speakers),
                stories=ids if len(ids) > 1 or ids[0] != source.id else [],
            )
        for key in gone:
            if writer is None:
                fixes.apply()
                writer = _open_writer(generation, 0, limit_mb)
            writer.delete_by_term(PATH, key)
            report.removed += len(manifest.files.pop(key).transcript_ids)
        if writer is not None:
            writer.commit()
            writer = None
            return True
        return False
    except LockError:
        raise SoundbiteError(f"the Whoosh index in {generation} is locked by another writer") from None
    finally:
        if writer is not None:
            _cancel(writer)


def _pass_on(notes: list[str], key: str, note) -> None:
    """The parser's notes so far, each as one `path: note` line, as soon as they arise."""
    for line in notes:
        note(f"{key}: {line}")
    notes.clear()


def _open_writer(generation: Path, files: int, limit_mb: int, size: int = 0):
    index = store.open_generation(generation)
    missing = missing_fields(index.schema)
    if missing:  # an index made by an older version: add the new fields, in a commit of their own
        upgrade = index.writer()
        for name, field_type in missing.items():
            upgrade.add_field(name, field_type)
        upgrade.commit()
        index = store.open_generation(generation)
    extra = {}
    if (files >= PARALLEL_FROM_FILES or size >= PARALLEL_FROM_BYTES) and (os.cpu_count() or 1) >= 2:
        extra = {"procs": 2, "multisegment": True}
    return index.writer(limitmb=limit_mb, **extra)


def _cancel(writer) -> None:
    """Throw away everything this run wrote: the index stays at its last commit."""
    for task in getattr(writer, "tasks", ()):
        if task.is_alive():
            task.terminate()
    # Jobs still buffered for the terminated workers would keep the queues'
    # feeder threads, and so this process, waiting at exit for a reader.
    for queue in (getattr(writer, "jobqueue", None), getattr(writer, "resultqueue", None)):
        if queue is not None:
            queue.cancel_join_thread()
    with contextlib.suppress(Exception):  # best effort: the last commit is intact either way
        writer.cancel()
