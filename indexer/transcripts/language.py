"""A transcript's language: what its words are stemmed in, what `--language` filters and `stats` counts.

Decided in the order of what it costs and how sure it is:

1. what the file or its metadata says: a sidecar's or front matter's
   `language`, WebVTT's `Language:` header, a dataset's `language` column;
2. the language tag download tools put in file names (`talk.zh-Hans.srt`,
   `news.pt-BR.vtt`);
3. the script most of its letters are written in, where a script has one
   main language (Hangul is Korean, kana Japanese, Han without kana Chinese);
4. for Latin, Cyrillic and Arabic letters, English when its commonest words
   are plainly there (most files, and no identifier loaded), else a language
   identifier on a sample of the text (`identify`), loaded only then.

Codes are ISO 639-1 (`zh`, not `zh-Hans`): the stemmers and the filters
work by language, not by region or script variant.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path

ENGLISH = "en"
SAMPLE_CHARS = 4000  # of the passages' text, enough for any identifier to be sure
ENGLISH_SAMPLE_CHARS = 1000  # enough for English's commonest words to show

# ISO 639-1 codes, and the names files write instead (`Language: English`, `language: français`).
CODES = frozenset(
    "aa ab af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el "
    "en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it "
    "iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt "
    "my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl "
    "sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo "
    "za zh zu".split()
)
# Three-letter codes (ISO 639-2/3) and names seen in caption headers and metadata.
ALIASES = {
    "eng": "en",
    "english": "en",
    "fra": "fr",
    "fre": "fr",
    "french": "fr",
    "français": "fr",
    "francais": "fr",
    "deu": "de",
    "ger": "de",
    "german": "de",
    "deutsch": "de",
    "spa": "es",
    "spanish": "es",
    "español": "es",
    "espanol": "es",
    "por": "pt",
    "portuguese": "pt",
    "português": "pt",
    "ita": "it",
    "italian": "it",
    "italiano": "it",
    "rus": "ru",
    "russian": "ru",
    "русский": "ru",
    "zho": "zh",
    "chi": "zh",
    "cmn": "zh",
    "yue": "zh",
    "chinese": "zh",
    "mandarin": "zh",
    "cantonese": "zh",
    "中文": "zh",
    "jpn": "ja",
    "japanese": "ja",
    "日本語": "ja",
    "kor": "ko",
    "korean": "ko",
    "한국어": "ko",
    "ara": "ar",
    "arabic": "ar",
    "العربية": "ar",
    "hin": "hi",
    "hindi": "hi",
    "tur": "tr",
    "turkish": "tr",
    "türkçe": "tr",
    "vie": "vi",
    "vietnamese": "vi",
    "tiếng việt": "vi",
    "ind": "id",
    "indonesian": "id",
    "bahasa indonesia": "id",
    "tha": "th",
    "thai": "th",
    "ukr": "uk",
    "ukrainian": "uk",
    "fas": "fa",
    "per": "fa",
    "persian": "fa",
    "farsi": "fa",
    "nld": "nl",
    "dut": "nl",
    "dutch": "nl",
    "pol": "pl",
    "polish": "pl",
    "swe": "sv",
    "swedish": "sv",
    "heb": "he",
    "hebrew": "he",
    "iw": "he",  # Java's and Android's old code for Hebrew
    "in": "id",  # and for Indonesian
    "ell": "el",
    "gre": "el",
    "greek": "el",
    "ben": "bn",
    "bengali": "bn",
    "urd": "ur",
    "urdu": "ur",
    "msa": "ms",
    "may": "ms",
    "malay": "ms",
    "fil": "tl",
    "filipino": "tl",
    "tagalog": "tl",
}

# A language tag as BCP 47 writes it: `zh`, `zh-Hans`, `pt-BR`, `es-419`, `sr-Latn-RS`, `zh_CN`.
_TAG = re.compile(r"^([A-Za-z]{2,3})(?:[-_](?:[A-Za-z]{4}|[A-Za-z]{2}|\d{3}))*$")

# Scripts with one main language (by the first word of the Unicode character name).
SCRIPT_LANGUAGES = {
    "HANGUL": "ko",
    "THAI": "th",
    "LAO": "lo",
    "KHMER": "km",
    "MYANMAR": "my",
    "GREEK": "el",
    "HEBREW": "he",
    "DEVANAGARI": "hi",
    "BENGALI": "bn",
    "GURMUKHI": "pa",
    "GUJARATI": "gu",
    "ORIYA": "or",
    "TAMIL": "ta",
    "TELUGU": "te",
    "KANNADA": "kn",
    "MALAYALAM": "ml",
    "SINHALA": "si",
    "GEORGIAN": "ka",
    "ARMENIAN": "hy",
    "ETHIOPIC": "am",
    "TIBETAN": "bo",
}
# Scripts several languages share: the identifier decides among them, this is the guess without it.
SHARED_SCRIPTS = {"LATIN": "en", "CYRILLIC": "ru", "ARABIC": "ar"}
# Enough of these among a Latin text's words, and it is English: no identifier needed. Only words
# that are not also common words of other Latin-script languages (not `a`, `in`, `is`, `do`, `was`).
_ENGLISH_WORDS = frozenset(
    "the and of that it you for are with this be at have not but we they by from what there all our or an "
    "will if about can has would were their been more which when who".split()
)
# Measured on 1,000 characters: English running text is 20-35% these words, even the generator's word
# salad (bench/) at least 10% (in 99 of 100 files); French, Spanish, Portuguese, German, Turkish,
# Vietnamese and Indonesian transcripts at most 1%.
ENGLISH_SHARE = 0.08
_LATIN_WORD = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?")


def code_of(value: str) -> str:
    """A declared language (`pt-BR`, `zh-Hans`, `English`, `fra`) as its ISO 639-1 code; '' if it is none."""
    value = " ".join(str(value).split()).strip().lower()
    if not value:
        return ""
    if value in ALIASES:
        return ALIASES[value]
    match = _TAG.match(value)
    if match:
        base = match.group(1).lower()
        if base in CODES:
            return base
        return ALIASES.get(base, "")
    return ""


def tag_in_name(path: str | Path) -> str:
    """The language tag of a file name as download tools write it: `talk.zh-Hans.srt` -> `zh`."""
    suffixes = Path(path).name.split(".")
    if len(suffixes) < 3:
        return ""
    tag = suffixes[-2]
    match = _TAG.match(tag)
    if not match:
        return ""
    # Two letters are a language only as a known code; `en-US` and `eng` as well (not `v2`, not `mp4`).
    base = match.group(1).lower()
    return base if base in CODES else ALIASES.get(base, "") if len(base) == 3 else ""


def script_counts(text: str) -> Counter:
    """Letters per script (the first word of their Unicode names: LATIN, CJK, HIRAGANA ...)."""
    counts: Counter = Counter()
    ascii_letters = sum(map(len, _ASCII_LETTERS.findall(text)))
    if ascii_letters:
        counts["LATIN"] = ascii_letters
    if text.isascii():
        return counts
    for char in _NON_ASCII.findall(text):  # (English text: a few quotes and dashes, looked at one by one)
        if char.isalpha():
            script = unicodedata.name(char, "").split(" ", 1)[0]
            if script == "KATAKANA-HIRAGANA":
                script = "KATAKANA"
            counts[script] += 1
    return counts


_ASCII_LETTERS = re.compile("[A-Za-z]+")
_NON_ASCII = re.compile("[^\x00-\x7f]")


def by_script(text: str) -> str:
    """The language the letters' script says, or the script (`LATIN`, `CYRILLIC`, `ARABIC`) when several
    languages share it; '' without letters."""
    if text.isascii():
        return "LATIN" if _ASCII_LETTERS.search(text) else ""
    counts = script_counts(text)
    if not counts:
        return ""
    kana = counts["HIRAGANA"] + counts["KATAKANA"]
    han = counts["CJK"]
    # A Han character is a word's worth of text, a Latin letter a fifth of one: weigh them so, and
    # `今天的meeting主要讨论q3的budget` is Chinese.
    weights = {
        name: count * (4 if name in ("CJK", "HIRAGANA", "KATAKANA", "HANGUL") else 1) for name, count in counts.items()
    }
    top = max(weights, key=weights.get)
    if top in ("CJK", "HIRAGANA", "KATAKANA"):
        if kana and kana * 10 >= han:  # Japanese writes kana between its kanji
            return "ja"
        return "zh"
    if top in SCRIPT_LANGUAGES:
        return SCRIPT_LANGUAGES[top]
    return top if top in SHARED_SCRIPTS else ""


def looks_english(text: str) -> bool:
    """Whether a Latin text's commonest words are plainly English's."""
    words = _LATIN_WORD.findall(text)
    if len(words) < 8:
        return False
    common = sum(1 for word in words if word.lower() in _ENGLISH_WORDS)
    return common >= ENGLISH_SHARE * len(words)


def decide(declared: str, path: str | Path, text: str) -> str:
    """The transcript's language: declared, in its name, by its script, or identified from its text."""
    code = code_of(declared) if declared else ""
    if code:
        return code
    code = tag_in_name(path)
    if code:
        return code
    sample = text[:SAMPLE_CHARS]
    found = by_script(sample)
    if found == "":
        return ENGLISH
    if found not in SHARED_SCRIPTS:
        return found
    if found == "LATIN" and looks_english(sample[:ENGLISH_SAMPLE_CHARS]):
        return ENGLISH
    return identify(sample, SHARED_SCRIPTS[found])


def identify(sample: str, fallback: str) -> str:
    """A language identifier's verdict on a sample of text; `fallback` when it has none."""
    from indexer.transcripts import identifier

    return identifier.identify(sample) or fallback
