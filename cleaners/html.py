"""Main text and metadata of an HTML page, through trafilatura.

trafilatura parses with lxml, which resolves no external entities and loads nothing
from the network; it is given the page as a string we decoded ourselves.

Two modes (:data:`HtmlMode`), a cost/quality choice:

``fast`` (the default): one trafilatura pass (two on a short page). The page is parsed
once; the metadata presswash keeps (title, author, date, site name, URL) is read from that tree with
trafilatura's own extractors, minus what presswash does not use (categories, tags,
licence) and with htmldate's quick date search (no ``extensive_search``, which compiles
dateparser's locale patterns); then ``bare_extraction`` extracts the main text from the
same tree (it works on a copy, cheaper than parsing again). When that text is short
(:data:`SHORT_TEXT_CHARS`, one page in ten), a ``favor_recall`` pass on the same tree adds
the lines it found, merged in place. The text cleaners apply as for any text, without
the precision confirmation. See :func:`extract_html_fast`.

Both modes give, for the lines of their text that the page shows as links to its own site,
the share of link text (:func:`site_link_share`): the text cleaner removes runs of such
lines and such lines after the last paragraph (teaser lists, menus).

In both modes the article's lead, when the passes left it out, opens the text
(:func:`cleaners.lead.with_lead`: the element that shows the page's meta description).
Where the text is missing or short and the page declares an article body in its JSON-LD
at least twice as long, that body is the text (:func:`_declared_body`: a page rendered by
a script or behind a paywall shows a teaser). What follows an early ``</html>`` is parsed,
as a browser parses it (:func:`without_early_html_end_tags`).

``precise``: three passes, each on a copy of one parse of the page (:func:`parse_page`).
The main pass (trafilatura's balanced defaults, comments left out) gives the text and
metadata; a ``favor_recall`` pass adds the lines it found that the main pass
missed, each merged in at its place (:func:`merge_lines`); a ``favor_precision`` pass gives
the lines trafilatura is surest of. The text cleaner keeps every line that the precision
pass confirms or that reads as prose, and removes the rest as ``layout.unconfirmed`` (see
:func:`cleaners.engine.clean_text`): short lines only the lenient passes kept are mostly
navigation, dates and teasers. An unconfirmed line that the page itself shows as mostly
link text (:func:`link_density`) is removed even when it reads like a sentence: it is a
teaser for another page. When the main pass finds nothing, the ``favor_recall`` pass
stands in for it before the page is rejected.

lxml parses the page for link density with ``no_network`` and no entity resolution.
"""

from __future__ import annotations

import contextlib
import difflib
import re
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from html.entities import html5 as HTML5_ENTITIES
from typing import Any

import ahocorasick
import lxml.html
import trafilatura
from htmldate import find_date
from lxml import etree
from trafilatura import metadata as traf_meta
from trafilatura.htmlprocessing import prune_unwanted_nodes
from trafilatura.json_metadata import normalize_authors
from trafilatura.settings import Document
from trafilatura.utils import is_dubious_html, repair_faulty_html, trim

from cleaners.authors import rejoin_split_names
from cleaners.dates import parse_timestamp
from cleaners.front_matter import split_authors
from cleaners.json_ld import JSON_LD_SCRIPTS, article_body
from cleaners.lead import with_lead
from cleaners.normalize import match_key, normalize_text
from cleaners.options import DEFAULT_HTML_MODE as DEFAULT_HTML_MODE
from cleaners.options import HTML_MODES as HTML_MODES
from cleaners.options import HtmlMode as HtmlMode
from cleaners.options import check_html_mode as check_html_mode
from cleaners.publisher import registered_domain

# Dates with the time of day where the page gives it; trafilatura's default is the day.
_DATE_FORMAT = "%Y-%m-%dT%H:%M:%S%z"
# The precise mode's search; the fast mode's is htmldate's quick one (markup, URL, meta
# tags; no free-text scan).
_DATE_PARAMS = {"extensive_search": True, "original_date": True, "outputformat": _DATE_FORMAT}
# trafilatura's length limit for an author found in the markup (``len_limit``).
AUTHOR_MAX_CHARS = 120


@dataclass(frozen=True)
class ExtractedPage:
    text: str
    title: str | None = None
    authors: tuple[str, ...] = field(default=())
    published_at: datetime | None = None
    site_name: str | None = None
    url: str | None = None
    precision_text: str | None = None  # the favor_precision pass, None when not run or empty
    # Link density (share of link text) of the page's blocks, keyed by whitespace-collapsed
    # text; empty when the second pass was not run.
    link_density: Mapping[str, float] = field(default_factory=dict)
    # The lines of ``text`` the page shows as links to its own site (see
    # :func:`site_link_share`): share of link text, keyed by whitespace-collapsed text.
    site_links: Mapping[str, float] = field(default_factory=dict)
    # The page's <title> as written: where ``title`` is the headline alone, it often still
    # names the site ("… | Schweizerische Vogelwarte").
    title_tag: str | None = None


# What every trafilatura pass here shares: comments are not the article, tables are.
_PASS_OPTIONS: dict[str, Any] = {"include_comments": False, "include_tables": True}


def _trafilatura_pass(call: Callable[..., Any], tree: Any, **options: Any) -> Any:
    """``call`` (``bare_extraction`` or ``extract``) on ``tree`` with the shared options.

    ``tree`` is an HtmlElement: trafilatura extracts from a copy of it, so every pass
    sees the page as parsed.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # lxml's FutureWarnings from inside trafilatura
        return call(tree, **_PASS_OPTIONS, **options)


def _bare(tree: Any, *, favor_recall: bool = False) -> Any:
    return _trafilatura_pass(
        trafilatura.bare_extraction,
        tree,
        with_metadata=True,
        favor_recall=favor_recall,
        date_extraction_params=_DATE_PARAMS,
    )


def _pass_text(tree: Any, *, favor_precision: bool = False, favor_recall: bool = False) -> str | None:
    text = _trafilatura_pass(trafilatura.extract, tree, favor_precision=favor_precision, favor_recall=favor_recall)
    return str(text) if text else None


# Above this many lines on either side the merge (quadratic at worst) is not attempted.
MERGE_MAX_LINES = 5000


def merge_lines(main: str, extra: str) -> str:
    """``main`` with the lines of ``extra`` that it lacks, each inserted where ``extra``
    has it relative to the lines both share. Lines of ``main`` keep their order; a line
    ``main`` has twice is not added twice."""
    if not extra.strip():
        return main
    ours, theirs = main.split("\n"), extra.split("\n")
    if len(ours) > MERGE_MAX_LINES or len(theirs) > MERGE_MAX_LINES:
        return main
    known = {match_key(line) for line in ours}
    merged: list[str] = []
    matcher = difflib.SequenceMatcher(None, ours, theirs, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        merged.extend(ours[i1:i2])
        if tag in ("insert", "replace"):
            merged.extend(line for line in theirs[j1:j2] if match_key(line) not in known)
    return "\n".join(merged)


# Elements whose text can come out as one line of an extraction.
_BLOCK_TAGS = (
    "p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dd", "dt", "blockquote",
    "div", "span", "a", "figcaption", "section", "article", "header", "footer", "nav",
    "aside", "strong", "em", "b",
)  # fmt: skip
_MAX_BLOCK_CHARS = 2000


def _text_of(el: Any) -> str:
    """An element's text, whitespace collapsed."""
    return match_key(el.text_content())


def _line_key(text: str) -> str:
    """``text`` keyed as the text cleaner looks lines up (normalized, then
    :func:`cleaners.normalize.match_key`)."""
    return match_key(normalize_text(text))


def link_density(html: str) -> dict[str, float]:
    """For the text of each block of the page (normalized, whitespace collapsed), the
    share of it that is link text; the highest share when several blocks have the same
    text."""
    try:
        parser = lxml.html.HTMLParser(remove_comments=True, no_network=True)
        root = lxml.html.document_fromstring(without_early_html_end_tags(html), parser=parser)
    except (etree.LxmlError, ValueError):
        return {}
    etree.strip_elements(root, "script", "style", "noscript", with_tail=False)
    out: dict[str, float] = {}
    for el in root.iter(*_BLOCK_TAGS):
        text = _text_of(el)
        if not text or len(text) > _MAX_BLOCK_CHARS:
            continue
        if el.tag == "a":
            share = 1.0
        else:
            linked = sum(len(_text_of(a)) for a in el.iter("a"))
            share = min(1.0, linked / len(text))
        key = _line_key(text)
        out[key] = max(out.get(key, 0.0), share)
    return out


# Elements a line of an extraction can be: the block a link's text is counted in.
_LINE_BLOCKS = frozenset(_BLOCK_TAGS) - {"span", "a", "strong", "em", "b"}
# Longer blocks are not looked up: a line that long is prose or a table, not a teaser.
_MAX_LINKED_BLOCK_CHARS = 500


# A link's scheme and host, as urllib.parse.urlsplit reads them (a third of the cost).
_HREF = re.compile(r"(?:([a-zA-Z][a-zA-Z0-9+.-]*):)?(?://([^/?#]*))?")


def _same_site(href: str | None, site: str | None) -> bool:
    """Whether a link leads to another page of the page's own site (``site``, its
    registered domain): a relative address, or one on that domain. In-page anchors
    (``#…``), e-mail, telephone and script links, and addresses on other sites do not."""
    href = (href or "").strip()
    if not href or href.startswith("#"):
        return False
    found = _HREF.match(href)
    scheme, host = (found[1], found[2]) if found else (None, None)
    if scheme is not None and scheme.lower() not in ("http", "https"):
        return False
    if host is None:
        return scheme is None
    return site is not None and registered_domain(host.lower()) == site


def occurring_in(haystack: str, needles: set[str]) -> set[str]:
    """The ``needles`` that are substrings of ``haystack``, found in one Aho-Corasick pass
    over it: asking ``needle in haystack`` for each costs links × text, seconds on a page
    of many megabytes and thousands of links."""
    if not needles or not haystack:
        return set()
    automaton = ahocorasick.Automaton()
    for needle in needles:
        automaton.add_word(needle, needle)
    automaton.make_automaton()
    return {needle for _, needle in automaton.iter(haystack)}


def site_link_share(tree: Any, text: str, url: str | None) -> dict[str, float]:
    """For each line of ``text`` (an extraction of ``tree``) that the page shows as a
    link to another page of its own site, or as a block holding such links, the share of
    the line that is their link text, keyed by the whitespace-collapsed normalized line.

    Teasers, menus and tag lists link to the site's other pages; an article's links
    mostly go elsewhere (sources, products) or within the page (a table of contents), and
    those do not count. Only the links are visited, and the nearest block around each
    link whose text is in ``text`` (the element a line of the extraction comes from);
    ``tree`` is not changed."""
    site = registered_domain(url)
    links = [(a, link_text) for a in tree.iter("a") if _same_site(a.get("href"), site) and (link_text := _text_of(a))]
    # Most of a page's links are not in its text.
    in_text = occurring_in(match_key(text), {link_text for _, link_text in links})
    share: dict[str, float] = {}
    linked_chars: dict[Any, int] = {}
    for a, link_text in links:
        if link_text not in in_text:
            continue
        share[link_text] = 1.0
        block = a.getparent()
        while block is not None and block.tag not in _LINE_BLOCKS:
            block = block.getparent()
        if block is not None:
            linked_chars[block] = linked_chars.get(block, 0) + len(link_text)
    for block, chars in linked_chars.items():
        block_text = _text_of(block)
        if block_text and len(block_text) <= _MAX_LINKED_BLOCK_CHARS:
            share[block_text] = max(share.get(block_text, 0.0), min(1.0, chars / len(block_text)))
    found: dict[str, float] = {}
    for line in text.split("\n"):
        key = match_key(line)
        if key in share:
            found[_line_key(key)] = share[key]
    return found


def extract_html(html: str) -> ExtractedPage | None:
    """The ``precise`` mode: trafilatura's main text and metadata; None when it finds no
    main text.

    The page is parsed once (:func:`parse_page`) and each pass extracts from a copy of
    that tree. The text also has the lines only a ``favor_recall`` pass found, and the
    page carries the text of a ``favor_precision`` pass and the link density of its
    blocks. A main pass that finds nothing is retried with ``favor_recall``.
    """
    tree = _parse(html)
    if tree is None:
        return None
    title_tag = _title_tag(tree)
    doc = _bare(tree)
    recalled = False
    if doc is None or isinstance(doc, dict) or not doc.text:
        doc = _bare(tree, favor_recall=True)
        recalled = True
    if doc is None or isinstance(doc, dict) or not doc.text:
        declared = _declared_body("", tree)
        if declared is None:
            return None
        text = declared
        doc = _light_document(tree, _light_metadata(tree))  # the passes found no metadata either
    else:
        text = str(doc.text)
        if not recalled:
            text = merge_lines(text, _pass_text(tree, favor_recall=True) or "")
        text = _declared_body(text, tree) or text
    text = with_lead(text, tree, doc.title)
    return _page(
        text,
        doc,
        html,
        title_tag=title_tag,
        precision_text=_pass_text(tree, favor_precision=True),
        link_density=link_density(html),
        site_links=site_link_share(tree, text, doc.url),
    )


def _title_tag(tree: Any) -> str | None:
    """The text of the page's first <title>, whitespace collapsed; None when it has none."""
    found = tree.find(".//title")
    text = " ".join(found.text_content().split()) if found is not None else ""
    return text or None


def _page(text: str, meta: Document, page: str, **passes: Any) -> ExtractedPage:
    """``text`` with the metadata of a trafilatura :class:`Document` (empty fields None);
    ``page`` is the HTML it was read from."""
    return ExtractedPage(
        text=text,
        title=meta.title or None,
        authors=rejoin_split_names(split_authors(meta.author), page),
        published_at=parse_timestamp(meta.date),
        site_name=meta.sitename or None,
        url=meta.url or None,
        **passes,
    )


@dataclass(frozen=True)
class _Meta:
    title: str | None
    author: str | None  # from meta tags and JSON-LD; the page's markup is searched later
    url: str | None
    date: str | None
    site_name: str | None


def _light_metadata(tree: Any) -> _Meta:
    """trafilatura's ``extract_metadata`` for the fields presswash keeps: the same
    extractors in the same order, minus categories, tags and licence, with the quick date
    search, and without the search of the page's markup for an author (see
    :func:`_markup_author`). Reads ``tree`` without changing it."""
    meta = traf_meta.examine_meta(tree)
    if meta.author and " " not in meta.author:
        meta.author = None
    with contextlib.suppress(Exception):  # trafilatura's own guard: bugs in its JSON-LD reader
        meta = traf_meta.extract_meta_json(tree, meta)
    title = meta.title or traf_meta.extract_title(tree)
    url = meta.url or traf_meta.extract_url(tree)
    date = find_date(tree, extensive_search=False, original_date=True, outputformat=_DATE_FORMAT, url=url)
    site_name = meta.sitename or traf_meta.extract_sitename(tree)
    if site_name:
        site_name = site_name.lstrip("@")
        if site_name and "." not in site_name and not site_name[0].isupper():
            site_name = site_name.title()
    elif url:
        found = traf_meta.META_URL.match(url)
        site_name = found[1] if found else None
    return _Meta(title, meta.author, url, date, site_name)


def _any_contains(attr: str, needles: tuple[str, ...]) -> str:
    return " or ".join(f"contains({attr}, '{needle}')" for needle in needles)


# The author search of trafilatura's ``extract_author`` (trafilatura.xpaths
# AUTHOR_XPATHS, AUTHOR_DISCARD_XPATHS) as predicates, each ``re:test`` of a plain
# alternation written as ``contains``/``starts-with`` (libxml2 matches them itself instead
# of calling back into Python's ``re`` for every attribute of the page).
# tests/test_html_author.py checks that they select what trafilatura's select.
_AUTHOR_RULES: tuple[tuple[str, str], ...] = (  # (element test, predicate), in trafilatura's order
    (
        "self::a or self::address or self::div or self::link or self::p or self::span or self::strong",
        "@rel='author' or @id='author' or @class='author' or @itemprop='author name' or rel='me' or "
        "@data-testid='AuthorCard' or @data-testid='AuthorURL' or "
        + _any_contains("@class", ("authorname", "author-name", "AuthorName", "authorName")),
    ),
    (
        "self::a or self::div or self::h3 or self::h4 or self::p or self::span",
        "@class='byline' or @class='username' or @class='byl' or @class='BBL' or contains(@itemprop, 'author') or "
        + _any_contains("@id", ("author", "zuozhe", "bianji", "xiaobian"))
        + " or "
        + _any_contains(
            "@class",
            ("author", "channel-name", "zuozhe", "bianji", "xiaobian", "submitted-by", "posted-by", "journalist-name"),
        ),
    ),
    (
        "true()",
        "contains(@data-component, 'Byline') or contains(@itemprop, 'author') or "
        + _any_contains("@id", ("Author", "author"))
        + " or "
        + _any_contains("@class", ("Author", "author", "screenname", "writer", "Byline", "byline")),
    ),
)
# The first rule also takes every ``<author>`` element.
_AUTHOR_XPATHS = tuple(
    etree.XPath(f"//*[{test}][{pred}]" + ("|//author" if i == 0 else ""))
    for i, (test, pred) in enumerate(_AUTHOR_RULES)
)
_IS_AUTHOR = tuple(etree.XPath(f"self::*[{test}][{pred}]") for test, pred in _AUTHOR_RULES)
# Elements the search ignores, with their content (not their tails): comment sections,
# sidebars, dates, figures...
_DISCARD = (
    "*[self::a or self::div or self::section or self::span]["
    "@id='comments' or @class='comments' or @class='title' or @class='date' or starts-with(@id, 'comments') or "
    + _any_contains("@id", ("commentlist", "comment-list", "ProductReviews"))
    + " or starts-with(@class, 'Comments') or starts-with(@class, 'comments') or "
    + _any_contains(
        "@class",
        (
            "commentlist",
            "comments-list",
            "sidebar",
            "is-hidden",
            "quote",
            "embedly-instagram",
            "article-share",
            "article-support",
            "print",
            "category",
            "meta-date",
            "meta-reviewer",
        ),
    )
    + " or contains(@data-component, 'Figure')]"
)
_AUTHOR_DISCARD_XPATHS = (etree.XPath(f".//{_DISCARD}"), etree.XPath("//time|//figure"))
_DISCARDED = etree.XPath(f"ancestor-or-self::{_DISCARD}|ancestor-or-self::time|ancestor-or-self::figure")
_DISCARDED_INSIDE = etree.XPath(f"descendant::{_DISCARD}|descendant::time|descendant::figure")
# The attributes the rules read; the words every value they match holds, lower-cased; the
# elements that match without such an attribute.
_AUTHOR_ATTRIBUTES = "//@class|//@id|//@itemprop|//@rel|//@data-testid|//@data-component"
_AUTHOR_ATTRIBUTE_VALUES = etree.XPath(_AUTHOR_ATTRIBUTES, smart_strings=False)
_AUTHOR_WORDS = re.compile(
    "author|byl|bbl|username|channel-name|zuozhe|bianji|xiaobian|submitted-by|posted-by|journalist-name|screenname|writer"
)


def _xpath_literal(value: str) -> str | None:
    if "'" not in value:
        return f"'{value}'"
    if '"' not in value:
        return f'"{value}"'
    return None


def _author_candidates(tree: Any) -> list[Any]:
    """The elements trafilatura's author rules select on ``tree``, rule by rule, each in
    document order (an element a later rule selects again comes once, under the first).

    Only an element with an attribute value holding one of :data:`_AUTHOR_WORDS` can
    match a rule (or an ``<author>`` element, or one with a ``<rel>`` child): the values
    are read as plain strings, and the rules are tried on the few elements holding those
    that do."""
    matched = {v for v in _AUTHOR_ATTRIBUTE_VALUES(tree) if _AUTHOR_WORDS.search(v.lower())}
    literals = [_xpath_literal(v) for v in sorted(matched)]
    if next(tree.iter("author", "rel"), None) is not None or None in literals:
        seen: dict[Any, None] = {}
        for xpath in _AUTHOR_XPATHS:
            seen.update(dict.fromkeys(xpath(tree)))
        return list(seen)
    if not literals:
        return []
    holding = etree.XPath(f"({_AUTHOR_ATTRIBUTES})[{' or '.join(f'.={literal}' for literal in literals)}]")
    holders = dict.fromkeys(value.getparent() for value in holding(tree))
    ranked = []
    for el in holders:
        rank = next((i for i, test in enumerate(_IS_AUTHOR) if test(el)), None)
        if rank is not None:
            ranked.append((rank, el))
    return [el for _, el in sorted(ranked, key=lambda pair: pair[0])]  # stable: document order within a rule


def _text_without(el: Any, dropped: set[Any]) -> str:
    """``" ".join(el.itertext())`` once the ``dropped`` elements under ``el`` are deleted
    as trafilatura deletes them: their content goes, their tail is glued onto the text
    before them."""
    pieces: list[str] = []

    def walk(node: Any) -> None:
        pieces.append(node.text or "" if isinstance(node.tag, str) else "")
        for child in node:
            if child in dropped:
                pieces[-1] += child.tail or ""
                continue
            walk(child)
            pieces.append(child.tail or "")

    walk(el)
    return " ".join(pieces)


def _markup_author(tree: Any) -> str | None:
    """trafilatura's ``extract_author`` (its discard rules, then the first author rule
    match of 3 to 119 characters) without changing or copying ``tree``: the elements the
    rules select are found first, and the discard rules are applied around them only.

    The element of a fragment (a page without ``<html>``), which has a parent in its
    document, is searched as trafilatura searches it: pruned in place, so this runs once
    nothing else needs the tree."""
    if tree.getparent() is not None:
        pruned = prune_unwanted_nodes(tree, list(_AUTHOR_DISCARD_XPATHS))
        author = traf_meta.extract_metainfo(pruned, list(_AUTHOR_XPATHS), len_limit=AUTHOR_MAX_CHARS)
        return normalize_authors(None, author) if author else None
    for el in _author_candidates(tree):
        if any(hit.getparent() is not None for hit in _DISCARDED(el)):  # the root is never deleted
            continue
        dropped = set(_DISCARDED_INSIDE(el))
        content = trim(_text_without(el, dropped) if dropped else " ".join(el.itertext()))
        if content and 2 < len(content) < AUTHOR_MAX_CHARS:
            return normalize_authors(None, content)
    return None


def _bare_text(tree: Any, url: str | None, *, favor_recall: bool = False) -> str | None:
    doc = _trafilatura_pass(trafilatura.bare_extraction, tree, url=url, with_metadata=False, favor_recall=favor_recall)
    if doc is None or isinstance(doc, dict) or not doc.text:
        return None
    return str(doc.text)


# trafilatura's parser settings (trafilatura.utils.HTML_PARSER) with the element classes
# chosen by lxml itself: lxml.html's own choice is a Python call for every element object
# created, thousands per page, a tenth of an extraction's cost. Every element is an
# HtmlElement; lxml.html's subclasses for forms, inputs and labels only add form-handling
# methods, which trafilatura and htmldate never call (tests/test_html_author.py checks the
# extraction is the same).
_PARSER = lxml.html.HTMLParser(
    collect_ids=False, default_doctype=False, encoding="utf-8", remove_comments=True, remove_pis=True
)
_PARSER.set_element_class_lookup(
    etree.ElementDefaultClassLookup(
        element=lxml.html.HtmlElement,
        comment=lxml.html.HtmlComment,
        pi=lxml.html.HtmlProcessingInstruction,
        entity=lxml.html.HtmlEntity,
    )
)


def _from_bytes(html: str) -> Any:
    try:
        return lxml.html.fromstring(html.encode("utf-8", "surrogatepass"), parser=_PARSER)
    except Exception:  # trafilatura's guard, as in its fromstring_bytes
        return None


# An ``</html>`` end tag; an end tag that may follow the document's end.
_HTML_END_TAG = re.compile(r"</html\s*>", re.IGNORECASE)
_CLOSING_END_TAG = re.compile(r"</(?:html|body)\s*>", re.IGNORECASE)


def _content_after(html: str, pos: int) -> int | None:
    """Where the first markup or text after ``pos`` starts that is not whitespace, a
    comment or a ``</body>``/``</html>`` end tag; None when only those follow. A scan,
    each character looked at once: a regex repeating an alternation with ``<!--.*?-->``
    tried every way of spanning the comments between end tags (50 s on a page of 39)."""
    end = len(html)
    while pos < end:
        if html[pos].isspace():
            pos += 1
        elif html.startswith("<!--", pos):
            close = html.find("-->", pos + 4)
            if close < 0:
                return None  # an unclosed comment runs to the end
            pos = close + 3
        elif found := _CLOSING_END_TAG.match(html, pos):
            pos = found.end()
        else:
            return pos
    return None


def without_early_html_end_tags(html: str) -> str:
    """``html`` without the ``</html>`` end tags that more markup or text follows.

    libxml2 drops everything after the first ``</html>``; a browser goes on parsing it
    into the body (the HTML standard's "after after body" mode). A template that closes
    the document after its head and then writes the body (``</head></html><body>…``) shows
    its article in a browser, and gave lxml, so trafilatura, a page with no text. The
    parser closes the document at the end itself."""
    kept: list[str] = []
    start = 0
    content_at = -1  # what the last scan found: the end tags before it are early too
    for end_tag in _HTML_END_TAG.finditer(html):
        if end_tag.end() > content_at:
            found = _content_after(html, end_tag.end())
            if found is None:
                break
            content_at = found
        kept.append(html[start : end_tag.start()])
        start = end_tag.end()
    if not kept:
        return html
    kept.append(html[start:])
    return "".join(kept)


def parse_page(html: str) -> Any:
    """The page's tree, or None when it is not HTML: trafilatura's ``load_html`` for a
    decoded page, with :data:`_PARSER`, and with what follows an early ``</html>`` kept
    (:func:`without_early_html_end_tags`)."""
    beginning = html[:50].lower()
    html = repair_faulty_html(without_early_html_end_tags(html), beginning)
    tree, fallback = None, False
    try:
        tree = lxml.html.fromstring(html, parser=_PARSER)
    except ValueError:  # a string with an encoding declaration
        tree, fallback = _from_bytes(html), True
    except Exception:  # trafilatura's guard: lxml's own failures
        tree = None
    if (tree is None or len(tree) < 1) and not fallback:
        tree = _from_bytes(html)
    if tree is not None and is_dubious_html(beginning) and len(tree) < 2:
        return None
    return tree


def _parse(html: str) -> Any:
    """:func:`parse_page`, quietly, its JSON-LD's letters decoded
    (:func:`_decode_json_ld_letters`); None when lxml cannot parse the page."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            tree = parse_page(html)
        except (etree.LxmlError, ValueError, TypeError):
            return None
    if tree is not None:
        _decode_json_ld_letters(tree)
    return tree


_NAMED_ENTITY = re.compile(r"&([A-Za-z][A-Za-z0-9]{1,31});")


def _decode_json_ld_letters(tree: Any) -> None:
    """Named HTML entities of letters in the page's JSON-LD written as the letters
    ("Jos&eacute; P&eacute;rez" is "José Pérez"), in place.

    Some CMSs escape a name's accents in their JSON-LD. trafilatura unescapes an author
    only when it holds "&#" or "&amp;", and splits authors at ";" and "&": the name came
    out as "Jos; Eacute; P; Eacute; Rez". Only entities that stand for letters are
    decoded: "&quot;" inside a JSON string would end it."""
    for script in JSON_LD_SCRIPTS(tree):
        text = script.text
        if text and "&" in text:
            with contextlib.suppress(ValueError):  # lxml refuses text it could not store
                script.text = _NAMED_ENTITY.sub(_letter_of, text)


def _letter_of(entity: re.Match[str]) -> str:
    letter = HTML5_ENTITIES.get(entity[1] + ";", "")
    return letter if letter.isalpha() else entity[0]


# Below this many characters the fast mode's main text is short for an article (about
# 150 words): the main pass may have kept only part of it, and a ``favor_recall`` pass
# adds the lines it finds, merged in place as in the precise mode (the text cleaners then
# apply to them as to the rest). One page in ten of the evaluation corpus's tuning part
# takes the second pass, ~5% more extraction CPU over the corpus.
SHORT_TEXT_CHARS = 1000


def extract_html_fast(html: str) -> ExtractedPage | None:
    """The ``fast`` mode: one parse, the metadata presswash keeps, one extraction pass
    (retried with ``favor_recall`` when it finds nothing, and merged with a ``favor_recall``
    pass when its text is short: :data:`SHORT_TEXT_CHARS`); None when no main text.

    Text, title, authors, site name and URL come out as the precise mode's main pass
    gives them; the date is the quick search's, and is missing more often."""
    tree = _parse(html)
    if tree is None:
        return None
    title_tag = _title_tag(tree)
    meta = _light_metadata(tree)  # first, on the tree the extraction then sees, as trafilatura does
    text = _bare_text(tree, meta.url)
    if text is None:
        text = _bare_text(tree, meta.url, favor_recall=True)
    elif len(text) < SHORT_TEXT_CHARS:
        text = merge_lines(text, _bare_text(tree, meta.url, favor_recall=True) or "")
    text = _declared_body(text or "", tree) or text
    if text is None:
        return None
    text = with_lead(text, tree, meta.title)
    site_links = site_link_share(tree, text, meta.url)
    return _page(text, _light_document(tree, meta), html, site_links=site_links, title_tag=title_tag)


def _light_document(tree: Any, meta: _Meta) -> Document:
    """``meta`` as a trafilatura :class:`Document`, tidied as ``bare_extraction`` tidies its
    metadata; the author, when the meta tags and JSON-LD name none, searched in the page's
    markup (:func:`_markup_author`: last, as it prunes a fragment's tree)."""
    author = meta.author or _markup_author(tree)
    kept = Document.from_dict(
        {"title": meta.title, "author": author, "date": meta.date, "sitename": meta.site_name, "url": meta.url}
    )
    kept.clean_and_trim()
    return kept


# A JSON-LD ``articleBody`` stands in for a short extraction when it is at least this many
# times as long: the page showed a teaser of it.
DECLARED_BODY_FACTOR = 2


def _declared_body(shown: str, tree: Any) -> str | None:
    """The article body the page declares in its JSON-LD
    (:func:`cleaners.json_ld.article_body`) where the text extracted, ``shown`` ("" for
    none), is short (:data:`SHORT_TEXT_CHARS`) and the body is
    :data:`DECLARED_BODY_FACTOR` times longer; None otherwise.

    A page rendered by a script, or behind a paywall, shows a teaser and a caption; the
    body it gives search engines is the article. Only a short text is replaced: where the
    page shows a long one, that is the article as the reader sees it."""
    if len(shown) >= SHORT_TEXT_CHARS:
        return None
    body = article_body(tree)
    if body is None or len(body) < DECLARED_BODY_FACTOR * len(shown):
        return None
    return body


def extract_page(html: str, mode: HtmlMode = DEFAULT_HTML_MODE) -> ExtractedPage | None:
    """The page's main text and metadata in ``mode`` (see the module docstring)."""
    if mode == "fast":
        return extract_html_fast(html)
    return extract_html(html)
