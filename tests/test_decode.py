"""Bytes to text: BOMs, legacy code pages, line endings, and what is refused."""

from __future__ import annotations

import codecs

import pytest

from indexer.errors import UnreadableFile
from indexer.transcripts.decode import _pick, decode

TEXT = "DR. ÉLODIE DURAND “We don’t know.”\nNaïve résumé, François.\n"


@pytest.mark.parametrize(
    ("bom", "encoding"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
    ],
)
def test_bom_decides_the_encoding_and_is_dropped(bom, encoding):
    text, used = decode(bom + TEXT.encode(encoding))
    assert text == TEXT
    assert used == encoding


def test_utf8_without_bom():
    assert decode(TEXT.encode("utf-8")) == (TEXT, "utf-8")


def test_cp1252_is_not_mistaken_for_cp1250():
    # cp1250 decodes these bytes too, but turns "Naïve" into "Naďve".
    text, used = decode((TEXT * 3).encode("cp1252"))
    assert used == "cp1252"
    assert text == TEXT * 3


def test_cyrillic_cp1251():
    source = "Президент сказал, что переговоры продолжатся на следующей неделе в Москве.\n" * 4
    text, used = decode(source.encode("cp1251"))
    assert text == source
    assert used == "cp1251"


@pytest.mark.parametrize("raw", [b"a\r\nb\r\n", b"a\rb\r", b"a\r\nb\rc\n"])
def test_line_endings_become_newlines(raw):
    text, _ = decode(raw)
    assert "\r" not in text
    assert text.startswith("a\nb")


def test_binary_file_is_refused_with_a_reason():
    with pytest.raises(UnreadableFile, match="binary file"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "image.txt")


def test_broken_utf16_after_bom_is_refused():
    with pytest.raises(UnreadableFile, match="invalid utf-16-le"):
        decode(codecs.BOM_UTF16_LE + b"a\x00\x00\xd8", "broken.srt")


def test_tie_break_prefers_the_common_code_page_only_on_a_tie():
    assert _pick([("cp1250", 0.0, 0.6), ("cp1252", 0.0, 0.6)]) == "cp1252"
    assert _pick([("cp1250", 0.0, 0.71), ("cp1252", 0.0, 0.67)]) == "cp1250"
    assert _pick([("cp1252", 0.2, 0.9), ("gb18030", 0.0, 0.2)]) == "gb18030"
    assert _pick([]) is None
