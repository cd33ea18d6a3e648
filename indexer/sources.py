"""Files to transcripts: find the files under the paths given, read and parse each.

This is the first stage of the pipeline: paths in, `Transcript`s (or one
`UnreadableFile` reason per file) out. A transcript's id is its path relative
to the folder that was indexed, without the extension: stable across runs and
machines, and what a user types to name it.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from indexer import formats
from indexer.decode import decode
from indexer.errors import UnreadableFile
from indexer.model import Transcript
from indexer.passages import build_passages, estimate_times

# A transcript of several hours is a few megabytes; anything this large is
# a media file or a dump that was never meant to be read as text.
MAX_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class SourceFile:
    path: Path  # absolute
    id: str


def discover(paths: list[str]) -> tuple[list[SourceFile], list[str]]:
    """The transcript files under `paths`, each once, and a message per path that is missing.

    Folders are walked recursively for files with a transcript extension
    (hidden files and folders are passed over); a file named directly is always
    taken, whatever its extension.
    """
    found: dict[Path, str] = {}
    problems: list[str] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for file in _walk(path):
                found.setdefault(file.resolve(), _relative_id(file, path))
        elif path.is_file():
            found.setdefault(path.resolve(), path.with_suffix("").name)
        elif path.is_symlink():
            problems.append(f"{given}: broken symbolic link")
        else:
            problems.append(f"{given}: no such file or directory")
    return _disambiguate(found), problems


def _walk(root: Path) -> Iterator[Path]:
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            if Path(name).suffix.lower() in formats.TRANSCRIPT_EXTENSIONS:
                yield Path(folder, name)


def _relative_id(file: Path, root: Path) -> str:
    return file.relative_to(root).with_suffix("").as_posix()


def _disambiguate(found: dict[Path, str]) -> list[SourceFile]:
    """Two files that differ only by extension (`talk.srt`, `talk.vtt`) keep it in their ids."""
    counts: dict[str, int] = {}
    for tid in found.values():
        counts[tid] = counts.get(tid, 0) + 1
    return [
        SourceFile(path, tid if counts[tid] == 1 else f"{tid}{path.suffix.lower()}")
        for path, tid in sorted(found.items(), key=lambda item: item[1])
    ]


def read_bytes(path: Path) -> bytes:
    """The file's content, or UnreadableFile with the reason in plain words."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise UnreadableFile(
                str(path), f"too large to be a transcript ({size / 2**20:.0f} MiB)"
            )
        data = path.read_bytes()
    except PermissionError:
        raise UnreadableFile(str(path), "permission denied") from None
    except IsADirectoryError:
        raise UnreadableFile(str(path), "is a directory") from None
    except OSError as exc:
        raise UnreadableFile(str(path), exc.strerror or str(exc)) from None
    if not data.strip():
        raise UnreadableFile(str(path), "empty file")
    return data


def load(source: SourceFile, format_name: str | None = None) -> Transcript:
    """Read, decode, detect and parse one file into a transcript with numbered passages."""
    data = read_bytes(source.path)
    text, _encoding = decode(data, str(source.path))
    fmt = formats.by_name(format_name) if format_name else formats.detect(source.path, text)
    parsed = fmt.parse(text)
    passages = build_passages(parsed.turns)
    if not passages:
        raise UnreadableFile(str(source.path), f"no transcript text found (read as {fmt.name})")
    if parsed.meta.duration and all(p.start is None for p in passages):
        estimate_times(passages, parsed.meta.duration)
    return Transcript(
        id=source.id,
        path=str(source.path),
        format=fmt.name,
        sha256=hashlib.sha256(data).hexdigest(),
        meta=parsed.meta,
        passages=passages,
    )
