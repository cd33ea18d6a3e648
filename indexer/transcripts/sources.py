"""Files to transcripts: find the files under the paths given, read and parse each.

This is the first stage of the pipeline: paths in, `Transcript`s (or one
`UnreadableFile` reason per file) out. A transcript's id is its path relative
to the folder that was indexed, without the extension: stable across runs and
machines, and what a user types to name it.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import itertools
import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from indexer.errors import UnreadableFile
from indexer.model import Parsed, Transcript
from indexer.safe_text import visible, without_controls
from indexer.transcripts import formats, ignore, language, speakers
from indexer.transcripts.clock import MAX_SECONDS
from indexer.transcripts.decode import decode
from indexer.transcripts.formats import dataset, services
from indexer.transcripts.metadata import archive_meta, merge_sidecar
from indexer.transcripts.passages import build_passages, estimate_times

_SLUG_UNSAFE = re.compile(r"[^\w.-]+")

# A transcript of several hours is a few megabytes; anything this large is
# a media file or a dump that was never meant to be read as text.
MAX_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class SourceFile:
    """A transcript file found to index, with the files beside it that describe it."""

    path: Path  # absolute
    id: str
    sidecar: Path | None = None  # `talk.json` beside `talk.said`: metadata, not a transcript
    archive_meta: Path | None = None  # `<identifier>_meta.xml` beside a TV News archive item's captions
    walked: bool = False  # found by walking a folder, not named by the user

    @property
    def identifier(self) -> str:
        """The name up to its first dot: the archive item a caption file belongs to (`X.cc5.srt` is X)."""
        return self.path.name.split(".")[0]


class NotATranscript(Exception):
    """A file a folder walk found that turns out not to be a transcript (no extension, plain text)."""


@dataclass(frozen=True)
class Excluded:
    """A file or folder a walk passed over by the rules (`ignore`): not read, and not kept in the index."""

    path: Path  # where it really is (resolved), as the index knows the files it holds
    shown: str  # relative to the folder given, as a pattern names it: `README.md`, `drafts/`


@dataclass
class Discovery:
    """What walking the paths given found: files to read, paths that do not exist, what cannot be followed,
    and what the rules excluded."""

    files: list[SourceFile]
    missing: list[str]  # paths given that do not exist
    skipped: list[UnreadableFile]  # found while walking, but cannot be followed
    excluded: list[Excluded] = field(default_factory=list)  # files and folders the rules passed over


def discover(
    paths: list[str], exclude: Iterable[str | os.PathLike[str]] = (), rules: ignore.Rules | None = None
) -> Discovery:
    """The transcript files under `paths`, each once, and what could not be looked at.

    Folders are walked recursively for files with a transcript or caption
    extension, and for files with none (mission transcripts are called `TEC`);
    hidden files and folders are passed over, symbolic links to folders are
    followed once (a loop is reported, not followed), and so is what `rules`
    exclude (`ignore`: --exclude patterns, `.soundbiteignore` files, a
    repository's README and LICENSE). A file named directly is always taken,
    whatever its extension or the rules. A `.json` file with the same name as
    a transcript beside it is that transcript's metadata. A folder in
    `exclude` (the index being written) and any folder that is a soundbite
    index are never entered, and nothing is said about them.
    """
    rules = rules or ignore.Rules()
    excluded = {Path(p).resolve() for p in exclude}
    found: dict[Path, str] = {}
    walked: set[Path] = set()
    missing: list[str] = []
    skipped: list[UnreadableFile] = []
    passed_over: list[Excluded] = []
    for given in paths:
        path = Path(given)
        if path.is_dir() and (path.resolve() in excluded or is_index_folder(path)):
            missing.append(f"{given}: a soundbite index, not a folder of transcripts")
        elif path.is_dir():
            matcher = ignore.Matcher(path, rules)
            for file, resolved in _walk(path, skipped, excluded, matcher=matcher, passed_over=passed_over):
                found.setdefault(resolved, _relative_id(file, path))
                walked.add(resolved)
        elif path.is_file():
            found.setdefault(path.resolve(), path.with_suffix("").name)
        elif path.is_symlink() and not path.exists():
            missing.append(f"{given}: broken symbolic link")
        elif path.exists():
            missing.append(f"{given}: not a regular file (a named pipe, device or socket): not read")
        else:
            missing.append(f"{given}: no such file or directory")
    files = [replace(f, walked=f.path in walked) for f in _pair_sidecars(found)]
    # A file named as well as passed over in a folder given is read: naming it is asking for it.
    return Discovery(files, missing, skipped, [e for e in passed_over if e.path not in found])


def discover_within(
    root: str,
    folders: list[tuple[Path, bool]],
    exclude: Iterable[str | os.PathLike[str]] = (),
    rules: ignore.Rules | None = None,
):
    """The transcript files of some folders under `root`, with the ids a scan of all of `root` gives them.

    `folders` are (folder, recursive) pairs: a folder whose files changed is
    listed, a folder that appeared is walked. For `index --watch`, which
    hears which files changed and need not walk 50,000 others to find them.
    The rules apply as in a scan of `root`: the ignore files above a folder
    are read first, and a folder inside an excluded one has nothing to give.
    """
    rules = rules or ignore.Rules()
    excluded = {Path(p).resolve() for p in exclude}
    found: dict[Path, str] = {}
    skipped: list[UnreadableFile] = []
    passed_over: list[Excluded] = []
    base = Path(root)
    for folder, recursive in folders:
        if not folder.is_dir() or folder.resolve() in excluded or is_index_folder(folder):
            continue
        matcher = ignore.Matcher(base, rules)
        if not matcher.enter_above(folder):
            continue
        for file, resolved in _walk(folder, skipped, excluded, recursive, matcher, passed_over):
            found.setdefault(resolved, _relative_id(file, base))
    files = [replace(f, walked=True) for f in _pair_sidecars(found)]
    return Discovery(files, [], skipped, passed_over)


def takes_suffix(suffix: str) -> bool:
    """Whether a walk takes a file with this suffix: a transcript's, a caption's, a dataset's, or none."""
    suffix = suffix.lower()
    return not suffix or suffix in _WANTED


_WANTED = frozenset(formats.TRANSCRIPT_EXTENSIONS | formats.UNSUPPORTED.keys() | set(dataset.EXTENSIONS))


def _walk(
    root: Path,
    skipped: list[UnreadableFile],
    excluded: set[Path],
    recursive: bool = True,
    matcher: ignore.Matcher | None = None,
    passed_over: list[Excluded] | None = None,
) -> Iterator[tuple[Path, Path]]:
    """Each file found as the walk reached it, and where it really is (resolved once a folder: a file's
    own resolution, several system calls, was most of a no-op run's time at 50,000 files).

    `matcher` (the rules, relative to its own root, which `root` is in) decides what is passed over;
    what it passes over that a walk would have taken goes to `passed_over`."""
    seen = {root.resolve()}
    top = str(matcher.root) if matcher else ""
    for folder, subfolders, files in os.walk(root, followlinks=True):
        real_folder = Path(folder).resolve()
        relative = ignore.relative_to(folder, top) if matcher else ""
        if matcher:
            matcher.enter(relative, files)
        if not recursive:
            subfolders[:] = []
        kept = []
        for name in sorted(subfolders):
            if name.startswith("."):
                continue
            target = Path(folder, name).resolve()
            if target in excluded or is_index_folder(target):
                continue
            inside = f"{relative}/{name}" if relative else name
            if matcher and matcher.excluded(inside, folder=True):
                if passed_over is not None:
                    passed_over.append(Excluded(target, inside + "/"))
                continue
            if target in seen:
                skipped.append(UnreadableFile(str(Path(folder, name)), "symbolic link loop: not followed"))
                continue
            seen.add(target)
            kept.append(name)
        subfolders[:] = kept
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = Path(folder, name)
            if not takes_suffix(path.suffix):
                continue
            inside = f"{relative}/{name}" if relative else name
            if matcher and matcher.excluded(inside):
                if passed_over is not None:
                    passed_over.append(Excluded(real_folder / name, inside))
                continue
            if not path.is_symlink():
                yield path, real_folder / name
            elif path.exists():
                yield path, path.resolve()
            else:
                skipped.append(UnreadableFile(str(path), "broken symbolic link"))


def is_index_folder(folder: Path) -> bool:
    """A soundbite index (its `current` link or a generation's manifest) or a bare Whoosh index: not transcripts."""
    try:
        return (
            (folder / "current").is_symlink()
            or (folder / "soundbite.json").is_file()
            or any(folder.glob("_MAIN_*.toc"))
        )
    except OSError:
        return False


def _relative_id(file: Path, root: Path) -> str:
    return file.relative_to(root).with_suffix("").as_posix()


META_SIDECAR = ".meta.json"


def _pair_sidecars(found: dict[Path, str]) -> list[SourceFile]:
    stems = {}
    for path in found:
        if path.suffix.lower() != ".json":
            stems.setdefault(path.with_suffix(""), path)
    sidecars = {
        stems[path.with_suffix("")]: path
        for path in found
        if path.suffix.lower() == ".json" and path.with_suffix("") in stems and not _is_transcript_json(path)
    }
    # `NAME.meta.json` is the sidecar of `NAME.<any extension>`, JSON transcripts included (a speech
    # service's `kelso.json` cannot have `kelso.json` beside it).
    every_stem = {}
    for path in found:
        if not path.name.lower().endswith(META_SIDECAR):
            every_stem.setdefault(path.with_suffix(""), path)
    for path in found:
        if path.name.lower().endswith(META_SIDECAR):
            owner = every_stem.get(path.with_name(path.name[: -len(META_SIDECAR)]))
            if owner is not None:
                sidecars[owner] = path
    taken = set(sidecars.values())  # (a set: a folder of 50,000 transcripts has 50,000 sidecars)
    transcripts = {path: tid for path, tid in found.items() if path not in taken}
    return _disambiguate(transcripts, sidecars)


def _disambiguate(found: dict[Path, str], sidecars: dict[Path, Path]) -> list[SourceFile]:
    """Two files that differ only by extension (`talk.srt`, `talk.vtt`) keep it in their ids."""
    counts: dict[str, int] = {}
    for tid in found.values():
        counts[tid] = counts.get(tid, 0) + 1
    return [
        SourceFile(
            path,
            tid if counts[tid] == 1 else f"{tid}{path.suffix.lower()}",
            sidecars.get(path),
            _archive_meta_beside(path),
        )
        for path, tid in sorted(found.items(), key=lambda item: item[1])
    ]


ARCHIVE_META_SUFFIX = "_meta.xml"


def _archive_meta_beside(path: Path) -> Path | None:
    meta = path.with_name(path.name.split(".")[0] + ARCHIVE_META_SUFFIX)
    return meta if meta != path and meta.is_file() else None


# Keys of the JSON transcripts soundbite reads (segments, a speech service's results, caption events):
# a `.json` file holding one is a transcript even beside a file of the same name (`talk.mp4.json`).
_TRANSCRIPT_JSON_KEYS = (
    b'"segments"',
    b'"results"',
    b'"Transcript"',
    b'"monologues"',
    b'"utterances"',
    b'"recognizedPhrases"',
    b'"phrases"',
    b'"transcription"',
    b'"events"',
)


def _is_transcript_json(path: Path) -> bool:
    """A JSON file with transcript content is a transcript even beside one of the same name."""
    try:
        with open_regular(path) as file:
            head = file.read(1 << 20)
    except (OSError, UnreadableFile):
        return False
    return any(key in head for key in _TRANSCRIPT_JSON_KEYS)


@contextlib.contextmanager
def reading(path: Path) -> Iterator[None]:
    """A file's read errors as `UnreadableFile`, the reason in plain words."""
    try:
        yield
    except PermissionError:
        raise UnreadableFile(str(path), "permission denied") from None
    except IsADirectoryError:
        raise UnreadableFile(str(path), "is a directory") from None
    except OSError as exc:
        raise UnreadableFile(str(path), exc.strerror or str(exc)) from None


def open_regular(path: Path):
    """The file opened for reading in binary, if it is a regular file: a named pipe would block the
    run (and its lock) forever, a device (`-> /dev/zero`) never ends. Opened without waiting for a
    pipe's writer, then checked on the open file itself, so nothing can be swapped in between."""
    import stat

    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            if stat.S_ISDIR(mode):
                raise IsADirectoryError(path)
            kind = "a named pipe" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else "a device"
            raise UnreadableFile(str(path), f"not a regular file ({kind}): not read")
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_bytes(path: Path) -> bytes:
    """The file's content, or UnreadableFile with the reason in plain words. At most `MAX_BYTES` are
    read, counted while reading: a file that grows as it is read is still refused."""
    with reading(path), open_regular(path) as file:
        data = file.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            size = max(os.fstat(file.fileno()).st_size, len(data))
            raise UnreadableFile(str(path), f"too large to be a transcript ({size / 2**20:.0f} MiB)")
    if not data.strip():
        raise UnreadableFile(str(path), "empty file")
    return data


def parse_bytes(data: bytes, path: Path, format_name: str | None = None) -> tuple[str, Parsed]:
    """Decode and parse one file's bytes: (format name, parsed). Raises UnreadableFile only."""
    unsupported = formats.UNSUPPORTED.get(path.suffix.lower())
    if unsupported and not format_name:
        raise UnreadableFile(str(path), f"{unsupported} captions are not supported: convert to SRT or WebVTT")
    text, _encoding = decode(data, str(path))
    fmt = formats.by_name(format_name) if format_name else formats.detect(text)
    family = formats.FAMILIES.get(path.suffix.lower())
    if family and not format_name:
        # Content decides between caption formats (SAMI saved as `.srt` is SAMI); prose in a caption
        # file is a broken caption file, not a transcript.
        if fmt.name not in family and not (family[0] in formats.CAPTIONS and fmt.name in formats.CAPTIONS):
            if path.suffix.lower() in (".json", ".json3"):
                raise UnreadableFile(str(path), services.invalid_json_reason(text))
            main = formats.by_name(family[0]).parse
            kinds = [n for n in family if n == family[0] or formats.by_name(n).parse is not main]
            raise UnreadableFile(str(path), f"not a valid {' or '.join(kinds)} file (read as {fmt.name})")
        named = formats.by_name(family[0])
        # The same reader: a .vtt without its header is still called vtt.
        if fmt.name in family and named.parse is fmt.parse:
            fmt = named
    try:
        return fmt.name, fmt.parse(text)
    except UnreadableFile as problem:
        raise UnreadableFile(str(path), problem.reason) from None
    except RecursionError:
        raise UnreadableFile(str(path), f"too deeply nested to read as {fmt.name}") from None


def load(source: SourceFile, format_name: str | None = None, data: bytes | None = None) -> Transcript:
    """Read, decode, detect and parse one file of one transcript (see `load_all` for files of several)."""
    transcripts = load_all(source, format_name, data)
    if len(transcripts) != 1:
        raise UnreadableFile(str(source.path), f"holds {len(transcripts)} stories: read it with load_all")
    return transcripts[0]


def load_all(source: SourceFile, format_name: str | None = None, data: bytes | None = None) -> list[Transcript]:
    """Read, decode, detect and parse one file into its transcripts (one a story) with numbered passages."""
    if source.path.name.endswith(ARCHIVE_META_SUFFIX):
        raise UnreadableFile(str(source.path), "TV News archive metadata, read beside its captions, not a transcript")
    if data is None:
        data = read_bytes(source.path)
    fmt_name, parsed = parse_bytes(data, source.path, format_name)
    archived = _read_archive_meta(source, parsed.notes) if source.archive_meta else None
    if fmt_name == "plain" and not source.path.suffix and not format_name:
        raise NotATranscript(str(source.path))
    digest = content_hash(data)
    stories = parsed.stories or [parsed]
    transcripts = []
    used: set[str] = set()
    for number, story in enumerate(stories, 1):
        if source.sidecar:
            apply_sidecar(story, source.sidecar)
        if archived:
            _fill(story.meta, archived, over=("title", "network"))
        key = unique_key(story_key(story, number), used) if len(stories) > 1 or fmt_name == dataset.NAME else ""
        transcript = _transcript(source, fmt_name, digest, story, f"{source.id}/{key}" if key else source.id)
        if not transcript.passages:
            if len(stories) > 1:
                parsed.notes.append(f"story {number} ({story_key(story, number)}) has no text: left out")
                continue
            raise UnreadableFile(str(source.path), f"no transcript text found (read as {fmt_name})")
        transcript.notes = story.notes if story is not parsed else []
        transcripts.append(transcript)
    if not transcripts:
        raise UnreadableFile(str(source.path), f"no transcript text found (read as {fmt_name})")
    transcripts[0].notes[:0] = parsed.notes
    return _unique_ids(transcripts)


def is_dataset(source: SourceFile, format_name: str | None = None) -> bool:
    """A file of many transcripts, a row each, read as a stream (by extension, or `--format dataset`)."""
    if format_name:
        return format_name == dataset.NAME
    if source.path.suffix.lower() not in dataset.EXTENSIONS:
        return False
    # JSON Lines of a streaming client's messages (Azure's SDK results, Deepgram's) are one transcript.
    try:
        with open_regular(source.path) as file:
            head = file.read(4000)
    except (OSError, UnreadableFile):
        return True  # the dataset reader says what is wrong
    return not (head.lstrip().startswith(b"{") and (b'"RecognitionStatus"' in head or b'"Results"' in head))


def file_hash(path: Path) -> str:
    """The content hash of a file of any size, read in pieces."""
    digest = hashlib.sha256()
    with reading(path), open_regular(path) as file:
        while chunk := file.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def iter_transcripts(
    source: SourceFile,
    format_name: str | None = None,
    data: bytes | None = None,
    digest: str | None = None,
    notes: list[str] | None = None,
) -> Iterator[Transcript]:
    """The file's transcripts one at a time: a dataset row by row, in bounded memory; any other file whole.

    Notes on what was passed over are appended to `notes` as they arise.
    """
    notes = notes if notes is not None else []
    if not is_dataset(source, format_name):
        for transcript in load_all(source, format_name, data):
            notes.extend(transcript.notes)
            transcript.notes = []
            yield transcript
        return
    digest = digest or file_hash(source.path)
    count = 0
    used: set[str] = set()
    try:
        with io.TextIOWrapper(open_regular(source.path), encoding="utf-8-sig", errors="replace", newline="") as file:
            for row in dataset.rows(file, source.path.name, notes):
                story = dataset.row_story(row, notes)
                if story is None:
                    continue
                key = unique_key(story.key, used)
                transcript = _transcript(source, dataset.NAME, digest, story, f"{source.id}/{key}")
                if transcript.passages:
                    count += 1
                    yield transcript
    except UnreadableFile as problem:
        if source.walked and "without a transcript column" in problem.reason:
            raise NotATranscript(str(source.path)) from None  # a table that is not a dataset of transcripts
        raise UnreadableFile(str(source.path), problem.reason) from None
    except OSError as exc:
        raise UnreadableFile(str(source.path), exc.strerror or str(exc)) from None
    if not count:
        raise UnreadableFile(str(source.path), "no transcript text found (read as dataset)")


def _transcript(source: SourceFile, fmt_name: str, digest: str, story: Parsed, tid: str) -> Transcript:
    """A parsed story as a transcript: numbered passages, times estimated where the file gives none.

    No control character of the file is kept (`safe_text`): a transcript's text never acts on a terminal.
    """
    for turn in story.turns:
        turn.text = without_controls(turn.text)
        turn.speaker, turn.role, turn.label = map(without_controls, (turn.speaker, turn.role, turn.label))
    meta = story.meta
    for key, value in vars(meta).items():
        if isinstance(value, str) and value:
            setattr(meta, key, without_controls(value).replace("\n", " ").replace("\t", " "))
    meta.people = [without_controls(name) for name in meta.people]
    tid = visible(tid)
    impossible = 0
    for turn in story.turns:  # a time no recording can have (1e308 in a caption) is no time at all
        if turn.start is not None and not abs(turn.start) <= MAX_SECONDS:  # (a countdown's are negative)
            turn.start, impossible = None, impossible + 1
        if turn.end is not None and not abs(turn.end) <= MAX_SECONDS:
            turn.end, impossible = None, impossible + 1
    if impossible:
        story.notes.append(f"{impossible} time(s) past 1,000 hours, which no recording has: left empty")
    passages = build_passages(story.turns)
    if passages and all(p.start is None for p in passages) and (story.meta.duration or story.script):
        estimate_times(passages, story.meta.duration)
    # Every timed transcript has a duration (a caption file's ends where its last cue does): what
    # `--after -1:00` counts back from.
    if not story.meta.duration and any(p.start is not None and not p.estimated for p in passages):
        story.meta.duration = max((p.end for p in passages if p.end is not None), default=None)
    speakers.resolve(passages, story.meta)  # last: only the speakers change, never where passages end
    sample = " ".join(p.text for p in itertools.islice(passages, 200))[: language.SAMPLE_CHARS]
    story.meta.language = language.decide(story.meta.language, source.path, sample)
    return Transcript(id=tid, path=str(source.path), format=fmt_name, sha256=digest, meta=story.meta, passages=passages)


def unique_key(key: str, used: set[str]) -> str:
    """`key`, or `key~2`, `key~3` … where a story before it in the file took it: rows with the same id,
    or ids that are the same once made safe (`a/b`, `a-b`, `a b`), stay apart in the index, in `export`
    and in a cluster (`push`), in the file's order. `~` is never in a slug, so no key is taken twice."""
    unique = key
    number = 1
    while unique in used:
        number += 1
        unique = f"{key}~{number}"
    used.add(unique)
    return unique


def story_key(story: Parsed, number: int) -> str:
    """How a story of a feed is named in its id: its own key or story number, else its slug, else its place."""
    if story.key:
        return _SLUG_UNSAFE.sub("-", story.key).strip("-") or str(number)
    if story.meta.story:
        return _SLUG_UNSAFE.sub("-", story.meta.story).strip("-") or str(number)
    slug = _SLUG_UNSAFE.sub("-", story.meta.title.lower()).strip("-")[:60].strip("-")
    return slug or str(number)


def _unique_ids(transcripts: list[Transcript]) -> list[Transcript]:
    """Two stories with the same key in one file (a repeated slug) get `-2`, `-3`."""
    seen: dict[str, int] = {}
    for transcript in transcripts:
        count = seen.get(transcript.id, 0) + 1
        seen[transcript.id] = count
        if count > 1:
            transcript.id = f"{transcript.id}-{count}"
    return transcripts


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _read_archive_meta(source: SourceFile, notes: list[str]):
    """The item's `_meta.xml`, or None with a note saying why it was not used."""
    name = source.archive_meta.name
    try:
        with open_regular(source.archive_meta) as file:
            text = file.read(MAX_BYTES).decode("utf-8", errors="replace")
    except OSError as exc:
        notes.append(f"{name}: {exc.strerror or exc}: not used")
        return None
    except UnreadableFile as problem:
        notes.append(f"{name}: {problem.reason}: not used")
        return None
    meta, problem = archive_meta(text, source.identifier)
    if problem:
        notes.append(f"{name}: {problem}: not used")
        return None
    return meta


def _fill(meta, found, over: tuple[str, ...] = ()) -> None:
    """Copy `found`'s values into `meta` where `meta` has none (or, for the fields in `over`, always)."""
    for key, value in vars(found).items():
        if value and (key in over or not getattr(meta, key)):
            setattr(meta, key, value)


def apply_sidecar(parsed: Parsed, sidecar: Path) -> None:
    """Fill the transcript's metadata and speakers' roles from `NAME.json` beside it.

    A sidecar that cannot be read is ignored: the transcript is still worth indexing.
    """
    try:
        with open_regular(sidecar) as file:
            data = json.loads(file.read(MAX_BYTES).decode("utf-8-sig"))
    except (OSError, ValueError, RecursionError, UnreadableFile):
        return
    if isinstance(data, dict):
        merge_sidecar(parsed, data)
