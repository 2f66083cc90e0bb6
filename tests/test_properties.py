"""Properties of cleaning, checked with Hypothesis over generated and real texts.

- cleaning never raises (``clean_text`` with the generic rules, and ``process_document``
  on any bytes under any name);
- nothing is invented: the cleaned text is made of the input's text only, line by line,
  apart from the documented normalization (``cleaners.normalize``: line endings, control
  characters, NFC, exotic spaces) and whitespace tidying (trailing spaces, runs of blank
  lines, the ends);
- kept text and recorded removals account for the whole input: every non-space character
  of the normalized input is either kept or inside exactly one removal, which records it
  at its offset;
- cleaning is idempotent: cleaning the cleaned text removes nothing more.

Deliberate exceptions to idempotence, both options of the first cleaning that a second
one must not repeat: title lifting (the first cleaning moved the headline out; cleaning
again would take the next line for one, so the second cleaning runs without it), and
main-block trimming of plain text (``trim_to_main_block``, a whole-page heuristic that
finds a tighter block in text it already trimmed).
"""

from __future__ import annotations

import gzip
import json
import re
from datetime import timedelta
from functools import cache
from itertools import pairwise

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaners.authors import author_name, author_names, rejoin_split_names
from cleaners.dates import date_stamp, stamped_day
from cleaners.document import ArticleRecord, RejectRecord, process_document
from cleaners.engine import CleanResult, clean_text
from cleaners.normalize import normalize_text
from cleaners.rule_tables import Rule, generic_rules
from tests.conftest import CORPUS, SEEDS

PARAGRAPH = (
    "Russia is a key ally of the Syrian government and has been fighting to bolster the "
    "Damascus regime since last year, officials in Moscow said on Thursday."
)
PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
RULES = generic_rules()


@cache
def rule_lines() -> list[str]:
    return sorted({line for rule in RULES for line in rule.examples + rule.counterexamples})


@cache
def real_texts() -> list[str]:
    """The seeds, and a few corpus pages turned into text by a whole-page converter."""
    texts = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]
    pages = sorted((CORPUS / "eval").glob("*.html"))[:12] if CORPUS.is_dir() else []
    if pages:
        import trafilatura

        for page in pages:
            text = trafilatura.html2txt(page.read_text(encoding="utf-8", errors="replace"))
            if text:
                texts.append(text)
    return texts


@cache
def real_lines() -> list[str]:
    return sorted({line for text in real_texts() for line in text.split("\n")})


# Characters that exercise normalization: controls, NUL, CR, BOM, zero-width and exotic
# spaces, decomposed accents, and the punctuation rules look for.
TRICKY = "\x00\x01\x0b\x0c\r\t \u00a0\u2009\u200b\ufeff\u3000e\u0301|»›·•—–…“”‘’:©®{}[]()"
noise = st.text(alphabet=st.sampled_from(TRICKY) | st.characters(codec="utf-8"), max_size=60)
lines = st.one_of(
    st.sampled_from(rule_lines()),
    st.sampled_from(real_lines()),
    st.just(""),
    noise,
)
documents = st.builds(
    lambda parts, crlf: ("\r\n" if crlf else "\n").join(parts), st.lists(lines, max_size=40), st.booleans()
)


@st.composite
def real_excerpts(draw: st.DrawFn) -> str:
    """A run of consecutive lines of one real text."""
    text = draw(st.sampled_from(real_texts())).split("\n")
    start = draw(st.integers(0, max(0, len(text) - 1)))
    end = draw(st.integers(start, min(len(text), start + 80)))
    return "\n".join(text[start:end])


texts = st.one_of(documents, real_excerpts(), st.text(max_size=300))


def non_space(text: str) -> str:
    return "".join(text.split())


def is_subsequence(needle: str, haystack: str) -> bool:
    it = iter(haystack)
    return all(ch in it for ch in needle)


def check_accounts_for_input(result: CleanResult) -> None:
    """Removals lie in the source where they say, apart; kept + removed = the source."""
    source = result.source
    kept: list[str] = []
    removed: list[str] = []
    pos = 0
    for removal in sorted(result.removals, key=lambda r: r.start):
        assert removal.start >= pos, f"overlapping removals at {removal.start}"
        assert source[removal.start : removal.start + len(removal.text)] == removal.text
        kept.append(source[pos : removal.start])
        removed.append(removal.text)
        pos = removal.start + len(removal.text)
    kept.append(source[pos:])
    assert non_space("".join(kept)) == non_space(result.text)
    assert len(non_space(result.text)) + len(non_space("".join(removed))) == len(non_space(source))


def check_nothing_invented(original: str, cleaned: str) -> None:
    """Each cleaned line comes from one line of the normalized input, in order."""
    source = normalize_text(original)
    assert is_subsequence(non_space(cleaned), non_space(source))
    source_lines = [non_space(line) for line in source.split("\n")]
    for line in cleaned.split("\n"):
        assert any(is_subsequence(non_space(line), candidate) for candidate in source_lines), line


@PROPERTY
@given(text=texts, lift_title=st.booleans(), trim=st.booleans())
def test_cleaning_never_raises_and_invents_nothing(text: str, lift_title: bool, trim: bool) -> None:
    result = clean_text(text, RULES, lift_title=lift_title, trim_to_main_block=trim)
    assert result.source == normalize_text(text)
    check_nothing_invented(text, result.text)
    if result.title is not None:
        assert result.title in result.source.split("\n") or result.title in result.source


@PROPERTY
@given(text=texts, lift_title=st.booleans(), trim=st.booleans())
def test_kept_text_and_removals_account_for_the_whole_input(text: str, lift_title: bool, trim: bool) -> None:
    check_accounts_for_input(clean_text(text, RULES, lift_title=lift_title, trim_to_main_block=trim))


HEADER_KEYS = ["title", "url", "hostname", "sitename", "author", "authors", "date", "tags", "layout", "URL Source"]
# Values a header's YAML turns into dates, lists, mappings, aliases, or refuses to build.
YAML_VALUES = ["2022-05-06", "0000-00-00", "9999-12-31T23:59:59+14:00", "https://example.com/a", "[a, b]", "{name: x}"]
header_values = st.one_of(st.sampled_from(real_lines()), noise, st.sampled_from(YAML_VALUES), st.just("&a [*a, x]"))
HEADER_SHAPES = {
    "reader": lambda fields: "".join(f"{k}: {v}\n\n" for k, v in fields) + "Markdown Content:\n",
    "yaml": lambda fields: "---\n" + "".join(f"{k}: {v}\n" for k, v in fields) + "---\n",
    "labelled": lambda fields: "".join(f"{k}: {v}\n" for k, v in fields) + "\n",
}
headers = st.builds(
    lambda fields, shape: HEADER_SHAPES[shape](fields),
    st.lists(st.tuples(st.sampled_from(HEADER_KEYS), header_values), max_size=8),
    st.sampled_from(sorted(HEADER_SHAPES)),
)


@PROPERTY
@given(header=headers, text=texts, lift_title=st.booleans())
def test_a_metadata_header_is_accounted_for_and_never_raises(header: str, text: str, lift_title: bool) -> None:
    result = clean_text(header + text, RULES, lift_title=lift_title, trim_to_main_block=True, front_matter=True)
    check_accounts_for_input(result)
    check_nothing_invented(header + text, result.text)
    found = result.facts.header
    if found is not None:
        assert [r.start for r in result.removals if r.kind == "front_matter"] == [found.start]


def test_what_span_rules_leave_of_a_line_meets_the_whole_line_rules() -> None:
    # Found by the idempotence property: the link stub went, and "See the video" was left
    # for a second cleaning to remove as a media label.
    text = f"{PARAGRAPH}\nSee the video [video]"
    once = clean_text(text, RULES)
    assert once.text == PARAGRAPH
    assert {(r.rule, r.text) for r in once.removals} == {
        ("attribution.link_stub", "[video]"),
        ("navigation.media_label", "See the video"),
    }


def test_what_span_rules_leave_of_a_line_can_end_the_article() -> None:
    # A whole-line tail rule that the line matches only once an inline stub is gone.
    stub = Rule("test.stub", "link_stub", "inline", re.compile(r"\[video\]"), "test")
    banner = Rule("test.banner", "paywall", "tail", re.compile(r"members only"), "test")
    text = f"{PARAGRAPH}\n{PARAGRAPH}\nmembers [video] only\nPlans from $9"
    once = clean_text(text, (stub, banner))
    assert once.text == f"{PARAGRAPH}\n{PARAGRAPH}"
    assert [r.rule for r in once.removals] == ["test.banner"]


@PROPERTY
@given(text=texts, lift_title=st.booleans())
def test_cleaning_the_cleaned_text_removes_nothing_more(text: str, lift_title: bool) -> None:
    once = clean_text(text, RULES, lift_title=lift_title)
    twice = clean_text(once.text, RULES)
    assert [(r.rule, r.text) for r in twice.removals] == []
    assert twice.text == once.text


@PROPERTY
@given(text=texts)
def test_normalization_is_idempotent_and_leaves_no_control_characters(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once
    assert not any(ord(ch) < 32 and ch not in "\t\n" for ch in once)
    assert "\r" not in once


NAMES = st.sampled_from(["a.txt", "a.html", "a.txt.gz", "a", "a.htm", "page.xhtml", "a.json", "a.jsonl"])


@PROPERTY
@given(raw=st.binary(max_size=4000), name=NAMES)
def test_process_document_never_raises_on_any_bytes(raw: bytes, name: str) -> None:
    record = process_document(raw, name)
    assert isinstance(record, ArticleRecord | RejectRecord)
    if isinstance(record, RejectRecord):
        assert record.reason and record.detail


html_pages = st.builds(
    lambda title, paragraphs, junk: (
        f"<html><head><title>{title}</title></head><body>{junk}<article>"
        + "".join(f"<p>{p}</p>" for p in paragraphs)
        + f"</article>{junk}</body></html>"
    ),
    st.sampled_from(real_lines()),
    st.lists(lines, max_size=15),
    st.sampled_from(["", "<div><script>x()</script>", "<nav><a href='/'>Home</a></nav>", "<div>" * 50, "<!--", "<p"]),
)
encodings = st.sampled_from(["utf-8", "utf-16", "utf-16-le", "cp1252", "latin-1", "shift_jis", "gzip"])


def encode(text: str, encoding: str) -> bytes:
    if encoding == "gzip":
        return gzip.compress(text.encode("utf-8"))
    return text.encode(encoding, errors="replace")


@PROPERTY
@given(text=st.one_of(texts, html_pages), encoding=encodings, name=NAMES)
def test_process_document_never_raises_on_text_and_pages_in_any_encoding(text: str, encoding: str, name: str) -> None:
    if encoding == "gzip":
        name = name.removesuffix(".gz") + ".gz"
    record = process_document(encode(text, encoding), name)
    assert isinstance(record, ArticleRecord | RejectRecord)


JSON_KEYS = ["title", "headline", "text", "maintext", "content", "articleBody", "html", "url", "link", "source",
             "hostname", "sitename", "author", "authors", "date", "date_gmt", "datePublished", "x"]  # fmt: skip
JSON_TEXTS = [
    "Prime Minister Benjamin Netanyahu on Thursday met President Vladimir Putin in Sochi. Both spoke of Syria.",
    "<p>The council voted on Tuesday to close the bridge.</p><p>Share this:</p>",
    "<html><body><article><h1>Budget</h1><p>The council voted on Tuesday.</p></article></body></html>",
]
json_leaves = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=200),
    st.sampled_from(YAML_VALUES + JSON_TEXTS),
)  # fmt: skip
json_values = st.recursive(
    json_leaves,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["rendered", "name", "x"]), inner),
    max_leaves=6,
)
json_records = st.dictionaries(st.sampled_from(JSON_KEYS), json_values, max_size=6)


@PROPERTY
@given(record=st.one_of(json_records, st.lists(json_records, max_size=3)), name=NAMES)
def test_process_document_never_raises_on_a_json_record(record: object, name: str) -> None:
    result = process_document(json.dumps(record).encode("utf-8"), name)
    assert isinstance(result, ArticleRecord | RejectRecord)
    if isinstance(result, RejectRecord):
        assert result.reason in {"many_documents", "no_text_field", "bad_json", "empty", "only_boilerplate",
                                 "no_main_text", "binary", "too_large", "bad_gzip"}  # fmt: skip


@PROPERTY
@given(text=st.one_of(documents, real_excerpts()))
def test_process_document_keeps_only_text_of_the_input(text: str) -> None:
    record = process_document(text.encode("utf-8"), "article.txt")
    if isinstance(record, RejectRecord):
        assert record.reason in {"empty", "only_boilerplate", "binary"}
        return
    check_nothing_invented(text, record.text)
    assert record.char_count == len(record.text)
    if record.title:
        assert record.title in normalize_text(text)


@pytest.mark.parametrize("index", range(5))
def test_seeds_clean_idempotently_and_account_for_every_character(index: int) -> None:
    text = real_texts()[index]
    for lift_title in (False, True):
        once = clean_text(text, RULES, lift_title=lift_title)
        check_accounts_for_input(once)
        check_nothing_invented(text, once.text)
        assert not clean_text(once.text, RULES).removals


stamps = st.builds(
    lambda day, month, year, sep, words: f"{words[0]} {day}{sep}{month}{sep}{year} {words[1]}",
    st.integers(0, 99),
    st.integers(0, 99),
    st.integers(0, 9999),
    st.sampled_from([".", "/", "-"]),
    st.lists(
        st.sampled_from(["Published", "am", "Uhr", "von", "Jane Doe", "|", "", "12:30", "März", "May 5,"]),
        min_size=2,
        max_size=2,
    ),
)


@PROPERTY
@given(text=st.one_of(texts, stamps))
def test_a_date_stamp_gives_a_plausible_utc_day_or_nothing_and_never_raises(text: str) -> None:
    for line in text.split("\n"):
        day = stamped_day(line)
        assert day is None or (day.utcoffset() == timedelta(0) and 1900 <= day.year < 2100)
    stamp = date_stamp(text)
    assert stamp.author is None or 2 <= len(stamp.author.split()) <= 4


# Author fields as sites fill them: names, labels, placeholders, addresses, credits, dates.
author_fields = st.one_of(
    st.text(max_size=60),
    st.lists(
        st.sampled_from(
            [
                "Jane",
                "DOE",
                "von",
                "der",
                "By",
                "Admin",
                "com",
                "de",
                "Foto:",
                "said",
                "2022-01-01T10",
                "J.O.",
                "O'NEIL",
                "www",
                "info-x",
                "Redaktion",
                "AG",
                "/",
                "责任编辑：",
                "Author:",
                "|",
                "View",
            ]
        ),
        min_size=1,
        max_size=7,
    ).map(" ".join),
)


@PROPERTY
@given(raw=author_fields)
def test_an_author_name_is_cleaned_once_for_all(raw: str) -> None:
    name = author_name(raw)
    if name is not None:
        assert name and name == name.strip() and not any(ch.isdigit() for ch in name)
        assert author_name(name) == name


@PROPERTY
@given(names=st.lists(author_fields, max_size=6), site=st.one_of(st.none(), author_fields))
def test_the_authors_column_holds_each_cleaned_name_once(names: list[str], site: str | None) -> None:
    found = author_names(names, site_names=(site,))
    assert len({n.casefold() for n in found}) == len(found)
    assert all((author_name(n) or "").casefold() == n.casefold() for n in found)  # the site's own capitals aside


@PROPERTY
@given(
    parts=st.lists(
        st.sampled_from(["Fisch", "Fang Seminare", "Jane Doe", "Kirche", "Leben", "Max", "A.B", "(x)"]), max_size=5
    ),
    joiner=st.sampled_from([" & ", " &amp; ", " und ", " and ", ", ", " / "]),
)
def test_rejoined_names_keep_every_part_in_order_and_never_add_one(parts: list[str], joiner: str) -> None:
    page = "<p>" + joiner.join(parts) + "</p>"
    names = rejoin_split_names(parts, page)
    flat, pos = " ".join(names), 0
    for part in parts:  # every part is still there, in order
        found = flat.find(part, pos)
        assert found >= 0
        pos = found + len(part)
    if joiner.strip() in {",", "/"}:
        assert names == tuple(parts)  # a comma or a slash lists names
    elif any(len(a.split()) == 1 or len(b.split()) == 1 for a, b in pairwise(parts)):
        assert len(names) < len(parts)  # the page joins them by a conjunction: one name
    else:
        assert names == tuple(parts)  # two full names either side: two people
