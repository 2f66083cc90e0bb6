"""The fast mode's author search finds what trafilatura's ``extract_author`` finds.

presswash runs trafilatura's rules (discard comment sections, sidebars, dates and
figures; take the first byline-like element of 3 to 119 characters) without copying or
pruning the page: the candidates are found first, the discard rules applied around them
only. These tests hold it to trafilatura's own function, on tricky markup and on the
development corpus' pages.
"""

from __future__ import annotations

import copy
import warnings

import pytest
from lxml import etree
from trafilatura import metadata as traf_meta
from trafilatura.utils import load_html
from trafilatura.xpaths import AUTHOR_DISCARD_XPATHS, AUTHOR_XPATHS

from cleaners import html as H
from cleaners.decode import decode_bytes
from tests.conftest import CORPUS

ARTICLE = "<p>" + "The council voted on the budget after a long debate about the new bridge. " * 8 + "</p>"


def page(body: str, head: str = "") -> str:
    return f"<html><head><title>T</title>{head}</head><body>{body}{ARTICLE}</body></html>"


def trafilatura_author(html: str) -> str | None:
    tree = load_html(html)
    assert tree is not None
    return traf_meta.extract_author(tree)


def presswash_author(html: str) -> str | None:
    tree = load_html(html)
    assert tree is not None
    before = etree.tostring(tree)
    found = H._markup_author(tree)
    if tree.getparent() is None:
        assert etree.tostring(tree) == before, "the author search changed the page"
    return found


TRICKY = {
    "plain byline": page('<div class="byline">By Jane Doe</div>'),
    "rel author link": page('<p>Text <a rel="author" href="/jd">Jane Doe</a></p>'),
    "byline with a date inside": page('<div class="byline">By <time>May 4</time>Jane Doe</div>'),
    "date glued between names": page('<span class="author">Jane<time>4</time>Doe and<figure>x</figure>Max</span>'),
    "removed siblings in a row": page(
        '<p class="author-name">By<span class="date">1</span><span class="title">2</span> Jane<time>3</time></p>'
    ),
    "first child removed": page('<div class="author"><time>May 4</time>Jane Doe</div>'),
    "byline inside comments": page(
        '<div id="comments"><span class="author">Troll McTroll</span></div><div class="writer">Jane Doe</div>'
    ),
    "byline inside a sidebar": page('<aside><div class="sidebar-x"><a class="author">Max Mustermann</a></div></aside>'),
    "byline inside a figure": page(
        '<figure><span class="byline">Photo Agency</span></figure><p class="byl">J. Doe</p>'
    ),
    "too long first candidate": page(f'<div class="author">{"word " * 40}</div><span class="Byline">Jane Doe</span>'),
    "too short first candidate": page('<div class="author">JD</div><div id="authorBox">Jane Doe</div>'),
    "later rule only": page('<section data-component="Byline">Jane Doe</section>'),
    "rules in their order": page('<span class="screenname">@jane</span><div class="byline">By Jane Doe</div>'),
    "author element": page("<author>Jane Doe</author><div class='writer'>Max</div>"),
    "rel child element": page("<div><rel>me</rel>Jane Doe</div><span class='author'>Max Power</span>"),
    "itemprop and comments inside": page(
        '<div itemprop="author">Jane <div class="comments-list">c</div>Doe <!-- note -->Jr.</div>'
    ),
    "upper-case class": page('<div class="BYLINE">By Jane Doe</div><div class="BBL">Max Power</div>'),
    "no byline at all": page('<div class="content">Nothing here</div>'),
    "comment between pieces": page('<div class="author">Jane<!-- x -->Doe</div>'),
    "fragment page": '<div><p class="byline">By Jane Doe</p><div class="sidebar">x</div>' + ARTICLE + "</div>",
}


@pytest.mark.parametrize("html", list(TRICKY.values()), ids=list(TRICKY))
def test_author_search_finds_what_trafilatura_finds_without_changing_the_page(html: str) -> None:
    assert presswash_author(html) == trafilatura_author(html)


def test_the_tricky_pages_do_find_authors() -> None:
    found = {name: trafilatura_author(html) for name, html in TRICKY.items()}
    assert found["byline with a date inside"] == "Jane Doe"
    assert found["byline inside comments"] == "Jane Doe"
    assert found["no byline at all"] is None
    assert sum(author is not None for author in found.values()) >= 15


def test_author_rules_select_the_elements_trafilatura_rules_select() -> None:
    html = "".join(TRICKY.values())
    tree = load_html(page(html))
    assert tree is not None
    for ours, theirs in zip(H._AUTHOR_XPATHS, AUTHOR_XPATHS, strict=True):
        assert ours(tree) == theirs(tree)
    for ours, theirs in zip(H._AUTHOR_DISCARD_XPATHS, AUTHOR_DISCARD_XPATHS, strict=True):
        assert ours(tree) == theirs(tree)


CORPUS_PAGES = sorted((CORPUS / "eval").glob("*.html"))[:150] if (CORPUS / "eval").exists() else []


@pytest.mark.skipif(not CORPUS_PAGES, reason="../shared/corpus is not present")
def test_author_search_agrees_with_trafilatura_on_corpus_pages() -> None:
    warnings.simplefilter("ignore")
    checked = found = 0
    for path in CORPUS_PAGES:
        tree = load_html(decode_bytes(path.read_bytes()).text)
        if tree is None:
            continue
        for ours, theirs in zip(H._AUTHOR_XPATHS, AUTHOR_XPATHS, strict=True):
            assert ours(tree) == theirs(tree), path.name
        expected = traf_meta.extract_author(copy.deepcopy(tree))
        assert H._markup_author(tree) == expected, path.name
        checked += 1
        found += expected is not None
    assert checked > 100 and found > 10
