"""Telling HTML from plain text, by file name first and by content otherwise."""

from __future__ import annotations

import re
from typing import Literal

Format = Literal["text", "html"]

HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
TEXT_SUFFIXES = (".txt", ".text")

_HTML_START = re.compile(r"\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)\b", re.I | re.S)
_HTML_TAGS = re.compile(r"<(p|div|span|a|br|meta|title|article|section|script|table)\b[^>]*>", re.I)


def base_name(path: str) -> str:
    """The file name with a trailing ``.gz`` removed, lower-cased, for suffix checks."""
    name = path.rsplit("/", 1)[-1].lower()
    return name.removesuffix(".gz")


def sniff_format(path: str, text: str) -> Format:
    """``html`` for HTML file names or content that starts or is dense with tags."""
    name = base_name(path)
    if name.endswith(HTML_SUFFIXES):
        return "html"
    if name.endswith(TEXT_SUFFIXES):
        return "text"
    head = text[:4096]
    if _HTML_START.match(head):
        return "html"
    if len(_HTML_TAGS.findall(head)) >= 5:
        return "html"
    return "text"
