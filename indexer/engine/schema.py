"""The Whoosh schema: which passage fields are searchable, stored and sortable.

Whoosh pickles the schema into the index, analyzers included, so only Whoosh's
own analyzer parts are used here: an index stays readable as long as Whoosh is
installed, whatever soundbite's modules are called. Changing anything in this
file changes what an index means: bump `SCHEMA_VERSION` so that an older index
is detected and the user is told to rebuild it.

Every indexed field costs a posting per passage, and Whoosh writes postings in
pure Python, so a field is indexed only when a query needs it: values that are
only shown are STORED, values only counted or sorted on are COLUMNs.
"""

from __future__ import annotations

import indexer.engine.startup  # noqa: F401  (before the first Whoosh import)

# isort: split

from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer, StemFilter
from whoosh.columns import VarBytesColumn
from whoosh.fields import COLUMN, ID, NUMERIC, STORED, TEXT, Schema
from whoosh.support.charset import accent_map

SCHEMA_VERSION = 3

# Fields a bare query word searches, with their BM25F weights.
DEFAULT_FIELDS = {"text": 1.0, "speaker": 1.5, "role": 1.0}


def words_analyzer():
    """Words, lower-cased and accent-folded (`Élodie` -> `elodie`), no stemming.

    No stop list: in speech, `will`, `us` and `not` carry meaning, and a quote
    must be findable word for word.
    """
    return RegexTokenizer() | LowercaseFilter() | CharsetFilter(accent_map)


def stemming_analyzer():
    """`words_analyzer` plus English stemming: `sanction` finds `sanctions`."""
    return words_analyzer() | StemFilter()


def build_schema() -> Schema:
    words = words_analyzer()
    return Schema(
        # Passage identity and position.
        transcript=ID(stored=True, sortable=True),
        path=ID(stored=True),
        passage=NUMERIC(int, stored=True, shift_step=32),  # one term a passage: enough for short ranges
        start=NUMERIC(
            float, stored=True, sortable=True, default=0
        ),  # an int default: whoosh 2.7.4 cannot pack its NaN one
        end=STORED(),
        estimated=STORED(),
        # What was said and by whom.
        text=TEXT(analyzer=stemming_analyzer(), stored=True, phrase=True),
        text_exact=TEXT(analyzer=words, phrase=False),  # unstemmed vocabulary for suggestions
        speaker=TEXT(analyzer=words, stored=True, field_boost=DEFAULT_FIELDS["speaker"]),
        speaker_name=COLUMN(VarBytesColumn()),  # the exact name (UTF-8), for counting by speaker
        role=TEXT(analyzer=words, stored=True),
        role_name=COLUMN(VarBytesColumn()),  # the exact role, for counting by role
        # The transcript's metadata, repeated on each passage so a hit needs one read.
        network=TEXT(analyzer=words, stored=True),
        network_name=COLUMN(VarBytesColumn()),
        reporter=TEXT(analyzer=words, stored=True),
        place=TEXT(analyzer=words, stored=True),
        title=STORED(),
        date=ID(stored=True, sortable=True),
        url=STORED(),
        duration=STORED(),
        format=STORED(),
        # Which version of the file these passages came from.
        sha256=STORED(),
        size=STORED(),
        mtime=STORED(),
    )
