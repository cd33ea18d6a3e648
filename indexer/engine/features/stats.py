"""What an index holds, from its manifest: no Whoosh reading, so it is instant at any size."""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

from indexer.engine.storage import store
from indexer.model import IndexStats


def index_stats(index_dir: Path) -> IndexStats:
    manifest = store.read_manifest(index_dir)
    records = manifest.files.values()
    formats = Counter(record.format for record in records)
    return IndexStats(
        index=str(index_dir.resolve()),
        generation=store.current_generation(index_dir).name,
        transcripts=sum(len(record.transcript_ids) for record in records),
        files=len(manifest.files),
        passages=sum(record.passages for record in records),
        speakers=_people({speaker for record in records for speaker in record.speakers}),
        formats=dict(formats.most_common()),
        languages=_languages(records),
        roots=manifest.roots,
        excludes=manifest.excludes,
        ignore_files=manifest.ignore_files,
        size_bytes=store.disk_usage(index_dir),
        updated=time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(manifest.updated)) if manifest.updated else None,
        schema_version=manifest.schema_version,
        skipped=len(manifest.skipped),
    )


def _people(names: set[str]) -> int:
    """People, as `soundbite speakers` counts them: names that differ only by case, accents or an honorific
    are one (`speakers.person_key`)."""
    from indexer.transcripts.speakers import person_key

    return len({person_key(name) or name for name in names})


def _languages(records) -> dict[str, dict[str, int]]:
    """Transcripts and passages per language, most passages first (a file of several languages, a dataset,
    counts its transcripts and passages under its first)."""
    counts: dict[str, dict[str, int]] = {}
    for record in records:
        entry = counts.setdefault(record.languages[0] if record.languages else "en", {"transcripts": 0, "passages": 0})
        entry["transcripts"] += len(record.transcript_ids)
        entry["passages"] += record.passages
    return dict(sorted(counts.items(), key=lambda item: (-item[1]["passages"], item[0])))


def file_notes(index_dir: Path) -> list[tuple[str, str]]:
    """(path, note) for every note a reader left on an indexed file, by path."""
    manifest = store.read_manifest(index_dir)
    return [(path, note) for path, record in sorted(manifest.files.items()) for note in record.notes]


def skipped_files(index_dir: Path) -> list[tuple[str, str, str]]:
    """(path, reason, since: local time) of every file the runs could not use, as it was last seen, by path."""
    manifest = store.read_manifest(index_dir)
    return [
        (path, record.reason, time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(record.since)))
        for path, record in sorted(manifest.skipped.items())
    ]
