"""A scraper's JSON record: one article as a JSON object, its text in one field and its
metadata in the others.

Scrapers and extractors save articles this way: news-please (``maintext``, ``title``,
``authors``, ``date_publish``, ``url``, ``source_domain``), trafilatura's JSON output
(``text``, ``title``, ``author``, ``date``, ``source``, ``hostname``, ``sitename``), a
CMS's REST API (WordPress: ``content.rendered``, ``title.rendered``, ``link``,
``date_gmt``), schema.org's ``NewsArticle`` (``articleBody``, ``headline``,
``author.name``, ``datePublished``). The text field is the document's text, HTML or plain;
the metadata fields are read as a text's metadata header is
(:func:`cleaners.front_matter.front_matter_of`).

One file is one document. A file of many records (a JSON array, JSON lines) is refused
with a reason rather than read as one text, braces and all.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping
from dataclasses import dataclass

from cleaners.decode import Unusable
from cleaners.front_matter import FrontMatter, field_key, front_matter_of
from cleaners.sniff import base_name, starts_as_page

JSON_SUFFIXES = (".json",)
JSON_LINES_SUFFIXES = (".jsonl", ".ndjson")
# The text field, by its name compared without case, "_" and "-"; the first one present
# with text wins (trafilatura writes "text" and a "raw_text" copy; news-please's
# "description" is a summary, not the text). A crawler's record may hold only the page
# ("html"): its main text is then extracted as a saved page's is.
BODY_KEYS = ("maintext", "articlebody", "text", "content", "body", "fulltext", "rawtext", "html", "rawhtml")


@dataclass(frozen=True)
class JsonDocument:
    body: str  # the text field's text: plain text, or HTML as a page (see as_page)
    header: FrontMatter  # what the other fields say (title, url, authors, date, …)


def as_page(body: str) -> str:
    """An HTML text field as a page: a CMS's fragment (``<p>…</p>``) inside a body, where
    trafilatura looks for the main text (it finds none in a bare fragment)."""
    if starts_as_page(body):
        return body
    return f"<html><body><article>{body}</article></body></html>"


def _braced(text: str) -> bool:
    """Whether the text is one JSON object or array from its first character to its last,
    by those characters (no copy of the whole text)."""
    return (text[:256].lstrip()[:1], text[-256:].rstrip()[-1:]) in (("{", "}"), ("[", "]"))


def read_json_document(path: str, text: str) -> JsonDocument | None:
    """The document a JSON file holds. None when the input is no JSON: not named as JSON
    and not one JSON value from its first character to its last (it is then read as text).
    :class:`~cleaners.decode.Unusable` when it is JSON that holds no document or several."""
    named = base_name(path).endswith(JSON_SUFFIXES + JSON_LINES_SUFFIXES)
    if not named and not _braced(text):
        return None
    try:
        value = json.loads(text)
    except RecursionError:
        if not named:
            return None
        raise Unusable("bad_json", "nested deeper than the parser's limit") from None
    except ValueError as bad:
        if not named:
            return None  # text in braces ("{ … }") that is no JSON
        records = _json_lines(text)
        if records > 1:
            raise Unusable("many_documents", _many(records)) from None
        raise Unusable("bad_json", f"not valid JSON: {bad}") from None
    if isinstance(value, list):
        if len(value) == 1 and isinstance(value[0], dict):
            value = value[0]
        else:
            raise Unusable("many_documents", _many(len(value)))
    if not isinstance(value, dict):
        raise Unusable("no_text_field", f"the JSON is a {type(value).__name__}, not an object with a text field")
    fields = {str(k): _flat(v) for k, v in value.items()}
    by_key = {field_key(k): v for k, v in reversed(fields.items())}
    body = next((v for k in BODY_KEYS if isinstance(v := by_key.get(k), str) and v.strip()), None)
    if body is None:
        names = ", ".join(sorted(fields)[:12])
        raise Unusable("no_text_field", f"no text field ({'/'.join(BODY_KEYS)}) among: {names}")
    header = front_matter_of(fields) or FrontMatter(0, 0)
    return JsonDocument(body, header)


def _flat(value: object) -> object:
    """A WordPress field's ``{"rendered": …}`` as its text (entities decoded); anything
    else as it is."""
    if isinstance(value, Mapping) and isinstance(rendered := value.get("rendered"), str):
        return html.unescape(rendered)
    return value


def _json_lines(text: str) -> int:
    """How many JSON objects the text holds one per line (0 when any line is not one)."""
    lines = [line for line in text.split("\n") if line.strip()]
    for line in lines[:1000]:
        try:
            if not isinstance(json.loads(line), dict):
                return 0
        except (ValueError, RecursionError):
            return 0
    return len(lines)


def _many(count: int) -> str:
    return f"{count} records in one file: presswash reads one document per file (split it: presswash split-records)"
