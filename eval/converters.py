"""The systems compared: bare trafilatura baselines and the noisy-text converters.

Each function takes a decoded HTML page and returns text ("" when it finds nothing).
The converters stand for what scrapers feed presswash: a whole-page HTML-to-text
conversion (inscriptis, html2text) and article extractors run for recall
(readability-lxml, trafilatura with ``favor_recall`` and comments).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable

import trafilatura

# The converters' libraries (the [eval] extras) are imported where a converter runs, so
# that the harness's own logic (eval.run) imports without them, for the tests.


def _quiet(fn: Callable[[str], str | None], page: str) -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return fn(page) or ""
        except ImportError:  # a missing converter is an error, never an empty output
            raise
        except Exception:  # a converter failing on a page is an empty output, as in a scraper
            return ""


def trafilatura_default(page: str) -> str:
    return _quiet(trafilatura.extract, page)


def trafilatura_precision(page: str) -> str:
    return _quiet(lambda p: trafilatura.extract(p, favor_precision=True), page)


def _inscriptis(page: str) -> str:
    from inscriptis import get_text

    return str(get_text(page))


def _html2text(page: str, links: bool = False) -> str:
    import html2text

    h = html2text.HTML2Text()
    h.body_width = 0
    h.ignore_links = not links  # scraping services' markdown keeps them (eval.markdown_links)
    h.ignore_images = True
    h.ignore_emphasis = True
    h.unicode_snob = True
    return str(h.handle(page))


def _readability(page: str) -> str:
    from inscriptis import get_text
    from readability import Document

    doc = Document(page)
    summary = doc.summary(html_partial=True)
    body = get_text(summary) if summary.strip() else ""
    title = doc.short_title() or ""
    return f"{title}\n\n{body}" if title else body


def _trafilatura_recall(page: str) -> str | None:
    return trafilatura.extract(page, favor_recall=True, include_comments=True)


def inscriptis_text(page: str) -> str:
    return _quiet(_inscriptis, page)


def html2text_text(page: str) -> str:
    return _quiet(_html2text, page)


def html2text_links_text(page: str) -> str:
    return _quiet(lambda p: _html2text(p, links=True), page)


def readability_text(page: str) -> str:
    return _quiet(_readability, page)


def trafilatura_recall_text(page: str) -> str:
    return _quiet(_trafilatura_recall, page)


BASELINES: dict[str, Callable[[str], str]] = {
    "trafilatura": trafilatura_default,
    "trafilatura_precision": trafilatura_precision,
}

CONVERTERS: dict[str, Callable[[str], str]] = {
    "inscriptis": inscriptis_text,
    "html2text": html2text_text,
    "readability": readability_text,
    "trafilatura_recall": trafilatura_recall_text,
}
