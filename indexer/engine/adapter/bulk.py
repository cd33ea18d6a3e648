"""Passages into a Whoosh segment in bulk: Whoosh's format, without Whoosh's work per token and per posting.

Whoosh's `IndexWriter` analyses each field of each document through a chain
of generators, passes every posting through a sorting pool on disk, and then
hands the postings one at a time to the codec, which looks each document's
field length up again: several Python calls a token (issue 4's profile: 26 s
of 27). Here a passage's words are found once for both text fields by
`analysis.Terms` (the same terms as soundbite's analyzer gives, memoised per
distinct word and language, so English stems are exactly Whoosh's Porter
stems), the postings of a segment gather per term in
arrays, and each term's list is cut into Whoosh's blocks of 128 and written in
the layout of Whoosh's W3 codec: block info and data pickled and compressed,
the term table through the codec's own writer, stored fields, lengths and
columns through its per-document writer. Whoosh's reader, searcher and merges
open the segment as one of their own (`tests/test_bulk.py` compares every
posting with what Whoosh's writer makes of the same documents).

Two things differ from Whoosh's writer on disk, not in meaning: the blocks are
pickled with protocol 5, not 2 (at protocol 2, Python 3 pickles each
positions value through `_codecs.encode`, which made the postings three times
their size), and blocks under 96 bytes are not compressed (Whoosh meant not to, but
its check is overwritten on the next line). Whoosh unpickles any
protocol and decompresses any level.

Fields whose analyzer is not one of the two this schema uses fall back to the
field's own `index()`, so an unexpected schema is slow, never wrong.
"""

from __future__ import annotations

import contextlib
import heapq
import pickle
import tempfile
import zlib
from array import array
from collections import Counter
from itertools import accumulate, groupby, repeat
from operator import itemgetter, sub

import indexer.engine.adapter.startup  # noqa: F401  (before the first Whoosh import)

# isort: split

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, WHOOSH3_HEADER_MAGIC, W3Codec, W3TermInfo, _lenfield
from whoosh.columns import NumericColumn, VarBytesColumn
from whoosh.formats import Positions
from whoosh.system import pack_int, pack_uint, pack_ushort
from whoosh.util.numeric import byte_to_length, length_to_byte

from indexer.engine.analysis import ENGLISH, SpeechAnalyzer, Terms

BLOCK = 128  # postings a block: Whoosh's W3 block limit
PICKLE_PROTOCOL = 5
ZLIB_LEVEL = 3


def _analysis_kind(field) -> str | None:
    """'words' or 'stems' when the field is analysed by soundbite's own analyzer (reproduced here by
    `analysis.Terms`); else None."""
    analyzer = getattr(field, "analyzer", None)
    if type(analyzer) is not SpeechAnalyzer:
        return None
    return "stems" if analyzer.stemming else "words"


# Text values up to this long have their postings remembered (speakers, places: not passages' text).
SHORT_VALUE = 200
WORDS_CACHE_SIZE = 4096  # values remembered at most (a transcript's few, many times)

# Postings a chunk of a spilled run: what the final merge holds of each run at a time.
CHUNK_POSTINGS = 1 << 16


class _FieldPostings:
    """A field's postings in a segment, flat, in the order they were added (document order).

    Three arrays and a list, a few bytes a posting, not an object a term. When
    the builder holds too many, they are sorted by term (a counting sort, so
    each term's postings stay in document order) and spill to a temporary file
    in chunks; when the segment is written, the runs and what is still held
    are merged a term at a time. Memory is bounded by what is held, not by the
    size of the segment: the final sort of a whole field in memory was most of
    a worker's peak.
    """

    __slots__ = ("_runs", "docs", "freqs", "term_ids", "terms", "tids", "values")

    def __init__(self, with_values: bool):
        self.term_ids: dict[bytes, int] = {}
        self.terms: list[bytes] = []
        self._runs: list = []
        self._clear(with_values)

    def _clear(self, with_values: bool) -> None:
        self.tids = array("I")
        self.docs = array("I")
        self.freqs = array("I")
        self.values: list[bytes] | None = [] if with_values else None

    def ids_of(self, terms) -> list[int]:
        ids = list(map(self.term_ids.get, terms))
        if None in ids:
            for i, tid in enumerate(ids):
                if tid is None:
                    term = terms[i]
                    tid = self.term_ids.get(term)  # the same new term twice in one call
                    if tid is None:
                        tid = self.term_ids[term] = len(self.terms)
                        self.terms.append(term)
                    ids[i] = tid
        return ids

    def _sorted(self):
        """What is held, sorted by term: (terms, how many postings each, docs, freqs, values); then let go."""
        tids, docs, freqs, values = self.tids, self.docs, self.freqs, self.values
        self._clear(values is not None)
        terms = self.terms
        present = sorted(set(tids), key=terms.__getitem__)
        rank = {tid: r for r, tid in enumerate(present)}
        ranked = array("I", map(rank.__getitem__, tids))
        del tids
        counts = Counter(ranked)
        sizes = array("I", map(counts.__getitem__, range(len(present))))
        # Counting sort: where each rank's postings start, then each posting into its place.
        starts = list(accumulate(sizes, initial=0))
        order = array("I", bytes(4 * len(ranked)))
        for i, r in enumerate(ranked):
            at = starts[r]
            order[at] = i
            starts[r] = at + 1
        del ranked
        return (
            list(map(terms.__getitem__, present)),
            sizes,
            array("I", map(docs.__getitem__, order)),
            array("I", map(freqs.__getitem__, order)),
            list(map(values.__getitem__, order)) if values is not None else None,
        )

    def spill(self) -> None:
        """Sort the postings held in memory into a run on a temporary file (gone when closed, or when the
        process dies), in chunks of whole terms."""
        if not self.tids:
            return
        terms, sizes, docs, freqs, values = self._sorted()
        run = tempfile.TemporaryFile()  # noqa: SIM115  (kept open: closing it deletes it)
        first = at = end = 0  # the chunk's first term, its first posting, the posting after the term
        for i, size in enumerate(sizes):
            end += size
            if end - at >= CHUNK_POSTINGS or i == len(sizes) - 1:
                chunk = (terms[first : i + 1], sizes[first : i + 1], docs[at:end], freqs[at:end])
                pickle.dump((*chunk, values[at:end] if values is not None else None), run, PICKLE_PROTOCOL)
                first, at = i + 1, end
        self._runs.append(run)

    def discard(self) -> None:
        for run in self._runs:
            run.close()  # a temporary file: closing deletes it
        self._runs = []

    def by_term(self):
        """(term, docs, freqs, values) for each term in byte order, its postings in document order."""
        sources = [_read_run(run) for run in self._runs]
        if self.tids:
            sources.append(_terms_of(*self._sorted()))
        try:
            if len(sources) == 1:
                yield from sources[0]
                return
            # Each run holds earlier documents than the runs after it: a stable merge keeps document order.
            for term, parts in groupby(heapq.merge(*sources, key=itemgetter(0)), key=itemgetter(0)):
                parts = list(parts)
                if len(parts) == 1:
                    yield parts[0]
                    continue
                docs, freqs = array("I"), array("I")
                values = [] if parts[0][3] is not None else None
                for _, more_docs, more_freqs, more_values in parts:
                    docs.extend(more_docs)
                    freqs.extend(more_freqs)
                    if values is not None:
                        values.extend(more_values)
                yield term, docs, freqs, values
        finally:
            self.discard()


def _terms_of(terms, sizes, docs, freqs, values):
    """Sorted postings (`_FieldPostings._sorted`) a term at a time."""
    at = 0
    for term, size in zip(terms, sizes, strict=True):
        end = at + size
        yield term, docs[at:end], freqs[at:end], values[at:end] if values is not None else None
        at = end


def _read_run(run):
    """A spilled run a term at a time, one chunk in memory."""
    run.seek(0)
    while True:
        try:
            chunk = pickle.load(run)
        except EOFError:
            return
        yield from _terms_of(*chunk)


class SegmentBuilder:
    """Documents in, one Whoosh segment out: `add` each document's fields, then `finish`."""

    def __init__(self, storage, schema, indexname: str = "MAIN", held_postings: int = 2_000_000):
        self._storage = storage
        self._held_postings = held_postings  # postings kept in memory before they spill to disk
        self._schema = schema
        self._codec = W3Codec()
        self.segment = self._codec.new_segment(storage, indexname)
        self._perdoc = self._codec.per_document_writer(storage, self.segment)
        self._docs = 0
        self._postings: dict[str, _FieldPostings] = {}
        self._lengths: dict[str, array] = {}  # field -> each document's length
        self._length_codes: dict[str, bytes] = {}  # field -> each document's length as its one-byte code
        self._kinds = {name: _analysis_kind(schema[name]) for name in schema.names()}
        self._words = Terms()
        self._single_positions: list[bytes] = []  # the encoded value of a word said once, by its position
        self._words_cache: dict[tuple[str, str, str | None], tuple] = {}
        self._items_cache: dict[tuple[str, object], tuple[list[bytes], list[int], list[bytes]]] = {}
        self._plans: dict[tuple[str, ...], list[tuple]] = {}
        self._columns: dict[str, tuple[array, list]] = {}  # field -> its documents with a value, the values
        self.postings = 0  # postings added to this segment
        self._spilled = 0  # of which in temporary files

    @property
    def doc_count(self) -> int:
        return self._docs

    def add(self, fields: dict) -> None:
        """One document, as `IndexWriter.add_document(**fields)` would take it."""
        docnum = self._docs
        perdoc = self._perdoc
        perdoc.start_doc(docnum)
        stored = perdoc._storedfields  # filled here; the per-document writer pickles it at finish_doc
        analysed: dict[str, tuple[list[bytes], list[bytes]]] = {}
        language = fields.get("language") or ENGLISH  # (schema.LANGUAGE: left out for English)
        names = tuple(fields)
        plan = self._plans.get(names)
        if plan is None:
            plan = self._plans[names] = self._plan(names)
        for name, field, kind, stored_as, column in plan:
            value = fields[name]
            if value is None:
                continue
            if kind is not None:
                self._add_words(name, field, value, kind, docnum, analysed, language)
            elif field.indexed:
                self._add_items(name, field, value, docnum)
            if stored_as:
                kept = fields.get(stored_as, value)  # as Whoosh's writer: None keeps nothing
                if kept is not None:
                    stored[name] = kept
            if column is not None:
                column[0].append(docnum)
                column[1].append(field.to_column_value(value))
        perdoc.finish_doc()
        self._docs += 1
        if self.postings - self._spilled >= self._held_postings:
            for postings in self._postings.values():
                postings.spill()
            self._spilled = self.postings

    def _plan(self, names: tuple[str, ...]) -> list[tuple]:
        """For a document with these fields: each field's name, field, analysis kind, stored key and
        column values, in the order Whoosh's writer takes them (sorted: the stored dict's order)."""
        plan = []
        for name in sorted(n for n in names if not n.startswith("_")):
            field = self._schema[name]
            column = None
            if field.column_type:
                column = self._columns.get(name)
                if column is None:
                    column = self._columns[name] = (array("I"), [])
            kind = self._kinds[name] if field.indexed else None
            plan.append((name, field, kind, field.stored and f"_stored_{name}", column))
        return plan

    def _field(self, name: str, with_values: bool) -> _FieldPostings:
        postings = self._postings.get(name)
        if postings is None:
            postings = self._postings[name] = _FieldPostings(with_values)
        return postings

    def _lengths_of(self, name: str) -> array:
        lengths = self._lengths.get(name)
        if lengths is None:
            lengths = self._lengths[name] = array("I")
        if len(lengths) <= self._docs:  # grown in steps, trimmed when written
            lengths.extend(bytes(4 * max(4096, self._docs + 1 - len(lengths))))
        return lengths

    def _add_words(self, name, field, value, kind, docnum, analysed, language: str) -> None:
        """A text field's postings and length, analysed here; a short value's remembered (a transcript
        repeats its speakers, roles, network and place on every passage)."""
        key = (name, value, language if kind == "stems" else None)
        entry = self._words_cache.get(key)
        if entry is None:
            terms = analysed.get(value) if isinstance(value, str) else None
            if terms is None:
                terms = analysed[value] = self._words.terms(value, language)
            entry = self._word_postings(name, field, terms[1] if kind == "stems" else terms[0], terms[2])
            if len(value) <= SHORT_VALUE:
                if len(self._words_cache) >= WORDS_CACHE_SIZE:
                    self._words_cache.clear()
                self._words_cache[key] = entry
        postings, tids, freqs, values, length = entry
        postings.tids.extend(tids)
        postings.docs.extend(repeat(docnum, len(tids)))
        postings.freqs.extend(freqs)
        if values is not None:
            postings.values.extend(values)
        self.postings += len(tids)
        if length:
            self._lengths_of(name)[docnum] = length

    def _word_postings(self, name, field, terms, positions=None) -> tuple:
        """(field postings, term ids, frequencies, encoded positions or None, length) of a text's terms.

        `positions`: each term's, where some share one (an unspaced run's last character); else each
        term is at its place in the list."""
        positional = isinstance(field.format, Positions)
        postings = self._field(name, positional)
        counts = Counter(terms)
        distinct = list(counts)
        values = None
        if positional:
            at = range(len(terms)) if positions is None else positions
            # A word said once has one position: the last (a dict built in C) and an encoded value
            # shared by every word said once at that position. The others are gathered in one pass.
            last = dict(zip(terms, at, strict=True))
            single = self._single_positions
            encode = field.format.encode
            while len(single) < len(terms):
                single.append(encode((len(single),)))
            if len(distinct) == len(terms):
                values = list(map(single.__getitem__, map(last.__getitem__, distinct)))
            else:
                repeated = {term: [] for term, count in counts.items() if count > 1}
                for position, term in zip(at, terms, strict=True):
                    found = repeated.get(term)
                    if found is not None:
                        found.append(position)
                if positions is not None:  # a word's other forms come last, at earlier positions
                    for found in repeated.values():
                        found.sort()
                values = [encode(repeated[term]) if term in repeated else single[last[term]] for term in distinct]
        length = len(terms) if field.scorable else 0
        return postings, postings.ids_of(distinct), list(counts.values()), values, length

    def _add_items(self, name, field, value, docnum) -> None:
        """A field the fast path does not cover: Whoosh's own `index()` makes its postings.

        Remembered per value: a transcript's id, path and date repeat on each of its passages.
        """
        key = (name, value)
        items = self._items_cache.get(key)
        if items is None:
            if len(self._items_cache) >= WORDS_CACHE_SIZE:
                self._items_cache.clear()
            items = self._items_cache[key] = self._items(name, field, value)
        terms, freqs, values = items
        postings = self._field(name, True)
        postings.tids.extend(postings.ids_of(terms))
        postings.docs.extend(repeat(docnum, len(terms)))
        postings.freqs.extend(freqs)
        postings.values.extend(values)
        self.postings += len(terms)
        if field.scorable and sum(freqs):
            self._lengths_of(name)[docnum] = sum(freqs)

    @staticmethod
    def _items(name, field, value) -> tuple[list[bytes], list[int], list[bytes]]:
        fixed = field.format.fixed_value_size()
        terms, freqs, values = [], [], []
        for term, freq, weight, vbytes in field.index(value):
            if weight != freq * field.format.field_boost:
                raise ValueError(f"{name}: a weight the bulk writer cannot keep ({weight} for {freq})")
            terms.append(term)
            freqs.append(freq)
            values.append(vbytes if fixed != 0 else b"")
        return terms, freqs, values

    def _write_lengths(self) -> None:
        """Each scorable field's lengths column and total, in one write a field (not a call a document)."""
        perdoc = self._perdoc
        for name, lengths in self._lengths.items():
            del lengths[self._docs :]
            perdoc._fieldlengths[name] += sum(lengths)
            column = _lenfield(name)
            perdoc._create_column(column, LENGTHS_COLUMN)
            writer = perdoc._colwriters[column]
            as_byte = {n: length_to_byte(n) if n else 0 for n in set(lengths)}
            codes = self._length_codes[name] = bytes(map(as_byte.__getitem__, lengths))
            data = codes.rstrip(b"\0")  # as Whoosh's writer: up to the last document with a length
            writer._dbfile.write(data)
            writer._count = len(data)

    def _write_columns(self) -> None:
        """Each column's values, gathered while documents were added: in bulk where Whoosh's writer for
        it is one whose bytes are known (a byte string or a number a document), else value by value."""
        perdoc = self._perdoc
        for name, (docnums, values) in self._columns.items():
            column_type = self._schema[name].column_type
            perdoc._create_column(name, column_type)
            writer = perdoc._colwriters[name]
            every_document = len(docnums) == self._docs  # (added in order, so 0, 1, 2, ...)
            if every_document and type(writer) is VarBytesColumn.Writer:
                lengths = list(map(len, values))
                writer._dbfile.write(b"".join(values))
                writer._lengths.extend(lengths)
                writer._offsets.extend(accumulate(lengths[:-1], initial=0))
                writer._offset_base = sum(lengths)
                writer._count = len(values)
            elif every_document and type(writer) is NumericColumn.Writer:
                default, pack = writer._default, writer._pack
                end = len(values)
                while end and values[end - 1] == default:
                    end -= 1  # as Whoosh's writer, trailing defaults are not written: the reader supplies them
                writer._dbfile.write(b"".join(writer._defaultbytes if v == default else pack(v) for v in values[:end]))
                writer._count = end
            else:
                for docnum, value in zip(docnums, values, strict=True):
                    writer.add(docnum, value)

    def finish(self):
        """Write the segment's files and assemble them; the segment, for a table of contents to list."""
        self.segment.set_doc_count(self._docs)
        self._write_lengths()
        self._write_columns()
        self._perdoc.close()
        fields = self._codec.field_writer(self._storage, self.segment)
        postfile = fields._postfile
        for name in sorted(self._postings):
            field = self._schema[name]
            codes = self._length_codes.get(name)
            fields.start_field(name, field)
            key_prefix = pack_ushort(fields._fieldid)
            table = fields._tindex
            out = bytearray()
            base = postfile.tell()
            for term, docs, freqs, values in self._postings[name].by_term():
                info = _postings_bytes(out, base, field.format, docs, freqs, values, codes)
                table.add(key_prefix + term, info.to_bytes())
                if len(out) >= 1 << 20:
                    postfile.write(bytes(out))
                    base += len(out)
                    out.clear()
            postfile.write(bytes(out))
            fields.finish_field()
        fields.close()
        self._postings.clear()
        self.segment.create_compound_file(self._storage)
        return self.segment

    def cancel(self) -> None:
        """Close what is open and delete what was written: the segment belongs to no table of contents."""
        if not self._perdoc.is_closed:
            self._perdoc.close()
        for postings in self._postings.values():
            postings.discard()
        self._postings.clear()
        for name in self.segment.list_files(self._storage):
            with contextlib.suppress(OSError):
                self._storage.delete_file(name)


# Blocks smaller than this are stored uncompressed (block info says so): zlib costs more than it saves on them.
COMPRESS_FROM_BYTES = 96


def _postings_bytes(out: bytearray, base: int, fmt, docs, freqs, values, lengths: bytes | None) -> W3TermInfo:
    """One term's posting list in W3 blocks, appended to `out` (which starts at file offset `base`).

    `lengths` holds each document's field length as its one-byte code. Returns
    the term info, with the statistics Whoosh's `W3PostingsWriter` keeps.
    """
    start = base + len(out)
    out += WHOOSH3_HEADER_MAGIC
    boost = fmt.field_boost
    fixed = fmt.fixed_value_size()
    total = len(docs)
    total_weight = 0.0
    max_weight = 0
    min_code = 256
    max_code = 0
    for at in range(0, total, BLOCK):
        if total <= BLOCK:  # most terms: one block, no slices
            ids, block_freqs, block_values = docs, freqs, values
        else:
            ids, block_freqs = docs[at : at + BLOCK], freqs[at : at + BLOCK]
            block_values = values[at : at + BLOCK] if values is not None else None
        most = max(block_freqs)
        if boost == 1:
            block_max_weight = most * boost
            if most == 1:
                mini_weights = None
            elif min(block_freqs) == most:
                mini_weights = float(most)
            else:
                mini_weights = tuple(map(float, block_freqs))
            total_weight += sum(block_freqs)
        else:
            weights = array("f", [f * boost for f in block_freqs])
            block_max_weight = most * boost
            if weights.count(1.0) == len(weights):
                mini_weights = None
            elif weights.count(weights[0]) == len(weights):
                mini_weights = weights[0]
            else:
                mini_weights = tuple(weights)
            total_weight += sum(weights)
        block_min = block_max = 0
        if lengths is not None:
            codes = bytes(map(lengths.__getitem__, ids))
            block_max = max(codes)
            # (a document with postings always has a length; as Whoosh, a 0 would not count as the least)
            block_min = min(codes) if 0 not in codes else min(codes.replace(b"\0", b"") or b"\0")
        mini_ids = (ids[0],) if len(ids) == 1 else tuple(map(sub, ids, (0, *ids[:-1])))
        if fixed is None or fixed < 0:
            mini_values = tuple(block_values)
        elif fixed == 0:
            mini_values = None
        elif block_values is not None:
            mini_values = b"".join(block_values)
        else:  # Frequency: each value is the frequency, packed as Whoosh packs it
            mini_values = b"".join(map(pack_uint, block_freqs))
        data = pickle.dumps((mini_ids, mini_weights, mini_values), PICKLE_PROTOCOL)
        level = 0
        if len(data) >= COMPRESS_FROM_BYTES:
            data = zlib.compress(data, ZLIB_LEVEL)
            level = ZLIB_LEVEL
        head = pickle.dumps((len(ids), ids[-1], block_max_weight, level, block_min, block_max), PICKLE_PROTOCOL)
        size = len(head) + len(data)
        out += pack_int(-size if at + BLOCK >= total else size)
        out += head
        out += data
        if block_max_weight > max_weight:
            max_weight = block_max_weight
        if block_min and block_min < min_code:
            min_code = block_min
        if block_max > max_code:
            max_code = block_max
    info = W3TermInfo()
    info._weight = total_weight
    info._df = total
    info._minlength = _LENGTH_OF_CODE[min_code] if min_code < 256 else None
    info._maxlength = _LENGTH_OF_CODE[max_code]
    info._maxweight = max_weight
    info._minid = docs[0]
    info._maxid = docs[-1]
    info.set_extent(start, base + len(out) - start)
    return info


# The length Whoosh reads back for each one-byte code (0 for code 0, as a missing length).
_LENGTH_OF_CODE = [0] + [byte_to_length(code) for code in range(1, 256)]
