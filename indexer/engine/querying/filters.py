"""The search options that narrow a search (`--speaker`, `--after`, `--since`, ...) as Whoosh filters.

Each option is checked as it is read, so a malformed value is one message
naming the option. A negative `--after`/`--before` counts back from the end
of each transcript: Whoosh cannot filter on that, so those are applied to the
hits afterwards (`from_end`, `within_end`).
"""

from __future__ import annotations

import fnmatch
import functools
import math
import re
from pathlib import Path

from indexer.engine.storage.schema import (
    DATE,
    DURATION,
    LANGUAGE,
    NETWORK,
    PATH,
    ROLE,
    SPEAKER,
    SPEAKER_LABEL,
    START,
    START_SECOND,
    TRANSCRIPT,
    stored_path,
    words_analyzer,
)
from indexer.errors import BadQuery
from indexer.model import SearchOptions

SORTS = ("score", "time", "date")
# The orders that no score decides: the matches' columns do (`search._from_columns`).
COLUMN_SORTS = ("time", "date")
_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


def words_of(value: str, option: str) -> list[str]:
    """The indexed words of an option's value, as the field's analyser makes them."""
    words = [token.text for token in words_analyzer()(value)]
    if not words:
        raise BadQuery(f"{option} {value!r} has no words to match")
    return words


def speaker_filter(name: str):
    """Passages whose speaker, or whose label as written, has every word of `name` (any case, any accents):
    `--speaker "ms psaki"` finds the passages labelled so that are now Jen Psaki's."""
    from whoosh.query import And, Or, Term

    words = words_of(name, "--speaker")
    return Or([And([Term(SPEAKER, word) for word in words]), And([Term(SPEAKER_LABEL, word) for word in words])])


def language_filter(value: str):
    """Passages of transcripts in these languages (`zh`, `pt-BR`, `zh,ja`): English passages carry no
    language term (an English index is unchanged), so English is every passage without one."""
    from whoosh.query import Every, Not, Or, Term

    from indexer.transcripts.language import ENGLISH, code_of

    codes = []
    for part in value.split(","):
        code = code_of(part)
        if not code:
            raise BadQuery(f"--language {part.strip()!r} is not a language: give an ISO 639-1 code such as zh or pt")
        codes.append(code)
    wanted = [Term(LANGUAGE, code) for code in dict.fromkeys(codes) if code != ENGLISH]
    if ENGLISH in codes:
        wanted.append(Not(Every(LANGUAGE)))
    return wanted[0] if len(wanted) == 1 else Or(wanted)


def parse_time(value: str, option: str) -> float:
    """Seconds from an option's time (`90`, `1:30`, `1:02:03`, `-5:00`), read as the parsers read times."""
    from indexer.transcripts.clock import parse_clock

    seconds = parse_clock(value)
    if seconds is None:
        raise BadQuery(f"{option} {value!r} is not a time: write seconds (90), m:ss (1:30) or h:mm:ss")
    return seconds


MAX_YEAR = 9998


def date_bound(value: str, option: str, upper: bool) -> str:
    if not _DATE.match(value):
        raise BadQuery(f"{option} {value!r} is not a date: write YYYY-MM-DD, YYYY-MM or YYYY")
    from datetime import date  # (only a search with --since/--until checks one: not on every start-up)

    parts = value.split("-")
    try:
        date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, int(parts[2]) if len(parts) > 2 else 1)
    except ValueError:
        raise BadQuery(f"{option} {value!r} is not a date that exists") from None
    if not 1 <= int(parts[0]) <= MAX_YEAR:  # (a period after the last day of 9999 cannot be counted)
        raise BadQuery(f"{option} {value!r}: give a year from 0001 to {MAX_YEAR}")
    if upper:
        return "-".join(parts + ["12", "31"][len(parts) - 1 :]) if len(parts) < 3 else value
    return "-".join(parts + ["01", "01"][len(parts) - 1 :]) if len(parts) < 3 else value


def newest_first(value: str) -> int:
    """A transcript's date as a sort key, the newest first: `2024-08-01` before `2024-08` before
    `2024` (a month or a year not known to the day comes after its known days), undated last."""
    if not value or not _DATE.match(value):
        return 1
    year, month, day = ([*value.split("-"), "00", "00"])[:3]
    return -int(f"{year}{month}{day}")


def check_sort(options: SearchOptions) -> None:
    if options.sort not in SORTS:
        raise BadQuery(f"--sort must be one of {', '.join(SORTS)}, not {options.sort!r}")


def build_filter(options: SearchOptions):
    """Whoosh filter queries for the options; None when there are none."""
    from whoosh.query import And, Term

    parts = []
    if options.speaker:
        parts.append(speaker_filter(options.speaker))
    if options.role:
        parts.append(And([Term(ROLE, w) for w in words_of(options.role, "--role")]))
    if options.network:
        parts.append(And([Term(NETWORK, w) for w in words_of(options.network, "--network")]))
    if options.language:
        parts.append(language_filter(options.language))
    if options.transcript:
        parts.append(transcript_pattern(options.transcript))
    parts += [part for part in (_time_filter(options), _date_filter(options)) if part is not None]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else And(parts)


def transcript_pattern(glob: str):
    """`-t GLOB` as a filter: the transcripts whose id, or whose path's end, the glob matches, in any case.

    The glob is matched against the list of ids and paths (the field's terms), and becomes the exact
    ids it names: Whoosh's wildcard over paths with a leading `*` tried every path as a pattern and
    took 9 to 43 s on the 14,396 White House briefings; this takes a twentieth of a second.
    """
    return _transcript_pattern_class()(glob)


@functools.cache
def _transcript_pattern_class():
    from whoosh.query import NullQuery, Or, Query, Term

    class TranscriptPattern(Query):
        def __init__(self, glob: str):
            self.glob = glob
            self.ids = re.compile(fnmatch.translate(glob), re.IGNORECASE)
            path_glob = glob if glob.startswith(("/", "*")) else "*" + glob
            self.paths = re.compile(fnmatch.translate(path_glob), re.IGNORECASE)

        _files: dict[str, list[str]] | None = None  # ids by path, from the manifest (read when needed)

        def named(self, reader) -> tuple[list[str], list[str]]:
            """The ids and the paths of a segment that the glob matches."""
            ids = [i for i in map(bytes.decode, reader.lexicon(TRANSCRIPT)) if self.ids.match(i)]
            return ids, [p for p in map(bytes.decode, reader.lexicon(PATH)) if self.paths.match(p)]

        def resolved(self, reader, named: tuple[list[str], list[str]] | None = None):
            ids, paths = named or self.named(reader)
            terms = [Term(TRANSCRIPT, i) for i in ids] + [Term(PATH, p) for p in paths]
            return Or(terms) if terms else NullQuery

        def matcher(self, searcher, context=None):
            from whoosh.matching import ListMatcher, NullMatcher

            docs = self.docs(searcher)
            return ListMatcher(docs, all_weights=1.0) if docs else NullMatcher()

        def docs(self, searcher):
            from indexer.engine.adapter.postings import whole_column

            reader = searcher.reader()
            named = ids, paths = self.named(reader)
            wanted = self._wanted(reader, ids, paths) if len(ids) + len(paths) > MANY_TRANSCRIPTS else None
            value = whole_column(reader.column_reader(TRANSCRIPT, translate=False)) if wanted is not None else None
            if value is None:  # few names (or no manifest, no column): their postings
                return list(self.resolved(reader, named).docs(searcher))
            live = reader.is_deleted if reader.has_deletions() else None
            found = [d for d in range(reader.doc_count_all()) if value(d) in wanted]
            return [d for d in found if not live(d)] if live else found

        def _wanted(self, reader, ids: list[str], paths: list[str]) -> set[bytes] | None:
            """The ids named, and those of the files named, as the column holds them; None where the
            manifest cannot say which transcripts a file holds."""
            wanted = {i.encode("utf-8") for i in ids}
            if paths:
                if self._files is None:
                    self._files = _ids_of_paths(reader)
                for path in paths:
                    found = self._files.get(path)
                    if found is None:
                        return None
                    wanted.update(i.encode("utf-8") for i in found)
            return wanted

        def estimate_size(self, ixreader):
            return self.resolved(ixreader).estimate_size(ixreader)

        def estimate_min_size(self, ixreader):
            return self.resolved(ixreader).estimate_min_size(ixreader)

        def __eq__(self, other):
            return type(other) is type(self) and other.glob == self.glob

        def __hash__(self):
            return hash((type(self).__name__, self.glob))

        def __repr__(self):
            return f"TranscriptPattern({self.glob!r})"

    return TranscriptPattern


# A pattern naming more transcripts and files than this is looked up in the id column, not term by term:
# `t01*` named 10,000 ids and 10,000 paths of the synthetic 50,000, 2.4 s of postings lookups.
MANY_TRANSCRIPTS = 200


def _ids_of_paths(reader) -> dict[str, list[str]]:
    """Each indexed file's transcript ids, by its path as the index holds it, from the manifest of the
    generation the reader reads ({} where there is none to read)."""
    from indexer.engine.adapter.search_index import folder_of
    from indexer.engine.storage.manifest import transcript_ids_by_file

    folder = folder_of(reader)
    if folder is None:
        return {}
    return {stored_path(path): ids for path, ids in transcript_ids_by_file(Path(folder))}


def docs_within(leaf, restrict) -> list[int]:
    """A segment's (`leaf` searcher's) live documents that the filter `restrict` lets through (all of
    them where it is None), read from the postings, never scored."""
    return list(leaf.reader().all_doc_ids()) if restrict is None else list(restrict.docs(leaf))


def _time_filter(options: SearchOptions):
    """`--after`/`--before` as a range of passage starts; None without them (or when both count back from
    the end: applied after the search)."""
    from whoosh.query import NumericRange

    after = parse_time(options.after, "--after") if options.after is not None else None
    before = parse_time(options.before, "--before") if options.before is not None else None
    if after is not None and before is not None and (after < 0) == (before < 0) and after >= before:
        raise BadQuery(
            f"--after {options.after} and --before {options.before} leave no time between them: "
            "nothing starts at or after the one and before the other"
        )
    # A negative time counts back from the end of each transcript: applied after the search.
    after = None if after is not None and after < 0 else after
    before = None if before is not None and before < 0 else before
    if after is None and before is None:
        return None
    # Indexed by the whole second: a bound with a fraction widens to the second it falls in.
    low = math.floor(after) if after is not None else None
    high = math.ceil(before) if before is not None else None
    return NumericRange(START_SECOND, low, high, startexcl=False, endexcl=True)


def _date_filter(options: SearchOptions):
    """`--since`/`--until` as a range of transcript dates; None without them."""
    from whoosh.query import TermRange

    if not (options.since or options.until):
        return None
    since = date_bound(options.since, "--since", False) if options.since else None
    until = date_bound(options.until, "--until", True) if options.until else None
    if since and until and since > until:
        raise BadQuery(f"--since {options.since} is after --until {options.until}: no date is in between")
    return TermRange(DATE, since, until)


def from_end(options: SearchOptions) -> tuple[float | None, float | None] | None:
    """(after, before) in seconds before the end, for negative --after/--before; None otherwise."""
    after = parse_time(options.after, "--after") if options.after is not None else None
    before = parse_time(options.before, "--before") if options.before is not None else None
    after = -after if after is not None and after < 0 else None
    before = -before if before is not None and before < 0 else None
    return (after, before) if after is not None or before is not None else None


def within_end(stored: dict, after: float | None, before: float | None) -> bool:
    """Whether a passage (its stored fields) starts in the window counted back from its transcript's end."""
    start, duration = stored.get(START), stored.get(DURATION)
    if start is None or not duration:
        return False
    to_end = duration - start
    return (after is None or to_end <= after) and (before is None or to_end > before)
