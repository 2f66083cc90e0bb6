"""Main text and metadata of an HTML page, through trafilatura.

trafilatura parses with lxml, which resolves no external entities and loads nothing
from the network; it is given the page as a string we decoded ourselves.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from datetime import UTC, datetime

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


def extract_html(html: str, *, favor_precision: bool = False) -> ExtractedPage | None:
    """trafilatura's main text and metadata; None when it finds no main text."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # lxml's FutureWarnings from inside trafilatura
        doc = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            favor_precision=favor_precision,
            date_extraction_params=_DATE_PARAMS,
        )
    if doc is None or isinstance(doc, dict) or not doc.text:
        return None
    return ExtractedPage(
        text=str(doc.text),
        title=doc.title or None,
        authors=_split_authors(doc.author),
        published_at=parse_timestamp(doc.date),
        site_name=doc.sitename or None,
        url=doc.url or None,
    )
