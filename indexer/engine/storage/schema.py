"""The Whoosh schema: which passage fields are searchable, stored and sortable.

Whoosh pickles the schema into the index, analyzers included: the text fields'
analyzer is `indexer.engine.analysis.SpeechAnalyzer` (words in every script,
stemmed by the transcript's language), so that class keeps its name and module
for as long as indexes made with it are to be read. A new field is compatible:
an older index reads as if every passage left it empty, and gets the field at
its next update (`missing_fields`). Any other change changes what an index
means: bump `SCHEMA_VERSION` so that an older index is detected and the user
is told to rebuild it.

Every indexed field costs a posting per passage, and Whoosh writes postings in
pure Python, so a field is indexed only when a query needs it: values that are
only shown are STORED, values only counted or sorted on are COLUMNs.

Field names are spelled here and nowhere else: the rest of the engine uses
the constants below, and `document` / `passage_of` / `transcript_of` are the
only places that map between the model's dataclasses and Whoosh's fields.
"""

from __future__ import annotations

import math

import indexer.engine.adapter.startup  # noqa: F401  (before the first Whoosh import)

# isort: split

from whoosh.columns import NumericColumn, VarBytesColumn
from whoosh.fields import COLUMN, ID, KEYWORD, NUMERIC, STORED, Schema
from whoosh.fields import TEXT as TEXT_FIELD

from indexer.engine.analysis import ENGLISH, stemming_analyzer, words_analyzer
from indexer.engine.analysis.morphology import COMPOUNDING, tails
from indexer.model import SPEECH, Passage, Transcript, TranscriptMeta

# 4: a passage's start is indexed by the whole second (`start_second`) and sorted on from a column
# (`start_at`), no longer a float trie: its terms were nine in ten of the index's terms.
# 4 also keeps a transcript's metadata (path, title, network ...) with its first passage only.
# 5: a passage's end is a column too (`end_at`, -1 for a passage without a time): NEAR/…s windows.
# 7: words in every script (SpeechAnalyzer), stems in the transcript's language, `language` indexed
# for transcripts not in English.
SCHEMA_VERSION = 7

# Passage identity and position.
TRANSCRIPT = "transcript"  # the transcript's id
PATH = "path"
PASSAGE = "passage"  # its number in the transcript
START = "start"  # stored: the start as read or estimated, to the hundredth
START_SECOND = "start_second"  # indexed: the whole second it falls in, for --after/--before
START_AT = "start_at"  # a column: --sort time
END = "end"
END_AT = "end_at"  # a column: the end (the start where there is none), -1 without a time (NEAR/…s)
ESTIMATED = "estimated"
TIMED = "timed"  # a column: 1 where the file gives the passage's times, 0 where estimated (NEAR/…s)
KIND = "kind"  # speech, shot or storyline; left out for speech
TIMES = "times"  # stored: when words inside the passage were said (`Passage.times`), in centiseconds
# What was said and by whom.
TEXT = "text"  # stemmed: what a query word matches
TEXT_EXACT = "text_exact"  # the words as written: suggestions and fuzzy words
TEXT_TAILS = "text_tails"  # long stems reversed, in compounding languages only: a word's head (`morphology`)
SPEAKER = "speaker"
SPEAKER_NAME = "speaker_name"  # the exact name, a column for counting
SPEAKER_LABEL = "speaker_label"  # the label as the file wrote it, where it differs: stored, and --speaker finds it
SPEAKER_LABEL_NAME = "speaker_label_name"  # the same, a column: `speakers` lists the forms it grouped
ROLE = "role"
ROLE_NAME = "role_name"
# Where the people file (`transcripts.people`) changed a passage's speaker or role: the two as the transcript
# gave them, stored (the file is applied again from them when it changes), and the speaker as a column
# (`speakers` says which names the file gave, and the forms it merged).
AS_READ = "as_read"
SPEAKER_AS_READ_NAME = "speaker_as_read_name"
# The transcript's metadata, repeated on each passage so a hit needs one read.
NETWORK = "network"
NETWORK_NAME = "network_name"
REPORTER = "reporter"
PLACE = "place"
TITLE = "title"
DATE = "date"
URL = "url"
DURATION = "duration"
FORMAT = "format"
SHA256 = "sha256"
STORY = "story"
PROGRAM = "program"
AIRED = "aired"
LANGUAGE = "language"  # ISO 639-1; indexed on passages not in English only (an English index is unchanged)

# Fields a bare query word searches, with their BM25F weights.
DEFAULT_FIELDS = {TEXT: 1.0, SPEAKER: 1.5, ROLE: 1.0}
# A bare word is looked for in what was said and in who said it, the speaker and role weighing a fifth
# at query time: a name's mentions come before that person's own passages (`Blinken` on the briefings:
# the top ten held 4 mentions and 6 of his own passages; now 10 mentions, for each of 10 names measured),
# while `elodie cheque` still finds Élodie saying "cheque". Known-item MRR@10 on 150 briefings passages:
# 0.938 before, 0.942 after.
MENTIONS_FIRST = {SPEAKER: 0.2, ROLE: 0.2}
# Fields a user may name in a query (`speaker:trump`); the rest are internal.
QUERY_FIELDS = (TEXT, SPEAKER, ROLE, NETWORK, REPORTER, PLACE, TRANSCRIPT)
# `--count-by` choices and the column each counts.
COUNT_COLUMNS = {SPEAKER: SPEAKER_NAME, TRANSCRIPT: TRANSCRIPT, NETWORK: NETWORK_NAME, ROLE: ROLE_NAME}


def build_schema() -> Schema:
    words = words_analyzer()
    fields = {
        TRANSCRIPT: ID(stored=True, sortable=True),
        PATH: ID(stored=True),
        PASSAGE: NUMERIC(int, stored=True, shift_step=32),  # one term a passage: enough for short ranges
        START: STORED(),
        # Whole seconds: a handful of distinct values a transcript, where a float's trie made four
        # terms of nearly every passage (235 MB of 10,000 synthetic transcripts' index was 90 MB of them).
        START_SECOND: NUMERIC(int, bits=32, signed=True, shift_step=8),
        START_AT: COLUMN(NumericColumn("f", default=0)),
        END: STORED(),
        END_AT: COLUMN(NumericColumn("f", default=-1)),
        ESTIMATED: STORED(),
        TIMED: COLUMN(NumericColumn("B", default=0)),
        KIND: STORED(),
        TEXT: TEXT_FIELD(analyzer=stemming_analyzer(), stored=True, phrase=True),
        TEXT_EXACT: TEXT_FIELD(analyzer=words, phrase=False),
        TEXT_TAILS: KEYWORD(scorable=True),
        SPEAKER: TEXT_FIELD(analyzer=words, stored=True, field_boost=DEFAULT_FIELDS[SPEAKER]),
        SPEAKER_NAME: COLUMN(VarBytesColumn()),  # UTF-8
        SPEAKER_LABEL: TEXT_FIELD(analyzer=words, stored=True),
        SPEAKER_LABEL_NAME: COLUMN(VarBytesColumn()),
        ROLE: TEXT_FIELD(analyzer=words, stored=True),
        ROLE_NAME: COLUMN(VarBytesColumn()),
        AS_READ: STORED(),
        SPEAKER_AS_READ_NAME: COLUMN(VarBytesColumn()),
        NETWORK: TEXT_FIELD(analyzer=words, stored=True),
        NETWORK_NAME: COLUMN(VarBytesColumn()),
        REPORTER: TEXT_FIELD(analyzer=words, stored=True),
        PLACE: TEXT_FIELD(analyzer=words, stored=True),
        TITLE: STORED(),
        DATE: ID(stored=True, sortable=True),
        URL: STORED(),
        DURATION: STORED(),
        FORMAT: STORED(),
        STORY: STORED(),
        PROGRAM: STORED(),
        AIRED: STORED(),
        LANGUAGE: ID(stored=True),
        SHA256: STORED(),  # which version of the file these passages came from
        TIMES: STORED(),
        # Declared since version 1 and never written: dropping them would change the schema.
        "size": STORED(),
        "mtime": STORED(),
    }
    return Schema(**fields)


# The transcript's own fields: indexed on every passage (queries and filters name them), stored with
# its first passage only (`with_transcript` reads them from there), not again on each passage. Not
# the date: Whoosh takes a sortable field's column value from what is stored.
TRANSCRIPT_STORED = (
    PATH,
    NETWORK,
    REPORTER,
    PLACE,
    TITLE,
    URL,
    DURATION,
    FORMAT,
    STORY,
    PROGRAM,
    AIRED,
    LANGUAGE,
    SHA256,
)


def stored_path(path: str) -> str:
    """A file's path as the index holds it: as it is, or, for a name that is not UTF-8 (a str with
    lone surrogates), its undecodable bytes written as `\\xNN`: the same each time, so the file's
    passages are found and replaced by it."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return path


def documents(transcript: Transcript) -> list[dict]:
    """The Whoosh documents for a transcript's passages (fields without a value are left out)."""
    meta = transcript.meta
    shared = {
        TRANSCRIPT: transcript.id,
        PATH: stored_path(transcript.path),
        NETWORK: meta.network,
        NETWORK_NAME: meta.network.encode("utf-8"),
        REPORTER: meta.reporter,
        PLACE: meta.place,
        TITLE: meta.title,
        DATE: meta.date,
        URL: meta.url,
        DURATION: meta.duration,
        FORMAT: transcript.format,
        STORY: meta.story,
        PROGRAM: meta.program,
        AIRED: meta.aired,
        LANGUAGE: meta.language if meta.language != ENGLISH else None,
        SHA256: transcript.sha256,
    }
    compounding = meta.language in COMPOUNDING
    docs = []
    for passage in transcript.passages:
        doc = dict(shared)
        doc.update(
            {
                PASSAGE: passage.number,
                START: passage.start,
                START_SECOND: math.floor(passage.start) if passage.start is not None else None,
                # Always written (0 for no time): a segment without the column cannot be sorted on it.
                START_AT: passage.start if passage.start is not None else 0.0,
                END: passage.end,
                END_AT: _end_at(passage),
                ESTIMATED: passage.estimated,
                TIMED: int(passage.start is not None and not passage.estimated),
                TIMES: _times_stored(passage),
                KIND: passage.kind if passage.kind != SPEECH else None,
                TEXT: passage.text,
                TEXT_EXACT: passage.text,
                TEXT_TAILS: tails(passage.text, meta.language) if compounding else None,
                SPEAKER: passage.speaker,
                SPEAKER_NAME: passage.speaker.encode("utf-8"),
                SPEAKER_LABEL: passage.label,
                SPEAKER_LABEL_NAME: passage.label.encode("utf-8"),
                ROLE: passage.role,
                ROLE_NAME: passage.role.encode("utf-8"),
                AS_READ: list(passage.as_read) if passage.as_read else None,
                SPEAKER_AS_READ_NAME: passage.as_read[0].encode("utf-8") if passage.as_read else None,
            }
        )
        doc = {key: value for key, value in doc.items() if value not in (None, "", b"")}
        if docs:  # not the first passage: `_stored_NAME` None, as Whoosh's writer takes it, stores nothing
            doc.update({f"_stored_{name}": None for name in TRANSCRIPT_STORED if name in doc})
        docs.append(doc)
    return docs


def _end_at(passage: Passage) -> float:
    if passage.start is None:
        return -1.0
    return max(passage.end, passage.start) if passage.end is not None else passage.start


def passage_of(stored: dict) -> Passage:
    """A passage from its document's stored fields."""
    return Passage(
        number=stored[PASSAGE],
        text=stored[TEXT],
        speaker=stored.get(SPEAKER, ""),
        role=stored.get(ROLE, ""),
        start=stored.get(START),
        end=stored.get(END),
        estimated=bool(stored.get(ESTIMATED, False)),
        kind=stored.get(KIND) or SPEECH,
        label=stored.get(SPEAKER_LABEL, ""),
        times=_times_read(stored.get(TIMES), stored.get(START)),
        as_read=tuple(stored[AS_READ]) if stored.get(AS_READ) else None,
    )


def _times_stored(passage: Passage) -> list[int] | None:
    """A passage's times as a short list of whole numbers: words after the time before, then centiseconds
    after it (deltas stay small: two bytes or so a cue in the stored record)."""
    if not passage.times or passage.start is None:
        return None
    flat: list[int] = []
    words, centiseconds = 0, round(passage.start * 100)
    for w, t in passage.times:
        at = round(t * 100)
        flat += [w - words, at - centiseconds]
        words, centiseconds = w, at
    return flat


def _times_read(flat: list[int] | None, start: float | None) -> tuple[tuple[int, float], ...]:
    if not flat or start is None:
        return ()
    times = []
    words, centiseconds = 0, round(start * 100)
    for i in range(0, len(flat) - 1, 2):
        words, centiseconds = words + flat[i], centiseconds + flat[i + 1]
        times.append((words, centiseconds / 100))
    return tuple(times)


def transcript_of(stored: dict) -> Transcript:
    """The transcript a document belongs to (without its passages), from the document's stored fields."""
    return Transcript(
        id=stored[TRANSCRIPT],
        path=stored[PATH],
        format=stored.get(FORMAT, ""),
        sha256=stored.get(SHA256, ""),
        meta=TranscriptMeta(
            title=stored.get(TITLE, ""),
            network=stored.get(NETWORK, ""),
            reporter=stored.get(REPORTER, ""),
            place=stored.get(PLACE, ""),
            date=stored.get(DATE, ""),
            url=stored.get(URL, ""),
            duration=stored.get(DURATION),
            story=stored.get(STORY, ""),
            program=stored.get(PROGRAM, ""),
            aired=stored.get(AIRED, ""),
            language=stored.get(LANGUAGE) or ENGLISH,
        ),
    )


def missing_fields(schema: Schema) -> dict:
    """Fields this version writes that an index made by an older one lacks (name: field type)."""
    current = build_schema()
    return {name: current[name] for name in current.names() if name not in schema}
