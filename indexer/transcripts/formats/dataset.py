"""Datasets: many transcripts in one CSV, TSV or JSON Lines file, a row each.

Research datasets of broadcasts and episodes keep a transcript per row with
its metadata in other columns. Columns are recognised by name, ignoring case
(the first of each list that the file has):

    text      text, transcript, body, content, caption, captions, cc
    id        identifier, id, uid, guid, episode_id, slug
    title     title, headline, episode_title, name
    program   program, programme, show, series, podcast
    date      date, air_date, airdate, published, pubdate, start_time, datetime
    network   contributor, network, channel, station, outlet, publisher, source
    url       url, identifier-access, link, media_url, video_url, audio_url
    runtime   runtime, duration, length          (h:mm:ss or seconds)
    times     times                               (seconds, comma-separated: see below)
    aired     start_time with utc_offset          (the TV News archive's columns)
    language  language, lang, language_code, locale  (`en`, `pt-BR`, `French`)

Each row is a transcript with id `<file id>/<row id or row number>`. `times`
(the TV News archive's export) holds the start, in seconds, of each caption
line of the broadcast, while `text` holds the lines run together: the text is
spread over the lines by length, so passage times are within a line or two
and are marked estimated. Without `times`, a `runtime` gives estimated times
by the share of words; without either, none. Rows are read one at a time, so
a file of any size indexes in bounded memory; a row that cannot be read is
one note, and the rest of the file is read.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator
from itertools import accumulate, chain

from indexer.errors import UnreadableFile
from indexer.model import Parsed, TranscriptMeta, Turn
from indexer.transcripts.clock import parse_clock
from indexer.transcripts.cues import Cue, clean_cues, merge_cues, speaking_end
from indexer.transcripts.language import code_of
from indexer.transcripts.metadata import air_time
from indexer.transcripts.news import find_date

NAME = "dataset"
EXTENSIONS = (".csv", ".tsv", ".jsonl", ".ndjson")

COLUMNS = {
    "text": ("text", "transcript", "body", "content", "caption", "captions", "cc"),
    "id": ("identifier", "id", "uid", "guid", "episode_id", "slug"),
    "title": ("title", "headline", "episode_title", "name"),
    "program": ("program", "programme", "show", "series", "podcast"),
    "date": ("date", "air_date", "airdate", "published", "pubdate", "start_time", "datetime"),
    "network": ("contributor", "network", "channel", "station", "outlet", "publisher", "source"),
    "url": ("url", "identifier-access", "link", "media_url", "video_url", "audio_url"),
    "runtime": ("runtime", "duration", "length"),
    "times": ("times",),
    "start_time": ("start_time",),
    "utc_offset": ("utc_offset",),
    "language": ("language", "lang", "language_code", "locale"),
}
MAX_CELL = 16 * 1024 * 1024  # a cell larger than this is a broken quote or not a transcript
_UNSAFE = re.compile(r"[^\w.-]+")


class Row:
    """One row's values by the role of their column."""

    def __init__(self, number: int, values: dict[str, str]):
        self.number = number
        self.values = values

    def get(self, role: str) -> str:
        return self.values.get(role, "")


def roles(names: Iterable[str]) -> dict[str, str]:
    """Role -> column name, for the roles this file's columns fill (the first match of each role).

    One column may fill two roles: the archive's `start_time` is both the date and the air time.
    """
    folded = {name.strip().lower(): name for name in names if isinstance(name, str)}
    found = {}
    for role, candidates in COLUMNS.items():
        column = next((folded[c] for c in candidates if c in folded), None)
        if column is not None:
            found[role] = column
    return found


def sniff(text: str) -> bool:
    first = next((line for line in text[:100000].split("\n") if line.strip()), "")
    if first.lstrip("\ufeff ").startswith("{"):
        try:
            return "text" in roles(json.loads(first.lstrip("\ufeff ")).keys())
        except ValueError:
            return False
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    try:
        header = next(csv.reader([first.lstrip("\ufeff")], delimiter=delimiter), [])
    except csv.Error:
        return False
    return len(header) >= 2 and "text" in roles(header)


def rows(lines: Iterable[str], name: str, notes: list[str]) -> Iterator[Row]:
    """The rows of a dataset read line by line; a row that cannot be read is a note, not the end."""
    lines = iter(lines)
    for first in lines:
        if first.strip():
            break
    else:
        return
    first = first.lstrip("\ufeff")
    if first.lstrip().startswith("{"):
        yield from _json_lines(first, lines, notes)
    else:
        yield from _csv_rows(first, lines, name, notes)


def _json_lines(first: str, lines: Iterator[str], notes: list[str]) -> Iterator[Row]:
    for number, line in enumerate(chain([first], lines), 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except ValueError as exc:
            notes.append(f"line {number} is not JSON ({exc.msg} at column {exc.colno}): skipped")
            continue
        if not isinstance(data, dict):
            notes.append(f"line {number} is not a JSON object: skipped")
            continue
        yield Row(number, {role: _cell(data.get(column)) for role, column in roles(data.keys()).items()})


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ",".join(str(v) for v in value)
    return str(value)


def _csv_rows(first: str, lines: Iterator[str], name: str, notes: list[str]) -> Iterator[Row]:
    delimiter = "\t" if name.lower().endswith(".tsv") or first.count("\t") > first.count(",") else ","
    csv.field_size_limit(MAX_CELL)
    reader = csv.reader(chain([first], lines), delimiter=delimiter, strict=True)
    try:
        header = next(reader)
    except csv.Error as exc:
        raise UnreadableFile("", f"its header row cannot be read ({exc})") from None
    columns = roles(header)
    if "text" not in columns:
        known = ", ".join(COLUMNS["text"])
        raise UnreadableFile("", f"a table without a transcript column (one of: {known})")
    number = 1
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            number += 1
            problem = "a cell over 16 MiB" if "field larger" in str(exc) else str(exc)
            notes.append(f"row {number} cannot be read ({problem}): the rest of the file after it is not read")
            return
        number += 1
        if not any(cell.strip() for cell in record):
            continue
        cells = dict(zip(header, record, strict=False))
        yield Row(number, {role: cells.get(column, "") for role, column in columns.items()})


def row_story(row: Row, notes: list[str]) -> Parsed | None:
    """A row as a story of the file: its turns and metadata; None (and a note) when it has no text."""
    text = row.get("text").strip()
    if not text:
        notes.append(f"row {row.number} has no text: skipped")
        return None
    meta = TranscriptMeta(
        title=" ".join(row.get("title").split()),
        program=row.get("program").strip(),
        network=row.get("network").strip(),
        url=row.get("url").strip(),
        language=code_of(row.get("language")),
    )
    meta.aired, meta.date = air_time(row.get("start_time"), row.get("utc_offset"))
    meta.date = meta.date or find_date(row.get("date"))
    runtime = row.get("runtime").strip()
    if runtime:
        meta.duration = parse_clock(runtime)
    times = _times(row.get("times"))
    if times:
        turns = merge_cues(clean_cues(_spread(text, times, meta.duration), rolling=False))
        for turn in turns:
            turn.estimated = True
    else:
        turns = _untimed_turns(text)
    return Parsed(meta, turns, key=row_key(row))


def row_key(row: Row) -> str:
    """How a row is named in its transcript's id: its identifier, else its row number."""
    return _UNSAFE.sub("-", row.get("id").strip()).strip("-") or str(row.number)


def _times(value: str) -> list[float]:
    times = []
    for part in value.replace(";", ",").split(","):
        try:
            times.append(float(part))
        except ValueError:
            continue
    return times


def _spread(text: str, times: list[float], duration: float | None) -> list[Cue]:
    """The text's turns (`>>`, `>> name:`), cut into caption-line-sized cues timed by where they fall.

    The turns are read from the whole text first, so no speaker label is cut
    in two; each turn is then cut into pieces about a caption line long, and
    a piece starts at the time of the line its first character falls in, by
    its share of the text.
    """
    turns = clean_cues([Cue(0.0, 0.0, text)], rolling=False)
    total = sum(len(cue.text) + 1 for cue in turns) or 1
    # The text's order is the order things were said: a line timed before the one above it is read at
    # that one's time, so that no passage moves ahead of the words before it.
    times = list(accumulate(times, max))
    line_chars = max(1.0, total / len(times))

    def time_at(offset: float) -> float:
        return times[min(len(times) - 1, int(offset / total * len(times)))]

    cues: list[Cue] = []
    offset = 0
    for turn in turns:
        piece: list[str] = []
        begins = offset
        first = True
        words = turn.text.split()
        for i, word in enumerate(words):
            piece.append(word)
            offset += len(word) + 1
            if offset - begins >= line_chars or i == len(words) - 1:
                start = time_at(begins)
                text = " ".join(piece)
                end = time_at(offset) if offset < total else speaking_end(start, text, duration)
                speaker, new_turn = (turn.speaker, turn.new_turn) if first else (None, False)
                cues.append(Cue(start, max(start, end), text, speaker, new_turn))
                piece, begins, first = [], offset, False
    return cues


def _untimed_turns(text: str) -> list[Turn]:
    """`>>` turns and `>> name:` speakers, as in captions, without times."""
    return [
        Turn(text=cue.text, speaker=cue.speaker or "")
        for cue in clean_cues([Cue(0.0, 0.0, text)], rolling=False)
        if cue.text
    ]


def parse(text: str) -> Parsed:
    """A whole dataset held in memory (what `--format dataset` and detection see); `sources` streams big ones."""
    notes: list[str] = []
    stories = [story for row in rows(io.StringIO(text), "", notes) if (story := row_story(row, notes))]
    return Parsed(TranscriptMeta(), [], notes=notes, stories=stories)
