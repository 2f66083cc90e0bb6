"""Bytes to text: decompression, binary detection and charset detection.

Pure functions over bytes. Decoding never assumes an encoding: a byte-order mark is
believed, valid UTF-8 is UTF-8, and anything else goes to charset-normalizer. What
cannot be turned into text raises :class:`Unusable` with a stable reason code.
"""

from __future__ import annotations

import codecs
import zlib
from dataclasses import dataclass

from charset_normalizer import from_bytes

GZIP_MAGIC = b"\x1f\x8b"

# File signatures of formats that are never article text.
BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"%PDF-", "pdf"),
    (b"PK\x03\x04", "zip"),
    (b"PK\x05\x06", "zip"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"RIFF", "riff"),
    (b"\x7fELF", "elf"),
    (b"BZh", "bzip2"),
    (b"\xfd7zXZ\x00", "xz"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"\x00\x00\x01\x00", "ico"),
    (b"OggS", "ogg"),
    (b"ID3", "mp3"),
    (b"\x1a\x45\xdf\xa3", "webm"),
    (b"wOFF", "woff"),
    (b"wOF2", "woff2"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Share of control characters above which decoded "text" is really binary data.
MAX_CONTROL_SHARE = 0.05


class Unusable(Exception):
    """Input that cannot become text; ``reason`` is a stable reject code."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str


def gunzip(raw: bytes, max_bytes: int) -> bytes:
    """Decompress gzip data, refusing more than ``max_bytes`` of output (gzip bombs)."""
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(raw, max_bytes + 1)
    except zlib.error as exc:
        raise Unusable("bad_gzip", f"corrupt gzip data: {exc}") from None
    if len(out) > max_bytes:
        raise Unusable("too_large", f"decompresses to more than {max_bytes} bytes")
    if not inflater.eof:
        raise Unusable("bad_gzip", "truncated gzip data")
    return out


def binary_signature(raw: bytes) -> str | None:
    """The name of a binary format whose signature ``raw`` starts with, if any."""
    for magic, name in BINARY_SIGNATURES:
        if raw.startswith(magic):
            return name
    return None


def _utf16_without_bom(sample: bytes) -> str | None:
    """UTF-16 text with no BOM shows NUL in every other byte for Latin script."""
    if len(sample) < 8:
        return None
    even = sample[0::2].count(0) / (len(sample) / 2)
    odd = sample[1::2].count(0) / (len(sample) / 2)
    if odd > 0.3 and even < 0.05:
        return "utf-16-le"
    if even > 0.3 and odd < 0.05:
        return "utf-16-be"
    return None


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    sample = text[:20000]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f\x0b")
    return controls / len(sample)


def decode_bytes(raw: bytes) -> Decoded:
    """Decode ``raw`` by detection; raise :class:`Unusable` for binary or undecodable data."""
    kind = binary_signature(raw)
    if kind is not None:
        raise Unusable("binary", f"{kind} data")
    decoded = _decode(raw)
    if _control_share(decoded.text) > MAX_CONTROL_SHARE:
        raise Unusable("binary", "mostly control characters")
    return decoded


def _decode(raw: bytes) -> Decoded:
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                return Decoded(raw[len(bom) :].decode(encoding), encoding)
            except UnicodeDecodeError as exc:
                raise Unusable("undecodable", f"invalid {encoding} after BOM: {exc.reason}") from None
    utf16 = _utf16_without_bom(raw[:4096])
    if utf16 is not None:
        try:
            return Decoded(raw.decode(utf16), utf16)
        except UnicodeDecodeError:
            pass
    try:
        return Decoded(raw.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(raw).best()
    if best is None or best.encoding is None:
        raise Unusable("undecodable", "no text encoding fits these bytes")
    return Decoded(str(best), best.encoding)
