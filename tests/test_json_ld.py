"""A page's JSON-LD ``articleBody`` stands in for a short or missing extraction: the page
showed a teaser (rendered by a script, or behind a paywall) and gave search engines the
article."""

from __future__ import annotations

import json

import lxml.html
import pytest

from cleaners.document import ArticleRecord, process_document
from cleaners.html import DECLARED_BODY_FACTOR, SHORT_TEXT_CHARS, HtmlMode, extract_page
from cleaners.json_ld import article_body

PARAGRAPHS = [
    f"Paragraph {i}: the harbour authority approved the new ferry timetable after a year of complaints."
    for i in range(12)
]
BODY = "\n".join(PARAGRAPHS)
# Longer than trafilatura's own rescue threshold (it reads the JSON-LD body itself when
# its text is under 250 characters), shorter than SHORT_TEXT_CHARS.
TEASER = " ".join(
    f"Teaser sentence {i}: the harbour authority approved a new ferry timetable this week." for i in range(4)
)


def _ld(value: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(value)}</script>'


def _page(body_html: str, *ld: object) -> str:
    scripts = "".join(_ld(value) for value in ld)
    return f"<html><head><title>Ferries</title>{scripts}</head><body>{body_html}</body></html>"


def _tree(html: str) -> object:
    return lxml.html.fromstring(html)


def test_the_article_body_is_read_from_a_news_article() -> None:
    page = _page("", {"@type": "NewsArticle", "headline": "Ferries", "articleBody": BODY})
    assert article_body(_tree(page)) == BODY


def test_the_article_body_is_found_in_a_graph_and_the_longest_wins() -> None:
    graph = {"@graph": [{"@type": "WebPage"}, {"@type": "NewsArticle", "articleBody": BODY}]}
    page = _page("", {"@type": "NewsArticle", "articleBody": TEASER}, graph)
    assert article_body(_tree(page)) == BODY


def test_an_html_body_is_read_one_line_per_block_with_entities_decoded() -> None:
    body = "<p>First &amp; foremost, the timetable.</p><p>Second<br>line</p><ul><li>Item</li></ul>"
    assert (
        article_body(_tree(_page("", {"articleBody": body}))) == "First & foremost, the timetable.\nSecond\nline\nItem"
    )


def test_a_plain_body_has_its_entities_decoded_and_spaces_collapsed() -> None:
    body = "The world&#039;s  busiest\r\n\r\n  ferry   line"
    assert article_body(_tree(_page("", {"articleBody": body}))) == "The world's busiest\nferry line"


@pytest.mark.parametrize(
    "scripts",
    [
        "",
        '<script type="application/ld+json">{"articleBody": </script>',  # not JSON
        _ld({"@type": "NewsArticle", "headline": "Ferries"}),
        _ld({"articleBody": "   "}),
        _ld({"articleBody": ["not", "a", "string"]}),
    ],
    ids=["no JSON-LD", "broken JSON", "no body", "empty body", "body not a string"],
)
def test_no_body_is_read_where_the_page_declares_none(scripts: str) -> None:
    html = f"<html><head>{scripts}</head><body><p>x</p></body></html>"
    assert article_body(_tree(html)) is None


MODES: list[HtmlMode] = ["fast", "precise"]


@pytest.mark.parametrize("mode", MODES)
def test_a_teaser_page_gives_the_declared_body(mode: HtmlMode) -> None:
    page = _page(f"<article><h1>Ferries</h1><p>{TEASER}</p></article>", {"@type": "NewsArticle", "articleBody": BODY})
    assert 250 < len(TEASER) < SHORT_TEXT_CHARS and len(BODY) >= DECLARED_BODY_FACTOR * len(TEASER)
    extracted = extract_page(page, mode)
    assert extracted is not None
    assert PARAGRAPHS[0] in extracted.text and PARAGRAPHS[-1] in extracted.text


@pytest.mark.parametrize("mode", MODES)
def test_a_page_with_no_main_text_gives_the_declared_body(mode: HtmlMode) -> None:
    page = _page("<div id='app'></div>", {"@type": "NewsArticle", "headline": "Ferries", "articleBody": BODY})
    extracted = extract_page(page, mode)
    assert extracted is not None and extracted.text.endswith(PARAGRAPHS[-1])
    assert extracted.title == "Ferries"


@pytest.mark.parametrize("mode", MODES)
def test_a_page_showing_a_long_text_keeps_it(mode: HtmlMode) -> None:
    shown = [
        f"Shown paragraph {i} tells the story of the ferry timetable as readers see it on the page." for i in range(14)
    ]
    assert len("\n".join(shown)) >= SHORT_TEXT_CHARS
    page = _page("".join(f"<p>{p}</p>" for p in shown), {"articleBody": BODY * 3})
    extracted = extract_page(page, mode)
    assert extracted is not None and shown[0] in extracted.text and PARAGRAPHS[0] not in extracted.text


def test_a_declared_body_not_much_longer_than_the_shown_text_is_not_taken() -> None:
    shown = " ".join(PARAGRAPHS[:4])
    declared = " ".join(PARAGRAPHS[:5])
    assert len(declared) < DECLARED_BODY_FACTOR * len(shown)
    extracted = extract_page(_page(f"<article><p>{shown}</p></article>", {"articleBody": declared}), "fast")
    assert extracted is not None and PARAGRAPHS[4] not in extracted.text


def test_a_script_rendered_page_is_ingested_with_its_declared_body() -> None:
    page = _page(
        f"<div id='root'><p>{TEASER}</p></div>", {"@type": "NewsArticle", "headline": "Ferries", "articleBody": BODY}
    )
    record = process_document(page.encode(), "ferries.html")
    assert isinstance(record, ArticleRecord)
    assert record.text.startswith(PARAGRAPHS[0]) and record.word_count > 100
