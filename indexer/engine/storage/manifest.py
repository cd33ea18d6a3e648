"""What an index was built from: its folders and, per file, what was seen and indexed.

The manifest is what makes re-indexing cheap: a file whose size and mtime are
unchanged is not even read, one whose content hash is unchanged is not parsed.
It also answers `soundbite stats` without touching the Whoosh index. It lives
beside the Whoosh files of its generation and is replaced atomically after
each commit, under the run lock, so it never describes a state the index is
not in (at worst, after a crash between the two, it is older, and the next run
re-reads a few files).
"""

from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from indexer import atomic

FILE_NAME = "soundbite.json"  # small: what every search reads (the schema version)
FILES_NAME = "files.json"  # one record a file: read by index runs and stats only
SKIPPED_NAME = "skipped.json"  # the files runs could not use, as they were then


@dataclass(slots=True)  # one a file: 50,000 of them in a large index
class FileRecord:
    """An indexed file: its transcript id, and the size, time and digest that tell whether it changed."""

    id: str
    size: int
    mtime_ns: int
    sha256: str
    format: str
    passages: int
    speakers: list[str] = field(default_factory=list)
    stories: list[str] = field(default_factory=list)  # the transcript ids of a file of several stories
    # Its sidecar (`talk.json` beside `talk.srt`) when indexed: [size, mtime_ns], [] for none; None in a
    # manifest from before sidecars were followed (taken as unchanged, and recorded).
    sidecar: list[int] | None = None
    languages: list[str] = field(default_factory=lambda: ["en"])  # ISO 639-1: its transcripts' (a dataset's rows')
    notes: list[str] = field(default_factory=list)  # what its reader passed over or found odd (`stats --notes`)
    # The people file (its content hash, "none" for none) under which a changed people file last wrote this
    # file's passages again (`renames`), "" if it never did: its passages changed, its content did not.
    people: str = ""

    @property
    def version(self) -> str:
        """What tells whether the file's passages changed: its content hash, and any renaming since."""
        return f"{self.sha256}+{self.people}" if self.people else self.sha256

    @property
    def transcript_ids(self) -> list[str]:
        return self.stories or [self.id]


@dataclass(slots=True)
class SkippedFile:
    """A file an index run could not use (binary, empty, unreadable, a reader's failure), as it was then:
    remembered so that a run from cron reports it once, not every 15 minutes, until it changes, and so
    that `--strict` fails on new ones only (`stats --skipped` lists them all)."""

    reason: str
    size: int = -1  # -1: not a file that could be looked at (a broken link, a loop)
    mtime_ns: int = -1
    sha256: str = ""  # its content's, where it could be read
    since: float = 0.0  # when it was first skipped as it is


@dataclass
class Manifest:
    """The index's record of what it holds: files, roots and what they exclude, languages, and how it was built."""

    schema_version: int
    roots: list[str] = field(default_factory=list)
    files: dict[str, FileRecord] = field(default_factory=dict)
    updated: float = 0.0
    # Transcripts (files) per language: every search reads it, to stem a query in each of them.
    languages: dict[str, int] = field(default_factory=dict)
    # Every passage has its words joined by a sign whole (`at&t`, `c++`): true of an index built since they
    # are, false of one made before and updated since (its older passages have only the pieces).
    whole_words: bool = False
    # What a walk of the roots passes over (`transcripts.ignore`): the --exclude patterns given so far, in
    # order, and whether `.soundbiteignore` files and the built-in list count (not after --no-ignore).
    excludes: list[str] = field(default_factory=list)
    ignore_files: bool = True
    skipped: dict[str, SkippedFile] = field(default_factory=dict)  # by path, read with the files
    # The people file applied to every passage (`transcripts.people`): {"path", "sha256", "given"} (`given`:
    # named with --people, and used again by a later run; otherwise `soundbite.toml` found beside the index);
    # None for none.
    people: dict | None = None

    @classmethod
    def load(cls, folder: Path, with_files: bool = True) -> Manifest | None:
        try:
            data = json.loads((folder / FILE_NAME).read_text(encoding="utf-8"))
            manifest = cls(
                schema_version=int(data["schema_version"]),
                roots=list(data.get("roots", [])),
                updated=float(data.get("updated", 0.0)),
                languages={str(k): int(v) for k, v in dict(data.get("languages") or {}).items()},
                whole_words=bool(data.get("whole_words", False)),
                excludes=[str(pattern) for pattern in data.get("excludes", [])],
                ignore_files=bool(data.get("ignore_files", True)),
                people=_people_of(data.get("people")),
            )
            if with_files:
                files = json.loads((folder / FILES_NAME).read_text(encoding="utf-8"))
                manifest.files = {path: FileRecord(**record) for path, record in files.items()}
                if (folder / SKIPPED_NAME).exists():  # (not in a manifest from before it was kept)
                    skipped = json.loads((folder / SKIPPED_NAME).read_text(encoding="utf-8"))
                    manifest.skipped = {path: SkippedFile(**record) for path, record in skipped.items()}
            return manifest
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def save(self, folder: Path) -> None:
        """The file records first, then the summary that names them: each replaced atomically."""
        self.updated = time.time()
        counts = Counter(code for record in self.files.values() for code in record.languages)
        self.languages = dict(sorted(counts.items()))
        write_json(folder / FILES_NAME, {path: asdict(r) for path, r in sorted(self.files.items())})
        write_json(folder / SKIPPED_NAME, {path: asdict(r) for path, r in sorted(self.skipped.items())})
        write_json(
            folder / FILE_NAME,
            {
                "schema_version": self.schema_version,
                "roots": self.roots,
                "updated": self.updated,
                "languages": self.languages,
                "whole_words": self.whole_words,
                "excludes": self.excludes,
                "ignore_files": self.ignore_files,
                **({"people": self.people} if self.people else {}),
            },
        )


def _people_of(value) -> dict | None:
    if not isinstance(value, dict) or not value.get("path"):
        return None
    return {"path": str(value["path"]), "sha256": str(value.get("sha256", "")), "given": bool(value.get("given"))}


def transcript_ids_by_file(folder: Path) -> list[tuple[str, list[str]]]:
    """(path, transcript ids) of every file record, without building the records: a manifest of 50,000
    files is 85 MB of `FileRecord`s in memory, more than a whole export needs."""

    def ids_only(pairs):
        record = dict(pairs)
        if "sha256" in record and "id" in record:  # a file's record: its transcript ids
            return record.get("stories") or [record["id"]]
        return pairs  # the top level: (path, ids) pairs

    with open(folder / FILES_NAME, encoding="utf-8") as source:
        return json.load(source, object_pairs_hook=ids_only)


def write_json(path: Path, data) -> None:
    """`data` as compact JSON, replacing `path` whole (`atomic.replaced`)."""
    # A file name that is not UTF-8 is a str with lone surrogates (Python's `surrogateescape`):
    # JSON keeps them as `\udcXX` escapes, which read back as the same name.
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = json.dumps(data, ensure_ascii=True, separators=(",", ":"))
    with atomic.replaced(path) as out:
        out.write(text)
