"""A scraper's JSON record (cleaners/json_document.py): its text field is the document's
text, cleaned like any other, and its other fields are the document's metadata."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
import trafilatura

from cleaners.document import ArticleRecord, RejectRecord, process_document
from tests.conftest import seed_path
from tests.test_front_matter import ARTICLE, PAGE_WITH_METADATA

PAYWALLED = seed_path("004").read_text(encoding="utf-8")


def _record(value: object, name: str = "article.json") -> ArticleRecord | RejectRecord:
    raw = value if isinstance(value, str) else json.dumps(value)
    return process_document(raw.encode("utf-8"), name)


def _article(value: object, name: str = "article.json") -> ArticleRecord:
    record = _record(value, name)
    assert isinstance(record, ArticleRecord), record
    assert record.format == "json"
    return record


def _reject(value: object, name: str = "article.json") -> RejectRecord:
    record = _record(value, name)
    assert isinstance(record, RejectRecord), record
    return record


def test_a_news_please_record_gives_text_title_url_authors_and_time() -> None:
    record = _article(
        {
            "authors": ["Jane Doe", "John Roe"],
            "date_publish": "2019-09-12 20:15:00",
            "description": "A summary that is not the text.",
            "maintext": ARTICLE,
            "source_domain": "www.timesofisrael.com",
            "title": "Putin meets Netanyahu in Sochi",
            "url": "https://www.timesofisrael.com/putin-meets-netanyahu/",
        }
    )
    assert record.text == ARTICLE
    assert record.title == "Putin meets Netanyahu in Sochi"
    assert record.url == "https://www.timesofisrael.com/putin-meets-netanyahu/"
    assert (record.publisher, record.publisher_domain) == ("The Times of Israel", "timesofisrael.com")
    assert record.authors == ["Jane Doe", "John Roe"]
    assert record.published_at == datetime(2019, 9, 12, 20, 15, tzinfo=UTC)
    assert "summary" not in record.text


def test_the_text_field_is_cleaned_like_any_text() -> None:
    record = _article({"title": "Sugar exports", "maintext": PAYWALLED})
    assert "free articles" not in record.text
    assert "paywall" in {r["kind"] for r in record.removed}


def test_trafilatura_json_output_gives_what_the_page_gives() -> None:
    dump = trafilatura.extract(PAGE_WITH_METADATA, output_format="json", with_metadata=True)
    assert dump is not None
    record = _article(dump, "hunter.json")
    page = process_document(PAGE_WITH_METADATA.encode(), "hunter.html")
    assert isinstance(page, ArticleRecord)
    for field in ("title", "url", "publisher", "publisher_domain", "authors"):
        assert getattr(record, field) == getattr(page, field), field
    assert record.published_at is not None and record.published_at.date().isoformat() == "2022-05-06"
    assert "Netanyahu on Thursday" in record.text


def test_a_wordpress_api_record_has_its_html_content_extracted() -> None:
    paragraphs = "".join(f"<p>{p}</p>" for p in ARTICLE.split("\n\n"))
    record = _article(
        {
            "id": 5,
            "date": "2022-05-06T12:00:00",
            "date_gmt": "2022-05-06T10:00:00",
            "link": "https://blog.example.org/2022/05/council-budget/",
            "title": {"rendered": "Council&#8217;s budget passes"},
            "content": {"rendered": paragraphs + "<p>Share this:</p>", "protected": False},
        }
    )
    assert record.title == "Council’s budget passes"
    assert record.url == "https://blog.example.org/2022/05/council-budget/"
    assert record.published_at == datetime(2022, 5, 6, 10, 0, tzinfo=UTC)  # date_gmt, not the local date
    assert "<p>" not in record.text and "Netanyahu on Thursday" in record.text
    assert "Share this" not in record.text


def test_a_crawlers_record_of_the_whole_page_has_its_main_text_extracted() -> None:
    record = _article({"url": "https://www.kaieteurnewsonline.com/2022/05/06/hunter/", "html": PAGE_WITH_METADATA})
    page = process_document(PAGE_WITH_METADATA.encode(), "hunter.html")
    assert isinstance(page, ArticleRecord)
    assert (record.text, record.title, record.url) == (page.text, page.title, page.url)


def test_a_schema_org_article_gives_its_author_objects_names() -> None:
    record = _article(
        {
            "@type": "NewsArticle",
            "headline": "Putin meets Netanyahu",
            "articleBody": ARTICLE,
            "author": [{"@type": "Person", "name": "Jane Doe"}],
            "datePublished": "2019-09-12T20:15:00+03:00",
        }
    )
    assert (record.title, record.authors) == ("Putin meets Netanyahu", ["Jane Doe"])
    assert record.published_at == datetime(2019, 9, 12, 17, 15, tzinfo=UTC)


def test_a_file_of_several_records_is_refused_with_how_to_split_it() -> None:
    lines = "\n".join(json.dumps({"text": f"{ARTICLE} {i}"}) for i in range(3))
    for value, name in ([{"text": ARTICLE}, {"text": ARTICLE}], "dump.json"), (lines, "dump.jsonl"):
        reject = _reject(value, name)
        assert reject.reason == "many_documents"
        assert reject.detail.startswith(("2 records", "3 records")) and "presswash split-records" in reject.detail


def test_a_one_record_array_is_that_record() -> None:
    assert _article([{"title": "Putin meets Netanyahu", "text": ARTICLE}]).title == "Putin meets Netanyahu"


@pytest.mark.parametrize(
    ("value", "reason", "detail"),
    [
        ({"title": "No text here", "url": "https://example.com/a"}, "no_text_field", "among: title, url"),
        ({"text": "   "}, "no_text_field", "among: text"),
        ("42", "no_text_field", "a int"),
        ('{"text": "cut short', "bad_json", "not valid JSON"),
        ("[" * 100_000 + "]" * 100_000, "bad_json", "nested deeper"),
    ],
)
def test_json_without_a_document_is_a_reject_with_its_reason(value: object, reason: str, detail: str) -> None:
    reject = _reject(value)
    assert reject.reason == reason and detail in reject.detail


def test_json_in_a_file_named_as_text_is_read_as_json() -> None:
    assert _article({"title": "Putin meets Netanyahu", "text": ARTICLE}, "dump.txt").text == ARTICLE


def test_text_in_braces_that_is_not_json_stays_text() -> None:
    record = process_document(f"{{ {ARTICLE} }}".encode(), "note.txt")
    assert isinstance(record, ArticleRecord) and record.format == "text"


def test_the_most_specific_date_field_wins_whatever_the_order() -> None:
    fields = {"date": "2022-05-06T12:00:00", "date_gmt": "2022-05-06T10:00:00"}  # WordPress: local, UTC
    for ordered in (fields, dict(reversed(fields.items()))):
        record = _article({**ordered, "text": ARTICLE})
        assert record.published_at == datetime(2022, 5, 6, 10, 0, tzinfo=UTC)


def test_a_run_writes_a_json_article_and_rejects_a_json_lines_file(tmp_path: Path) -> None:
    from flows.ingest import ingest

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.json").write_text(json.dumps({"title": "Putin meets Netanyahu", "maintext": ARTICLE}))
    (folder / "b.jsonl").write_text("\n".join(json.dumps({"text": ARTICLE + str(i)}) for i in range(2)))
    report = ingest(input=str(folder), output=str(tmp_path / "out"), workers=1)
    assert (report.articles_written, report.rejects_written) == (1, 1)
