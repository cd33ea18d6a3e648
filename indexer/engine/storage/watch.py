"""`soundbite index --watch`: the index kept current as transcripts arrive, within seconds, not at the next cron run.

The operating system's file events (inotify on Linux, through watchfiles)
say which paths changed; nothing is read until every changed path has been
quiet for the settle time (a file still being written keeps changing), and a
burst of changes (a folder of 500 files copied in) becomes one index run,
one commit. Each run is an ordinary incremental run (`writer.index_paths`)
told which paths changed, so it lists only their folders: the same rules as
`soundbite index` (unchanged files cost a stat, a changed file is replaced as
a unit, a deleted one removed, sidecars follow), and the same run lock, held
only while it writes, so a `soundbite index --rebuild` from cron can run
between batches (the next batch writes into whatever index is current).

What can happen to the folders (deleted, re-created, moved away, a full
disk, another run holding the index) is reported in one line and waited out;
the changes are kept and tried again, and nothing already indexed is lost.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from indexer.engine.storage import store
from indexer.engine.storage.writer import index_paths, is_under
from indexer.errors import SoundbiteError
from indexer.model import IndexReport, WatchSummary
from indexer.settings import Settings

SETTLE_SECONDS = 2.0
# A steady trickle of changes must not hold everything back: after this long, the paths that have
# been quiet for the settle time are indexed while the others go on changing.
LONGEST_WAIT = 30.0
WAKE_SECONDS = 0.5  # how often the loop looks at its folders while nothing happens
RETRY_SECONDS = 5.0  # after a failed batch (a full disk, a busy index): first wait, doubling to a minute


@dataclass
class Pending:
    """Changed paths waiting to be quiet: each with the time of its last change."""

    last: dict[str, float] = field(default_factory=dict)
    since: float | None = None  # when the oldest of them changed first

    def add(self, path: str, now: float) -> None:
        if not self.last:
            self.since = now
        self.last[path] = now

    def ready(self, now: float, settle: float) -> list[str]:
        """The paths to index now: all of them once all are quiet, else, after waiting long, the quiet ones."""
        if not self.last:
            return []
        if now - max(self.last.values()) >= settle:
            return sorted(self.last)
        if self.since is not None and now - self.since >= max(LONGEST_WAIT, settle * 10):
            return sorted(path for path, at in self.last.items() if now - at >= settle)
        return []

    def done(self, paths: list[str], now: float) -> None:
        for path in paths:
            self.last.pop(path, None)
        self.since = now if self.last else None


def wanted_path(path: str, roots: list[str], index_dir: Path) -> bool:
    """A path whose change may matter: under a root, not hidden, not in the index, a transcript's kind, or an
    ignore file (what it excludes changes)."""
    from indexer.transcripts.ignore import IGNORE_FILE
    from indexer.transcripts.sources import takes_suffix

    root = next((r for r in roots if is_under(path, r)), None)
    if root is None or is_under(path, str(index_dir)):
        return False
    relative = path[len(root) :].lstrip(os.sep)
    *folders, name = relative.split(os.sep)
    if name == IGNORE_FILE and not any(part.startswith(".") for part in folders):
        return True
    if any(part.startswith(".") for part in relative.split(os.sep) if part):
        return False  # hidden: editors' swap files, `.part` downloads, the index's own lock file
    # A folder (or a file without an extension, as mission transcripts are) has no suffix; a sidecar is .json.
    suffix = os.path.splitext(path)[1]
    return takes_suffix(suffix) or suffix.lower() == ".json"


def watch(
    index_dir: Path,
    paths: list[str] | None,
    *,
    settle: float = SETTLE_SECONDS,
    format_name: str | None = None,
    settings: Settings | None = None,
    on_batch: Callable[[IndexReport], None] | None = None,
    on_line: Callable[[str], None] | None = None,
    on_skip: Callable | None = None,
    on_note: Callable[[str], None] | None = None,
    stop: threading.Event | None = None,
    summary: WatchSummary | None = None,
    on_ready: Callable[[], None] | None = None,
    exclude: list[str] | None = None,
    forget_excludes: bool = False,
    ignore_files: bool | None = None,
    people: str | None = None,
    no_people: bool = False,
) -> WatchSummary:
    """Index `paths` (or the remembered folders), then keep the index current until `stop` is set or Ctrl-C.

    `exclude`, `forget_excludes` and `ignore_files` change the rules of the
    first run, as for `index_paths`; the index remembers them, and every
    batch after applies them.

    `on_batch` gets each run's report (the first run's too); `on_line` one line
    for each thing worth saying (a folder gone and back, a batch that failed);
    `on_ready` is called once, when the folders are watched: from then on no
    change is missed. (What changed between the first run and that moment is
    found by a second look, reported as a batch only when it found something.)
    `people`, `no_people`: the first run's (`index_paths`); later runs use what it remembered.
    """
    watcher = _Watcher(
        Path(os.path.abspath(index_dir)),
        settle,
        format_name,
        settings or Settings.from_environ(),
        on_batch,
        on_line or (lambda line: None),
        on_skip,
        on_note,
        stop or threading.Event(),
        summary if summary is not None else WatchSummary(),
        on_ready,
    )
    rules = {"exclude": exclude, "forget_excludes": forget_excludes, "ignore_files": ignore_files}
    watcher.run(None, paths, rules=rules, people=people, no_people=no_people)
    watcher.follow(paths)
    return watcher.summary


@dataclass
class _Watcher:
    """A watch's settings and state: what is watched, what waits to be indexed, when to retry."""

    index_dir: Path
    settle: float
    format_name: str | None
    settings: Settings
    on_batch: Callable[[IndexReport], None] | None
    say: Callable[[str], None]
    on_skip: Callable | None
    on_note: Callable[[str], None] | None
    stop: threading.Event
    summary: WatchSummary
    on_ready: Callable[[], None] | None
    given: list[str] | None = None  # the paths the watch was started with
    ready: bool = False  # the folders are watched: `on_ready` has been called
    folders: list[str] = field(default_factory=list)  # folders watched for the transcripts in them
    files: list[str] = field(default_factory=list)  # files given themselves: their folders are watched for them
    watched: list[str] = field(default_factory=list)
    pending: Pending = field(default_factory=Pending)
    identity: dict[str, tuple[int, int] | None] = field(default_factory=dict)
    gone_said: set[str] = field(default_factory=set)
    retry_at: float = 0.0
    retry_wait: float = field(default_factory=lambda: RETRY_SECONDS)  # (read when the watch starts)

    def run(
        self,
        changed: list[str] | None,
        given: list[str] | None = None,
        quiet_if_nothing: bool = False,
        rules=None,
        people: str | None = None,
        no_people: bool = False,
    ) -> None:
        """One index run (of the changed paths, or of all that is given), its report passed on (not when
        `quiet_if_nothing` and it changed nothing). `rules`: the first run's changes to what is excluded."""
        report = index_paths(
            self.index_dir,
            given,
            format_name=self.format_name,
            on_skip=self.on_skip,
            on_note=self.on_note,
            settings=self.settings,
            changed=changed,
            **(rules or {}),
            people=people,
            no_people=no_people,
        )
        if quiet_if_nothing and not (
            report.added or report.updated or report.removed or report.skipped or report.renamed
        ):
            return
        self.summary.count(report)
        if self.on_batch:
            self.on_batch(report)
        if report.interrupted:  # the Ctrl-C came while the batch committed: the batch is done, now stop
            raise KeyboardInterrupt

    def keep(self, path: str) -> bool:
        return path in self.files or wanted_path(path, self.folders, self.index_dir)

    def follow(self, paths: list[str] | None) -> None:
        """Watch the folders the index remembers (those of `paths`, if given) until told to stop."""
        self.given = paths
        roots = store.read_manifest(self.index_dir, with_files=False).roots
        if paths:  # watch what was given; the index may remember more
            given = {str(Path(p).resolve()) for p in paths}
            roots = [root for root in roots if root in given]
        self.folders = [root for root in roots if not os.path.isfile(root)]
        self.files = [root for root in roots if os.path.isfile(root)]
        self.watched = sorted({*self.folders, *(os.path.dirname(f) for f in self.files)})
        self.identity = {root: _identity(root) for root in self.watched}
        while not self.stop.is_set():
            present = [root for root in self.watched if os.path.isdir(root)]
            for root in self.watched:
                if root not in present and root not in self.gone_said:
                    self.gone_said.add(root)
                    self.say(f"{root} is gone: its transcripts stay indexed; watching for it to come back")
            if present:
                self.watch_once(present)
            else:
                self.stop.wait(WAKE_SECONDS)

    def watch_once(self, present: list[str]) -> None:
        """Watch the folders there are until one of them is replaced (or the watch must start again)."""
        import watchfiles

        events = watchfiles.watch(
            *present,
            watch_filter=lambda _change, path: self.keep(path),
            debounce=200,
            step=50,
            rust_timeout=int(WAKE_SECONDS * 1000),
            yield_on_timeout=True,
            stop_event=self.stop,
            raise_interrupt=True,
        )
        try:
            for changes in events:
                if not self.ready:  # the first answer (changes, or the timeout's empty one): the watch is set up
                    self.watching()
                now = time.monotonic()
                for _, path in changes:
                    self.pending.add(path, now)
                if self.replaced(present, now):
                    return  # watch again: the old watch is on a folder that is no longer there
                if now >= self.retry_at:
                    self.index_ready(now)
        except FileNotFoundError:
            return  # a watched folder went while the watch was being set up: look again
        except RuntimeError as exc:
            # watchfiles cannot report a file whose name is not UTF-8 (`caf\xe9.srt`) and gives up the
            # watch: the folders are scanned instead, which finds it, and the watch starts again.
            if type(exc).__name__ != "WatchfilesRustInternalError":
                raise
            self.say("a changed file's name is not UTF-8, which the file events cannot report: scanning the folders")
            try:
                self.run(None, present)
            except (SoundbiteError, OSError) as failure:
                self.summary.failures += 1
                self.say(f"could not scan the folders ({failure}): again at the next change")
        except OSError as exc:  # the system's limit of watches (fs.inotify.max_user_watches), say
            raise SoundbiteError(f"cannot watch {', '.join(present)}: {exc}") from None
        finally:
            events.close()

    def watching(self) -> None:
        """The folders are watched now: look once more for what changed since the first run (a file that
        arrived while the watch was being set up), then say so."""
        self.ready = True
        try:
            self.run(None, self.given, quiet_if_nothing=True)
        except (SoundbiteError, OSError) as exc:  # a busy index, a full disk: the next change tries again
            self.summary.failures += 1
            self.say(f"could not look for changes made while the watch started ({exc}): again at the next change")
        if self.on_ready:
            self.on_ready()

    def replaced(self, present: list[str], now: float) -> bool:
        """Whether a watched folder was deleted and made again, or moved away and another put in its place;
        such a folder is looked at whole."""
        moved = _moved(self.watched, self.identity, present)
        for root in moved:
            self.identity[root] = _identity(root)
            if os.path.isdir(root):
                if root in self.gone_said:
                    self.gone_said.discard(root)
                    self.say(f"{root} is back")
                self.pending.add(root, now)
        return bool(moved)

    def index_ready(self, now: float) -> None:
        """Index the changed paths that are ready; a failed batch is retried later, waiting longer each time."""
        ready = self.pending.ready(now, self.settle)
        if not ready:
            return
        try:
            self.run(ready)
        except (SoundbiteError, OSError) as exc:
            self.summary.failures += 1
            where = f"{exc.filename}: " if isinstance(exc, OSError) and exc.filename else ""
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            self.say(f"could not index {len(ready)} changed paths ({where}{reason}): again in {self.retry_wait:g} s")
            self.retry_at = time.monotonic() + self.retry_wait
            self.retry_wait = min(60.0, self.retry_wait * 2)
            return
        self.retry_wait = RETRY_SECONDS
        self.pending.done(ready, time.monotonic())


def _identity(path: str) -> tuple[int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_dev, stat.st_ino


def _moved(watched: list[str], identity: dict, present: list[str]) -> list[str]:
    """Roots that are not the folder the watch was set on (gone, or replaced), or that came back."""
    changed = []
    for root in watched:
        now = _identity(root)
        if now != identity.get(root) or (root in present) != (now is not None):
            changed.append(root)
    return changed
