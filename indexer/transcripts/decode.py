"""Bytes to text: the one place that decides how a transcript file is encoded.

Real transcripts arrive as UTF-8 with or without a BOM, UTF-16/32 with a BOM,
or in a legacy code page (cp1252 curly quotes, cp1250/cp1251, GB2312). A wrong
guess garbles names, which is the one thing a transcript search must not do, so
the order is: BOM, strict UTF-8, then charset-normalizer's statistical
detection, with a tie-break towards cp1252 (see `_pick`).
"""

from __future__ import annotations

import codecs
import contextlib
import re

from indexer.errors import UnreadableFile

_BOMS = (
    # UTF-32 before UTF-16: the UTF-32-LE BOM starts with the UTF-16-LE one.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# When several single-byte code pages decode a file equally well, the Western
# one is by far the most common source of legacy transcripts.
_PREFERRED_ON_TIE = ("cp1252", "cp1250", "cp1251")


def decode(data: bytes, name: str = "file") -> tuple[str, str]:
    """Return (text with \\n line endings, encoding name) or raise UnreadableFile."""
    text, encoding = _decode(data, name)
    if "\x00" in text:
        raise UnreadableFile(name, "binary file (contains NUL characters)")
    return normalise_newlines(text), encoding


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode(data: bytes, name: str) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise UnreadableFile(name, f"invalid {encoding} after its BOM ({exc.reason})") from None
    if b"\x00" in data[:4096]:
        raise UnreadableFile(name, "binary file (contains NUL bytes and no UTF-16/32 BOM)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    encoding = _detect(data)
    if encoding is None or not _is_multibyte(encoding):  # (GB2312's pairs look like UTF-8's by chance)
        mixed = _mixed(data)
        if mixed is not None:
            return mixed
    if encoding is None:
        raise UnreadableFile(name, "cannot determine the text encoding")
    return data.decode(encoding, errors="replace"), encoding


# UTF-8's multi-byte sequences. Three- and four-byte ones (curly quotes and dashes are E2 80 xx) are
# all but never legacy text; two-byte ones can be (`É»` in cp1252), so it takes several.
_UTF8_LONG = re.compile(rb"[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_UTF8_SHORT = re.compile(rb"\xc2[\xa0-\xbf]|[\xc3-\xdf][\x80-\xbf]")  # (not C2 80-9F: control characters)
_UTF8_SEQUENCE = re.compile(b"(" + _UTF8_LONG.pattern + b"|" + _UTF8_SHORT.pattern + b")")


_LEGACY_PAGES = {
    "cp1250",
    "cp1251",
    "cp1252",
    "cp1253",
    "cp1254",
    "cp1255",
    "cp1256",
    "cp1257",
    "cp1258",
    "koi8_r",
    "gb2312",
    "gbk",
    "gb18030",
    "big5",
    "shift_jis",
    "cp932",
    "euc_jp",
    "euc_kr",
    "cp949",
}


def _is_multibyte(encoding: str) -> bool:
    name = codecs.lookup(encoding).name
    return name.startswith(("gb", "big5", "shift_jis", "cp932", "euc", "cp949", "iso2022", "hz", "johab", "utf"))


def _mixed(data: bytes) -> tuple[str, str] | None:
    """A file that is UTF-8 in places and a legacy code page in others (a cp1252 script with quotes
    pasted from the web): each valid UTF-8 sequence read as UTF-8, each other byte in the code page
    the rest is in. None when the file is not plainly both."""
    long_sequences = len(_UTF8_LONG.findall(data))
    if not long_sequences and len(_UTF8_SHORT.findall(data)) < 3:
        return None
    rest = _UTF8_SHORT.sub(b"", _UTF8_LONG.sub(b"", data))
    # What is left is often a few accented letters: too few to tell code pages apart, and then the
    # Western one is by far the likeliest (as `_PREFERRED_ON_TIE` says).
    legacy = "cp1252"
    if sum(byte >= 0x80 for byte in rest) >= 50:
        found = _detect(rest)
        legacy = found if found in _LEGACY_PAGES else legacy
    legacy = codecs.lookup(legacy).name

    def part(n: int, piece: bytes) -> str:
        if n % 2:  # a UTF-8 sequence (one that is not valid after all, an overlong form, is legacy bytes)
            with contextlib.suppress(UnicodeDecodeError):
                return piece.decode("utf-8")
        return piece.decode(legacy, errors="replace")

    # A two-byte sequence that would be a C1 control character (`\xc2\x8a`) is the code page's letters
    # (cp1251's `ВЉ`): no transcript writes those controls.
    return "".join(part(n, piece) for n, piece in enumerate(_UTF8_SEQUENCE.split(data))), f"utf-8+{legacy}"


def _detect(data: bytes) -> str | None:
    from charset_normalizer import from_bytes  # only files that are not UTF-8 pay for this import

    matches = list(from_bytes(data))
    return _pick([(m.encoding, m.chaos, m.coherence) for m in matches])


def _pick(candidates: list[tuple[str, float, float]]) -> str | None:
    """Choose among (encoding, chaos, coherence) triples.

    charset-normalizer ranks by chaos, then coherence, and breaks exact ties by
    its own order, which on a short cp1252 file can put cp1250 first and turn
    "naïve" into "naďve". Among the candidates that are as clean and as
    coherent as the best, prefer the common code pages in a fixed order.
    """
    if not candidates:
        return None
    least_chaos = min(chaos for _, chaos, _ in candidates)
    clean = [c for c in candidates if c[1] <= least_chaos + 0.005]
    most_coherent = max(coherence for _, _, coherence in clean)
    best = [enc for enc, _, coherence in clean if coherence >= most_coherent - 0.005]
    for preferred in _PREFERRED_ON_TIE:
        if preferred in best:
            return preferred
    return best[0]
