"""Plain prose with no speakers and no times: the fallback for any text file.

Paragraphs (blank-line separated, or one per line when the file has no blank
lines) become passages, so a transcript in a shape soundbite does not know yet
is still searchable, just without speakers or timestamps. YAML front matter
(title, date, URL) is the transcript's metadata, as in the turns format: a
statement or readout with no speaker turns keeps its date. Markdown is read
as every reader reads it (`text.strip_markdown`): a link is its words, not its
address; emphasis, escapes and list bullets go; a heading is no speech; HTML in
it (`<img src=…>`, `<s>`) is markup, as in captions (`text.strip_markup`).
"""

from __future__ import annotations

import re

from indexer.model import Parsed, Turn
from indexer.transcripts.metadata import front_matter, meta_from
from indexer.transcripts.text import drop_boilerplate, strip_links, strip_markdown, strip_markup, strip_tags

NAME = "plain"


def sniff(text: str) -> bool:
    return bool(text.strip())


def parse(text: str) -> Parsed:
    data, text = front_matter(text)
    meta, _ = meta_from(data)
    # Links and tags first: either may run over a line break (`[U.S.-Caribbean Partnership\n2030](…)`).
    text = strip_tags(strip_links(drop_boilerplate(text)))
    blocks = _BLANK_LINE.split(text) if _BLANK_LINE.search(text.strip()) else text.split("\n")
    turns = [Turn(text=strip_markup(strip_markdown(_HEADING.sub("", block)))) for block in blocks]
    return Parsed(meta, [turn for turn in turns if turn.text])


_BLANK_LINE = re.compile(r"\n[ \t\u00a0]*\n")  # (a line of spaces between paragraphs is blank too)
_HEADING = re.compile(r"(?m)^\s{0,3}#{1,6}\s.*$")  # a Markdown heading line (`## Remarks`), as the turns reader
