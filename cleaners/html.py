"""Main text and metadata of an HTML page, through trafilatura.

trafilatura parses with lxml, which resolves no external entities and loads nothing
from the network; it is given the page as a string we decoded ourselves.

Two passes. The main pass (trafilatura's balanced defaults, comments left out) gives the
text and metadata; a second pass with ``favor_precision`` gives the lines trafilatura is
surest of. The text cleaner keeps every line of the main pass that the precision pass
confirms or that reads as prose, and removes the rest as ``layout.unconfirmed`` (see
:func:`cleaners.engine.clean_text`): short lines only the lenient pass kept are mostly
navigation, dates and teasers. When the main pass finds nothing, a ``favor_recall`` pass
is tried before the page is rejected.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import trafilatura

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


def _precision_text(html: str) -> str | None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        text = trafilatura.extract(html, favor_precision=True, include_comments=False, include_tables=True)
    return str(text) if text else None


def extract_html(html: str, *, favor_precision: bool = False, second_pass: bool = True) -> ExtractedPage | None:
    """trafilatura's main text and metadata; None when it finds no main text.

    With ``second_pass``, the page also carries the text of a ``favor_precision`` pass.
    A main pass that finds nothing is retried with ``favor_recall``.
    """
    doc = _bare(html, favor_precision=favor_precision)
    if doc is None or isinstance(doc, dict) or not doc.text:
        doc = _bare(html, favor_recall=True)
    if doc is None or isinstance(doc, dict) or not doc.text:
        return None
    return ExtractedPage(
        text=str(doc.text),
        title=doc.title or None,
        authors=_split_authors(doc.author),
        published_at=parse_timestamp(doc.date),
        site_name=doc.sitename or None,
        url=doc.url or None,
        precision_text=_precision_text(html) if second_pass and not favor_precision else None,
    )
