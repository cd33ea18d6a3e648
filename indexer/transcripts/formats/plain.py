"""Plain prose with no speakers and no times: the fallback for any text file.

Paragraphs (blank-line separated, or one per line when the file has no blank
lines) become passages, so a transcript in a shape soundbite does not know yet
is still searchable, just without speakers or timestamps. YAML front matter
(title, date, URL) is the transcript's metadata, as in the turns format: a
statement or readout with no speaker turns keeps its date. Markdown is read
as every reader reads it (`text.strip_markdown`): a link is its words, not its
address; emphasis, escapes and list bullets go; a heading is no speech.
"""

from __future__ import annotations

import re

from indexer.model import Parsed, Turn
from indexer.transcripts.metadata import front_matter, meta_from
from indexer.transcripts.text import drop_boilerplate, strip_markdown

NAME = "plain"


def sniff(text: str) -> bool:
    return bool(text.strip())


def parse(text: str) -> Parsed:
    data, text = front_matter(text)
    meta, _ = meta_from(data)
    text = drop_boilerplate(text)
    blocks = text.split("\n\n") if "\n\n" in text.strip() else text.split("\n")
    turns = [Turn(text=" ".join(strip_markdown(_HEADING.sub("", block)).split())) for block in blocks]
    return Parsed(meta, [turn for turn in turns if turn.text])


_HEADING = re.compile(r"(?m)^\s{0,3}#{1,6}\s.*$")  # a Markdown heading line (`## Remarks`), as the turns reader
