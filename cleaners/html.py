"""Main text and metadata of an HTML page, through trafilatura.

trafilatura parses with lxml, which resolves no external entities and loads nothing
from the network; it is given the page as a string we decoded ourselves.

Three passes. The main pass (trafilatura's balanced defaults, comments left out) gives
the text and metadata; a ``favor_recall`` pass adds the lines it found that the main pass
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

import difflib
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import lxml.html
import trafilatura
from lxml import etree

from cleaners.normalize import normalize_text

# Dates with the time of day where the page gives it; trafilatura's default is the day.
_DATE_PARAMS = {"extensive_search": True, "original_date": True, "outputformat": "%Y-%m-%dT%H:%M:%S%z"}


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


def _split_authors(raw: str | None) -> tuple[str, ...]:
    if not raw:
        return ()
    return tuple(a.strip() for a in raw.replace(" and ", ";").split(";") if a.strip())


def parse_timestamp(raw: str | None) -> datetime | None:
    """An ISO date or timestamp as an aware UTC datetime; naive times are taken as UTC."""
    if not raw:
        return None
    try:
        parsed = datetime.fromisoformat(raw)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def _bare(html: str, *, favor_precision: bool = False, favor_recall: bool = False) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # lxml's FutureWarnings from inside trafilatura
        return trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            favor_precision=favor_precision,
            favor_recall=favor_recall,
            date_extraction_params=_DATE_PARAMS,
        )


def _pass_text(html: str, *, favor_precision: bool = False, favor_recall: bool = False) -> str | None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        text = trafilatura.extract(
            html,
            favor_precision=favor_precision,
            favor_recall=favor_recall,
            include_comments=False,
            include_tables=True,
        )
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
    known = {" ".join(line.split()) for line in ours}
    merged: list[str] = []
    matcher = difflib.SequenceMatcher(None, ours, theirs, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        merged.extend(ours[i1:i2])
        if tag in ("insert", "replace"):
            merged.extend(line for line in theirs[j1:j2] if " ".join(line.split()) not in known)
    return "\n".join(merged)


# Elements whose text can come out as one line of an extraction.
_BLOCK_TAGS = (
    "p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dd", "dt", "blockquote",
    "div", "span", "a", "figcaption", "section", "article", "header", "footer", "nav",
    "aside", "strong", "em", "b",
)  # fmt: skip
_MAX_BLOCK_CHARS = 2000


def link_density(html: str) -> dict[str, float]:
    """For the text of each block of the page (normalized, whitespace collapsed), the
    share of it that is link text; the highest share when several blocks have the same
    text."""
    try:
        parser = lxml.html.HTMLParser(remove_comments=True, no_network=True)
        root = lxml.html.document_fromstring(html, parser=parser)
    except (etree.LxmlError, ValueError):
        return {}
    etree.strip_elements(root, "script", "style", "noscript", with_tail=False)
    out: dict[str, float] = {}
    for el in root.iter(*_BLOCK_TAGS):
        text = " ".join(el.text_content().split())
        if not text or len(text) > _MAX_BLOCK_CHARS:
            continue
        if el.tag == "a":
            share = 1.0
        else:
            linked = sum(len(" ".join(a.text_content().split())) for a in el.iter("a"))
            share = min(1.0, linked / len(text))
        key = " ".join(normalize_text(text).split())
        out[key] = max(out.get(key, 0.0), share)
    return out


def extract_html(html: str, *, favor_precision: bool = False, second_pass: bool = True) -> ExtractedPage | None:
    """trafilatura's main text and metadata; None when it finds no main text.

    With ``second_pass``, the text also has the lines only a ``favor_recall`` pass found,
    and the page carries the text of a ``favor_precision`` pass and the link density of
    its blocks. A main pass that finds nothing is retried with ``favor_recall``.
    """
    doc = _bare(html, favor_precision=favor_precision)
    recalled = False
    if doc is None or isinstance(doc, dict) or not doc.text:
        doc = _bare(html, favor_recall=True)
        recalled = True
    if doc is None or isinstance(doc, dict) or not doc.text:
        return None
    more = second_pass and not favor_precision
    text = str(doc.text)
    if more and not recalled:
        text = merge_lines(text, _pass_text(html, favor_recall=True) or "")
    return ExtractedPage(
        text=text,
        title=doc.title or None,
        authors=_split_authors(doc.author),
        published_at=parse_timestamp(doc.date),
        site_name=doc.sitename or None,
        url=doc.url or None,
        precision_text=_pass_text(html, favor_precision=True) if more else None,
        link_density=link_density(html) if more else {},
    )
