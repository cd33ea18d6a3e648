"""Text from files kept from acting as code: control characters never stored, never printed raw.

A caption can hold `ESC ] 0 ; title BEL` or `ESC [ 2 J`; a file name can hold
a newline or bytes that are not UTF-8. Printed as they are, the first set a
terminal's title and clear its screen, the second split an id over two lines
or stop the print with an encoding error. So:

- `without_controls` is what is stored of a transcript's text: C0 controls
  (but tab and newline), DEL and C1 controls are removed, a carriage return,
  form feed or vertical tab is a space.
- `visible` is how a name from the file system is shown and kept as an id:
  each control character, and each byte of a name that is not UTF-8, is
  written as its escape (`\\x1b`, `\\n`, `\\xe9`), so it is one line, unique, and
  inert.
- `SafeStream` wraps what the commands print to: whatever reaches it, a
  control character (but the colours soundbite itself writes) is written as
  its escape. It is the last guard, for anything the first two missed.
"""

from __future__ import annotations

import re

# C0 but tab and newline, DEL, C1.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SPACE_LIKE = {"\r": " ", "\x0b": " ", "\x0c": " "}
# What `visible` escapes: every control character, tab and newline too, and lone surrogates (the
# bytes of a file name that are not UTF-8, as Python decodes it).
_NOT_VISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
# Colours and styles (SGR) are the only escape sequences soundbite writes to its output (rich, on a
# terminal); the progress bars write their own to the raw stream (`SafeStream.raw`).
_UNSAFE = re.compile("\x1b\\[[0-9;]*m|[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def without_controls(text: str) -> str:
    """`text` without control characters (tab and newline kept; a carriage return is a space)."""
    if text.isprintable() or not _CONTROL.search(text):
        return text
    return _CONTROL.sub(lambda m: _SPACE_LIKE.get(m.group(), ""), text)


def _escape(char: str) -> str:
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that is not UTF-8, as `surrogateescape` keeps it
        return f"\\x{code - 0xDC00:02x}"
    if char == "\n":
        return "\\n"
    if char == "\t":
        return "\\t"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """`text` with every control character and undecodable byte written as its escape: one line, inert."""
    if text.isprintable():
        return text
    return _NOT_VISIBLE.sub(lambda m: _escape(m.group()), text)


def inert(text: str) -> str:
    """What may be written to a terminal: soundbite's own colour codes kept, any other control
    character or undecodable byte written as `\\uXXXX` (which is also how JSON escapes it, so JSON
    Lines stay valid JSON); tab and newline as they are."""
    if text.isascii() and text.isprintable():
        return text
    return _UNSAFE.sub(lambda m: m.group() if m.group().startswith("\x1b[") else f"\\u{ord(m.group()):04x}", text)


class SafeStream:
    """A text stream that writes what it is given through `inert`: the commands' last guard."""

    def __init__(self, stream):
        self._stream = stream
        self.raw = stream  # for rich's live progress bars, which move the cursor

    def write(self, text: str) -> int:
        self._stream.write(inert(text))
        return len(text)

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name):  # flush, isatty, fileno, encoding ...: the wrapped stream's
        return getattr(self._stream, name)
