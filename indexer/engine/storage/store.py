"""Where an index lives on disk: generations, the atomic swap, the run lock.

    index/
      current -> gen-20261125-191200-4242     the generation searches open
      gen-20261125-191200-4242/               Whoosh's files, soundbite.json, files.json
      .lock                                   held by the one `soundbite index` run

A rebuild writes a whole new generation beside the current one and then points
`current` at it with one atomic rename, so a search sees the old index or the
new one, never a half-built one, and a rebuild that fails leaves `current`
alone. Updates happen inside the current generation through Whoosh's own
commit, which is atomic too.

The run lock is an `flock` on `.lock`: the kernel drops it when the process
dies, however it dies, so a run killed with SIGKILL leaves no stale lock.

Indexes are opened with memory-mapping off: Whoosh's default storage maps each
segment file and then copies it into memory on every open (measured at 50,000
transcripts: 966 MB and about 250 ms per search), while plain reads give the
same hits in a fraction of the memory.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from indexer import atomic
from indexer.engine.adapter import ranking
from indexer.engine.storage.manifest import Manifest
from indexer.engine.storage.schema import SCHEMA_VERSION, TEXT
from indexer.errors import IndexBusy, IndexIncompatible, IndexMissing, SoundbiteError
from indexer.settings import Settings

DEFAULT_INDEX = "index"
CURRENT = "current"
LOCK_FILE = ".lock"


def resolve_index_dir(given: str | os.PathLike[str] | None, settings: Settings | None = None) -> Path:
    """`--index DIR`, else the setting SOUNDBITE_INDEX, else ./index."""
    if given:
        return Path(given)
    return Path((settings or Settings.from_environ()).index or DEFAULT_INDEX)


def _storage(path: Path):
    from whoosh.filedb.filestore import FileStorage

    return FileStorage(str(path), supports_mmap=False)


def current_generation(index_dir: Path) -> Path | None:
    link = index_dir / CURRENT
    if not link.is_symlink() and not link.is_dir():
        return None
    target = link.resolve()
    return target if target.is_dir() else None


def exists(index_dir: Path) -> bool:
    return current_generation(index_dir) is not None


def is_legacy(index_dir: Path) -> bool:
    """An index from before generations: Whoosh's files straight in the folder."""
    return any(index_dir.glob("_MAIN_*.toc"))


def read_manifest(index_dir: Path, with_files: bool = True) -> Manifest:
    """The current generation's manifest, checked against this version's schema."""
    generation = current_generation(index_dir)
    if generation is None:
        if is_legacy(index_dir):
            raise IndexIncompatible(
                f"the index at {index_dir.absolute()} was made by an older version of soundbite: "
                "rebuild it with 'soundbite index --rebuild PATH...'"
            )
        state = "the folder holds none" if index_dir.is_dir() else "no such folder"
        raise IndexMissing(
            f"no index at {index_dir.absolute()} ({state}): build one with 'soundbite index PATH', "
            "or give the index's folder with --index DIR or SOUNDBITE_INDEX"
        )
    manifest = Manifest.load(generation, with_files)
    version = manifest.schema_version if manifest else None
    if version != SCHEMA_VERSION:
        made_by = f"schema version {version}" if version else "an unknown version"
        raise IndexIncompatible(
            f"the index at {index_dir.absolute()} was made by {made_by} of soundbite and this one reads "
            f"version {SCHEMA_VERSION}: rebuild it with 'soundbite index --rebuild'"
        )
    return manifest


# How many times a search opens the index again when a commit or a swap removed a file under it.
OPEN_ATTEMPTS = 5


def open_for_search(index_dir: Path):
    """The current generation's index, opened for reading.

    Whoosh finds its newest table of contents by listing the folder, then
    opens it; a commit in between replaces that file (and a rebuild's swap
    can remove the whole generation), so the open fails with a missing file
    (seen twice in 13,000 searches of `bench/stress.py`). Opening again reads
    the index as it now is: one whole committed state either way.
    """
    from indexer.engine.adapter.search_index import search_index_class

    SearchIndex = search_index_class()
    for attempt in range(OPEN_ATTEMPTS):
        # The version check, and the languages a query is stemmed in; the file records are not needed.
        manifest = read_manifest(index_dir, with_files=False)
        try:
            index = SearchIndex(_storage(current_generation(index_dir)))
            index.schema  # noqa: B018  (read now, inside the retry)
            index.languages = tuple(manifest.languages) or ("en",)
            index.whole_words = manifest.whole_words
            index.weighting = ranking.weighting(TEXT)
            return index
        except FileNotFoundError:
            if attempt == OPEN_ATTEMPTS - 1:
                raise
            time.sleep(0.01 * (attempt + 1))
    raise AssertionError("unreachable")


def new_generation(index_dir: Path) -> Path:
    """An empty Whoosh index in a new generation folder, not yet current."""
    import secrets

    from indexer.engine.storage.schema import build_schema

    stamp = time.strftime("%Y%m%d-%H%M%S")
    generation = index_dir / f"gen-{stamp}-{os.getpid()}-{secrets.token_hex(3)}"
    generation.mkdir(parents=True)
    _storage(generation).create_index(build_schema())
    return generation


def publish(index_dir: Path, generation: Path) -> None:
    """Make `generation` current in one atomic step, then drop all but the previous one.

    The previous generation is kept until the next swap, so a search that
    opened it just before this one finishes reading it.
    """
    import shutil  # (not loaded by a search)

    previous = current_generation(index_dir)
    atomic.replace_link(index_dir / CURRENT, generation.name)
    keep = {generation.name, previous.name if previous else None}
    for old in index_dir.glob("gen-*"):
        if old.name not in keep:
            shutil.rmtree(old, ignore_errors=True)


def clean_leftovers(index_dir: Path) -> None:
    """Remove what an interrupted run left and no live process owns (the caller holds the run lock,
    so no other run is writing): a killed `--rebuild`'s generation, a full disk's partial segments,
    temporary files of processes that are gone. Without this, a disk that once filled up stays full
    and every later run fails."""
    import shutil  # (not loaded by a search)

    current = current_generation(index_dir)
    if current is None:
        return
    older = []
    for folder in index_dir.glob("gen-*"):
        if folder == current:
            continue
        if folder.name > current.name:  # begun after the current one was published, never published
            shutil.rmtree(folder, ignore_errors=True)
        else:
            older.append(folder)
    for folder in sorted(older)[:-1]:  # the one before the current may still be read by a search
        shutil.rmtree(folder, ignore_errors=True)
    for folder in (index_dir, current):
        atomic.remove_leftovers(folder)
    with contextlib.suppress(Exception):  # (an index Whoosh cannot open is reported by the run itself)
        from indexer.engine.adapter.commit import remove_unlisted_files

        remove_unlisted_files(open_generation(current))


def discard(generation: Path) -> None:
    import shutil  # (not loaded by a search)

    shutil.rmtree(generation, ignore_errors=True)


def open_generation(generation: Path):
    return _storage(generation).open_index()


def storage_of(generation: Path):
    """Whoosh's storage for a generation's folder (for writing segments into it)."""
    return _storage(generation)


@contextlib.contextmanager
def run_lock(index_dir: Path, wait: float, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold the index's run lock, waiting up to `wait` seconds for another run to end."""
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(index_dir / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise SoundbiteError(f"cannot write to the index folder {index_dir.absolute()}: {_reason(exc)}") from None
    try:
        deadline = time.monotonic() + wait
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise IndexBusy(
                        f"the index at {index_dir.absolute()} is being updated by another soundbite run; "
                        "try again when it has finished"
                    ) from None
                if not told and on_wait:
                    on_wait()
                    told = True
                time.sleep(0.1)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def _reason(exc: OSError) -> str:
    if exc.errno == errno.EROFS:
        return "read-only file system"
    if exc.errno == errno.ENOSPC:
        return "no space left on device"
    return exc.strerror or str(exc)


def disk_usage(index_dir: Path) -> int:
    generation = current_generation(index_dir)
    if generation is None:
        return 0
    return sum(f.stat().st_size for f in generation.iterdir() if f.is_file())
