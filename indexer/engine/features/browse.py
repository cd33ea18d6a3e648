"""Reading the index without a query: the transcripts it holds, one transcript's passages, who speaks how much."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from indexer.engine.querying.filters import parse_time
from indexer.engine.querying.links import media_link
from indexer.engine.storage import store
from indexer.engine.storage.schema import (
    PATH,
    SPEAKER_NAME,
    TRANSCRIPT,
    stored_path,
    transcript_of,
)
from indexer.engine.storage.stored import passages_of, speaker_columns, with_transcript
from indexer.errors import SoundbiteError, TranscriptNotFound
from indexer.model import SpeakerCount, TranscriptSummary, TranscriptView


def show(
    index_dir: Path,
    transcript: str,
    *,
    at: str | None = None,
    passage: int | None = None,
    context: int | None = None,
) -> TranscriptView:
    """A transcript's passages; with `at`/`passage`, the one asked for marked (and its context)."""
    if at is not None and passage is not None:
        raise SoundbiteError("give --at or --passage, not both")
    if context is not None and at is None and passage is None:
        raise SoundbiteError("--context counts passages around the one --at or --passage marks: give one of them")
    name, path = _resolve(index_dir, transcript)
    path = stored_path(path)  # (the manifest keeps the file's own name; the index its storable form)
    index = store.open_for_search(index_dir)
    with index.searcher() as searcher:
        found = transcript_of(searcher.stored_fields(searcher.document_number(**{PATH: path, TRANSCRIPT: name})))
        passages = passages_of(searcher, path, name)
    marked = None
    if passage is not None:
        if not any(p.number == passage for p in passages):
            raise SoundbiteError(f"{name} has passages 1 to {len(passages)}, not {passage}")
        marked = passage
    elif at is not None:
        seconds = parse_time(at, "--at")
        # Times are shown in whole seconds: `--at 1:41` means the passage shown as 01:41.
        timed = [p for p in passages if p.start is not None and int(p.start) <= seconds]
        ends = max((p.end for p in timed if p.end is not None), default=None)
        if not timed or (ends is not None and seconds > ends):
            where = f": it runs from 00:00 to {_clock(ends)}" if ends is not None else ""
            raise SoundbiteError(f"{name} has no passage at {at}{where}")
        marked = timed[-1].number
    if marked is not None and context is not None:
        passages = [p for p in passages if abs(p.number - marked) <= context]
    found.passages = passages
    url = found.meta.url
    return TranscriptView(
        transcript=found,
        marked=marked,
        links={p.number: media_link(url, p.start) for p in passages} if url else {},
    )


def resolve(index_dir: Path, name: str, exact: bool = False) -> tuple[str, str]:
    """(id, path) of an indexed transcript named by its id or its file's path; `exact`: by nothing looser
    (a web request names a transcript as a hit gave it). TranscriptNotFound for any other name."""
    if exact:
        records = store.read_manifest(index_dir).files
        matches = {
            (tid, path) for path, record in records.items() for tid in (record.stories or [record.id]) if tid == name
        }
        if len(matches) != 1:
            raise TranscriptNotFound(f"no transcript {name!r}" if not matches else f"several transcripts are {name!r}")
        return matches.pop()
    return _resolve(index_dir, name)


def _resolve(index_dir: Path, name: str) -> tuple[str, str]:
    """(id, path) for an id, a unique last part of one (`debate`), or a file's path (of one story)."""
    records = store.read_manifest(index_dir).files
    known = [(tid, path) for path, record in records.items() for tid in (record.stories or [record.id])]
    path = str(Path(name).resolve())
    matches = [(tid, p) for tid, p in known if p == path]
    if not matches:
        matches = [(tid, p) for tid, p in known if tid == name]
    if not matches:
        matches = [(tid, p) for tid, p in known if tid.endswith("/" + name)]
    folded = name.casefold()
    if not matches:  # in any case: `lalaland` is `LaLaLand`
        matches = [(tid, p) for tid, p in known if tid.casefold() == folded or tid.casefold().endswith("/" + folded)]
    if not matches:  # by part: `show psaki-january-20`
        matches = [(tid, p) for tid, p in known if folded in tid.casefold()]
        if len(matches) > 1:
            shown = ", ".join(sorted(tid for tid, _ in matches)[:3])
            more = f" and {len(matches) - 3} more" if len(matches) > 3 else ""
            raise TranscriptNotFound(
                f"{len(matches)} transcripts match {name!r} ({shown}{more}): give one of their ids "
                f"(soundbite list {name} lists them)"
            )
    if len(matches) == 1:
        return matches[0]
    if matches:
        if len({p for _, p in matches}) == 1:
            ids = ", ".join(tid for tid, _ in matches)
            raise TranscriptNotFound(f"{name!r} holds several stories: give one of their ids ({ids})")
        paths = ", ".join(sorted(p for _, p in matches))
        raise TranscriptNotFound(f"several transcripts match {name!r}: give one of their paths ({paths})")
    close = _closest(name, [tid for tid, _ in known])
    hint = f": did you mean {' or '.join(close)}?" if close else " (soundbite list shows them)"
    raise TranscriptNotFound(f"no transcript {name!r} in the index{hint}")


def _closest(name: str, ids: list[str]) -> list[str]:
    """The ids nearest to a mistyped one, by the whole id or by its last part (what people type)."""
    import difflib

    folded = name.casefold()
    last = {tid.rsplit("/", 1)[-1].casefold(): tid for tid in ids}
    by_last = [last[key] for key in difflib.get_close_matches(folded, list(last), n=3, cutoff=0.75)]
    by_id = difflib.get_close_matches(folded, [tid.casefold() for tid in ids], n=3, cutoff=0.75)
    spelled = {tid.casefold(): tid for tid in ids}
    return list(dict.fromkeys(by_last + [spelled[key] for key in by_id]))[:3]


def transcripts(index_dir: Path, pattern: str | None = None, options=None) -> list[TranscriptSummary]:
    """The transcripts (in id order) whose id or path's end `pattern` matches, in any case (a glob, or any
    part of an id: `psaki`), and that have passages within the search filters `options`."""
    from dataclasses import replace

    from indexer.engine.querying import filters
    from indexer.model import SearchOptions

    options = options or SearchOptions()
    if pattern:
        options = replace(options, transcript=pattern if set(pattern) & set("*?[") else f"*{pattern}*")
    restrict = filters.build_filter(options)
    index = store.open_for_search(index_dir)
    wanted: set[bytes] = set()
    speakers_of: dict[bytes, Counter] = {}
    with index.searcher() as searcher:
        for leaf, _ in searcher.leaf_searchers():
            reader = leaf.reader()
            if not reader.doc_count_all():  # (an index of no transcripts: Whoosh's empty reader has no columns)
                continue
            ids = list(reader.column_reader(TRANSCRIPT))
            names = list(reader.column_reader(SPEAKER_NAME))
            for doc in filters.docs_within(leaf, restrict):
                wanted.add(ids[doc])
            for doc in reader.all_doc_ids():
                if ids[doc] in wanted or restrict is None:
                    speakers_of.setdefault(ids[doc], Counter())[names[doc]] += 1
        shared: dict = {}
        found = []
        for key in sorted(wanted):
            name = key.decode("utf-8") if isinstance(key, bytes) else str(key)
            stored = searcher.stored_fields(searcher.document_number(**{TRANSCRIPT: name}))
            first = transcript_of(with_transcript(searcher, stored, shared))
            spoken = speakers_of.get(key, Counter())
            found.append(
                TranscriptSummary(
                    id=name,
                    path=first.path,
                    title=first.meta.title,
                    date=first.meta.date,
                    network=first.meta.network,
                    duration=first.meta.duration,
                    passages=sum(spoken.values()),
                    speakers=[
                        (s.decode("utf-8") if isinstance(s, bytes) else str(s)) for s, _ in spoken.most_common() if s
                    ],
                )
            )
    return found


def speakers(index_dir: Path) -> list[SpeakerCount]:
    """Every person who speaks, with their passage and transcript counts, most passages first.

    Names that differ only by case, accents or an honorific are one person
    (`person_key`), shown by their most frequent form, with the other forms
    (and the labels as written) as aliases; a surname alone joins no one.
    A name the people file gave (`transcripts.people`) says so (`origin`),
    with the names it was given in place of (`merged`).
    """
    from indexer.transcripts.speakers import person_key, shown_names

    index = store.open_for_search(index_dir)
    forms: dict[str, Counter] = {}  # person -> name -> passages
    labels: dict[str, set[str]] = {}  # person -> labels as written
    merged: dict[str, set[bytes]] = {}  # person -> the names the people file gave it in place of
    renamed_labels: dict[str, set[str]] = {}  # person -> labels as written of those passages
    where: dict[str, set] = {}
    keys: dict[bytes, str] = {}
    with index.searcher() as searcher:
        # A segment at a time, each column read whole (a third of the time of a lookup a document).
        for leaf, _ in searcher.leaf_searchers():
            reader = leaf.reader()
            columns = speaker_columns(reader)
            if columns is None:
                continue  # nobody speaks in this segment
            names, transcripts, written, as_read = columns
            for docnum in reader.all_doc_ids():
                name = names[docnum]
                if not name:
                    continue
                key = keys.get(name)
                if key is None:
                    speaker = name.decode("utf-8")
                    key = keys[name] = person_key(speaker) or speaker
                forms.setdefault(key, Counter())[name] += 1
                where.setdefault(key, set()).add(transcripts[docnum])
                label = written[docnum] if written else b""
                given = as_read[docnum] if as_read else b""
                if given and given != name:  # named by the people file
                    merged.setdefault(key, set()).add(given)
                    if label:
                        renamed_labels.setdefault(key, set()).add(label.decode("utf-8"))
                elif label:
                    labels.setdefault(key, set()).add(label.decode("utf-8"))
    origin = _people_file_name(index_dir) if merged else ""
    forms = {key: Counter({name.decode("utf-8"): n for name, n in counted.items()}) for key, counted in forms.items()}
    found = []
    for key, counted in forms.items():
        shown = shown_names(counted)[next(iter(counted))]
        aliases = [name for name in sorted(counted, key=lambda n: (-counted[n], n)) if name != shown]
        # A label as written is another form of the name (`MS. PSAKI`), never another person's full name,
        # unless the people file says it is.
        written = [label for label in labels.get(key, ()) if not _another_person(label, key)]
        instead = sorted({name.decode("utf-8") for name in merged.get(key, ())} - {shown})
        written += [*instead, *renamed_labels.get(key, ())]
        aliases += sorted({label for label in written if label != shown and label not in aliases})
        speaker = SpeakerCount(shown, sum(counted.values()), len(where[key]), aliases)
        if key in merged:
            speaker.origin, speaker.merged = origin, instead
        found.append(speaker)
    return sorted(found, key=lambda s: (-s.passages, s.speaker))


def _people_file_name(index_dir: Path) -> str:
    """The people file's name, as `speakers` gives it for the names it gave."""
    from indexer.transcripts.people import FILE_NAME

    people = store.read_manifest(index_dir, with_files=False).people
    return Path(people["path"]).name if people else FILE_NAME


def _another_person(label: str, key: str) -> bool:
    """Whether a label names someone else in full (`George W Bush` beside `Jim Lehrer`)."""
    from indexer.transcripts.speakers import person_key

    other = person_key(label)
    return bool(other) and other != key and len(other.split()) >= 2 and len(key.split()) >= 2


def _clock(seconds: float) -> str:
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60:02d}:{rest % 60:02d}"
