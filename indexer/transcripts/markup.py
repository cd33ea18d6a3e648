"""Markup read as a stream of tags and text, forgivingly and in one pass: what the XML caption readers share.

Caption files that are XML in name are often not XML in fact: a `&` left
unescaped, an `<` in a line of speech, a tag never closed, a file cut off
mid-way. A strict parser refuses the whole file for one such slip; an HTML
tree builder reads them but costs time and memory far beyond the file's
size on large or deeply nested input (pycaption over BeautifulSoup: about
40 s a megabyte of TTML, and worse than linear). This tokenizer never
refuses and never looks back: each character is read a bounded number of
times, so time and memory grow with the file and nothing else.

What it leaves to its callers: which element closes which (`events` reports
starts and ends as written), and what the names mean. Names are reduced to
their local part in lower case (`tt:P` is `p`), attribute names too
(`xml:lang` is `lang`, `ttp:frameRate` is `framerate`); character references
and HTML's named entities are decoded in text and attribute values alike.
A document type's own entity declarations are not expanded (so no entity
can grow a small file into a large one): `&name;` stays as written.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

# An attribute: a name, then a value quoted either way or bare. The classes exclude `<`, so a match never runs
# past the tag it is in.
_ATTRIBUTE = re.compile(r"""([^\s=<>"'/]+)(?:\s*=\s*(?:"([^"<]*)"|'([^'<]*)'|([^\s<>"']+)))?""")
_NAME = re.compile(r"[A-Za-z_][\w.:-]*")


@dataclass
class Start:
    """An opening tag: its local name and attributes."""

    name: str
    attributes: dict[str, str] = field(default_factory=dict)
    empty: bool = False  # written `<br/>`: opens and closes at once


@dataclass
class End:
    """A closing tag."""

    name: str


def local(name: str) -> str:
    """`tt:p` -> `p`, `xml:lang` -> `lang`, in lower case."""
    return name.rpartition(":")[2].lower()


def _attributes(body: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for match in _ATTRIBUTE.finditer(body):
        value = next((v for v in match.group(2, 3, 4) if v is not None), "")
        found.setdefault(local(match.group(1)), html.unescape(value))
    return found


def events(text: str) -> Iterator[Start | End | str]:
    """The document's tags (`Start`, `End`) and text (a `str`, entities decoded), in order.

    Comments, processing instructions and document type declarations are
    passed over; a CDATA section is text. A `<` that opens no tag is text.
    """
    n = len(text)
    pos = 0
    next_gt = -2  # where the next `>` at or after the current `<` is: found once, not once per `<`
    while pos < n:
        lt = text.find("<", pos)
        if lt < 0:
            yield html.unescape(text[pos:])
            return
        if lt > pos:
            yield html.unescape(text[pos:lt])
        for opening, closing in (("<!--", "-->"), ("<![CDATA[", "]]>"), ("<?", "?>")):
            if text.startswith(opening, lt):
                end = text.find(closing, lt + len(opening))
                if end < 0:  # never closed: the rest of the file is inside it
                    if opening == "<![CDATA[":
                        yield text[lt + len(opening) :]
                    return
                if opening == "<![CDATA[":
                    yield text[lt + len(opening) : end]
                pos = end + len(closing)
                break
        else:
            if text.startswith("<!", lt):  # a document type, its internal subset in brackets
                bracket, close = text.find("[", lt), text.find(">", lt)
                if 0 <= bracket < close:
                    subset_end = text.find("]", bracket)
                    close = text.find(">", subset_end) if subset_end >= 0 else -1
                if close < 0:
                    return
                pos = close + 1
                continue
            if next_gt < lt:
                next_gt = text.find(">", lt)
                if next_gt < 0:
                    next_gt = n  # no `>` from here on: every `<` left is text
            following = text.find("<", lt + 1, next_gt)
            if next_gt >= n or following >= 0:  # `a < b` in a line of speech
                yield "<"
                pos = lt + 1
                continue
            body = text[lt + 1 : next_gt]
            pos = next_gt + 1
            tag = _tag(body)
            if tag is None:
                yield html.unescape("<" + body + ">")
            else:
                yield tag


def _tag(body: str) -> Start | End | None:
    if body.startswith("/"):
        name = _NAME.match(body, 1)
        return End(local(name.group())) if name else None
    name = _NAME.match(body)
    if not name:
        return None
    rest = body[name.end() :].rstrip()
    empty = rest.endswith("/")
    if empty:
        rest = rest[:-1]
    return Start(local(name.group()), _attributes(rest) if rest.strip() else {}, empty)
