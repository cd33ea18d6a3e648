"""Passages into a Whoosh segment in bulk: Whoosh's format, without Whoosh's work per token and per posting.

Whoosh's `IndexWriter` analyses each field of each document through a chain
of generators, passes every posting through a sorting pool on disk, and then
hands the postings one at a time to the codec, which looks each document's
field length up again: several Python calls a token (issue 4's profile: 26 s
of 27). Here a passage's words are found once for both text fields with the
same rules (the pattern of Whoosh's `RegexTokenizer`, lower case, accent
folding, and Whoosh's own Porter stemmer, memoised per distinct word so the
stems are exactly today's), the postings of a segment gather per term in
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
import pickle
import re
import tempfile
import zlib
from array import array
from collections import Counter
from itertools import accumulate, repeat
from operator import sub

import indexer.engine.startup  # noqa: F401  (before the first Whoosh import)

# isort: split

from whoosh.analysis import CharsetFilter, CompositeAnalyzer, LowercaseFilter, RegexTokenizer, StemFilter
from whoosh.analysis.tokenizers import default_pattern
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, WHOOSH3_HEADER_MAGIC, W3Codec, W3TermInfo, _lenfield
from whoosh.formats import Positions
from whoosh.lang.porter import stem
from whoosh.system import pack_int, pack_uint, pack_ushort
from whoosh.util.numeric import byte_to_length, length_to_byte

BLOCK = 128  # postings a block: Whoosh's W3 block limit
PICKLE_PROTOCOL = 5
ZLIB_LEVEL = 3
# `\w+(\.?\w+)*` with its group made non-capturing, so that `findall` returns whole words.
_WORD = re.compile(default_pattern.pattern.replace("(\\.?", "(?:\\.?"), default_pattern.flags)


def _analysis_kind(field) -> str | None:
    """'words' or 'stems' when the field's analyzer is one the fast path reproduces exactly; else None."""
    analyzer = getattr(field, "analyzer", None)
    if not isinstance(analyzer, CompositeAnalyzer):
        return None
    items = list(analyzer.items)
    if len(items) not in (3, 4):
        return None
    tokenizer, lower, charset = items[:3]
    if not (
        isinstance(tokenizer, RegexTokenizer)
        and tokenizer.expression.pattern == default_pattern.pattern
        and not tokenizer.gaps
        and type(lower) is LowercaseFilter
        and type(charset) is CharsetFilter
    ):
        return None
    if len(items) == 3:
        return "words"
    stemmer = items[3]
    if type(stemmer) is StemFilter and stemmer.stemfn is stem and not stemmer.lang and not stemmer.ignore:
        return "stems"
    return None


class Words:
    """A text's terms, exact and stemmed, as Whoosh's analyzers would make them: each distinct word worked out once."""

    def __init__(self, charmap: dict):
        self._charmap = charmap
        self._exact: dict[str, bytes] = {}
        self._stemmed: dict[str, bytes] = {}
        self._stems: dict[str, str] = {}

    def terms(self, text: str) -> tuple[list[bytes], list[bytes]]:
        """(exact terms, stemmed terms), one a word, in the text's order."""
        raws = _WORD.findall(text)
        exact = self._exact
        new = set(raws).difference(exact)
        for raw in new:
            word = raw.lower().translate(self._charmap)
            stemmed = self._stems.get(word)
            if stemmed is None:
                stemmed = self._stems[word] = stem(word)
            exact[raw] = word.encode("utf-8")
            self._stemmed[raw] = stemmed.encode("utf-8")
        return list(map(exact.__getitem__, raws)), list(map(self._stemmed.__getitem__, raws))


class _FieldPostings:
    """A field's postings in a segment, flat, in the order they were added (document order).

    Three arrays and a list, a few bytes a posting, not an object a term. When
    the builder holds too many, they spill to a temporary file (the term ids
    stay, so runs join up); a term's postings are gathered, one field at a
    time, by a counting sort when the segment is written.
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

    def spill(self) -> None:
        """Move the postings held in memory to a temporary file (gone when closed, or when the process dies)."""
        if not self.tids:
            return
        run = tempfile.TemporaryFile()  # noqa: SIM115  (kept open: closing it deletes it)
        for numbers in (self.tids, self.docs, self.freqs):
            pickle.dump(numbers, run, PICKLE_PROTOCOL)
        pickle.dump(self.values, run, PICKLE_PROTOCOL)
        self._runs.append(run)
        self._clear(self.values is not None)

    def discard(self) -> None:
        for run in self._runs:
            run.close()  # a temporary file: closing deletes it
        self._runs = []

    def _load(self) -> None:
        runs, self._runs = self._runs, []
        if not runs:
            return
        held = (self.tids, self.docs, self.freqs, self.values)
        self._clear(self.values is not None)
        for run in runs:
            run.seek(0)
            self.tids.extend(pickle.load(run))
            self.docs.extend(pickle.load(run))
            self.freqs.extend(pickle.load(run))
            values = pickle.load(run)
            if values is not None:
                self.values.extend(values)
            run.close()
        self.tids.extend(held[0])
        self.docs.extend(held[1])
        self.freqs.extend(held[2])
        if held[3] is not None:
            self.values.extend(held[3])

    def by_term(self):
        """(term, docs, freqs, values) for each term in byte order, its postings in document order."""
        self._load()
        terms = self.terms
        by_rank = sorted(range(len(terms)), key=terms.__getitem__)
        rank = array("I", bytes(4 * len(terms)))
        for position, tid in enumerate(by_rank):
            rank[tid] = position
        ranked = array("I", map(rank.__getitem__, self.tids))
        self.tids = array("I")
        counts = Counter(ranked)
        # Counting sort: where each rank's postings start, then each posting into its place.
        starts = list(accumulate(map(counts.__getitem__, range(len(terms))), initial=0))
        order = array("I", bytes(4 * len(ranked)))
        for i, r in enumerate(ranked):
            at = starts[r]
            order[at] = i
            starts[r] = at + 1
        del ranked
        # Gathered a term at a time through `order`, not copied whole: a field's postings are the
        # largest thing a worker holds, and a second copy of them was most of its peak memory.
        docs, freqs, values = self.docs, self.freqs, self.values
        self.docs, self.freqs, self.values = array("I"), array("I"), None
        at = 0
        for position, tid in enumerate(by_rank):
            end = at + counts[position]
            chosen = order[at:end]
            yield (
                terms[tid],
                array("I", map(docs.__getitem__, chosen)),
                array("I", map(freqs.__getitem__, chosen)),
                list(map(values.__getitem__, chosen)) if values is not None else None,
            )
            at = end


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
        self._lengths: dict[str, array] = {}  # field -> each document's length as Whoosh reads it back
        self._kinds = {name: _analysis_kind(schema[name]) for name in schema.names()}
        charmaps = [
            item.charmap
            for name in schema.names()
            if self._kinds[name]
            for item in schema[name].analyzer.items
            if isinstance(item, CharsetFilter)
        ]
        self._words = Words(charmaps[0]) if charmaps else None
        self._single_positions: list[bytes] = []  # the encoded value of a word said once, by its position
        self._items_cache: dict[tuple[str, object], tuple[list[bytes], list[int], list[bytes]]] = {}
        self.postings = 0  # postings added to this segment
        self._spilled = 0  # of which in temporary files

    @property
    def doc_count(self) -> int:
        return self._docs

    def add(self, fields: dict) -> None:
        """One document, as `IndexWriter.add_document(**fields)` would take it."""
        schema = self._schema
        docnum = self._docs
        perdoc = self._perdoc
        perdoc.start_doc(docnum)
        stored = perdoc._storedfields  # filled here; the per-document writer pickles it at finish_doc
        analysed: dict[str, tuple[list[bytes], list[bytes]]] = {}
        for name in sorted(n for n in fields if not n.startswith("_")):
            value = fields[name]
            if value is None:
                continue
            field = schema[name]
            if field.indexed:
                kind = self._kinds[name]
                if kind is not None:
                    terms = analysed.get(value) if isinstance(value, str) else None
                    if terms is None:
                        terms = analysed[value] = self._words.terms(value)
                    self._add_words(name, field, terms, kind, docnum)
                else:
                    self._add_items(name, field, value, docnum)
            if field.stored:
                kept = fields.get(f"_stored_{name}", value)  # as Whoosh's writer: None keeps nothing
                if kept is not None:
                    stored[name] = kept
            if field.column_type:
                perdoc.add_column_value(name, field.column_type, field.to_column_value(value))
        perdoc.finish_doc()
        self._docs += 1
        if self.postings - self._spilled >= self._held_postings:
            for postings in self._postings.values():
                postings.spill()
            self._spilled = self.postings

    def _field(self, name: str, with_values: bool) -> _FieldPostings:
        postings = self._postings.get(name)
        if postings is None:
            postings = self._postings[name] = _FieldPostings(with_values)
        return postings

    def _lengths_of(self, name: str) -> array:
        lengths = self._lengths.get(name)
        if lengths is None:
            lengths = self._lengths[name] = array("I")
        if len(lengths) <= self._docs:
            lengths.extend(bytes(4 * (self._docs + 1 - len(lengths))))
        return lengths

    def _add_words(self, name, field, terms, kind, docnum) -> None:
        terms = terms[1] if kind == "stems" else terms[0]
        positional = isinstance(field.format, Positions)
        postings = self._field(name, positional)
        counts = Counter(terms)
        distinct = list(counts)
        postings.tids.extend(postings.ids_of(distinct))
        postings.docs.extend(repeat(docnum, len(distinct)))
        postings.freqs.extend(counts.values())
        if positional:
            # A word said once has one position: the last (a dict built in C) and an encoded value
            # shared by every word said once at that position. The others are gathered in one pass.
            last = dict(zip(terms, range(len(terms)), strict=True))
            single = self._single_positions
            encode = field.format.encode
            while len(single) < len(terms):
                single.append(encode((len(single),)))
            if len(distinct) == len(terms):
                postings.values.extend(map(single.__getitem__, map(last.__getitem__, distinct)))
            else:
                repeated = {term: [] for term, count in counts.items() if count > 1}
                for position, term in enumerate(terms):
                    at = repeated.get(term)
                    if at is not None:
                        at.append(position)
                postings.values.extend(
                    encode(repeated[term]) if term in repeated else single[last[term]] for term in distinct
                )
        self.postings += len(distinct)
        if field.scorable and terms:
            self._lengths_of(name)[docnum] = len(terms)

    def _add_items(self, name, field, value, docnum) -> None:
        """A field the fast path does not cover: Whoosh's own `index()` makes its postings.

        Remembered per value: a transcript's id, path and date repeat on each of its passages.
        """
        key = (name, value)
        items = self._items_cache.get(key)
        if items is None:
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
            perdoc._fieldlengths[name] += sum(lengths)
            column = _lenfield(name)
            perdoc._create_column(column, LENGTHS_COLUMN)
            writer = perdoc._colwriters[column]
            as_byte = {n: length_to_byte(n) if n else 0 for n in set(lengths)}
            data = bytes(map(as_byte.__getitem__, lengths))
            writer._dbfile.write(data)
            writer._count = len(data)

    def finish(self):
        """Write the segment's files and assemble them; the segment, for a table of contents to list."""
        self.segment.set_doc_count(self._docs)
        self._write_lengths()
        self._perdoc.close()
        fields = self._codec.field_writer(self._storage, self.segment)
        postfile = fields._postfile
        for name in sorted(self._postings):
            field = self._schema[name]
            lengths = self._lengths.get(name)
            quantized = None
            if lengths is not None:
                # The lengths Whoosh reads back: each through its one-byte code.
                read_back = {n: byte_to_length(length_to_byte(n)) for n in set(lengths)}
                quantized = array("I", map(read_back.__getitem__, lengths))
            fields.start_field(name, field)
            key_prefix = pack_ushort(fields._fieldid)
            table = fields._tindex
            out = bytearray()
            base = postfile.tell()
            for term, docs, freqs, values in self._postings[name].by_term():
                info = _postings_bytes(out, base, field.format, docs, freqs, values, quantized)
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


def _postings_bytes(out: bytearray, base: int, fmt, docs, freqs, values, lengths: array | None) -> W3TermInfo:
    """One term's posting list in W3 blocks, appended to `out` (which starts at file offset `base`).

    Returns its term info, with the statistics Whoosh's `W3PostingsWriter` keeps.
    """
    info = W3TermInfo()
    start = base + len(out)
    out += WHOOSH3_HEADER_MAGIC
    boost = fmt.field_boost
    fixed = fmt.fixed_value_size()
    total = len(docs)
    total_weight = 0.0
    max_weight = 0
    min_length = None
    max_length = 0
    for at in range(0, total, BLOCK):
        ids = docs[at : at + BLOCK]
        block_freqs = freqs[at : at + BLOCK]
        weights = array("f", block_freqs) if boost == 1 else array("f", [f * boost for f in block_freqs])
        block_max_weight = max(block_freqs) * boost
        block_min = None
        block_max = 0
        if lengths is not None:
            block_lengths = list(map(lengths.__getitem__, ids))
            if 0 in block_lengths:  # (a document with postings always has a length; as Whoosh, skip 0)
                block_lengths = [n for n in block_lengths if n]
            if block_lengths:
                block_min, block_max = min(block_lengths), max(block_lengths)
        mini_ids = (ids[0],) if len(ids) == 1 else tuple(map(sub, ids, (0, *ids[:-1])))
        if weights.count(1.0) == len(weights):
            mini_weights = None
        elif weights.count(weights[0]) == len(weights):
            mini_weights = weights[0]
        else:
            mini_weights = tuple(weights)
        if fixed is None or fixed < 0:
            mini_values = tuple(values[at : at + BLOCK])
        elif fixed == 0:
            mini_values = None
        elif values is not None:
            mini_values = b"".join(values[at : at + BLOCK])
        else:  # Frequency: each value is the frequency, packed as Whoosh packs it
            mini_values = b"".join(map(pack_uint, block_freqs))
        data = pickle.dumps((mini_ids, mini_weights, mini_values), PICKLE_PROTOCOL)
        level = 0
        if len(data) >= COMPRESS_FROM_BYTES:
            data = zlib.compress(data, ZLIB_LEVEL)
            level = ZLIB_LEVEL
        head = pickle.dumps(
            (len(ids), ids[-1], block_max_weight, level, length_to_byte(block_min), length_to_byte(block_max)),
            PICKLE_PROTOCOL,
        )
        size = len(head) + len(data)
        out += pack_int(-size if at + BLOCK >= total else size)
        out += head
        out += data
        total_weight += sum(weights)
        if block_max_weight > max_weight:
            max_weight = block_max_weight
        if block_min is not None and (min_length is None or block_min < min_length):
            min_length = block_min
        if block_max > max_length:
            max_length = block_max
    info._weight = total_weight
    info._df = total
    info._minlength = min_length
    info._maxlength = max_length
    info._maxweight = max_weight
    info._minid = docs[0]
    info._maxid = docs[-1]
    info.set_extent(start, base + len(out) - start)
    return info
