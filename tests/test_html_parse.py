"""The fast mode parses a page as trafilatura's ``load_html`` does, with lxml choosing the
element classes itself (cheaper): same trees, same extraction."""

from __future__ import annotations

import time
import warnings

import pytest
import trafilatura
from lxml import etree
from trafilatura.utils import load_html

from cleaners.decode import decode_bytes
from cleaners.html import SHORT_TEXT_CHARS, extract_html_fast, parse_page, without_early_html_end_tags
from tests.conftest import CORPUS

ARTICLE = "<p>" + "The council voted on the budget after a long debate about the new bridge. " * 8 + "</p>"
FORM = "<form action='/s'><label for='q'>Search</label><input name='q' value='x'><select><option>A</option></select>"
FORM += "<textarea>Write a comment</textarea></form>"

PAGES = {
    "plain": f"<html><head><title>T</title></head><body>{ARTICLE}</body></html>",
    "doctype": f"<!DOCTYPE html>\n<html><body><article>{ARTICLE}{ARTICLE}</article></body></html>",
    "xml declaration": f"<?xml version='1.0' encoding='utf-8'?><html><body>{ARTICLE}</body></html>",
    "self-closing html": f"<html/>\n<body>{ARTICLE}</body>",
    "fragment": f"<div><h1>Budget</h1>{ARTICLE}</div>",
    "one-block fragment": "<p>only one block</p>",
    "not html at all": "just some words, no markup",
    "empty body": "<html></html>",
    "forms and comments": f"<html><body><!-- c --><?pi x?>{FORM}<article>{ARTICLE}</article>{FORM}</body></html>",
    "control characters": f"<html><body>\x01\x02{ARTICLE}\x0b</body></html>",
    "comments after the end": f"<html><body>{ARTICLE}</body></html>\n<!-- saved by a crawler -->\n</HTML >\n",
}


def tree_bytes(tree: object) -> bytes | None:
    return None if tree is None else etree.tostring(tree)


@pytest.mark.parametrize("html", list(PAGES.values()), ids=list(PAGES))
def test_pages_parse_to_the_tree_trafilatura_parses(html: str) -> None:
    assert tree_bytes(parse_page(html)) == tree_bytes(load_html(html))


@pytest.mark.parametrize("html", list(PAGES.values()), ids=list(PAGES))
def test_the_main_text_is_trafilaturas_on_its_own_parse(html: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = trafilatura.bare_extraction(html, include_comments=False, include_tables=True)
    ours = extract_html_fast(html)
    expected = theirs.text if theirs is not None and not isinstance(theirs, dict) and theirs.text else None
    if expected is None:  # the fast mode retries with favor_recall before giving up
        assert ours is None or ours.text
    elif len(expected) < SHORT_TEXT_CHARS:  # a short text gets the recall pass's lines merged in
        assert ours is not None
        lines = iter(ours.text.split("\n"))
        assert all(line in lines for line in expected.split("\n"))  # all of them, in their order
    else:
        assert ours is not None and ours.text == expected


CORPUS_PAGES = sorted((CORPUS / "eval").glob("*.html"))[150:250] if (CORPUS / "eval").exists() else []


@pytest.mark.skipif(not CORPUS_PAGES, reason="../shared/corpus is not present")
def test_corpus_pages_parse_to_the_trees_trafilatura_parses() -> None:
    for path in CORPUS_PAGES:
        html = decode_bytes(path.read_bytes()).text
        if without_early_html_end_tags(html) != html:
            continue  # a page closed early: see test_a_body_after_an_early_html_end_tag_is_parsed
        assert tree_bytes(parse_page(html)) == tree_bytes(load_html(html)), path.name


# A template that closes the document after its head and writes the body after it.
CLOSED_EARLY = (
    f"<!doctype html>\n<html><head><title>T</title></head>\n</html>\n<body><article>{ARTICLE}</article></body></html>"
)


def test_a_body_after_an_early_html_end_tag_is_parsed() -> None:
    assert load_html(CLOSED_EARLY) is not None and "council voted" not in load_html(CLOSED_EARLY).text_content()
    tree = parse_page(CLOSED_EARLY)
    assert tree is not None and "The council voted on the budget" in tree.text_content()
    page = extract_html_fast(CLOSED_EARLY)
    assert page is not None and page.text.startswith("The council voted on the budget")


def test_only_the_early_html_end_tags_are_taken_out() -> None:
    html = "<html><body><p>One</p></html >\n<p>Two</p></body></HTML>\n<!-- end --></html>\n"
    assert (
        without_early_html_end_tags(html) == "<html><body><p>One</p>\n<p>Two</p></body></HTML>\n<!-- end --></html>\n"
    )
    assert without_early_html_end_tags(PAGES["plain"]) == PAGES["plain"]
    assert without_early_html_end_tags("no end tag") == "no end tag"


def test_the_end_tag_scan_is_linear_on_many_end_tags_and_comments() -> None:
    # A page of many "</html>" tags, each under comments, before more markup: a regex
    # repeating "<!--.*?-->" tried every way of spanning the comments (50 s on 39 tags).
    page = ("</html>" + "<!-- c --> " * 200) * 2000 + "<p>after</p>"
    started = time.process_time()
    cleaned = without_early_html_end_tags(page)
    assert time.process_time() - started < 5
    assert "</html>" not in cleaned and cleaned.endswith("<p>after</p>")
