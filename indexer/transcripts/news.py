"""What news scripts of every house share: dates as they write them, sources, and soundbite labels.

Agency video scripts, agency text transcripts and newsroom scripts write the
same facts in different places: a date (`Tuesday, 3 March 2026`, `3 March
2026`, `March 3, 2026`, `2026-03-03`), a source (`AP TELEVISION`), and a
person speaking (`Joaquim Ferreira da Silva, fisherman`, `RUI ALMEIDA/MINISTER
OF THE SEA`, `BAKER, CLAIRE DUPONT`). The readers of each layout find them;
this module turns them into the model's values.
"""

from __future__ import annotations

import re

from indexer.transcripts.names import (
    ACRONYMS,
    SMALL_WORDS,
    is_title_word,
    is_upper_label,
    looks_like_surname,
    readable_name,
    readable_title,
    split_name_title,
)
from indexer.transcripts.sentences import split_sentences

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        1,
    )
    for name in names
}
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_DATES = (
    re.compile(r"\b(?P<year>\d{4})-(?P<mon>\d{2})-(?P<day>\d{2})\b"),
    re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+(?P<year>\d{{4}})\b"),
    re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})\b"),
)
# Words that only say what kind of outlet a source is: `AP TELEVISION` is AP.
_OUTLET_WORDS = {"TELEVISION", "TV", "VIDEO", "NEWS", "AGENCY", "WIRE", "FEED"}
# Quote marks as scripts use them, straight and typographic.
OPENING_QUOTES = "\"“„«'‘"
CLOSING_QUOTES = "\"”“»'’"


# `Reporter, Network, City[, Region or Country].`
SIGN_OFF = re.compile(
    r"^(?P<reporter>[^\W\d_][^,\"“”]{1,60}),\s*(?P<network>[^,\"“”]{2,40}),"
    r"\s*(?P<place>[^,\"“”]{2,60}(?:,\s*[^,\"“”]{2,60})?)\.?\s*$"
)


def sign_off(paragraph: str) -> re.Match[str] | None:
    """A reporter's sign-off (`Nathan King, CGTN, Helsinki, Finland.`): reporter, network and place.

    It may close a longer paragraph: the paragraph's last sentence is what is read.
    """
    sentences = split_sentences(paragraph)
    paragraph = sentences[-1] if sentences else paragraph
    if len(paragraph.split()) > 14:
        return None
    match = SIGN_OFF.match(paragraph.strip())
    if match and all(part[:1].isupper() for part in match.group("reporter").split()):
        return match
    return None


def find_date(text: str) -> str:
    """The first date written in `text`, as YYYY-MM-DD; "" when there is none."""
    for pattern in _DATES:
        for match in pattern.finditer(text):
            groups = match.groupdict()
            month = int(groups["mon"]) if groups.get("mon") else MONTHS.get(groups["month"].lower())
            day, year = int(groups["day"]), int(groups["year"])
            if month and 1 <= month <= 12 and 1 <= day <= 31:
                return f"{year:04d}-{month:02d}-{day:02d}"
    return ""


def source_name(value: str) -> str:
    """`AP TELEVISION` -> `AP`, `REUTERS` -> `Reuters`, `Pool` stays; the first of several (`AP / POOL`)."""
    first = re.split(r"\s*(?:/|;|\+|\band\b)\s*", value.strip(), maxsplit=1)[0]
    words = [w for w in first.split() if w.upper() not in _OUTLET_WORDS] or first.split()
    out = []
    for word in words:
        core = word.strip(".,")
        if core.upper() in ACRONYMS or not re.search(r"[AEIOUY]", core.upper()):
            out.append(core.upper())
        elif is_upper_label(core):
            out.append(core.capitalize())
        else:
            out.append(core)
    return " ".join(out)


def person(label: str) -> tuple[str, str]:
    """(name, role) from how a script names a speaker; ("", "") when it names nobody.

    `Joaquim Ferreira da Silva, fisherman` (the first comma ends the name),
    `NAME/TITLE`, `BAKER, CLAIRE DUPONT` (the title first: the part that
    reads as a title is the role), `U.S. PRESIDENT DONALD TRUMP` (title words
    before the name), `DONALD TRUMP US PRESIDENT`, `POPE FRANCIS`.
    """
    label = " ".join(label.replace("\u00a0", " ").split()).strip(" :,-–—")
    if not label or not any(c.isalpha() for c in label):
        return "", ""
    parts = [p.strip() for p in re.split(r"\s*/\s*|,\s*", label) if p.strip()]
    if len(parts) >= 2:
        # The name is the part that reads least like a title (the first, on a tie):
        # `NAME, TITLE` as a rule, `BAKER, CLAIRE DUPONT` too.
        named = min(range(len(parts)), key=lambda i: (_title_score(parts[i]), i))
        return _readable(parts[named], ", ".join(p for i, p in enumerate(parts) if i != named))
    if is_upper_label(label):
        words = label.split()
        leading = 0
        while leading < len(words) - 1:
            if is_title_word(words[leading]):
                leading += 1
            elif leading and words[leading] in SMALL_WORDS:
                # `MINISTER OF THE SEA`: the small words and the word they bring belong to the title.
                after = leading
                while after < len(words) and words[after] in SMALL_WORDS:
                    after += 1
                if after >= len(words) - 2:
                    break
                leading = after + 1
            else:
                break
        if leading and len(words) - leading == 1:
            return _readable(label, "")  # a regnal or religious name: POPE FRANCIS, KING CHARLES
        if leading:
            return _readable(" ".join(words[leading:]), " ".join(words[:leading]))
        return split_name_title(label)
    return label, ""


# Endings of words for what people do (BAKER, GONDOLIER, PHYSICIST, EMPLOYEE).
_AGENT_ENDINGS = ("ER", "IER", "OR", "IST", "MAN", "WOMAN", "PERSON", "ANT", "ENT", "EE", "ESS", "ICIAN", "LOGIST")


def _title_score(part: str) -> float:
    """How much a part of a label reads like a role: title words count 1, words for what people do 0.6."""
    words = [w.strip(".").upper() for w in part.split()]
    if not words:
        return 0.0
    score = 0.0
    for word in words:
        if is_title_word(word):
            score += 1.0
        elif word.endswith(_AGENT_ENDINGS) and not looks_like_surname(word):
            score += 0.6
    return score / len(words)


def _readable(name: str, role: str) -> tuple[str, str]:
    if is_upper_label(name):
        name = readable_name(name.split())
    if is_upper_label(role):
        role = readable_title(role)
    return name, role


def unquote(text: str) -> tuple[str, bool]:
    """A quote without its marks, and whether it was closed."""
    text = text.strip()
    opened = text[:1] in OPENING_QUOTES
    if opened:
        text = text[1:]
    closed = text[-1:] in CLOSING_QUOTES
    if closed:
        text = text[:-1]
    return text.strip(), closed or not opened
