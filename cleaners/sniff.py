"""Telling HTML from plain text, by file name first and by content otherwise."""

from __future__ import annotations

import re
from typing import Literal

Format = Literal["text", "html", "json"]  # json: a scraper's record (cleaners/json_document.py)

HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
TEXT_SUFFIXES = (".txt", ".text")

_HTML_START = re.compile(r"\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)\b", re.I | re.S)
_HTML_TAGS = re.compile(r"<(p|div|span|a|br|meta|title|article|section|script|table)\b[^>]*>", re.I)


def base_name(path: str) -> str:
    """The file name with a trailing ``.gz`` removed, lower-cased, for suffix checks."""
    name = path.rsplit("/", 1)[-1].lower()
    return name.removesuffix(".gz")


def starts_as_page(text: str) -> bool:
    """Whether the text starts as an HTML document does (a doctype, ``<html>``, ``<head>``
    or ``<body>``, after an XML declaration and comments)."""
    return _HTML_START.match(text[:4096]) is not None


def has_markup(text: str) -> bool:
    """Whether a text field holds HTML: any common tag near its start (a CMS's
    ``content`` field is a fragment, without ``<html>`` or ``<body>``)."""
    return starts_as_page(text) or _HTML_TAGS.search(text[:4096]) is not None


def sniff_format(path: str, text: str) -> Format:
    """``html`` for HTML file names or content that starts or is dense with tags."""
    name = base_name(path)
    if name.endswith(HTML_SUFFIXES):
        return "html"
    if name.endswith(TEXT_SUFFIXES):
        return "text"
    if starts_as_page(text):
        return "html"
    if len(_HTML_TAGS.findall(text[:4096])) >= 5:
        return "html"
    return "text"
