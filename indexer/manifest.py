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
import os
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

FILE_NAME = "soundbite.json"


@dataclass
class FileRecord:
    id: str
    size: int
    mtime_ns: int
    sha256: str
    format: str
    passages: int
    speakers: list[str] = field(default_factory=list)


@dataclass
class Manifest:
    schema_version: int
    roots: list[str] = field(default_factory=list)
    files: dict[str, FileRecord] = field(default_factory=dict)
    updated: float = 0.0

    @classmethod
    def load(cls, folder: Path) -> Manifest | None:
        try:
            data = json.loads((folder / FILE_NAME).read_text(encoding="utf-8"))
            return cls(
                schema_version=int(data["schema_version"]),
                roots=list(data.get("roots", [])),
                files={path: FileRecord(**record) for path, record in data.get("files", {}).items()},
                updated=float(data.get("updated", 0.0)),
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def save(self, folder: Path) -> None:
        self.updated = time.time()
        data = {
            "schema_version": self.schema_version,
            "roots": self.roots,
            "updated": self.updated,
            "files": {path: asdict(record) for path, record in sorted(self.files.items())},
        }
        tmp = folder / f"{FILE_NAME}.{os.getpid()}.tmp"
        with tmp.open("w", encoding="utf-8") as out:
            json.dump(data, out, ensure_ascii=False, separators=(",", ":"))
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, folder / FILE_NAME)
