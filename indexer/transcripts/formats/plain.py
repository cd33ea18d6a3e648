"""Plain prose with no speakers and no times: the fallback for any text file.

Paragraphs (blank-line separated, or one per line when the file has no blank
lines) become passages, so a transcript in a shape soundbite does not know yet
is still searchable, just without speakers or timestamps.
"""

from __future__ import annotations

from indexer.model import Parsed, TranscriptMeta, Turn

NAME = "plain"


def sniff(text: str) -> bool:
    return bool(text.strip())


def parse(text: str) -> Parsed:
    blocks = text.split("\n\n") if "\n\n" in text.strip() else text.split("\n")
    turns = [Turn(text=" ".join(block.split())) for block in blocks if block.strip()]
    return Parsed(TranscriptMeta(), turns)
