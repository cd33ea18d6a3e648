"""Transcript formats: detection and a registry of parsers behind one interface.

Each format is a module with `NAME`, `sniff(text) -> bool` and
`parse(text) -> Parsed`. Adding a format means writing that module and listing
it in `FORMATS`: nothing else in soundbite knows which formats exist.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from indexer.formats import newsvideo, plain
from indexer.model import Parsed


@dataclass(frozen=True)
class Format:
    name: str
    extensions: tuple[str, ...]
    sniff: Callable[[str], bool]
    parse: Callable[[str], Parsed]
    description: str = ""


# In detection order: the first format whose extension fits and whose sniff
# accepts the text wins; `plain` accepts anything and comes last.
FORMATS: tuple[Format, ...] = (
    Format(
        newsvideo.NAME,
        (".txt", ""),
        newsvideo.sniff,
        newsvideo.parse,
        'news-video script: duration line, lead, narration, NAME TITLE "quote", sign-off',
    ),
    Format(plain.NAME, (".txt", ".md", ""), plain.sniff, plain.parse, "plain paragraphs"),
)

# What a folder walk picks up; a file named on the command line is always read.
TRANSCRIPT_EXTENSIONS = frozenset(ext for fmt in FORMATS for ext in fmt.extensions if ext)


def names() -> list[str]:
    return [fmt.name for fmt in FORMATS]


def by_name(name: str) -> Format:
    for fmt in FORMATS:
        if fmt.name == name:
            return fmt
    raise KeyError(name)


def detect(path: str | Path, text: str) -> Format:
    """The format of a file, from its content first and its extension second."""
    suffix = Path(path).suffix.lower()
    candidates = [fmt for fmt in FORMATS if suffix in fmt.extensions] or list(FORMATS)
    for fmt in candidates:
        if fmt.sniff(text):
            return fmt
    return by_name(plain.NAME)
