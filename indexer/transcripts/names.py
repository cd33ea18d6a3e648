"""Upper-case speaker labels to readable names and roles.

Broadcast scripts and captions write speakers in capitals: `DONALD TRUMP US
PRESIDENT`, `PROF. JEAN-PIERRE O'NEILL ECONOMIST, WORLD BANK`, `MS. PSAKI`.
Turning that back into a name (`Donald Trump`) and a role (`US President`)
means deciding where the name stops. The evidence, strongest first:

1. the transcript's own mixed-case text naming the person (`Donald Trump`);
2. the first word that is a known title word (`PRESIDENT`, `MINISTER`,
   a nationality, an organisation acronym);
3. a comma, which never stands inside a name;
4. a default of two words, plus any name particles (`von der`, `de la`).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator
from itertools import chain
from operator import itemgetter

HONORIFICS = set(
    """
    DR DR. PROF PROF. SEN SEN. REP REP. GEN GEN. GOV GOV. MR MR. MRS MRS. MS MS. MX.
    MISS SIR DAME LORD LADY REV REV. FR. CAPT CAPT. COL COL. LT LT. SGT SGT. MAJ. ADM. HON.
    SHEIKH SHEIKHA
    """.split()
)

PARTICLES = set(
    """
    VON VAN DER DEN DE DA DI DU DEL DELLA DOS DAS LA LE BIN BINT IBN AL EL TER TEN Y ST. MAC
    """.split()
)

TITLE_WORDS = set(
    [
        "PRESIDENT",
        "PRESIDENT-ELECT",
        "VICE",
        "VICE-PRESIDENT",
        "PRIME",
        "MINISTER",
        "SECRETARY",
        "SECRETARY-GENERAL",
        "UNDERSECRETARY",
        "DEPUTY",
        "ASSISTANT",
        "ASSOCIATE",
        "CHANCELLOR",
        "SENATOR",
        "CONGRESSMAN",
        "CONGRESSWOMAN",
        "REPRESENTATIVE",
        "LAWMAKER",
        "GOVERNOR",
        "MAYOR",
        "AMBASSADOR",
        "ENVOY",
        "CONSUL",
        "DIPLOMAT",
        "SPOKESPERSON",
        "SPOKESMAN",
        "SPOKESWOMAN",
        "DIRECTOR",
        "DIRECTOR-GENERAL",
        "CHIEF",
        "CEO",
        "CFO",
        "COO",
        "CTO",
        "EXECUTIVE",
        "FOUNDER",
        "CO-FOUNDER",
        "CHAIRMAN",
        "CHAIRWOMAN",
        "CHAIR",
        "CHAIRPERSON",
        "HEAD",
        "PROFESSOR",
        "LECTURER",
        "ECONOMIST",
        "ANALYST",
        "STRATEGIST",
        "RESIDENT",
        "RESIDENTS",
        "LOCAL",
        "SHOP",
        "STORE",
        "OWNER",
        "FARMER",
        "STUDENT",
        "TEACHER",
        "DOCTOR",
        "NURSE",
        "SURGEON",
        "PHYSICIAN",
        "ENGINEER",
        "BUSINESS",
        "BUSINESSMAN",
        "BUSINESSWOMAN",
        "ENTREPRENEUR",
        "TAXI",
        "DRIVER",
        "FACTORY",
        "WORKER",
        "WORKERS",
        "SENIOR",
        "JUNIOR",
        "RESEARCHER",
        "SCIENTIST",
        "FELLOW",
        "MEMBER",
        "ACTIVIST",
        "CAMPAIGNER",
        "VOLUNTEER",
        "FISHERMAN",
        "TOURIST",
        "VISITOR",
        "COMMANDER",
        "POLICE",
        "OFFICER",
        "OFFICIAL",
        "OFFICIALS",
        "JUDGE",
        "LAWYER",
        "ATTORNEY",
        "ATTORNEY-GENERAL",
        "COUNSEL",
        "PROSECUTOR",
        "ARCHITECT",
        "CURATOR",
        "COACH",
        "ATHLETE",
        "PLAYER",
        "CAPTAIN",
        "PILOT",
        "SOLDIER",
        "GENERAL",
        "COLONEL",
        "SERGEANT",
        "ADMIRAL",
        "LIEUTENANT",
        "FORMER",
        "ACTING",
        "INTERIM",
        "EDITOR",
        "JOURNALIST",
        "CORRESPONDENT",
        "REPORTER",
        "PRESENTER",
        "HOST",
        "ANCHOR",
        "AUTHOR",
        "WRITER",
        "HISTORIAN",
        "EXPERT",
        "ADVISOR",
        "ADVISER",
        "CONSULTANT",
        "MANAGER",
        "PARTNER",
        "LEADER",
        "CANDIDATE",
        "NOMINEE",
        "SPEAKER",
        "PROTESTER",
        "PROTESTOR",
        "DEMONSTRATOR",
        "PARENT",
        "MOTHER",
        "FATHER",
        "VICTIM",
        "WITNESS",
        "SURVIVOR",
        "SUPPORTER",
        "VOTER",
        "ORGANIZER",
        "ORGANISER",
        "COORDINATOR",
        "PRINCIPAL",
        "DEAN",
        "RECTOR",
        "VOLUNTEERS",
        "PASTOR",
        "PRIEST",
        "BISHOP",
        "CARDINAL",
        "POPE",
        "IMAM",
        "RABBI",
        "MONK",
        "ARTIST",
        "MUSICIAN",
        "SINGER",
        "ACTOR",
        "ACTRESS",
        "DIRECTOR",
        "PRODUCER",
        "COMEDIAN",
        "CHEF",
        "WAITER",
        "SHOPKEEPER",
        "VENDOR",
        "TRADER",
        "BROKER",
        "INVESTOR",
        "BANKER",
        "ACCOUNTANT",
        "TREASURER",
        "COMMISSIONER",
        "INSPECTOR",
        "DETECTIVE",
        "SHERIFF",
        "FIREFIGHTER",
        "PARAMEDIC",
        "RANGER",
        "GUARD",
        "MINER",
        "BUILDER",
        "CARPENTER",
        "MECHANIC",
        "CLERK",
        "PRESIDENTIAL",
        "PARLIAMENTARY",
        "MINISTRY",
        "DEPARTMENT",
        "STATE",
        "WHITE",
        "HOUSE",
        "FEDERAL",
        "NATIONAL",
        "INTERNATIONAL",
        "GLOBAL",
        "REGIONAL",
        "UNIVERSITY",
        "INSTITUTE",
        "COUNCIL",
        "COMMITTEE",
        "COMMISSION",
        "FOUNDATION",
        "ASSOCIATION",
        "PARTY",
        "DEMOCRATIC",
        "REPUBLICAN",
        "DEMOCRAT",
        "LABOUR",
        "CONSERVATIVE",
        "LIBERAL",
        "OPPOSITION",
        "RULING",
        "MILITARY",
        "ARMY",
        "NAVY",
        "DEFENSE",
        "DEFENCE",
        "FOREIGN",
        "HOMELAND",
        "PUBLIC",
        "PRIVATE",
        "US",
        "U.S.",
        "USA",
        "UN",
        "U.N.",
        "EU",
        "E.U.",
        "UK",
        "U.K.",
        "NATO",
        "WHO",
        "IMF",
        "WTO",
        "OPEC",
        "ASEAN",
        "BRICS",
        "G20",
        "G7",
        "UNICEF",
        "UNHCR",
        "FBI",
        "CIA",
        "NASA",
        "CHINESE",
        "AMERICAN",
        "BRITISH",
        "FRENCH",
        "GERMAN",
        "RUSSIAN",
        "FINNISH",
        "SWEDISH",
        "NORWEGIAN",
        "DANISH",
        "DUTCH",
        "BELGIAN",
        "SWISS",
        "AUSTRIAN",
        "ITALIAN",
        "SPANISH",
        "PORTUGUESE",
        "GREEK",
        "TURKISH",
        "POLISH",
        "CZECH",
        "HUNGARIAN",
        "ROMANIAN",
        "UKRAINIAN",
        "BELARUSIAN",
        "JAPANESE",
        "KOREAN",
        "INDIAN",
        "PAKISTANI",
        "AFGHAN",
        "IRANIAN",
        "IRAQI",
        "SYRIAN",
        "ISRAELI",
        "PALESTINIAN",
        "LEBANESE",
        "JORDANIAN",
        "EGYPTIAN",
        "SAUDI",
        "EMIRATI",
        "QATARI",
        "KENYAN",
        "NIGERIAN",
        "GHANAIAN",
        "ETHIOPIAN",
        "SOUTH",
        "NORTH",
        "EAST",
        "WEST",
        "AFRICAN",
        "EUROPEAN",
        "ASIAN",
        "CANADIAN",
        "MEXICAN",
        "BRAZILIAN",
        "ARGENTINE",
        "ARGENTINIAN",
        "CHILEAN",
        "PERUVIAN",
        "COLOMBIAN",
        "VENEZUELAN",
        "CUBAN",
        "AUSTRALIAN",
        "IRISH",
        "SCOTTISH",
        "WELSH",
        "ENGLISH",
        "VIETNAMESE",
        "THAI",
        "INDONESIAN",
        "FILIPINO",
        "MALAYSIAN",
        "SINGAPOREAN",
        "TAIWANESE",
        "MONGOLIAN",
    ]
)

ACRONYMS = set(
    """
    US U.S. USA UN U.N. EU E.U. UK U.K. NATO WHO IMF WTO OPEC ASEAN BRICS G20 G7 UNICEF
    UNHCR FBI CIA NASA CEO CFO COO CTO CGTN BBC CNN NBC CBS ABC AP NHK DW AI IT NGO
    """.split()
)

SMALL_WORDS = set(
    """
    OF AND THE FOR ON IN AT TO &
    """.split()
)

_WORD_CHARS = re.compile(r"[\w'’.-]*\w")
_POSSESSIVE_ENDINGS = {"'s", "'S", "’s", "’S"}


def fold(text: str) -> str:
    """Case-, accent- and apostrophe-insensitive form for comparing names."""
    if not text.isascii():  # most names and words are: no accents to take off
        text = unicodedata.normalize("NFKD", text.replace("’", "'").replace("‘", "'"))
        text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(_WORD_CHARS.findall(text.casefold()))


_fold_word = functools.lru_cache(maxsize=1 << 16)(fold)


def is_upper_label(text: str) -> bool:
    """True when every cased letter in `text` is upper case (and there is one)."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and not any(c.islower() for c in letters)


@functools.lru_cache(maxsize=1 << 16)
def _mentions_in(token: str) -> tuple[tuple[str, str], ...]:
    """The words of a token between spaces (`(KGB),` has one), each as written and folded.

    Cached by token: transcripts share most of theirs, and one `split` in C
    is much cheaper than one regular-expression search over a whole text.
    """
    return tuple(entry for entry in map(_mention, _WORD_CHARS.findall(token)) if entry[1])


def _mention(raw: str) -> tuple[str, str]:
    """A word as written (less a possessive ending and full stops) and its folded form."""
    original = (raw[:-2] if raw[-2:] in _POSSESSIVE_ENDINGS else raw).rstrip(".")
    # A plain word folds to its lower case: `fold`'s cost only for the others.
    plain = original.isascii() and original[-1:].isalnum()
    return original, original.lower() if plain else _fold_word(original)


class MentionIndex:
    """The words of a transcript's mixed-case text, to look up how it spells a name.

    The folded words are also kept joined by NUL (which no word contains), so
    that finding a run of words is one substring search in C rather than a
    table of positions built word by word (a third of parsing a news script).
    """

    def __init__(self, text: str):
        # No word runs across white space (it is not in `_WORD_CHARS`), so the text's words are its tokens'.
        self._words: list[tuple[str, str]] = list(chain.from_iterable(map(_mentions_in, text.split())))
        folded = list(map(itemgetter(1), self._words))
        self._joined = "\0" + "\0".join(folded) + "\0"
        self._present = set(folded)  # most lookups are of words the text does not have: no search for them

    def _runs(self, target: list[str]) -> Iterator[list[tuple[str, str]]]:
        """Each run of words whose folded forms are `target`, in the text's order."""
        if target[0] not in self._present:
            return
        needle = "\0" + "\0".join(target) + "\0"
        joined = self._joined
        at = joined.find(needle)
        while at >= 0:
            first = joined.count("\0", 0, at)  # the separators before it: its word's index
            yield self._words[first : first + len(target)]
            at = joined.find(needle, at + 1)

    def find(self, words: list[str]) -> str | None:
        """The text's own spelling of `words`, where it writes them in mixed case."""
        target = [fold(w) for w in words]
        if not target or not all(target):
            return None
        for run in self._runs(target):
            spelled = " ".join(original for original, _ in run)
            if not is_upper_label(spelled):
                return spelled
        return None

    def written_in_capitals(self, word: str) -> bool:
        """True when the text writes `word` in capitals somewhere (an acronym: NATO, KGB)."""
        folded = fold(word)
        return bool(folded) and any(is_upper_label(run[0][0]) and len(run[0][0]) > 1 for run in self._runs([folded]))


def split_name_title(label: str, mentions: MentionIndex | None = None) -> tuple[str, str]:
    """Split an upper-case `NAME TITLE` label into a readable (name, role)."""
    words = label.split()
    if not words:
        return "", ""
    honorifics = 0
    while honorifics < len(words) - 1 and words[honorifics].rstrip(",") in HONORIFICS:
        honorifics += 1
    rest = words[honorifics:]
    comma = next((i for i, w in enumerate(rest) if w.endswith(",")), None)
    limit = comma + 1 if comma is not None else len(rest)

    size = None
    spelled = None
    if mentions is not None:
        # A single mentioned word settles little when an unknown word follows it.
        shortest = 1 if limit == 1 or is_title_word(rest[1]) else 2
        for k in range(limit, shortest - 1, -1):
            spelled = mentions.find([w.rstrip(",") for w in rest[:k]])
            if spelled:
                size = k
                break
    if size is None:
        title_at = next((i for i in range(1, limit) if is_title_word(rest[i])), None)
        if title_at == 1:
            size = 1  # a one-word name: MADONNA SINGER
        elif comma is not None and comma < 4 and (title_at is None or title_at > comma):
            size = comma + 1
        else:
            size = _name_size(rest[:limit])
    name_words = [w.rstrip(",") for w in words[: honorifics + size]]
    title_words = words[honorifics + size :]
    name = readable_name(name_words, spelled)
    return name, readable_title(" ".join(title_words), mentions)


def is_title_word(word: str) -> bool:
    return word.rstrip(",").upper() in TITLE_WORDS


def _name_size(words: list[str]) -> int:
    """How many of `words` (after any honorific) are the name, with nothing but the words to go on.

    Two words, plus the particles inside a name (`von der`, `da`, `bin`);
    a further word only when it reads as a surname from its ending
    (`GARCIA MARQUEZ`, `LARS ERIK JOHANSSON`). A third word without that is
    far more often the start of the role, a place or a field
    (`ANA COSTA LISBON RESIDENT`, `JANE DOE-ROE EMERGENCY NURSE`), which no
    list of titles can hold.
    """
    size = 0
    seen_plain = 0
    for word in words:
        size += 1
        if word.rstrip(",") in PARTICLES and size > 1:
            continue
        seen_plain += 1
        if seen_plain == 2:
            break
    while size < len(words) and not is_title_word(words[size]):
        word = words[size].rstrip(",")
        if word in PARTICLES and size + 1 < len(words):
            size += 2  # `DA SILVA`: the particle and the word it joins
        elif looks_like_surname(word):
            size += 1
        else:
            break
    return max(1, min(size, len(words)))


# Endings that mark a surname in many naming traditions, and are rare on the
# English words that start a role (`HARBOUR`, `EMERGENCY`, `SCHOOL`).
SURNAME_ENDINGS = (
    # Iberian
    "EZ",
    "ES",
    "EIRA",
    "EIRO",
    "ERO",
    "AO",
    # Italian, Romanian
    "INI",
    "ELLI",
    "ETTI",
    "ONI",
    "OTTI",
    "UCCI",
    "ACCI",
    "ESCU",
    "EANU",
    # Slavic, Baltic
    "OV",
    "OVA",
    "EV",
    "EVA",
    "SKI",
    "SKA",
    "SKY",
    "SKYY",
    "CKI",
    "CKA",
    "ENKO",
    "CHUK",
    "YUK",
    "VIC",
    "VICH",
    "ICH",
    "CZYK",
    "CZAK",
    "IAK",
    "YAK",
    "AITE",
    "IENE",
    "AUSKAS",
    # Germanic, Nordic
    "SSON",
    "SEN",
    "BERG",
    "STEIN",
    "MANN",
    "DORF",
    # Greek, Turkish, Caucasus, Persian
    "OPOULOS",
    "IDIS",
    "AKIS",
    "OGLU",
    "SHVILI",
    "DZE",
    "YAN",
    "ZADEH",
)


def looks_like_surname(word: str) -> bool:
    word = word.upper()
    return len(word) > 3 and word.endswith(SURNAME_ENDINGS)


def readable_name(words: list[str], spelled: str | None = None) -> str:
    """`["PROF.", "JEAN-PIERRE", "O'NEILL"]` -> `Prof. Jean-Pierre O'Neill`."""
    if spelled:
        honorific_words = words[: len(words) - len(spelled.split())]
        return " ".join([*(cap_word(w) for w in honorific_words), spelled])
    out = []
    for i, word in enumerate(words):
        if i > 0 and word in PARTICLES and i < len(words) - 1:
            out.append(word.lower())
        else:
            out.append(cap_word(word))
    return " ".join(out)


def readable_title(title: str, mentions: MentionIndex | None = None) -> str:
    """`US PRESIDENT` -> `US President`; `MINISTER OF FINANCE` -> `Minister of Finance`."""
    out = []
    for i, word in enumerate(title.split()):
        core = word.rstrip(",;:")
        tail = word[len(core) :]
        if _keeps_capitals(core, mentions):
            out.append(core + tail)
        elif i > 0 and core in SMALL_WORDS:
            out.append(core.lower() + tail)
        else:
            out.append(cap_word(core) + tail)
    return " ".join(out)


def _keeps_capitals(word: str, mentions: MentionIndex | None) -> bool:
    if word in ACRONYMS or "." in word.strip(".") or any(c.isdigit() for c in word):
        return True
    letters = [c for c in word if c.isalpha()]
    if len(letters) >= 2 and not any(c in "AEIOUYÀÁÂÄÉÈÊËÍÌÎÏÓÒÔÖÚÙÛÜ" for c in letters):
        return True  # no vowel: CGTN, BBC, NPR
    return mentions is not None and mentions.written_in_capitals(word)


def cap_word(word: str) -> str:
    """Capitalise each part of a hyphenated or apostrophised word: O'NEILL -> O'Neill."""
    if word.endswith(".") and word.rstrip(".").upper() in {h.rstrip(".") for h in HONORIFICS}:
        return word[:1].upper() + word[1:].lower()
    parts = re.split(r"([-'’])", word)
    out = []
    for j, part in enumerate(parts):
        if part in {"-", "'", "’"}:
            out.append(part)
            continue
        low = part.lower()
        # After an apostrophe: O'Neill, D'Angelo, but the suffix of a
        # possessive or contraction stays lower (JOHN'S -> John's).
        if j >= 2 and parts[j - 1] in {"'", "’"} and len(low) <= 2:
            out.append(low)
            continue
        cap = low[:1].upper() + low[1:]
        if cap.startswith("Mc") and len(cap) > 2:
            cap = "Mc" + cap[2:3].upper() + cap[3:]
        out.append(cap)
    return "".join(out)
