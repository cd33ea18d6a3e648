"""One person, one name: a transcript's speaker labels made readable and resolved to full names.

Transcripts label the same person several ways: `MS. JEAN-PIERRE` in one part
of a briefing, `Ms. Jean-Pierre` in another; `Ms. Psaki` where the title says
`Press Briefing by Press Secretary Jen Psaki`. Counting who said what needs
one name. After a transcript's passages are built (so that nothing but the
speaker changes), each passage's label is given readable capitals (a call
sign such as `CDR`, `CAPCOM` or `Q` stays as it is), and an honorific with a
surname (`Ms. Psaki`, `MR. KIRBY`) becomes the full name when the transcript
names exactly one person of that surname in full: in its title, the speakers
its front matter or sidecar lists, its other labels, or its text (`I'm Karine
Jean-Pierre`, `Jen Psaki said`). The label as written is kept beside it
(`Passage.label`).

`person_key` is what the index groups by: the name without its honorific,
case or accents. `Mr. Sullivan` and `Jake Sullivan` keep different keys: a
surname alone never joins two people.
"""

from __future__ import annotations

import re

from indexer.model import Passage, TranscriptMeta
from indexer.transcripts.names import HONORIFICS, fold, is_title_word, is_upper_label
from indexer.transcripts.text import readable_speaker

_HONORIFIC_WORDS = {h.rstrip(".").upper() for h in HONORIFICS}
# A name's word: capitalised, perhaps hyphenated or with an apostrophe (`Jean-Pierre`, `O'Brien`).
_NAME_WORD = r"[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿA-ZÀ-ÖØ-Þ'’]*(?:-[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ'’]+)*"
# Words that start a sentence or a clause, capitalised without being a first name.
_NOT_FIRST_NAMES = {
    "I", "A", "An", "And", "The", "But", "So", "Or", "If", "As", "At", "By", "For", "From", "In", "Of", "On",
    "To", "With", "Thank", "Thanks", "Okay", "OK", "Well", "Yes", "No", "Now", "Then", "Here", "There", "This",
    "That", "We", "You", "He", "She", "They", "It", "My", "Our", "Your", "His", "Her", "Their", "Dear", "Hi",
    "Hello", "Good", "Madam", "Mister", "Miss", "Ask", "Said", "Says", "Told", "When", "What", "Who", "Why",
    "How", "Where", "Also", "Just", "Both", "All", "Please", "Let", "Join", "Joined", "Welcome", "Today",
}  # fmt: skip


def honorific_surname(name: str) -> tuple[str, str] | None:
    """(honorific, surname) of `Ms. Psaki` or `MR. KIRBY`; None for anything else."""
    words = name.split()
    if len(words) != 2 or words[0].rstrip(".").upper() not in _HONORIFIC_WORDS:
        return None
    surname = words[1]
    if not any(c.isalpha() for c in surname) or is_title_word(surname):
        return None
    return words[0], surname


def person_key(name: str) -> str:
    """What one person's forms share: the name folded (case, accents) without a leading honorific."""
    words = name.split()
    while len(words) > 1 and words[0].rstrip(".").upper() in _HONORIFIC_WORDS:
        words = words[1:]
    return fold(" ".join(words))


def shown_names(passages: dict[str, int]) -> dict[str, str]:
    """Each name and the form its person is shown by: of the forms with one `person_key`, the one with the
    most passages (the first in order on a tie). `speakers`, `--count-by speaker` and `trend --split-by
    speaker` all group by this."""
    shown: dict[str, str] = {}
    for name in sorted(passages, key=lambda n: (-passages[n], n)):
        shown.setdefault(person_key(name) or name, name)
    return {name: shown[person_key(name) or name] for name in passages}


def readable_label(label: str) -> str:
    """A label with readable capitals: `MS. JEAN-PIERRE` -> `Ms. Jean-Pierre`; call signs kept."""
    return readable_speaker(label) if label and is_upper_label(label) else label


def full_names(surname: str, sources: list[str]) -> set[str]:
    """The full names (`Jen Psaki`, `John F. Kirby`) with this surname that `sources` mention."""
    pattern = re.compile(rf"\b({_NAME_WORD})(?: ([A-Z])\.)? {re.escape(surname)}\b")
    found = set()
    for text in sources:
        if surname not in text:
            continue
        for match in pattern.finditer(text):
            first, initial = match.group(1), match.group(2)
            if first in _NOT_FIRST_NAMES or first.isupper() or is_title_word(first):
                continue
            if first.rstrip(".").upper() in _HONORIFIC_WORDS:
                continue
            found.add(f"{first} {initial}. {surname}" if initial else f"{first} {surname}")
    return found


def resolve(passages: list[Passage], meta: TranscriptMeta) -> None:
    """Give each passage its readable, resolved speaker, keeping the label as written (in place)."""
    if not any(p.speaker for p in passages):
        return
    resolved: dict[str, str] = {}
    speakers = {p.speaker for p in passages if p.speaker}
    sources: list[str] | None = None
    for label in speakers:
        name = readable_label(label)
        parts = honorific_surname(name)
        if parts is not None:
            if sources is None:
                # The title first; then the other speakers' names, then what is said.
                labels = " ; ".join(readable_label(s) for s in speakers)
                listed = " ; ".join(meta.people)  # front matter's or a sidecar's `speakers`
                sources = [meta.title, meta.reporter, listed, labels, *(p.text for p in passages)]
            # `John Kirby` and `John F. Kirby` are one person: compared by first name and surname.
            by_person: dict[str, str] = {}
            for full in sorted(full_names(parts[1], sources), key=len):
                words = full.split()
                by_person.setdefault(fold(f"{words[0]} {words[-1]}"), full)
            if len(by_person) == 1:
                name = next(iter(by_person.values()))
        resolved[label] = name
    for passage in passages:
        if passage.speaker:
            written = passage.label or passage.speaker
            name = resolved[passage.speaker]
            passage.speaker = name
            passage.label = written if written != name else ""
