"""Bytes to text: every encoding a landing folder holds decodes to the right text."""

from __future__ import annotations

import codecs
import random

import pytest

from cleaners import decode as decode_module
from cleaners.decode import Unusable, declared_charset, decode_bytes, gunzip

FRENCH = (
    "Le conseil municipal de Besançon a adopté mardi un budget de 212 millions d’euros.\n"
    "« C’est un budget de responsabilité », a déclaré la maire — après quatre heures de débat.\n"
)
SPANISH = "El niño comió en Málaga; la señora pidió información sobre la tradición española.\n"
GERMAN = "Die Bürger in Zürich äußerten große Sorge über die Straßenbahn. Öffentliche Gebäude blieben zu.\n"
POLISH = "Prezydent powiedział, że władze miasta rozpoczną budowę nowego mostu w przyszłym roku. Zażółć gęślą jaźń.\n"
CZECH = "Příliš žluťoučký kůň úpěl ďábelské ódy. Vláda oznámila, že příští rok začne stavět nový most přes řeku.\n"
RUSSIAN = "Президент России заявил, что правительство продолжит реформы в следующем году.\n"
GREEK = "Ο πρωθυπουργός δήλωσε ότι η κυβέρνηση θα συνεχίσει τις μεταρρυθμίσεις τον επόμενο χρόνο.\n"
JAPANESE = "東京都は二十日、首都直下地震に備えた新たな防災計画を発表した。避難所の数を増やす方針だ。\n"
CHINESE = "总统表示，政府明年将继续进行改革。北京正在准备选举。\n"
KOREAN = "대통령은 내년에도 정부가 개혁을 계속할 것이라고 말했다.\n"


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        (FRENCH, "cp1252"),
        (SPANISH, "latin-1"),
        (GERMAN, "cp1252"),
        (GERMAN, "iso-8859-15"),
        (POLISH, "cp1250"),
        (CZECH, "cp1250"),
        (RUSSIAN, "cp1251"),
        (RUSSIAN, "koi8-r"),
        (GREEK, "cp1253"),
        (JAPANESE, "shift_jis"),
        (JAPANESE, "euc-jp"),
        (CHINESE, "gb18030"),
        (KOREAN, "euc-kr"),
        (FRENCH, "utf-8"),
        (FRENCH, "utf-8-sig"),
        (GERMAN, "utf-16"),
        (GERMAN, "utf-16-le"),
        (GERMAN, "utf-16-be"),
        (JAPANESE, "utf-16"),
        (SPANISH, "utf-32"),
    ],
    ids=lambda v: v if isinstance(v, str) and len(v) < 20 else None,
)
def test_text_in_each_encoding_decodes_to_exactly_the_original(text: str, encoding: str) -> None:
    sample = text * 3
    assert decode_bytes(sample.encode(encoding)).text == sample


def test_short_western_text_in_windows_1252_is_not_read_as_a_baltic_or_central_european_code_page() -> None:
    for text in (FRENCH, SPANISH, GERMAN):
        assert decode_bytes(text.encode("cp1252")).encoding == "cp1252"


def test_utf8_with_a_few_invalid_bytes_stays_utf8_with_replacement_characters() -> None:
    raw = GERMAN.encode() + b"\xff\xfe broken " + GERMAN.encode() + b"\xc3("
    decoded = decode_bytes(raw)
    assert decoded.encoding == "utf-8"
    assert decoded.text.startswith(GERMAN)
    assert decoded.text.count("\ufffd") >= 2
    assert "Zürich" in decoded.text[len(GERMAN) :]


def test_legacy_text_is_not_mistaken_for_damaged_utf8() -> None:
    assert decode_bytes((FRENCH * 4).encode("cp1252")).text == FRENCH * 4


def html(charset: str, body: str) -> str:
    return f'<html><head><meta charset="{charset}"><title>T</title></head><body><p>{body}</p></body></html>'


def test_meta_charset_that_lies_loses_to_the_bytes() -> None:
    assert FRENCH in decode_bytes(html("iso-8859-1", FRENCH).encode("utf-8")).text  # says Latin-1, is UTF-8
    assert FRENCH in decode_bytes(html("utf-8", FRENCH).encode("cp1252")).text  # says UTF-8, is cp1252
    assert FRENCH in decode_bytes(html("windows-1251", FRENCH).encode("cp1252")).text  # says Cyrillic


@pytest.fixture
def no_detector(monkeypatch: pytest.MonkeyPatch) -> None:
    """charset-normalizer's detector, the costly step, fails the test if it runs."""

    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("the detector ran")

    monkeypatch.setattr(decode_module, "from_bytes", refuse)


@pytest.mark.parametrize("label", ["windows-1252", "ISO-8859-1", "latin1", "us-ascii"])
@pytest.mark.usefixtures("no_detector")
def test_a_declared_western_page_is_read_without_running_the_detector(label: str) -> None:
    for text in (FRENCH, SPANISH, GERMAN):
        decoded = decode_bytes(html(label, text).encode("cp1252"))
        assert decoded.encoding == "cp1252"
        assert text in decoded.text
    http_equiv = f'<meta http-equiv="Content-Type" content="text/html; charset={label}"><p>{GERMAN}</p>'
    assert GERMAN in decode_bytes(http_equiv.encode("cp1252")).text


@pytest.mark.usefixtures("no_detector")
def test_valid_utf8_and_byte_order_marks_never_run_the_detector() -> None:
    assert FRENCH in decode_bytes(html("windows-1252", FRENCH).encode("utf-8")).text
    assert decode_bytes(codecs.BOM_UTF16_LE + GERMAN.encode("utf-16-le")).text == GERMAN


def test_a_western_declaration_over_other_bytes_still_goes_to_the_detector() -> None:
    for text, encoding in ((POLISH, "cp1250"), (CZECH, "cp1250"), (RUSSIAN, "cp1251"), (GREEK, "cp1253")):
        assert text in decode_bytes(html("windows-1252", text * 3).encode(encoding)).text, encoding
    # Bytes windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) fail its strict reading.
    assert decode_bytes(html("iso-8859-1", FRENCH).encode("cp1252") + b"\x81").encoding != "cp1252"


def test_honest_meta_charset_settles_what_detection_cannot() -> None:
    page = html("windows-1250", CZECH)
    assert CZECH in decode_bytes(page.encode("cp1250")).text


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b'<meta charset="UTF-8">', "utf-8"),
        (b"<meta charset=windows-1250>", "cp1250"),
        (b'<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">', "cp1252"),
        (b'<?xml version="1.0" encoding="Shift_JIS"?>', "shift_jis"),
        (b'<meta charset="no-such-charset">', None),
        (b"<p>no declaration</p>", None),
    ],
)
def test_declared_charset_is_read_from_meta_tags_and_the_xml_declaration(head: bytes, expected: str | None) -> None:
    assert declared_charset(b"<html><head>" + head + b"</head>") == expected


def test_byte_order_marks_are_believed_and_dropped() -> None:
    assert decode_bytes(codecs.BOM_UTF8 + FRENCH.encode()).text == FRENCH
    assert decode_bytes(codecs.BOM_UTF16_BE + GERMAN.encode("utf-16-be")).text == GERMAN


def test_invalid_data_after_a_bom_is_undecodable() -> None:
    with pytest.raises(Unusable) as bad:
        decode_bytes(codecs.BOM_UTF8 + b"\xff\xfe\xfd" * 10)
    assert bad.value.reason == "undecodable"


def test_random_bytes_are_undecodable_or_binary() -> None:
    for n in range(5):
        with pytest.raises(Unusable) as bad:
            decode_bytes(random.Random(n).randbytes(20_000))
        assert bad.value.reason in {"undecodable", "binary"}


@pytest.mark.parametrize(
    "raw",
    [
        b"\x89PNG\r\n\x1a\n" + bytes(100),
        b"%PDF-1.4\n" + FRENCH.encode(),
        b"PK\x03\x04" + bytes(50),
        b"\xff\xd8\xff\xe0" + bytes(50),
        b"GIF89a" + bytes(50),
        b"\x7fELF" + bytes(50),
    ],
    ids=["png", "pdf", "zip", "jpeg", "gif", "elf"],
)
def test_binary_formats_are_binary_by_their_signature(raw: bytes) -> None:
    with pytest.raises(Unusable) as bad:
        decode_bytes(raw)
    assert bad.value.reason == "binary"


def test_text_that_is_mostly_control_characters_is_binary() -> None:
    with pytest.raises(Unusable) as bad:
        decode_bytes(bytes(range(1, 9)) * 500 + b"some text")
    assert bad.value.reason == "binary"


def test_a_few_nul_bytes_in_text_do_not_make_it_binary() -> None:
    assert decode_bytes(FRENCH.encode().replace(b" ", b"\x00 ", 3)).text.replace("\x00", "") == FRENCH


def test_gunzip_refuses_output_over_the_cap_and_data_cut_short() -> None:
    import gzip

    data = gzip.compress(b"x" * 10_000)
    assert gunzip(data, 10_000) == b"x" * 10_000
    with pytest.raises(Unusable) as big:
        gunzip(data, 9_999)
    assert big.value.reason == "too_large"
    with pytest.raises(Unusable) as cut:
        gunzip(data[:-10], 10_000)
    assert cut.value.reason == "bad_gzip"
