"""Files replaced whole or not at all: the one way soundbite writes a file someone may read meanwhile.

The index's manifest and push record, the `current` link that names the
index's generation, and every `export -o` are written the same way: under a
temporary name beside the target, made exclusively (`mkstemp`: a symbolic
link planted at that name is never followed), flushed to disk, then renamed
over the target in one step. A reader sees the old file or the new one,
never half of one; a file being replaced keeps its mode and owner; a device
or a named pipe (`-o /dev/stdout`, a FIFO) is written to directly, never
replaced by a regular file. A temporary file is named `.NAME.PID.RANDOM.part`,
so what a killed process left can be told from what a live one is writing
(`remove_leftovers`).
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator
from io import TextIOBase as TextIO  # typing's would load typing (3 ms) on every search, for an annotation
from pathlib import Path

SUFFIX = ".part"


def is_alive(pid: int) -> bool:
    """Whether process `pid` still runs (a file named after it is then its own, not a leftover)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def owner(name: str) -> int | None:
    """The process that writes a temporary file of ours (`.NAME.PID.RANDOM.part`; `NAME.PID.tmp` as
    versions before this one named them), or None for a name that is not one."""
    if name.startswith(".") and name.endswith(SUFFIX):
        pid = name[: -len(SUFFIX)].rsplit(".", 2)[-2] if name.count(".") >= 4 else ""
    elif name.endswith(".tmp") and name.count(".") >= 2:
        pid = name.rsplit(".", 2)[-2]
    else:
        return None
    return int(pid) if pid.isdigit() else None


def remove_leftovers(folder: Path, name: str | None = None) -> None:
    """Remove the temporary files in `folder` (of the target `name` only, if given) whose process is gone."""
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            if name is not None and not entry.name.startswith(f".{name}."):
                continue
            pid = owner(entry.name)
            if pid is not None and not is_alive(pid):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)


@contextlib.contextmanager
def replaced(path: Path, *, errors: str = "strict", newline: str | None = None) -> Iterator[TextIO]:
    """A text file (UTF-8) that replaces `path` when the block ends without an error, and is gone if not."""
    import tempfile  # (here: it loads `random`, which a search never needs)

    try:
        existing = path.stat()
    except FileNotFoundError:
        existing = None
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        with open(path, "w", encoding="utf-8", errors=errors, newline=newline) as out:
            yield out
        return
    remove_leftovers(path.parent, path.name)
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.{os.getpid()}.", suffix=SUFFIX)
    temporary = Path(name)
    try:
        if existing is not None:
            os.fchmod(handle, stat.S_IMODE(existing.st_mode))
            with contextlib.suppress(OSError):  # (only root may give a file to another owner)
                os.fchown(handle, existing.st_uid, existing.st_gid)
        else:
            mask = os.umask(0)
            os.umask(mask)
            os.fchmod(handle, 0o666 & ~mask)  # as `open` would have made it, not mkstemp's 0600
        with open(handle, "w", encoding="utf-8", errors=errors, newline=newline) as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            temporary.unlink()
        if isinstance(exc, OSError) and exc.filename is None:  # a write's error names no file: name it
            exc.filename = str(path)
        raise


def replace_link(path: Path, target: str) -> None:
    """Make `path` a symbolic link to `target` in one step (a link made beside it, renamed over it), and
    make the change durable (the folder synced)."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.link{SUFFIX}")
    with contextlib.suppress(FileNotFoundError):
        temporary.unlink()
    temporary.symlink_to(target)
    os.replace(temporary, path)
    fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
