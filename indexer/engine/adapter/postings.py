"""Two costs per matching passage that Whoosh 2.7.4 pays through its file layer, paid once instead.

A search scores every matching passage (BM25F needs each passage's length)
and counts the transcripts they belong to. Whoosh reads both one document at
a time: a field length is five calls deep ending in a seek and a one-byte
read, a transcript id another seek and read. At 50,000 transcripts a common
phrase matches 78,000 passages, and those reads were a third of its time.

- Field lengths: a segment keeps them as one byte per document; the first
  scorer of a field reads the whole column in one read (750 KB at 50,000
  transcripts) and looks lengths up in memory. Scores are the same numbers:
  the same bytes go through Whoosh's own byte-to-length table, and each
  (weight, length) pair is scored once by Whoosh's own formula and remembered.
- Transcripts: `DistinctCounter` notes the matching document numbers of each
  segment and reads their ids from the column's data in one read, instead of
  a facet lookup per document.

- Posting blocks: when a block of postings is first read, Whoosh rebuilds
  its document numbers from gaps and fills in constant weights with Python
  generators, 128 steps a block; the same arrays are built here in C
  (`itertools.accumulate`, array repetition). A phrase with a frequent word
  (`"rule of law"`) reads a block of `of` for nearly every match.

Only Whoosh's own segment readers are touched; anything else (an in-memory
index, a future codec) keeps Whoosh's path.
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Callable
from itertools import accumulate

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, W3PerDocReader, _lenfield
from whoosh.collectors import WrappingCollector
from whoosh.columns import VarBytesColumn
from whoosh.reading import SegmentReader
from whoosh.scoring import WeightLengthScorer
from whoosh.util.numeric import byte_to_length

# Whoosh returns no length for a zero byte (doc_field_length falls through to None).
_LENGTH_OF_BYTE = [byte_to_length(b) if b else None for b in range(256)]
_CACHE = "_soundbite_lengths"
_COLUMNS = "_soundbite_columns"
_original_setup = WeightLengthScorer.setup


def _length_bytes(reader, fieldname: str) -> bytes | None:
    """One byte a document for `fieldname` in a segment, read once; None where Whoosh's path must stay."""
    cache = reader.__dict__.setdefault(_CACHE, {})
    if fieldname not in cache:
        found = None
        perdoc = getattr(reader, "_perdoc", None)
        if type(reader) is SegmentReader and type(perdoc) is W3PerDocReader:
            column = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
            if column is not None and column._fixedlen == 1:
                stored = column._dbfile.get(column._basepos, column._count)
                # Documents past the column's end have the column's default, 0.
                found = stored + bytes(max(0, perdoc._doccount + 1 - len(stored)))
        cache[fieldname] = found
    return cache[fieldname]


def _setup(self, searcher, fieldname, text):
    _original_setup(self, searcher, fieldname, text)
    if not hasattr(self, "dfl"):  # a field without lengths: Whoosh used a constant scorer
        return
    lengths = _length_bytes(searcher.reader(), fieldname)
    if lengths is None:
        return
    table = _LENGTH_OF_BYTE
    self.dfl = lambda docnum: table[lengths[docnum]]
    if type(self).score is not WeightLengthScorer.score:  # a scorer with its own formula: leave it be
        return
    # A score depends only on the term's weight in the passage and the passage's
    # length byte, and passages repeat the same few pairs: compute each once.
    memo = _ScoreMemo(self._score)
    get = memo.__getitem__
    self.score = lambda matcher: get((matcher.weight(), lengths[matcher.id()]))
    self.score_memo = (lengths, memo)  # (for `bulk_matches`, which scores whole posting lists)


class _ScoreMemo(dict):
    """Scores by (weight, length byte), each computed once by the scorer's own formula."""

    def __init__(self, compute):
        super().__init__()
        self.compute = compute

    def __missing__(self, key):
        weight, length_byte = key
        found = self[key] = self.compute(weight, _LENGTH_OF_BYTE[length_byte])
        return found


def _read_ids(self):
    if self._data is None:
        self._read_data()
    ids = self._data[0]
    # Stored as gaps unless they fit in bytes (then absolute), as in Whoosh's own _read_ids.
    self._ids = ids if self._byteids else tuple(accumulate(ids))


def _read_weights(self):
    if self._data is None:
        self._read_data()
    weights = self._data[1]
    if weights is None:  # every weight 1.0
        self._weights = array("f", [1.0]) * self._blocklength
    elif isinstance(weights, float):  # every weight the same
        self._weights = array("f", [weights]) * self._blocklength
    else:
        self._weights = weights


_whooshs_block_readers = (W3LeafMatcher._read_ids, W3LeafMatcher._read_weights)


def install() -> None:
    WeightLengthScorer.setup = _setup
    W3LeafMatcher._read_ids = _read_ids
    W3LeafMatcher._read_weights = _read_weights


class DistinctCounter(WrappingCollector):
    """Passes every match to `child` and counts the distinct values of a stored-as-column ID field."""

    # Below this many matches in a segment, reading values one by one is cheaper than the whole column.
    WHOLE_COLUMN_FROM = 2000

    def __init__(self, child, fieldname: str, counted: dict[str, Counter] | None = None):
        super().__init__(child)
        self.fieldname = fieldname
        self.counted = counted or {}  # column -> matching passages by value, counted too (`value_counts`)
        self.values: set[bytes] = set()
        self._docs: list[int] = []
        self._reader = None

    def set_subsearcher(self, subsearcher, offset):
        self._flush()
        super().set_subsearcher(subsearcher, offset)
        self._reader = subsearcher.reader()

    def collect(self, sub_docnum):
        self._docs.append(sub_docnum)
        return self.child.collect(sub_docnum)

    def collect_matches(self):
        # What WrappingCollector does, less a method call per match when nothing wraps this collector.
        note, collect = self._docs.append, self.child.collect
        for sub_docnum in self.child.matches():
            note(sub_docnum)
            collect(sub_docnum)

    def finish(self):
        self._flush()
        super().finish()

    def _flush(self) -> None:
        docs, reader = self._docs, self._reader
        self._docs = []
        if docs:
            self.values.update(column_values(reader, self.fieldname, docs, self.WHOLE_COLUMN_FROM))
            add_counts(reader, self.counted, docs)


def column_values(reader, fieldname: str, docs, whole_from: int | None = None):
    """The values (bytes) of a column field for a segment's documents `docs`: from the whole column read
    in one read where they are many (kept with the reader, for the next search of a resident searcher),
    else one at a time."""
    cache = reader.__dict__.setdefault(_COLUMNS, {})
    value = cache.get(fieldname)
    if value is None:
        column = reader.column_reader(fieldname, translate=False)
        if len(docs) < (DistinctCounter.WHOLE_COLUMN_FROM if whole_from is None else whole_from):
            return map(column.__getitem__, docs)
        value = cache[fieldname] = whole_column(column) or column.__getitem__
    return map(value, docs)


def distinct_values(reader, fieldname: str, docs) -> set[bytes]:
    """The distinct values of a column field among a segment's documents `docs`, for a resident searcher:
    the column is read once into a code a document (an array) and its values, so each search looks codes
    up in C and turns only the distinct ones into values."""
    coded = _coded(reader, fieldname)
    if coded is None:
        return set(column_values(reader, fieldname, docs))
    numbers, values = coded
    return set(map(values.__getitem__, set(map(numbers.__getitem__, docs))))


def value_counts(reader, fieldname: str, docs) -> Counter:
    """How many of a segment's documents `docs` have each value of a column field (bytes), for a resident
    searcher: the hits' counts by speaker or network, from the codes `distinct_values` keeps."""
    coded = _coded(reader, fieldname)
    if coded is None:
        return Counter(column_values(reader, fieldname, docs, 0))
    numbers, values = coded
    return Counter({values[code]: n for code, n in Counter(map(numbers.__getitem__, docs)).items()})


def warm(reader, columns: tuple[str, ...], length_fields: tuple[str, ...]) -> None:
    """Read now what a resident searcher's searches would read of a segment at their first use: the
    columns (`value_counts`, `distinct_values`) and the field lengths (scores)."""
    for column in columns:
        if reader.has_column(column):
            _coded(reader, column)
    for field in length_fields:
        _length_bytes(reader, field)


def add_counts(reader, counted: dict[str, Counter], docs) -> None:
    """Add a segment's documents `docs` to each column's counts by value (`counted`: column -> Counter);
    a segment in which no passage has a value has no column: all of them count under no value."""
    for column, counts in counted.items():
        if reader.has_column(column):
            counts.update(value_counts(reader, column, docs))
        else:
            counts[b""] += len(docs)


def _coded(reader, fieldname: str):
    """(a code a document, the values by code) of a var-bytes column, made once a reader; None for a
    column of another kind."""
    cache = reader.__dict__.setdefault(_COLUMNS, {})
    coded = cache.get((fieldname, "coded"))
    if coded is None:
        value = whole_column(reader.column_reader(fieldname, translate=False))
        if value is None:
            return None
        codes: dict[bytes, int] = {}
        numbers = array("i", [codes.setdefault(value(doc), len(codes)) for doc in range(reader.doc_count_all())])
        coded = cache[(fieldname, "coded")] = (numbers, list(codes))
    return coded


def whole_column(column) -> Callable[[int], bytes] | None:
    """A var-bytes column (`reader.column_reader(name, translate=False)`) read whole in one read, as a
    document's value: Whoosh reads it a value at a time (a list of 370,000 ids took 0.7 s). None for a
    column of another kind."""
    if not isinstance(column, VarBytesColumn.Reader):
        return None
    offsets, lengths = column._offsets, column._lengths
    if not len(lengths):
        return None
    last = len(lengths) - 1
    data = column._dbfile.get(column._basepos, offsets[last] + lengths[last])

    def value(docnum: int) -> bytes:
        start = offsets[docnum]
        return data[start : start + lengths[docnum]]

    return value
