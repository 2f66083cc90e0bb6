"""Bytes to text: decompression, binary detection and charset detection.

Pure functions over bytes. Decoding never assumes an encoding; in order:

1. a byte-order mark is believed (UTF-8, UTF-16, UTF-32);
2. UTF-16 without a BOM is recognised by its zero bytes;
3. valid UTF-8 is UTF-8;
4. UTF-8 with a few invalid bytes among many valid multi-byte characters is UTF-8 with
   each invalid sequence replaced by U+FFFD (a damaged UTF-8 file, not a legacy one);
5. a page that declares windows-1252 (or a Latin-1 label) is read so when the bytes
   decode strictly and the reading is Western (see below): the detector would not
   overrule that reading, and it is the costly step;
6. otherwise charset-normalizer ranks the legacy encodings that fit, and
   - a charset the document declares (``<meta charset>``, ``http-equiv``, the XML
     declaration) is taken when it decodes the bytes, its words do not mix scripts and
     the result looks no worse than the detector's best guess: a declaration that lies
     is outvoted;
   - when the guess is Latin script, or its words mix scripts (``adoptй``), windows-1252
     wins if its reading uses only the letters and punctuation of one Western European
     language: the detector confuses it with windows-1250/1257/1251 (``à`` read as ``ŕ``,
     ``ą`` or ``а``), while it is by far the most common legacy encoding of news pages
     (ISO-8859-1 labels mean windows-1252 on the web too).

What cannot be turned into text raises :class:`Unusable` with a stable reason code.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
import zlib
from dataclasses import dataclass

from charset_normalizer import from_bytes
from charset_normalizer.md import mess_ratio

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


# C0 controls other than tab, newline, vertical tab, form feed and carriage return.
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f]")


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    sample = text[:20000]
    if _CONTROLS.search(sample) is None:
        return 0.0
    return len(_CONTROLS.findall(sample)) / len(sample)


# Invalid bytes a UTF-8 file may have for each valid multi-byte character and still be read
# as damaged UTF-8 rather than handed to the legacy-charset detector.
MAX_INVALID_PER_VALID = 0.25
# How much worse than the detector's best guess (mess ratio) a declared charset may read.
DECLARED_SLACK = 0.1
# How much of a decoded text the plausibility checks read.
SAMPLE_CHARS = 50_000
# Share of non-ASCII characters of a windows-1252 reading that may fall outside the
# Western European set and still let it win over another Latin-script guess.
MAX_NON_WESTERN_SHARE = 0.02

# Beyond ASCII, the punctuation any Western European text may use, and the letters of
# each language: a windows-1252 reading is Western when its letters fit one language.
WESTERN_PUNCTUATION = frozenset("\u00a0«»‚„…†‡‰‹›‘’“”•–—˜™€£¥¢§©®°·×")
WESTERN_LANGUAGES: tuple[frozenset[str], ...] = tuple(
    frozenset(letters)
    for letters in (
        "àâæçéèêëîïôœùûüÿ",  # French (and English loanwords)
        "äöüß",  # German
        "áéíóúñü¡¿",  # Spanish
        "áâãàçéêíóôõú",  # Portuguese
        "àèéìíîòóù",  # Italian
        "áéèëïóöüíú",  # Dutch
        "àçèéíïòóúü",  # Catalan
        "åäöéšž",  # Swedish, Finnish
        "æøåéèóô",  # Danish, Norwegian
    )
)

_DECLARED = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-z0-9_.:-]+)|<\?xml[^>]+encoding\s*=\s*["']([a-z0-9_.:-]+)""",
    re.I,
)
# Labels the web treats as windows-1252 (WHATWG Encoding Standard).
_AS_WINDOWS_1252 = frozenset({"ascii", "latin-1", "iso8859-1", "iso-8859-1", "cp819", "us-ascii", "windows-1252"})


def declared_charset(raw: bytes) -> str | None:
    """The Python codec a document declares in its first 2 KB (meta tag, XML declaration)."""
    m = _DECLARED.search(raw[:2048])
    if m is None:
        return None
    label = (m.group(1) or m.group(2)).decode("ascii", "replace").lower()
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    if name in _AS_WINDOWS_1252 or label in _AS_WINDOWS_1252:
        return "cp1252"
    return name


_ESCAPED = re.compile("[\udc80-\udcff]")


def _damaged_utf8(raw: bytes) -> str | None:
    """``raw`` as UTF-8 with U+FFFD for invalid bytes, if it is mostly valid UTF-8."""
    if len(raw) > SAMPLE_CHARS:
        valid, invalid = _utf8_counts(raw[:SAMPLE_CHARS])
        if invalid > valid * MAX_INVALID_PER_VALID:
            return None  # clearly a legacy encoding: spare the whole-file count
    valid, invalid = _utf8_counts(raw)
    if valid == 0 or invalid > valid * MAX_INVALID_PER_VALID:
        return None
    return raw.decode("utf-8", "replace")


def _utf8_counts(raw: bytes) -> tuple[int, int]:
    """Valid non-ASCII characters and invalid bytes of ``raw`` read as UTF-8."""
    text = raw.decode("utf-8", "surrogateescape")
    invalid = len(text) - len(_ESCAPED.sub("", text))
    return len(text) - len(text.encode("ascii", "ignore")) - invalid, invalid


def _non_ascii(text: str) -> list[str]:
    """The non-ASCII characters of the first ``SAMPLE_CHARS`` of ``text``."""
    return [ch for ch in text[:SAMPLE_CHARS] if ch >= "\x80"]


_WORD = re.compile(r"[^\W\d_]{2,}")
# Share of the words with letters beyond ASCII that may mix scripts ("adoptй", "Besanзon":
# windows-1252 bytes read as windows-1251) before a reading counts as mojibake.
MAX_MIXED_WORDS = 0.05


# Scripts that share words in real text: Japanese mixes kanji, kana and Latin letters.
_EAST_ASIAN = frozenset({"CJK", "HIRAGANA", "KATAKANA", "KATAKANA-HIRAGANA", "HANGUL", "FULLWIDTH", "HALFWIDTH"})


def _script(ch: str) -> str:
    script = unicodedata.name(ch, "?").split(" ", 1)[0]
    return "EAST_ASIAN" if script in _EAST_ASIAN else script


def _mixed_script_words(text: str) -> bool:
    """Whether many words of ``text`` mix letters of two scripts, the mark of a wrong code page."""
    words = [w for w in _WORD.findall(text[:SAMPLE_CHARS]) if not w.isascii()]
    mixed = 0
    for word in words:
        scripts = {_script(ch) for ch in word}
        if len(scripts) > 1 and scripts != {"EAST_ASIAN", "LATIN"}:
            mixed += 1
    return mixed > len(words) * MAX_MIXED_WORDS


def _latin_script(text: str) -> bool:
    """Every non-ASCII letter of ``text`` is a Latin letter."""
    return all(unicodedata.name(ch, "").startswith("LATIN") for ch in _non_ascii(text) if ch.isalpha())


def _western(text: str) -> bool:
    """Beyond ASCII, ``text`` has Western punctuation and the letters of one language."""
    others = [ch for ch in _non_ascii(text) if ch not in WESTERN_PUNCTUATION]
    if not others:
        return True
    lowered = [ch.lower() for ch in others]
    allowed = len(others) * MAX_NON_WESTERN_SHARE
    return any(sum(1 for ch in lowered if ch not in letters) <= allowed for letters in WESTERN_LANGUAGES)


def _strict(raw: bytes, encoding: str) -> str | None:
    try:
        return raw.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


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
    damaged = _damaged_utf8(raw)
    if damaged is not None:
        return Decoded(damaged, "utf-8")
    declared = declared_charset(raw)
    if declared == "cp1252":
        # The common legacy page: declared windows-1252 (or a Latin-1 label), and its
        # reading Western. The detector would not overrule it (see _legacy), so it is not run.
        text = _strict(raw, "cp1252")
        if text is not None and _western(text):
            return Decoded(text, "cp1252")
    return _legacy(raw, declared)


def _legacy(raw: bytes, declared: str | None) -> Decoded:
    best = from_bytes(raw).best()
    if best is None or best.encoding is None:
        raise Unusable("undecodable", "no text encoding fits these bytes")
    guess = str(best)
    if declared is not None and declared != best.encoding:
        text = _strict(raw, declared)
        if (
            text is not None
            and not _mixed_script_words(text)
            and mess_ratio(text[:SAMPLE_CHARS], maximum_threshold=1.0) <= best.chaos + DECLARED_SLACK
        ):
            return Decoded(text, declared)
    if best.encoding != "cp1252" and (_latin_script(guess) or _mixed_script_words(guess)):
        text = _strict(raw, "cp1252")
        if text is not None and _western(text):
            return Decoded(text, "cp1252")
    return Decoded(guess, best.encoding)
