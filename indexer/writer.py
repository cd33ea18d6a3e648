"""Transcripts into the Whoosh index: each file's passages replaced as a unit.

Whoosh allows one writer per index (a second `writer()` raises `LockError` at
once with the default timeout of 0), an open searcher keeps its snapshot
across commits, and a delete only marks documents until segments merge. So a
run opens one writer, replaces each file's passages (delete by path, then
add), and commits once at the end: a search running meanwhile sees the last
committed state, and an interrupted run commits nothing.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from indexer import sources, store
from indexer.errors import IndexBusy, UnreadableFile
from indexer.model import Transcript

# How long to wait for another soundbite run that holds the write lock.
LOCK_WAIT_SECONDS = 10.0
# From this many files on, postings are written by two worker processes, each
# making its own segment (measured on 2 cores, 84,000 passages of the real
# corpus: 104 s in one process, 59 s with two). Below it, starting the workers
# costs more than it saves.
PARALLEL_FROM_FILES = 64


def _parallelism(files: int) -> dict:
    procs = min(2, os.cpu_count() or 1)
    if files < PARALLEL_FROM_FILES or procs < 2:
        return {}
    return {"procs": procs, "multisegment": True}


@dataclass
class IndexReport:
    transcripts: int = 0
    passages: int = 0
    skipped: list[UnreadableFile] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    seconds: float = 0.0


def documents(transcript: Transcript) -> list[dict]:
    """The Whoosh documents for a transcript's passages (fields without a value are left out)."""
    meta = transcript.meta
    shared = {
        "transcript": transcript.id,
        "path": transcript.path,
        "network": meta.network,
        "reporter": meta.reporter,
        "place": meta.place,
        "title": meta.title,
        "date": meta.date,
        "url": meta.url,
        "duration": meta.duration,
        "format": transcript.format,
        "sha256": transcript.sha256,
    }
    docs = []
    for passage in transcript.passages:
        doc = dict(shared)
        doc.update(
            passage=passage.number,
            start=passage.start,
            end=passage.end,
            estimated=passage.estimated,
            text=passage.text,
            text_exact=passage.text,
            speaker=passage.speaker,
            speaker_name=passage.speaker.encode("utf-8"),
            role=passage.role,
        )
        docs.append({key: value for key, value in doc.items() if value not in (None, "", b"")})
    return docs


def index_paths(
    index_dir: Path,
    paths: list[str],
    *,
    format_name: str | None = None,
    on_skip: Callable[[UnreadableFile], None] | None = None,
) -> IndexReport:
    """Index the transcripts under `paths` into `index_dir`, replacing what each file had."""
    from whoosh.index import LockError

    from indexer import whoosh_fixes

    whoosh_fixes.apply()
    began = time.perf_counter()
    report = IndexReport()
    found, report.missing = sources.discover(paths)
    index = store.open_for_write(index_dir)
    try:
        writer = index.writer(timeout=LOCK_WAIT_SECONDS, delay=0.25, **_parallelism(len(found)))
    except LockError:
        raise IndexBusy(
            f"the index at {index_dir} is being updated by another process; try again when it ends"
        ) from None
    try:
        for source in found:
            try:
                transcript = sources.load(source, format_name)
            except sources.NotATranscript:
                continue
            except UnreadableFile as problem:
                report.skipped.append(problem)
                if on_skip:
                    on_skip(problem)
                continue
            writer.delete_by_term("path", transcript.path)
            for doc in documents(transcript):
                writer.add_document(**doc)
            report.transcripts += 1
            report.passages += len(transcript.passages)
    except BaseException:
        writer.cancel()
        raise
    writer.commit()
    report.seconds = time.perf_counter() - began
    return report
