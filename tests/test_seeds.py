"""The five seed articles: what must go, what must stay, and the metadata each yields."""

from __future__ import annotations

import pytest

from cleaners.document import ArticleRecord, process_document
from tests.conftest import seed_path


def clean_seed(prefix: str) -> ArticleRecord:
    path = seed_path(prefix)
    record = process_document(path.read_bytes(), str(path))
    assert isinstance(record, ArticleRecord), record
    return record


def removed_kinds(record: ArticleRecord) -> dict[str, str]:
    return {str(r["rule"]): str(r["kind"]) for r in record.removed}


# --- 000: Times of Israel copy with a trailing "Source:" line -------------------------


def test_seed_000_drops_trailing_source_line_and_names_publisher() -> None:
    rec = clean_seed("000")
    assert "Source: Times of Israel" not in rec.text
    assert removed_kinds(rec) == {"attribution.source_line": "attribution"}
    assert rec.publisher == "The Times of Israel"
    assert rec.publisher_domain == "timesofisrael.com"


def test_seed_000_keeps_first_middle_and_last_paragraph() -> None:
    text = clean_seed("000").text
    assert text.startswith("Prime Minister Benjamin Netanyahu on Thursday labelled his meeting")
    assert "“I set the goal of the meeting as strengthening coordination between Russia and Israel" in text
    assert text.endswith("to set up a base near the border for attacks against Israel.")


def test_seed_000_has_no_headline_because_it_starts_with_a_paragraph() -> None:
    assert clean_seed("000").title is None


# --- 001: Worthy News with a dateline and "[ Source ]" link stubs ----------------------


def test_seed_001_lifts_headline_as_title() -> None:
    rec = clean_seed("001")
    assert rec.title == "Putin seeks to ease Israeli fears in rare Netanyahu meeting"
    assert not rec.text.startswith("Putin seeks to ease")


def test_seed_001_drops_outlet_dateline_and_link_stubs() -> None:
    rec = clean_seed("001")
    assert "(Worthy News)" not in rec.text
    assert "[ Source ]" not in rec.text
    assert rec.text.startswith("Russian President Vladimir Putin told Israeli Prime Minister")
    stubs = [r for r in rec.removed if r["rule"] == "attribution.link_stub"]
    assert len(stubs) == 2
    assert rec.publisher == "Worthy News"


def test_seed_001_keeps_sentence_before_each_link_stub_and_subheading() -> None:
    text = clean_seed("001").text
    assert "which Israel captured from Syria and effectively annexed in 1981.\n" in text
    assert "Israel, Russia to coordinate in air, sea, and electromagnetic arena" in text
    assert text.endswith("the location will be decided in the coming days.")


# --- 002: Arutz Sheva with a photo caption, glued credit and desk note -----------------


def test_seed_002_drops_caption_and_glued_reuters_credit() -> None:
    rec = clean_seed("002")
    kinds = removed_kinds(rec)
    assert kinds["caption.echo"] == "caption"
    assert kinds["caption.glued_agency_credit"] == "credit"
    assert "PutinReuters" not in rec.text
    assert rec.text.startswith("Prime Minister Binyamin Netanyahu on Friday held talks")
    assert rec.title is None  # the caption is no headline


def test_seed_002_drops_desk_note_and_names_arutz_sheva() -> None:
    rec = clean_seed("002")
    assert "desk is keeping you updated" not in rec.text
    assert "time posted automatically" not in rec.text
    assert rec.text.endswith("has supported President Bashar Al-Assad’s regime in that country’s civil war.")
    assert rec.publisher == "Arutz Sheva"
    assert rec.publisher_domain == "israelnationalnews.com"


def test_seed_002_keeps_quoted_statement_in_the_middle() -> None:
    assert "“Prime Minister Netanyahu said that Israel is determined to continue" in clean_seed("002").text


# --- 003: Times of Israel with headline, standfirst and contributor line ---------------


def test_seed_003_title_and_standfirst() -> None:
    rec = clean_seed("003")
    assert rec.title == "Netanyahu discusses Syria conflict with Putin"
    assert rec.text.startswith("The two leaders speak on the phone, agree on ‘continued security cooperation’")


def test_seed_003_contributor_line_becomes_metadata() -> None:
    rec = clean_seed("003")
    assert "contributed to this report" not in rec.text
    assert rec.authors == ["Times of Israel staff"]
    assert rec.publisher == "The Times of Israel"
    assert rec.text.endswith("in particular advanced anti-aircraft systems and chemical weapons.")


# --- 004: Business Standard with a syndication disclaimer and a paywall block ----------


def test_seed_004_cuts_whole_paywall_block() -> None:
    rec = clean_seed("004")
    for noise in (
        "free articles",
        "{{free_limit}}",
        "Subscribe now",
        "Already subscribed",
        "₹900",
        "Smart Quarterly",
        "Renews automatically",
        "Complimentary Access",
        "Ad-free Reading",
        "Seamless Access Across All Devices",
    ):
        assert noise not in rec.text, noise
    paywall = [r for r in rec.removed if r["kind"] == "paywall"]
    assert len(paywall) == 1
    assert str(paywall[0]["text"]).startswith("You’ve reached your limit of {{free_limit}} free articles")
    assert str(paywall[0]["text"]).endswith("via web or app")


def test_seed_004_drops_disclaimer_and_names_business_standard() -> None:
    rec = clean_seed("004")
    assert "Disclaimer" not in rec.text
    assert rec.publisher == "Business Standard"
    assert rec.publisher_domain == "business-standard.com"


def test_seed_004_keeps_article_to_its_last_sentence() -> None:
    text = clean_seed("004").text
    assert text.startswith("Israeli Prime Minister Benjamin Netanyahu visited Russia on Thursday")
    assert '"This is a very important trip," he told journalists before his departure.' in text
    assert text.endswith("He met Putin prior to that election as well.")


# --- all seeds ----------------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seed_metadata_is_complete(prefix: str) -> None:
    rec = clean_seed(prefix)
    assert rec.format == "text"
    assert rec.language == "en"
    assert rec.language_score is not None and rec.language_score > 0.9
    assert rec.word_count == len(rec.text.split())
    assert rec.char_count == len(rec.text)
    assert rec.removed_chars == sum(len(str(r["text"])) for r in rec.removed if r["kind"] != "title")
    assert rec.doc_id == rec.raw_sha256 and len(rec.doc_id) == 64
    assert rec.published_at is None  # no seed carries a date stamp over its article


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seed_paragraphs_that_no_rule_touched_survive_verbatim(prefix: str) -> None:
    path = seed_path(prefix)
    rec = clean_seed(prefix)
    touched = {str(r["text"]) for r in rec.removed}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if len(line) > 150 and not any(t in line or line in t for t in touched):
            assert line in rec.text
