"""The article body a page declares in its JSON-LD (schema.org's ``articleBody``).

A news page whose HTML shows only a teaser, because the article is rendered by a script
or sits behind a paywall, often still gives the whole text to search engines in a
``<script type="application/ld+json">`` block. trafilatura reads that block for metadata
only; its ``baseline`` reads the body, but as a last resort that also takes every
paragraph of the page. :func:`article_body` reads the body alone, and both HTML modes
(:mod:`cleaners.html`) take it where the page's own text is short.
"""

from __future__ import annotations

import contextlib
import html
import json
from collections.abc import Iterator
from typing import Any

import lxml.html
from lxml import etree

# The page's JSON-LD blocks (cleaners/html.py also decodes their letters).
JSON_LD_SCRIPTS = etree.XPath("//script[contains(@type, 'ld+json')]")
# Elements that end a line of text when an HTML body is read as text.
_LINE_ENDING_TAGS = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "br", "figcaption")
# How deep the JSON is walked: an article sits at the top, in a list or in an ``@graph``.
_MAX_DEPTH = 6


def _bodies(value: Any, depth: int = 0) -> Iterator[str]:
    """Every ``articleBody`` string in a parsed JSON-LD value."""
    if depth > _MAX_DEPTH:
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "articleBody" and isinstance(item, str):
                yield item
            elif isinstance(item, dict | list):
                yield from _bodies(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            yield from _bodies(item, depth + 1)


def _html_as_text(body: str) -> str:
    """An HTML fragment's text, one line per block element."""
    try:
        root = lxml.html.fragment_fromstring(body, create_parent="div")
    except (etree.LxmlError, ValueError):
        return body
    etree.strip_elements(root, "script", "style", with_tail=False)
    for element in root.iter(*_LINE_ENDING_TAGS):
        element.tail = "\n" + (element.tail or "")
    return str(root.text_content())


def _as_lines(body: str) -> str:
    """``body`` (plain text, or HTML when it holds tags) as lines of text, entities decoded,
    spaces collapsed, empty lines left out."""
    text = _html_as_text(body) if "</" in body or "<br" in body else html.unescape(body)
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def article_body(tree: Any) -> str | None:
    """The longest ``articleBody`` in the page's JSON-LD blocks, as lines of text; None
    when the page declares none (or only empty ones). Blocks that are not valid JSON are
    skipped."""
    bodies: list[str] = []
    for script in JSON_LD_SCRIPTS(tree):
        source = script.text
        if source and "articleBody" in source:
            with contextlib.suppress(ValueError, RecursionError):
                bodies.extend(_bodies(json.loads(source, strict=False)))
    texts = [_as_lines(body) for body in bodies]
    return max(texts, key=len, default="") or None
