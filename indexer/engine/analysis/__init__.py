"""Words in every script: how a passage's text and a query's words become index terms.

One analysis serves the index writer, the query parser and the highlighter,
so what is indexed, what is asked for and what is marked always agree.

- **Words.** A word is a run of letters, digits and combining marks (so a
  Devanagari vowel sign or Arabic harakat stays with its letter), with the
  inner full stops of `U.S.` as Whoosh's own tokenizer has them. A word is
  cut where the script changes between spaced and unspaced writing
  (`今天的meeting` is `今天的` and `meeting`).
- **Words joined by a sign** are indexed whole as well as split, as
  Elasticsearch's `word_delimiter_graph` with `preserve_original` does: `AT&T`
  is `at`, `t` and `at&t`; `C++` is `c` and `c++`; `C#`, `R&D`,
  `jen@example.com` likewise. A dotted word with a part of two letters or
  more (`django.contrib`, `example.com`, not `U.S.` nor `3.5`) is also its
  parts. These other forms (OTHER) share the position of the word's first
  piece, so phrases see the words as they always did.
- **Scripts written without spaces** (Han, kana, Hangul, Thai, Lao, Khmer,
  Myanmar) are indexed as overlapping bigrams of their characters (a Thai
  character with its vowel and tone marks is one unit), as Lucene's CJK
  analyzer does, plus the run's last character on its own. A query word
  becomes the phrase of its bigrams, so `污染` finds `空气污染问题`; a single
  character is asked as a prefix, which finds it anywhere. Bigrams were
  measured against dictionary segmenters (`bench/segmenters.py`): they find
  every word a segmenter finds, need no dictionary, and cost no start-up.
- **Normalisation** as Lucene's language analyzers and Meilisearch's charabia
  do it: width folding (NFKC: `ＧＤＰ` is `gdp`), case folding (`ß` is `ss`,
  `İstanbul` is `istanbul`), `ё` as `е`, Arabic letter forms, tatweel and
  harakat, traditional Chinese as simplified, bidi and zero-width marks gone.
- **Stemming** by the transcript's language: English keeps Whoosh's Porter
  stemmer after accent folding, exactly as soundbite always indexed it; other
  languages use the Snowball stemmers (PyStemmer), before accent folding,
  because the French, Portuguese and Turkish stemmers need the accents.

English text in ASCII (and Latin-1 with typographic punctuation) takes the
original path, so English-only indexes are built and searched as before.
Language packages (PyStemmer, the Chinese table) load on first use only.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from itertools import pairwise

import indexer.engine.adapter.startup  # noqa: F401  (before the first Whoosh import)

# isort: split

from whoosh.analysis import Analyzer, Token
from whoosh.analysis.tokenizers import default_pattern
from whoosh.lang.porter import stem as porter_stem

ENGLISH = "en"


class LazyPattern:
    """A regular expression compiled on first use. A class of Unicode ranges takes a millisecond or two
    to compile, every search is a fresh process, and an English search needs none of them."""

    def __init__(self, source: str):
        self._source = source

    def __getattr__(self, name):  # only until compiled: then the methods are the instance's own
        compiled = re.compile(self._source)
        for method in ("search", "match", "findall", "finditer", "sub"):
            setattr(self, method, getattr(compiled, method))
        return getattr(compiled, name)


# Whoosh's own word pattern (`\w+(\.?\w+)*`), its group made non-capturing: what English was always cut by.
_SIMPLE_WORD = re.compile(default_pattern.pattern.replace("(\\.?", "(?:\\.?"), default_pattern.flags)
# Text with nothing outside Latin-1, Latin Extended and general punctuation (curly quotes, dashes) holds
# no combining mark, no unspaced script and no invisible mark: Whoosh's pattern cuts it exactly right.
_NEEDS_FULL = LazyPattern("[^\x00-\xac\xae-\u02ff\u2010-\u205f]")  # (not the soft hyphen: it hides in words)

# Scripts written without spaces between words: character ranges, by the kind of units they are cut into.
_UNSPACED = (
    "\u2e80-\u2fdf\u3005-\u3007\u3021-\u3029\u3031-\u3035\u303b\u303c\u3040-\u30ff\u31f0-\u31ff"
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f\U00020000-\U0003134f"  # Han and kana
    "\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7ff\uffa0-\uffdc"  # Hangul
    "\u0e00-\u0e4f\u0e5a-\u0e7f\u0e80-\u0ecf\u0ed4-\u0eff"  # Thai, Lao (not their digits)
    "\u1780-\u17df\u17e0-\u17ff\u19e0-\u19ff\u1000-\u103f\u104a-\u108f\u109a-\u109f\uaa60-\uaa7f"  # Khmer, Myanmar
)
_UNSPACED_RUN = LazyPattern(f"[{_UNSPACED}]+")
_UNSPACED_CHAR = LazyPattern(f"[{_UNSPACED}]")
# Invisible marks: kept out of terms. Zero-width (non-)joiners sit inside Persian and Indic words.
_INVISIBLE = LazyPattern("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]")
_JOINERS = "\u200c\u200d"
# Arabic: harakat, superscript alef, Quranic marks and tatweel go; hamza'd and madda alefs are alef,
# teh marbuta is heh, alef maksura is yeh (Lucene's ArabicNormalizer).
_ARABIC = str.maketrans(
    {
        **{chr(c): None for c in [*range(0x064B, 0x0660), 0x0670, *range(0x06D6, 0x06EE), 0x0640]},
        "\u0622": "\u0627",
        "\u0623": "\u0627",
        "\u0625": "\u0627",
        "\u0671": "\u0627",
        "\u0629": "\u0647",
        "\u0649": "\u064a",
        "\u06a9": "\u0643",  # Persian keheh is kaf
        "\u06cc": "\u064a",  # Persian yeh is yeh
    }
)
# Devanagari: the nukta goes, candrabindu is anusvara (Lucene's HindiNormalizer).
_DEVANAGARI = {0x093C: None, 0x0901: "\u0902"}
# Lucene's ArabicStemmer prefixes: the article and the conjunctions and prepositions joined to it.
_ARABIC_PREFIXES = ("\u0648\u0627\u0644", "\u0628\u0627\u0644", "\u0643\u0627\u0644", "\u0641\u0627\u0644")
_ARABIC_PREFIXES += ("\u0627\u0644", "\u0644\u0644")
# Hebrew points.
_HEBREW = {chr(c): None for c in range(0x0591, 0x05C8) if unicodedata.category(chr(c)) == "Mn"}
_FOLD: dict[int, str] = {}


def _fold_table() -> dict[int, str]:
    """Whoosh's accent folding, with the letters it gets wrong for search: `ß` is `ss` (Whoosh: `s`), `ё` is
    `е` (Whoosh: kept). Made at the first word not in ASCII: Whoosh's table takes 1.6 ms to import."""
    if not _FOLD:
        from whoosh.support.charset import accent_map

        _FOLD.update({**accent_map, ord("ß"): "ss", ord("ẞ"): "ss", ord("ё"): "е", ord("Ё"): "е"})
    return _FOLD


# Snowball stemmers by ISO 639-1 code (PyStemmer's names). English is Porter's, as always.
SNOWBALL = {
    "ar": "arabic",
    "hy": "armenian",
    "eu": "basque",
    "ca": "catalan",
    "cs": "czech",
    "da": "danish",
    "nl": "dutch",
    "eo": "esperanto",
    "et": "estonian",
    "fi": "finnish",
    "fr": "french",
    "de": "german",
    "el": "greek",
    "hi": "hindi",
    "hu": "hungarian",
    "id": "indonesian",
    "ms": "indonesian",  # Malay and Indonesian share their affixes
    "ga": "irish",
    "it": "italian",
    "lt": "lithuanian",
    "ne": "nepali",
    "no": "norwegian",
    "nb": "norwegian",
    "nn": "norwegian",
    "fa": "persian",
    "pl": "polish",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sr": "serbian",
    "es": "spanish",
    "sv": "swedish",
    "ta": "tamil",
    "tr": "turkish",
    "yi": "yiddish",
}


@functools.cache
def _word_pattern() -> re.Pattern:
    """Words of letters, digits and combining marks, as Whoosh's pattern with marks and joiners added.

    The marks are read from this Python's Unicode tables (about 20 ms), once, and only when a text
    needs them: English never does.
    """
    marks = []
    start = None
    for code in range(0x0300, 0x20000):
        is_mark = unicodedata.category(chr(code))[0] == "M"
        if is_mark and start is None:
            start = code
        elif not is_mark and start is not None:
            marks.append(f"{chr(start)}-{chr(code - 1)}")
            start = None
    # Invisible characters inside a word (a soft hyphen, a zero-width space, a word joiner, a stray BOM:
    # `min\u00adister`, `har\u200bbour`) keep it one word; `normal` then removes them.
    letter = f"[\\w{''.join(marks)}{_JOINERS}\u00ad\u200b\u2060\ufeff\uff9e\uff9f]"
    return re.compile(f"{letter}+(?:\\.?{letter}+)*")


def is_unspaced(text: str) -> bool:
    """Whether `text` holds a character of a script written without spaces."""
    return not text.isascii() and _UNSPACED_CHAR.search(text) is not None


@functools.cache
def _stemmer(language: str):
    """The stem function for a language, or None where words are not stemmed."""
    if language == ENGLISH:
        return porter_stem
    algorithm = SNOWBALL.get(language)
    if algorithm is None:
        return None
    import Stemmer  # PyStemmer: loaded only for an index with a language other than English

    stem = Stemmer.Stemmer(algorithm).stemWord
    if language == "ar":
        return lambda word: stem(_strip_arabic_prefix(word))
    return stem


def _strip_arabic_prefix(word: str) -> str:
    for prefix in _ARABIC_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            return word[len(prefix) :]
    return word


@functools.cache
def _traditional_to_simplified() -> dict[int, str]:
    """Traditional Chinese characters to simplified, from OpenCC's table (shipped in its wheel)."""
    from importlib.util import find_spec
    from pathlib import Path

    spec = find_spec("opencc")
    table: dict[int, str] = {}
    if spec is None or not spec.submodule_search_locations:
        return table
    path = Path(next(iter(spec.submodule_search_locations))) / "dictionary" / "TSCharacters.txt"
    for line in path.read_text(encoding="utf-8").splitlines():
        traditional, _, simplified = line.partition("\t")
        if len(traditional) == 1 and simplified:
            table[ord(traditional)] = simplified.split()[0]
    return table


def normal(word: str) -> str:
    """A spaced-script word as it is compared, before stemming and accent folding."""
    if word.isascii():
        return word.lower()
    word = unicodedata.normalize("NFKC", _INVISIBLE.sub("", word))
    if not word:  # only invisible characters (a soft hyphen alone, a zero-width space): no word
        return word
    word = word.casefold()
    if "\u0307" in word:  # `İ` case-folds to i + a combining dot: the dot goes
        word = word.replace("i\u0307", "i")
    if max(word) >= "\u0600" and any("\u0600" <= c <= "\u06ff" for c in word):
        word = word.translate(_ARABIC)
    if any("\u0591" <= c <= "\u05c7" for c in word):
        word = word.translate(_HEBREW)
    if any("\u0900" <= c <= "\u097f" for c in word):
        word = word.translate(_DEVANAGARI)
    if not word.isascii() and any(c.isdecimal() and not c.isascii() for c in word):
        word = word.translate(_digits())
    return word


@functools.cache
def _digits() -> dict[int, str]:
    """Decimal digits of every script as ASCII digits (`۱۸۰` is `180`; NFKC leaves them)."""
    return {code: str(unicodedata.decimal(chr(code))) for code in range(0x0660, 0x1_FFFF) if chr(code).isdecimal()}


def fold(word: str) -> str:
    """Accents folded (`élodie` -> `elodie`), as the index has always folded them."""
    return word.translate(_fold_table()) if not word.isascii() else word


# Stems already worked out: highlighting a hit stems each word of its passage, and a resident searcher
# (`soundbite serve`) highlights the same words all day. Bounded: past it, new words are stemmed afresh.
_STEMS: dict[tuple[str, str], str] = {}
_STEMS_KEPT = 200_000


def stem(word: str, language: str) -> str:
    """A normal word's indexed stem in a language: English folds then stems, as it always did; the
    others stem then fold."""
    key = (word, language)
    found = _STEMS.get(key)
    if found is None:
        found = _stem(word, language)
        if len(_STEMS) < _STEMS_KEPT:
            _STEMS[key] = found
    return found


def _stem(word: str, language: str) -> str:
    if language == ENGLISH:
        return porter_stem(fold(word))
    stemmer = _stemmer(language)
    return fold(stemmer(word) if stemmer is not None else word)


def unit_normal(unit: str) -> str:
    """A unit of an unspaced script as it is indexed: width folded, and simplified if Chinese."""
    unit = unicodedata.normalize("NFKC", unit).casefold()
    if any("\u3400" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff" or c >= "\U00020000" for c in unit):
        unit = unit.translate(_traditional_to_simplified())
    return unit


# A word's pieces: (start, end, kind, text) with kind WORD (a normal word, to be stemmed), UNIT (an unspaced
# bigram or character), or END (a run's last character on its own). OTHER: a word's other form, at the
# position of its first piece (a word joined by a sign, whole; a dotted word's parts), never stemmed.
WORD, UNIT, LAST, OTHER = 0, 1, 2, 3

# A word joined by a sign that carries meaning: `AT&T`, `R&D`, `C++`, `C#`, `jen@example.com`, `A+`.
_SIGNED = re.compile(r"(?<![\w&@+#])\w+(?:[&@+.]\w+)*(?:\+\+|[+#])?(?![\w&@+#])")
_SIGN = re.compile(r"\w[&@+#]")
SIGNS = frozenset("&@+#")
# A dotted word (`django.contrib`): looked for only where a text holds a full stop between word characters.
_DOTTED = re.compile(r"\w\.\w")


def has_sign(term: str) -> bool:
    """Whether an indexed term is a word joined by a sign (`at&t`, `c++`): such terms are never stemmed."""
    return not SIGNS.isdisjoint(term)


def signed_words(text: str) -> list[re.Match]:
    """The words joined by a sign in a text (`AT&T`, `C++`), as matches."""
    if _SIGN.search(text) is None:
        return []
    return [m for m in _SIGNED.finditer(text) if not SIGNS.isdisjoint(m.group())]


def dotted_parts(raw: str) -> list[str]:
    """A dotted raw word's parts, when it is more than initials or a number: `django.contrib` is `django`
    and `contrib`; `U.S`, `e.g` and `3.5` are not cut."""
    if "." not in raw:
        return []
    parts = raw.split(".")
    if all(len(part) < 2 for part in parts) or all(part.isdigit() for part in parts):
        return []
    return parts


def is_signed_word(value: str) -> bool:
    """Whether a query word is one word joined by a sign, whole (`AT&T`, `C++`)."""
    value = value.strip()
    found = signed_words(value)
    return len(found) == 1 and found[0].group() == value


def _unit_bounds(run: str) -> list[int]:
    """Where each unit of an unspaced run starts: a character with the marks that follow it."""
    bounds = []
    for i, char in enumerate(run):
        if i and (unicodedata.category(char)[0] == "M" or char in "\uff9e\uff9f"):
            continue
        bounds.append(i)
    return bounds


def pieces(raw: str, query: bool = False) -> list[tuple[int, int, int, str]]:
    """What one raw word is indexed as: its normal word, or its runs' bigrams and last characters.

    Offsets are within `raw`. A run's last character (LAST) shares the position of the bigram that
    ends with it, so that phrases see one unit a position; a query leaves it out (`污染` is the
    phrase of one bigram, found inside longer runs, where a run's last character would be found
    only at the end of one). A run of one character is that character (UNIT), in both.
    """
    if raw.isascii() or not _UNSPACED_CHAR.search(raw):
        text = normal(raw)
        return [(0, len(raw), WORD, text)] if text else []
    found = []
    at = 0
    for run in _UNSPACED_RUN.finditer(raw):
        if run.start() > at:
            found.extend(_spaced(raw, at, run.start()))
        bounds = [*(_unit_bounds(run.group()) or [0]), len(run.group())]
        base = run.start()
        units = [(base + bounds[i], base + bounds[i + 1]) for i in range(len(bounds) - 1)]
        for (s, _), (_, e) in pairwise(units):
            found.append((s, e, UNIT, unit_normal(raw[s:e])))
        last_s, last_e = units[-1]
        if len(units) == 1 or not query:
            found.append((last_s, last_e, LAST if len(units) > 1 else UNIT, unit_normal(raw[last_s:last_e])))
        at = run.end()
    if at < len(raw):
        found.extend(_spaced(raw, at, len(raw)))
    return [piece for piece in found if piece[3]]


def _spaced(raw: str, start: int, end: int) -> list[tuple[int, int, int, str]]:
    text = normal(raw[start:end])
    return [(start, end, WORD, text)] if text else []


def _word_pattern_for(text: str) -> re.Pattern:
    """What cuts this text into raw words: Whoosh's pattern where nothing needs more (`_NEEDS_FULL`)."""
    if text.isascii() or _NEEDS_FULL.search(text) is None:
        return _SIMPLE_WORD
    return _word_pattern()


def words_of(text: str) -> list[re.Match]:
    """The raw words of a text, as matches (their offsets in the text)."""
    return list(_word_pattern_for(text).finditer(text))


def raw_words(text: str) -> list[str]:
    """The raw words of a text, as strings (the index writer's fast path)."""
    return _word_pattern_for(text).findall(text)


class Terms:
    """A text's terms, unstemmed and stemmed in its language: each distinct raw word worked out once.

    The index writer's analysis (one instance a segment builder): the same terms as `SpeechAnalyzer`
    gives, without a Token object a word.
    """

    def __init__(self):
        self._exact: dict[str, bytes | list[bytes]] = {}
        self._stemmed: dict[str, dict[str, bytes | list[bytes]]] = {}  # language -> raw word -> stem(s)
        self._several: set[str] = set()  # raw words of more than one term (unspaced runs)
        self._kinds: dict[str, list[int]] = {}  # their pieces' kinds

    def terms(self, text: str, language: str = ENGLISH) -> tuple[list[bytes], list[bytes], list[int] | None]:
        """(unstemmed terms, stemmed terms, their positions), in the text's order. Positions are None
        where each term has its own (the list's order); a run's last character shares the position of
        the bigram before it."""
        raws = _SIMPLE_WORD.findall(text) if text.isascii() else raw_words(text)
        exact = self._exact
        stemmed = self._stemmed.get(language)
        if stemmed is None:
            stemmed = self._stemmed[language] = {}
        new = set(raws).difference(stemmed)
        for raw in new:
            if raw.isascii():  # most words of most text: one word, lower case is all its normalisation
                word = raw.lower()
                exact[raw] = word.encode("utf-8")
                stemmed[raw] = stem(word, language).encode("utf-8")
                continue
            found = pieces(raw)
            if raw not in exact:
                if len(found) == 1:
                    piece = found[0]
                    exact[raw] = (fold(piece[3]) if piece[2] == WORD else piece[3]).encode("utf-8")
                else:
                    self._several.add(raw)
                    self._kinds[raw] = [p[2] for p in found]
                    exact[raw] = [(fold(p[3]) if p[2] == WORD else p[3]).encode("utf-8") for p in found]
            made = [(stem(p[3], language) if p[2] == WORD else p[3]).encode("utf-8") for p in found]
            stemmed[raw] = made if raw in self._several else made[0]
        others = _other_forms(text, raws)
        if not others and (not self._several or self._several.isdisjoint(raws)):
            return list(map(exact.__getitem__, raws)), list(map(stemmed.__getitem__, raws)), None
        positions: list[int] = []
        firsts: list[int] = []  # each raw word's first position
        at = -1
        for raw in raws:
            if raw in self._several:
                firsts.append(at + 1)
                for kind in self._kinds[raw]:
                    if kind != LAST:
                        at += 1
                    positions.append(at)
            else:
                at += 1
                firsts.append(at)
                positions.append(at)
        exact_terms = _flat(map(exact.__getitem__, raws))
        stemmed_terms = _flat(map(stemmed.__getitem__, raws))
        for index, word, is_part in others:
            exact_terms.append(fold(word).encode("utf-8"))
            stemmed_terms.append((stem(word, language) if is_part else fold(word)).encode("utf-8"))
            positions.append(firsts[index])
        return exact_terms, stemmed_terms, positions


def _other_forms(text: str, raws: list[str]) -> list[tuple[int, str, bool]]:
    """(raw word's index, normal word, whether it is a word to stem) of a text's other forms: its words
    joined by a sign, whole (never stemmed), and its dotted words' parts (words, stemmed as words are).
    Positions follow from the raw words' indexes."""
    found: list[tuple[int, str, bool]] = []
    if _DOTTED.search(text) is not None:
        for index, raw in enumerate(raws):
            found.extend((index, normal(part), True) for part in dotted_parts(raw))
    signed = signed_words(text)
    if signed:
        pattern = _word_pattern_for(text)
        for match in signed:
            found.append((len(pattern.findall(text, 0, match.start())), normal(match.group()), False))
    return [(index, word, is_part) for index, word, is_part in found if word and index < len(raws)]


def _flat(values) -> list[bytes]:
    out: list[bytes] = []
    for value in values:
        if isinstance(value, list):
            out.extend(value)
        else:
            out.append(value)
    return out


class SpeechAnalyzer(Analyzer):
    """Whoosh's view of the analysis: Tokens for the query parser, the highlighter and Whoosh's writer.

    `stemming`: the passage text's field (stems in the transcript's language); otherwise words
    unstemmed (speakers, roles, places, the unstemmed text). Index mode takes the language as a
    keyword (`language="fr"`). In query mode the text field gives words unstemmed and unfolded:
    the query is then stemmed in every language the index holds (`languages.expand`). Each token
    carries `exact`, the word unstemmed and folded, for marking fuzzy matches.
    """

    def __init__(self, stemming: bool = False):
        self.stemming = stemming

    def __eq__(self, other):
        return type(other) is type(self) and other.stemming == self.stemming

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        tokenize=True,
        mode="",
        language=ENGLISH,
        **kwargs,
    ):
        query = mode == "query"
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            # Whoosh's wildcards and prefixes: the whole string, normalised, never stemmed.
            token.original = token.text = self._finish(normal(value), WORD, language, query)
            token.exact = fold(normal(value))
            token.boost = 1.0
            token.stopped = False
            token.pos = start_pos
            token.startchar, token.endchar = start_char, start_char + len(value)
            token.first_end = token.endchar
            yield token
            return
        pos = start_pos
        # A word's other forms, by the offset of its first raw word. A query asks for a word joined by a
        # sign whole only when it is the whole value (an unquoted word): a phrase keeps its pieces.
        others: dict[int, list[tuple[int, str, bool]]] = {}  # (end, form, whether a part, to stem)
        if not query:
            for match in signed_words(value):
                others.setdefault(match.start(), []).append((match.end(), match.group(), False))
        elif is_signed_word(value):
            stripped = value.strip()
            others[value.index(stripped)] = [(value.index(stripped) + len(stripped), stripped, False)]
        for match in words_of(value):
            raw = match.group()
            base = match.start()
            if not query:
                offset = base
                for part in dotted_parts(raw):
                    others.setdefault(base, []).append((offset + len(part), part, True))
                    offset += len(part) + 1
            for end, form, is_part in others.pop(base, ()):
                word = normal(form)
                if not word:
                    continue
                token.text = self._finish(word, WORD, language, query) if is_part else fold(word)
                token.exact = fold(word)
                token.kind = OTHER
                token.boost = 1.0
                token.stopped = False
                if keeporiginal:
                    token.original = form
                if positions:
                    token.pos = pos
                if chars:
                    token.startchar, token.endchar = start_char + end - len(form), start_char + end
                    token.first_end = token.endchar
                yield token
            for s, e, kind, text in pieces(raw, query=query):
                token.text = self._finish(text, kind, language, query)
                token.exact = fold(text) if kind == WORD else text
                token.kind = kind
                token.boost = 1.0
                token.stopped = False
                if keeporiginal:
                    token.original = raw[s:e]
                if positions:
                    token.pos = pos - 1 if kind == LAST else pos
                if chars:
                    token.startchar, token.endchar = start_char + base + s, start_char + base + e
                    # Where the first unit ends: a single character asked for marks only itself.
                    bounds = _unit_bounds(raw[s:e]) if kind != WORD else [0]
                    token.first_end = token.startchar + (bounds[1] if len(bounds) > 1 else e - s)
                if kind != LAST:
                    pos += 1
                yield token

    def _finish(self, text: str, kind: int, language: str, query: bool) -> str:
        if kind != WORD:
            return text
        if not self.stemming:
            return fold(text)
        if query:
            return text  # stemmed in each of the index's languages afterwards
        return stem(text, language)


def words_analyzer() -> SpeechAnalyzer:
    """Words, normalised and accent-folded (`Élodie` -> `elodie`), no stemming.

    No stop list: in speech, `will`, `us` and `not` carry meaning, and a quote
    must be findable word for word.
    """
    return SpeechAnalyzer(stemming=False)


def stemming_analyzer() -> SpeechAnalyzer:
    """`words_analyzer` plus stemming in the transcript's language: `sanction` finds `sanctions`."""
    return SpeechAnalyzer(stemming=True)
