"""Keeping the index current: only the work that changed, committed atomically.

A run compares every file under its folders with the manifest: a file whose
size and mtime are unchanged is not read, one whose content hash is unchanged
is not parsed, a changed file's passages are replaced as a unit (delete by
path, then add), a new one is added, and one that disappeared from a folder
that was scanned is removed. Nothing is written when nothing changed.

The people file (`transcripts.people`: `--people FILE`, remembered, or
`soundbite.toml` beside the index) names the passages of every file read; when
its content changed since the last run, it is applied again to the passages
already indexed, from their stored fields (`renames`), in the same commit. A
people file that cannot be used stops the run before anything is written.

Whoosh facts this is built around (measured): one writer at a time (`writer()`
raises `LockError` at once with its default timeout of 0), so soundbite holds
its own run lock around the whole run; an open searcher keeps its snapshot
across commits, so searches during an update see the last commit; deletes only
mark documents until segments merge; the schema is pickled into the index, so
only Whoosh's own analyzer parts are used.
"""

from __future__ import annotations

import contextlib
import functools
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import astuple, dataclass, field
from pathlib import Path

from indexer.engine.storage import store
from indexer.engine.storage.manifest import FileRecord, Manifest, SkippedFile
from indexer.engine.storage.schema import PATH, SCHEMA_VERSION, missing_fields, stored_path
from indexer.errors import SoundbiteError, UnreadableFile
from indexer.model import IndexReport, Progress
from indexer.settings import Settings
from indexer.transcripts import ignore, sources

# From this many files to parse on, postings are written by two worker
# processes, each making its own segment (measured on 2 cores, 84,000 passages
# of the real corpus: 104 s in one process, 59 s with two). Below it, starting
# the workers costs more than it saves.
PARALLEL_FROM_FILES = 64
# ... or from this many bytes to read, however few the files: a dataset of
# thousands of transcripts in one file has as many postings as a folder of them.
PARALLEL_FROM_BYTES = 16 * 1024 * 1024


def is_under(path: str, root: str) -> bool:
    """`path` is `root` or inside it (as strings: no file system call)."""
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
    changed: list[str] | None = None,
    exclude: list[str] | None = None,
    forget_excludes: bool = False,
    ignore_files: bool | None = None,
    people: str | os.PathLike[str] | None = None,
    no_people: bool = False,
) -> IndexReport:
    """Bring the index at `index_dir` up to date with `paths` (or with the folders it remembers).

    `settings` (the lock wait, the posting pool's size) default to the environment's.
    `changed`: only these paths changed (files or folders, there or gone, as a
    file watcher heard): only their folders are looked at, with the same rules.
    What a walk passes over is remembered with the folders (`transcripts.ignore`):
    `exclude` patterns are added to those the index has (after `forget_excludes`
    drops them), and `ignore_files` (None: as before) turns `.soundbiteignore`
    files and the built-in list on or off. A file indexed before and excluded
    now is removed, as a deleted one is.
    `people`: the people file to use from now on (else the one given before, else `soundbite.toml`
    beside the index, if there is one); `no_people`: none, and forget the one given before.
    """
    settings = settings or Settings.from_environ()
    began = time.perf_counter()
    report = IndexReport(rebuilt=rebuild)

    manifest: Manifest | None = None  # (the run's, once read under the lock)

    def skip(problem: UnreadableFile, stat: tuple[int, int] | None = None, digest: str = "") -> None:
        """A file that cannot be used: reported, unless it was skipped for the same reason before and has
        not changed since (the same size and time, or the same content); remembered either way."""
        before = manifest.skipped.get(problem.path)
        size, mtime_ns = stat or (-1, -1)
        same = (
            before is not None
            and before.reason == problem.reason
            and ((before.size, before.mtime_ns) == (size, mtime_ns) or bool(digest and digest == before.sha256))
        )
        manifest.skipped[problem.path] = SkippedFile(
            problem.reason, size, mtime_ns, digest, before.since if same else time.time()
        )
        if same:
            report.skipped_known.append(problem)
            return
        report.skipped.append(problem)
        if on_skip:
            on_skip(problem)

    def note(line: str) -> None:
        report.notes.append(line)
        if on_note:
            on_note(line)

    with store.run_lock(index_dir, settings.lock_wait, on_wait):
        store.clean_leftovers(index_dir)
        previous = None if rebuild else _current_manifest(index_dir)
        last = previous or _last_manifest(index_dir)
        remembered = last.roots if last else []
        # Read and checked before anything is written: a people file that cannot be used changes nothing.
        who = _people_file(index_dir, people, no_people, last.people if last else None)
        report.people = who.path if who else ""
        people_changed = previous is not None and _people_sha256(previous) != (who.sha256 if who else "")
        report.people_changed = people_changed
        roots = [str(Path(p).resolve()) for p in paths] if paths else remembered
        if not roots:
            raise SoundbiteError("nothing to index: give a file or folder (the index remembers none yet)")
        rules = _rules(last, exclude or [], forget_excludes, ignore_files)
        # Files vanish from the index only from roots that were there to scan:
        # an unmounted folder is an error, not an instruction to forget it.
        scanned = [r for r in roots if Path(r).exists()]
        if changed is None or previous is None:
            discovery = sources.discover(roots, exclude=[index_dir], rules=rules)
            in_scope = functools.partial(_under_any, roots=scanned)
        else:
            discovery, in_scope = _discover_changed(changed, scanned, index_dir, rules)
        report.missing = discovery.missing
        report.excluded = sorted(item.shown for item in discovery.excluded)

        people_before = previous.people if previous else None
        manifest = previous or Manifest(SCHEMA_VERSION, whole_words=True)
        skipped_before = {path: astuple(record) for path, record in manifest.skipped.items()}
        manifest.people = {"path": who.path, "sha256": who.sha256, "given": who.given} if who else None
        manifest.roots = list(dict.fromkeys([*manifest.roots, *(r for r in roots if Path(r).exists())]))
        rules_changed = (manifest.excludes, manifest.ignore_files) != (list(rules.patterns), rules.ignore_files)
        manifest.excludes, manifest.ignore_files = list(rules.patterns), rules.ignore_files
        to_read, found_paths, sidecars = _plan(discovery.files, manifest, report)
        gone = [p for p in manifest.files if p not in found_paths and in_scope(p)]
        # A skipped file that is gone, or is now read, is forgotten; one skipped again is remembered anew.
        seen = found_paths | {problem.path for problem in discovery.skipped}
        for path in [p for p in manifest.skipped if p not in seen and in_scope(p)]:
            del manifest.skipped[path]
        for problem in discovery.skipped:
            skip(problem)
        report.elsewhere = sum(
            len(record.transcript_ids)
            for path, record in manifest.files.items()
            if path not in found_paths and not in_scope(path)
        )
        report.removed_excluded = _now_excluded(gone, discovery.excluded, manifest)

        generation = store.new_generation(index_dir) if previous is None else None
        published = False
        try:
            with contextlib.ExitStack() as hold:  # `_write` holds Ctrl-C from its commit to the end of this
                run = _Run(
                    generation or store.current_generation(index_dir),
                    manifest,
                    report,
                    sidecars,
                    format_name,
                    skip,
                    note,
                    on_progress,
                    settings.limit_mb,
                    who,
                    people_changed,
                    stats={str(source.path): stat for source, stat in to_read if stat is not None},
                )
                changed = _write(run, to_read, gone, hold)
                remembered_skips = {path: astuple(record) for path, record in manifest.skipped.items()}
                remembered_changed = (
                    rules_changed or people_before != manifest.people or remembered_skips != skipped_before
                )
                if changed or generation is not None or people_changed or remembered_changed:
                    manifest.save(generation or store.current_generation(index_dir))
                if generation is not None:
                    store.publish(index_dir, generation)
                    published = True
        except BaseException:
            if generation is not None and not published:
                store.discard(generation)
            raise
    report.transcripts = sum(len(record.transcript_ids) for record in manifest.files.values())
    report.seconds = time.perf_counter() - began
    return report


def _under_any(path: str, roots: list[str]) -> bool:
    return any(is_under(path, root) for root in roots)


def _discover_changed(changed: list[str], roots: list[str], index_dir: Path, rules: ignore.Rules):
    """The files of the folders where `changed` paths are, and which indexed paths those folders cover.

    A file there or gone: its folder is listed again. A folder that appeared:
    walked. A path that is gone: whatever was indexed under it is gone too.
    An ignore file there or gone: its folder is walked again, with what it says now.
    """
    flat: set[Path] = set()  # folders listed: their files
    deep: set[Path] = set()  # folders walked: everything under them
    forgotten: set[str] = set()  # gone paths: everything indexed under them
    by_root: dict[str, list[tuple[Path, bool]]] = {}
    single: set[str] = set()  # files that are roots themselves
    for text in changed:
        root = max((r for r in roots if is_under(text, r)), key=len, default=None)
        if root is None:
            continue
        path = Path(text)
        if not os.path.isdir(root):  # a file indexed by name: itself, whatever is beside it
            single.add(root)
            continue
        if path.name == ignore.IGNORE_FILE and path.parent.is_dir():
            scope = (path.parent, True)
        elif path.is_dir():
            scope = (path, True)
        elif path.exists():
            scope = (path.parent, False)
        else:
            forgotten.add(str(path.resolve()))
            folder = path.parent
            while not folder.is_dir() and is_under(str(folder.parent), root):
                folder = folder.parent
            if not folder.is_dir():
                continue
            scope = (folder, folder != path.parent)
        by_root.setdefault(root, []).append(scope)
        (deep if scope[1] else flat).add(scope[0].resolve())
    named = sources.discover(sorted(p for p in single if os.path.isfile(p)))
    files, skipped = list(named.files), list(named.skipped)
    for root, scopes in by_root.items():
        found = sources.discover_within(root, sorted(set(scopes)), exclude=[index_dir], rules=rules)
        files += found.files
        skipped += found.skipped
    flat_names = {str(folder) for folder in flat}
    deep_names = [str(folder) for folder in deep]

    def in_scope(key: str) -> bool:
        return (
            key in single
            or os.path.dirname(key) in flat_names
            or any(is_under(key, folder) for folder in deep_names)
            or any(is_under(key, gone) for gone in forgotten)
        )

    return sources.Discovery(files, [], skipped), in_scope


def _current_manifest(index_dir: Path) -> Manifest | None:
    """The manifest to update, None for a new index; an incompatible one raises."""
    if store.exists(index_dir) or store.is_legacy(index_dir):
        return store.read_manifest(index_dir)
    return None


def _last_manifest(index_dir: Path) -> Manifest | None:
    """The current index's manifest without its files: a rebuild re-scans the folders it was built from,
    with the same rules and the people file it was given."""
    generation = store.current_generation(index_dir)
    return Manifest.load(generation, with_files=False) if generation else None


def _rules(remembered: Manifest | None, exclude: list[str], forget: bool, ignore_files: bool | None) -> ignore.Rules:
    """The rules of this run: the patterns remembered (none after `forget`) and those given, each once, in
    the order first given; ignore files as remembered unless said. A bad pattern given raises here, before
    anything is read or written."""
    ignore.check_patterns(exclude)
    kept = [] if forget or remembered is None else remembered.excludes
    if ignore_files is None:
        ignore_files = remembered.ignore_files if remembered is not None else True
    return ignore.Rules(tuple(dict.fromkeys([*kept, *exclude])), ignore_files)


def _now_excluded(gone: list[str], excluded: list[sources.Excluded], manifest: Manifest) -> int:
    """Transcripts among those of `gone` files that are there but excluded (a file, or in a folder passed over)."""
    files = {str(item.path) for item in excluded}
    folders = [str(item.path) for item in excluded if item.shown.endswith("/")]
    return sum(
        len(manifest.files[key].transcript_ids)
        for key in gone
        if key in files or any(is_under(key, folder) for folder in folders)
    )


def _people_file(index_dir: Path, given, no_people: bool, remembered: dict | None):
    """The people file of this run, read and checked (`transcripts.people.read`), or None."""
    from indexer.transcripts import people

    if no_people:
        if given:
            raise SoundbiteError("--people and --no-people: give one")
        return None
    if given:
        path = Path(given)
        if not path.is_file():
            raise SoundbiteError(f"--people {given}: {'is a folder' if path.is_dir() else 'no such file'}")
        found = people.read(Path(os.path.abspath(path)))
        found.given = True
        return found
    if remembered and remembered.get("given"):
        path = Path(remembered["path"])
        if not path.is_file():
            raise SoundbiteError(
                f"the people file {path}, given with --people before, is not there: give --people FILE, "
                "or --no-people to index without one"
            )
        found = people.read(path)
        found.given = True
        return found
    beside = Path(os.path.abspath(index_dir)).parent / people.FILE_NAME
    return people.read(beside) if beside.is_file() else None


def _people_sha256(manifest: Manifest) -> str:
    return manifest.people["sha256"] if manifest.people else ""


@dataclass
class Sidecars:
    """Each file's sidecar as found by this run ([size, mtime_ns], [] for none), and the files to parse
    again because only their sidecar changed (their own content is the same)."""

    found: dict[str, list[int]] = field(default_factory=dict)
    changed: set[str] = field(default_factory=set)


def _plan(files: list[sources.SourceFile], manifest: Manifest, report: IndexReport):
    """Files to read (new or touched, or whose sidecar is), every path found, and their sidecars.

    Unchanged ones cost one stat, two with a sidecar.
    """
    to_read = []
    found = set()
    sidecars = Sidecars()
    for source in files:
        key = str(source.path)
        found.add(key)
        record = manifest.files.get(key)
        sidecar = sidecars.found[key] = _stat_of(source.sidecar)
        try:
            stat = source.path.stat()
        except OSError:
            to_read.append((source, None))  # reading it will say what is wrong
            continue
        skipped = manifest.skipped.get(key)
        if skipped is not None and (skipped.size, skipped.mtime_ns) == (stat.st_size, stat.st_mtime_ns):
            report.skipped_known.append(UnreadableFile(key, skipped.reason))  # (as before: not read again)
            continue
        same_file = record is not None and record.size == stat.st_size and record.mtime_ns == stat.st_mtime_ns
        if same_file and record.sidecar in (None, sidecar):
            record.sidecar = sidecar
            report.unchanged += len(record.transcript_ids)
            continue
        if same_file:
            sidecars.changed.add(key)
        to_read.append((source, (stat.st_size, stat.st_mtime_ns)))
    return to_read, found, sidecars


def _stat_of(sidecar: Path | None) -> list[int]:
    if sidecar is None:
        return []
    try:
        stat = sidecar.stat()
    except OSError:
        return []
    return [stat.st_size, stat.st_mtime_ns]


@contextlib.contextmanager
def _interrupts_held(report: IndexReport):
    """SIGINT held back in the main thread while the run completes; one that came meanwhile came too
    late to stop it: the run ends as a finished one, and says so (`report.interrupted`) to a caller that
    would go on (`index --watch` stops then)."""
    held = threading.current_thread() is threading.main_thread()
    if held:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        # The mask is this thread's: another thread (rich's refresh thread, a library's pool) may take
        # the signal, and Python would then raise it here all the same. Its handler is set aside too.
        before = signal.signal(signal.SIGINT, lambda signum, frame: setattr(report, "interrupted", True))
    try:
        yield
    finally:
        if held:
            if signal.SIGINT in signal.sigpending():
                signal.sigwait({signal.SIGINT})
                report.interrupted = True
            signal.signal(signal.SIGINT, before if before is not None else signal.SIG_DFL)
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


@dataclass
class _Run:
    """One run of `index_paths`, as its writing sees it: where it writes, what it keeps, whom it tells."""

    generation: Path  # the index folder written to
    manifest: Manifest
    report: IndexReport
    sidecars: Sidecars
    format_name: str | None
    skip: Callable[[UnreadableFile], None]
    note: Callable[[str], None]
    on_progress: Callable[[Progress], None] | None
    limit_mb: int  # the posting pool's size
    people: object = None  # the people file (`transcripts.people.People`), or None
    people_changed: bool = False  # since the last run: applied again to the passages indexed before
    replaced: set[str] = field(default_factory=set)  # the files whose passages this run wrote again
    file_notes: dict[str, list[str]] = field(default_factory=dict)  # the notes of files being read, by path
    stats: dict[str, tuple[int, int]] = field(default_factory=dict)  # (size, mtime_ns) of files read, by path


def _write(run: _Run, to_read: list, gone: list[str], hold: contextlib.ExitStack) -> bool:
    """Parse what changed into new segments, delete what was replaced, and commit it all at once.

    `to_read`: (source, stat) pairs; `gone`: indexed paths no longer there. Ctrl-C is held from the
    commit on through `hold`. True when the index changed.
    """
    from whoosh.index import LockError

    writer = None  # Whoosh's own writer: deletions, merging small segments, the commit
    written: list = []  # the new segments
    counts = Progress(0, len(to_read), 0)
    try:
        if to_read:
            writer = _open_writer(run.generation)  # the schema the segments are written with, brought up to date
            _read_into_segments(run, to_read, writer, written, counts)
        for key in gone:
            if writer is None:
                writer = _open_writer(run.generation)
            writer.delete_by_term(PATH, stored_path(key))
            run.report.removed += len(run.manifest.files.pop(key).transcript_ids)
            run.replaced.add(key)
        if run.people_changed:
            if writer is None:
                writer = _open_writer(run.generation)
            _rename(run, writer, written)
        if writer is None:
            return False
        if not written and not gone:  # every file read was unchanged after all, or skipped
            _cancel(writer, written)
            writer = None
            return False
        if run.on_progress:
            run.on_progress(Progress(counts.done, counts.total, counts.passages, phase="committing"))
        # From here the index, its manifest and (for a rebuild) the swap change together: a Ctrl-C
        # waits until they have (bench/stress.py: a SIGINT after the commit deleted its segments).
        hold.enter_context(_interrupts_held(run.report))
        from indexer.engine.adapter.commit import commit_with

        commit_with(writer, written)
        writer = None
        return True
    except LockError:
        raise SoundbiteError(f"the Whoosh index in {run.generation} is locked by another writer") from None
    finally:
        if writer is not None:
            _cancel(writer, written)


def _read_into_segments(run: _Run, to_read: list, writer, written: list, counts: Progress) -> None:
    """Read the files into new segments (in worker processes for a large run), recording each file's outcome
    as it comes; `written` gathers the segments, `counts` how far the run is."""
    from indexer.engine.storage import segments  # only now: a run with nothing to read imports no writer

    jobs = []
    for source, stat in to_read:
        key = str(source.path)
        record = run.manifest.files.get(key)
        # A changed sidecar changes the transcript's metadata, not its content: parse it whatever its hash.
        known = record.sha256 if record and key not in run.sidecars.changed else None
        jobs.append(segments.Job(source, stat, known))
    size = sum(stat[0] for _, stat in to_read if stat is not None)
    parallel = (len(jobs) >= PARALLEL_FROM_FILES or size >= PARALLEL_FROM_BYTES) and (os.cpu_count() or 1) >= 2
    held = max(1, run.limit_mb * 2**20 // BYTES_A_POSTING)
    if parallel:
        messages = segments.read_in_workers(run.generation, jobs, run.format_name, held, WORKERS, run.people)
    else:
        messages = segments.read_here(run.generation, jobs, run.format_name, held, run.people)
    tell = run.on_progress or (lambda progress: None)
    with contextlib.closing(messages):
        for message in messages:
            if isinstance(message, segments.FileRead):
                counts.done += 1
                counts.passages += _record(message.outcome, run, writer)
                tell(Progress(counts.done, counts.total, counts.passages))
            elif isinstance(message, segments.RowsRead):
                _pass_on(message.notes, message.key, run)
                tell(Progress(counts.done, counts.total, counts.passages + message.passages, rows=message.rows))
            elif isinstance(message, segments.SegmentWritten):
                written.append(message.segment)
            elif isinstance(message, segments.Writing):
                tell(Progress(counts.done, counts.total, counts.passages, phase="writing"))


def _rename(run: _Run, writer, written: list) -> None:
    """A changed people file applied again to the passages indexed before this run (`renames`)."""
    from indexer.engine.storage import renames

    if run.on_progress:
        run.on_progress(Progress(0, 0, 0, phase="renaming"))
    held = max(1, run.limit_mb * 2**20 // BYTES_A_POSTING)
    done = renames.reapply(run.generation, run.people, run.manifest, run.replaced.__contains__, writer, written, held)
    run.report.renamed += done.passages
    run.report.undated += done.undated


# Bytes a posting costs the bulk writer in memory (measured on the synthetic corpus: 20 to 50).
BYTES_A_POSTING = 32
# Worker processes for a large run: one a core on the 2-core machines this was measured on.
WORKERS = 2


def _record(outcome, run: _Run, writer) -> int:
    """One file's outcome into the report and the manifest; the passages it added."""
    manifest, report, sidecars = run.manifest, run.report, run.sidecars
    _pass_on(outcome.notes, outcome.key, run)
    notes = run.file_notes.pop(outcome.key, [])
    if outcome.problem is None:
        manifest.skipped.pop(outcome.key, None)  # (read at last: no longer skipped)
    if outcome.not_transcript:
        return 0
    if outcome.problem is not None:
        run.skip(outcome.problem, run.stats.get(outcome.key), outcome.digest)
        return 0
    record = manifest.files.get(outcome.key)
    if outcome.unchanged:
        record.size, record.mtime_ns = outcome.size, outcome.mtime_ns
        record.sidecar = sidecars.found.get(outcome.key, [])
        report.unchanged += len(record.transcript_ids)
        return 0
    if record:
        writer.delete_by_term(PATH, stored_path(outcome.key))
    run.replaced.add(outcome.key)
    report.undated += outcome.undated
    # Counted by transcript: a file of several stories or rows is several.
    before = set(record.transcript_ids) if record else set()
    after = set(outcome.ids)
    report.added += len(after - before)
    report.updated += len(after & before)
    report.removed += len(before - after)
    report.passages += outcome.passages
    manifest.files[outcome.key] = FileRecord(
        id=outcome.source_id,
        size=outcome.size,
        mtime_ns=outcome.mtime_ns,
        sha256=outcome.digest,
        format=outcome.format,
        passages=outcome.passages,
        speakers=list(map(sys.intern, outcome.speakers)),  # the same few names in file after file
        stories=outcome.ids if len(outcome.ids) > 1 or outcome.ids[0] != outcome.source_id else [],
        sidecar=sidecars.found.get(outcome.key, []),
        languages=outcome.languages,
        notes=notes[:MAX_NOTES_KEPT],
    )
    return outcome.passages


# The notes kept with a file in the manifest (`stats --notes`): a reader gives a handful; a broken file more.
MAX_NOTES_KEPT = 50


def _pass_on(notes: list[str], key: str, run: _Run) -> None:
    """The parser's notes: each to the caller as one `path: note` line, and kept with the file's record."""
    for line in notes:
        run.note(f"{key}: {line}")
        run.file_notes.setdefault(key, []).append(line)
    notes.clear()


def _open_writer(generation: Path):
    from indexer.engine.adapter import fixes

    fixes.apply()
    index = store.open_generation(generation)
    missing = missing_fields(index.schema)
    if missing:  # an index made by an older version: add the new fields, in a commit of their own
        upgrade = index.writer()
        for name, field_type in missing.items():
            upgrade.add_field(name, field_type)
        upgrade.commit()
        index = store.open_generation(generation)
    return index.writer()


def _cancel(writer, written) -> None:
    """Throw away everything this run wrote: the index stays at its last commit."""
    from whoosh.index import TOC

    with contextlib.suppress(Exception):  # best effort: the last commit is intact either way
        writer.cancel()
    # The newest table of contents may already list the new segments (a failure after it was
    # written, while old files were cleaned up): those are the index now, and stay.
    listed: set[str] = set()
    with contextlib.suppress(Exception):
        listed = {segment.segment_id() for segment in TOC.read(writer.storage, writer.indexname).segments}
    # The others are in no table of contents: delete them now rather than at the next commit.
    # Whoosh's writer creates the files of a segment of its own when it opens.
    for segment in [*written, writer.newsegment]:
        if segment.segment_id() in listed:
            continue
        for name in segment.list_files(writer.storage):
            with contextlib.suppress(OSError):
                writer.storage.delete_file(name)
