"""Real saved pages from the development corpus through the HTML path."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import pytest

from cleaners.document import ArticleRecord, process_document
from tests.conftest import CORPUS

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not (CORPUS / "evaldata.json").exists(), reason="../shared/corpus is not present"),
]


@cache
def annotations() -> dict[str, dict[str, Any]]:
    data = json.loads((CORPUS / "evaldata.json").read_text(encoding="utf-8"))
    return {entry["file"]: {"url": url, **entry} for url, entry in data.items()}


def ingest_page(name: str) -> tuple[ArticleRecord, dict[str, Any]]:
    path = CORPUS / "eval" / name
    if not path.exists():
        path = CORPUS / "cache" / name
    record = process_document(path.read_bytes(), str(path))
    assert isinstance(record, ArticleRecord), record
    return record, annotations()[name]


# (file, language, publisher domain, year of publication): news pages from several
# outlets and languages, all in the tuning part of eval/split.json.
PAGES = [
    ("bbc.com.52241221.html", "en", "bbc.com", 2020),
    ("theguardian.com.academics.html", "en", "theguardian.com", 2020),
    ("independent.co.uk.penalty.html", "en", "independent.co.uk", 2020),
    ("zeit.de.zugverkehr.html", "de", "zeit.de", 2020),
    ("madame.lefigaro.fr.dintestin.html", "fr", "lefigaro.fr", 2017),
]


@pytest.mark.parametrize(("name", "language", "domain", "year"), PAGES)
def test_html_page_keeps_annotated_main_text_and_drops_annotated_boilerplate(
    name: str, language: str, domain: str, year: int
) -> None:
    record, truth = ingest_page(name)
    kept = [s for s in truth["with"] if s in record.text]
    leaked = [s for s in truth["without"] if s in record.text]
    assert kept == truth["with"]
    assert leaked == []


@pytest.mark.parametrize(("name", "language", "domain", "year"), PAGES)
def test_html_page_metadata_comes_from_the_page(name: str, language: str, domain: str, year: int) -> None:
    record, _ = ingest_page(name)
    assert record.format == "html"
    assert record.title
    assert record.language == language
    assert record.publisher_domain == domain
    assert record.publisher
    assert record.published_at is not None and record.published_at.year == year
    assert record.published_at.tzinfo is not None


def test_html_title_is_not_repeated_in_the_body() -> None:
    record, _ = ingest_page("theguardian.com.academics.html")
    assert record.title and not record.text.startswith(record.title)
