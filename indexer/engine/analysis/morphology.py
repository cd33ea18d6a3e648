"""Where a stem falls short: compounds, stacked suffixes, prefixes that change a word's first letter.

A Snowball stemmer strips inflections, and that is all it does. Native speakers
type other forms than the ones a transcript holds, and in some languages the
stem alone cannot bring them together:

- **Compounds** (German, Dutch, the Scandinavian languages, Finnish): `Maßnahme`
  is the head of `Verkehrsberuhigungsmaßnahmen`, `Straßenbahn` the start of
  `Straßenbahnlinien`. A query word also matches the passages' stems that end
  with its stem (the `text_tails` field holds the long stems reversed, so an
  ending is a prefix there) or begin with it.
- **Stacked suffixes** (Turkish, Finnish, Hungarian, Estonian): `çanta` is in
  `çantası`, `güçlendirme` shares `güçlendir` with `güçlendirilmesi`, beyond
  what the stemmer strips. A query word also matches the words that begin with
  it, less its last two letters (at least four kept).
- **Nasal prefixes** (Indonesian, Malay): `meN-` and `peN-` swallow a root's
  first `t` or `k` (`tutup`, `menutup`, `penutupan`), and Snowball's stems keep
  them apart (`tutup`, `utup`). A stem is also asked for with the letter put
  back or taken away.
- **Predicate endings and particles** (Korean, Japanese): `비판하다` (the
  dictionary form) is `비판했습니다` in speech, `정부가` is `정부는`; `批判する` is
  `批判した`. The word is also asked for without its ending.

Each of these looser forms counts only in passages of its language and scores
at half a full match, so an exact word still ranks first, and an index without
these languages gets no extra clause at all.
"""

from __future__ import annotations

from itertools import pairwise

from indexer.engine.analysis import WORD, LazyPattern, fold, normal, pieces, raw_words, stem

COMPOUNDING = frozenset({"de", "nl", "sv", "da", "no", "nb", "nn", "fi", "is", "af"})
AGGLUTINATIVE = frozenset({"tr", "fi", "hu", "et", "az", "kk", "uz"})
NASAL_PREFIXES = frozenset({"id", "ms"})
LOOSER = COMPOUNDING | AGGLUTINATIVE | NASAL_PREFIXES
LOOSE_BOOST = 0.5  # a looser form's share of a full match's score

# Stems at least this long are indexed reversed in `text_tails` (a compound is longer than its head);
# a query stem at least this long is asked for as a head or a start (shorter ones begin too many words).
TAIL_STEM_CHARS = 7
PART_STEM_CHARS = 4

_KOREAN_ENDINGS = ("하다", "되다", "시다", "다")
_KOREAN_PARTICLES = ("에서", "으로", "에게", "까지", "부터", "처럼", "보다", "하고", "은", "는", "이", "가", "을", "를")
_KOREAN_PARTICLES += ("의", "에", "도", "와", "과", "로", "만")
_HANGUL = LazyPattern(r"^[\uac00-\ud7a3]+$")
_JAPANESE_PREDICATE = LazyPattern(r"^([\u3400-\u4dbf\u4e00-\u9fff]{2,})[\u3040-\u309f]+$")


def tails(text: str, language: str) -> str:
    """The `text_tails` value of a passage in a compounding language: its long stems, reversed,
    space-separated, each once ('' for other languages)."""
    if language not in COMPOUNDING:
        return ""
    reversed_stems = []
    for raw in raw_words(text):
        for _, _, kind, word in pieces(raw):
            if kind == WORD and len(word) >= TAIL_STEM_CHARS:
                stemmed = stem(word, language)
                if len(stemmed) >= TAIL_STEM_CHARS:
                    reversed_stems.append(stemmed[::-1])
    return " ".join(dict.fromkeys(reversed_stems))


def spaced_forms(word: str, language: str) -> list[tuple[str, str]]:
    """The looser forms of a normal (spaced-script) query word in `language`, as (how, text): `stem`
    (a term of the stems), `start` (a prefix of the stems), `head` (a prefix of the reversed stems),
    `begins` (a prefix of the words as written)."""
    forms: list[tuple[str, str]] = []
    if language not in LOOSER:
        return forms
    word = normal(word)
    stemmed = stem(word, language)
    if language in COMPOUNDING and len(stemmed) >= PART_STEM_CHARS:
        forms.append(("start", stemmed))
        forms.append(("head", stemmed[::-1]))
    if language in AGGLUTINATIVE:
        written = fold(word)
        kept = max(PART_STEM_CHARS, len(written) - 2)
        if len(written) >= PART_STEM_CHARS:
            forms.append(("begins", written[:kept]))
    if language in NASAL_PREFIXES:
        forms.extend(("stem", s) for s in _nasal_variants(word, stemmed))
    return forms


def _nasal_variants(word: str, stemmed: str) -> list[str]:
    """An Indonesian stem with the `t` or `k` that `meN-`/`peN-` swallowed put back, or taken away."""
    vowels = "aeiou"
    found = []
    if stemmed and stemmed[0] in vowels:
        if word.startswith(("meng", "peng")):
            found.append("k" + stemmed)
        elif word.startswith(("men", "pen")) and not word.startswith(("meny", "peny")):
            found.append("t" + stemmed)
    if len(stemmed) > 2 and stemmed[0] in "tk" and stemmed[1] in vowels:
        found.append(stemmed[1:])
    return found


def unspaced_forms(word: str, languages) -> list[str]:
    """A query word of a script without spaces, without its predicate ending or particle, in the
    languages that write it so (`비판하다` -> `비판`, `批判する` -> `批判`)."""
    found = []
    if "ko" in languages and len(word) >= 3 and _HANGUL.match(word):
        for ending in _KOREAN_ENDINGS + _KOREAN_PARTICLES:
            if word.endswith(ending) and len(word) - len(ending) >= 2:
                found.append(word[: -len(ending)])
                break
    if "ja" in languages:
        match = _JAPANESE_PREDICATE.match(word)
        if match:
            found.append(match.group(1))
    return found


def units(word: str) -> list[str]:
    """A query word of a script without spaces as the units the index holds (its bigrams)."""
    return [piece[3] for piece in pieces(word, query=True)]


def chain_word(bigrams: list[str]) -> str | None:
    """The word a list of overlapping bigrams spells (`['비판', '판하', '하다']` -> `비판하다`), None if
    they do not overlap (two words of a quoted phrase)."""
    if not bigrams:
        return None
    word = bigrams[0]
    for previous, current in pairwise(bigrams):
        if len(previous) != 2 or len(current) != 2 or previous[1] != current[0]:
            return None
        word += current[1]
    return word
