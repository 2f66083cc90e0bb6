"""``html_mode``: ``fast`` extracts a page in one trafilatura pass (two when the first
finds little), ``precise`` in three.

Both give the page's title, date and publisher; only ``precise`` runs the
``favor_precision`` confirmation pass (and the ``favor_recall`` merge pass)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
import trafilatura

from cleaners import html
from cleaners.document import ArticleRecord, process_document
from cleaners.html import DEFAULT_HTML_MODE, HtmlMode, check_html_mode
from tests.conftest import CORPUS

PAGE = CORPUS / "eval" / "bbc.com.52241221.html"
needs_corpus = pytest.mark.skipif(not PAGE.exists(), reason="../shared/corpus is not present")

ARTICLE = " ".join(
    f"Sentence {i} of a long enough article about the council's budget vote and the reactions to it." for i in range(30)
)
PAGE_HTML = (
    "<html><head><title>Council passes the budget - Example News</title>"
    '<meta name="author" content="Jane Doe">'
    '<meta property="article:published_time" content="2021-05-04T10:00:00+00:00">'
    '<link rel="canonical" href="https://news.example.com/budget"></head>'
    f"<body><nav><a href='/'>Home</a></nav><article><h1>Council passes the budget</h1><p>{ARTICLE}</p>"
    f"<p>{ARTICLE}</p></article><footer>Contact</footer></body></html>"
)


@pytest.fixture
def passes(monkeypatch: pytest.MonkeyPatch) -> Iterator[Counter[str]]:
    """Counts trafilatura's extraction passes by kind (main, precision, recall)."""
    seen: Counter[str] = Counter()
    real_bare, real_extract = trafilatura.bare_extraction, trafilatura.extract

    def kind(kwargs: dict[str, Any]) -> str:
        return "precision" if kwargs.get("favor_precision") else "recall" if kwargs.get("favor_recall") else "main"

    def bare(*args: Any, **kwargs: Any) -> Any:
        seen[kind(kwargs)] += 1
        return real_bare(*args, **kwargs)

    def extract(*args: Any, **kwargs: Any) -> Any:
        seen[kind(kwargs)] += 1
        return real_extract(*args, **kwargs)

    monkeypatch.setattr(trafilatura, "bare_extraction", bare)
    monkeypatch.setattr(trafilatura, "extract", extract)
    yield seen


def test_fast_mode_runs_one_extraction_pass(passes: Counter[str]) -> None:
    record = process_document(PAGE_HTML.encode(), "page.html", html_mode="fast")
    assert isinstance(record, ArticleRecord)
    assert passes == Counter(main=1)


def test_fast_mode_merges_a_recall_pass_into_a_short_main_text(passes: Counter[str]) -> None:
    short = PAGE_HTML.replace(f"<p>{ARTICLE}</p><p>{ARTICLE}</p>", f"<p>{ARTICLE[:600]}</p>")
    assert process_document(short.encode(), "page.html", html_mode="fast") is not None
    assert passes == Counter(main=1, recall=1)


def test_the_recall_lines_of_a_short_page_are_merged_in_place(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = {
        False: "Headline\nFirst paragraph.\nThird paragraph.",
        True: "First paragraph.\nSecond one.\nThird paragraph.",
    }
    monkeypatch.setattr(html, "_bare_text", lambda tree, url, *, favor_recall=False: texts[favor_recall])
    page = html.extract_html_fast(PAGE_HTML)
    assert page is not None and page.text == "Headline\nFirst paragraph.\nSecond one.\nThird paragraph."
    texts[False] = "Long enough. " * (html.SHORT_TEXT_CHARS // 10)
    page = html.extract_html_fast(PAGE_HTML)
    assert page is not None and page.text == texts[False]


def test_precise_mode_keeps_the_confirmation_and_recall_passes(passes: Counter[str]) -> None:
    record = process_document(PAGE_HTML.encode(), "page.html", html_mode="precise")
    assert isinstance(record, ArticleRecord)
    assert passes == Counter(main=1, precision=1, recall=1)


def test_fast_is_the_default_mode(passes: Counter[str]) -> None:
    assert DEFAULT_HTML_MODE == "fast"
    process_document(PAGE_HTML.encode(), "page.html")
    assert passes == Counter(main=1)


@pytest.mark.parametrize("mode", ["fast", "precise"])
def test_both_modes_read_title_author_date_and_url_from_the_page(mode: HtmlMode) -> None:
    record = process_document(PAGE_HTML.encode(), "page.html", html_mode=mode)
    assert isinstance(record, ArticleRecord)
    assert record.title == "Council passes the budget"
    assert record.authors == ["Jane Doe"]
    assert record.published_at is not None and record.published_at.isoformat() == "2021-05-04T10:00:00+00:00"
    assert record.publisher_domain == "example.com"


@needs_corpus
@pytest.mark.corpus
@pytest.mark.parametrize("mode", ["fast", "precise"])
def test_both_modes_yield_title_date_and_publisher_on_a_corpus_page(mode: HtmlMode) -> None:
    record = process_document(PAGE.read_bytes(), str(PAGE), html_mode=mode)
    assert isinstance(record, ArticleRecord), record
    assert record.title
    assert record.published_at is not None and record.published_at.year == 2020
    assert record.publisher_domain == "bbc.com"


@needs_corpus
@pytest.mark.corpus
def test_both_modes_agree_on_title_authors_and_publisher_of_a_corpus_page() -> None:
    """The fast mode reads the metadata with trafilatura's own extractors, as the precise
    mode's main pass does (only the date search is the quick one)."""
    fast = process_document(PAGE.read_bytes(), str(PAGE), html_mode="fast")
    precise = process_document(PAGE.read_bytes(), str(PAGE), html_mode="precise")
    assert isinstance(fast, ArticleRecord) and isinstance(precise, ArticleRecord)
    assert (fast.title, fast.authors, fast.publisher) == (precise.title, precise.authors, precise.publisher)


def test_an_unknown_mode_is_refused_naming_the_choices() -> None:
    assert check_html_mode("precise") == "precise"
    with pytest.raises(ValueError, match="fast, precise"):
        check_html_mode("thorough")


def test_precise_mode_parses_the_page_once_for_its_three_passes(
    monkeypatch: pytest.MonkeyPatch, passes: Counter[str]
) -> None:
    parsed: list[str] = []
    real_parse = html.parse_page

    def parse_page(page: str) -> Any:
        parsed.append(page)
        return real_parse(page)

    monkeypatch.setattr(html, "parse_page", parse_page)
    page = html.extract_page(PAGE_HTML, "precise")
    assert page is not None and page.precision_text
    assert passes == Counter(main=1, precision=1, recall=1)
    assert len(parsed) == 1
