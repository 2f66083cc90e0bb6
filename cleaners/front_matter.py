"""A metadata header at the top of a plain text: the document's metadata, not its text.

Three shapes are read:

- YAML front matter: a ``---`` line, ``key: value`` lines, a closing ``---`` (or
  ``...``) line. Markdown files of static-site generators carry it, and so does
  trafilatura's own output with metadata (``trafilatura --with-metadata``: title, author,
  url, hostname, sitename, date, …).
- A reader service's header (r.jina.ai and the like): ``Title: …``, ``URL Source: …``,
  ``Published Time: …`` lines over a ``Markdown Content:`` line.
- A scraper's labelled lines: two or more ``Title: …``, ``URL: …``, ``Date: …`` lines,
  each a known field with a value, that give a title, an address or a date, then the text.

Each is recognised only where the text starts, and only when it names at least one
field read here (a markdown rule ``---`` over a paragraph is no header). What it names
becomes the record's title, publisher and domain, authors and publication time.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime

import yaml

from cleaners.dates import as_utc, parse_timestamp, stamped_day
from cleaners.rule_tables import shared_fragments

# A header is short: the search for its end stops after this many lines or characters.
MAX_LINES = 100
MAX_CHARS = 32_768
# A reader service's header lines over its content line.
MAX_READER_LINES = 20
# A title or name longer than this is not one.
MAX_VALUE_CHARS = 500

# Field names as headers and scrapers' JSON records write them, compared without case,
# spaces, "_" and "-"; each in the order of preference when a header has several (a
# tuple: a set's order changes with every process's string hashing).
TITLE_KEYS = ("title", "headline")
URL_KEYS = ("url", "canonicalurl", "canonical", "permalink", "link", "urlsource", "sourceurl", "source")
HOST_KEYS = ("hostname", "host", "domain", "sourcedomain")
SITE_KEYS = ("sitename", "site", "sourcehostname", "publisher", "source", "sourcename", "outlet")
AUTHOR_KEYS = ("author", "authors", "byline", "creator")
# A WordPress record's "date" is the site's local time, its "date_gmt" UTC.
DATE_KEYS = (
    "datepublished",
    "published",
    "publishedat",
    "publishedtime",
    "publishdate",
    "datepublish",
    "pubdate",
    "dategmt",
    "date",
)
KNOWN_KEYS = frozenset(TITLE_KEYS + URL_KEYS + HOST_KEYS + SITE_KEYS + AUTHOR_KEYS + DATE_KEYS)

_YAML_FENCE = "---"
_YAML_ENDS = ("---", "...")
_READER_CONTENT = re.compile(r"(markdown )?content:", re.I)
_KEY_VALUE = re.compile(r"([A-Za-z][\w .-]{0,40}?)\s*:(?:\s+(.*))?")
_URL = re.compile(r"https?://\S+", re.I)
_SPACES = re.compile(r"\s+")

# libyaml's safe loader where PyYAML was built with it (plain data only, as safe_load).
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class FrontMatter:
    """A header's span (``start``, ``end``: offsets in the text) and the fields read from it."""

    start: int
    end: int
    title: str | None = None
    url: str | None = None  # the page's address, or its host name
    site_name: str | None = None
    authors: tuple[str, ...] = ()
    published_at: datetime | None = None


def field_key(name: str) -> str:
    """A field's name as the key tables write it: lower case, without spaces, "_" and "-"."""
    return re.sub(r"[\s_-]+", "", name).casefold()


def _lines_from(text: str, start: int) -> Iterator[tuple[int, int, str]]:
    """(start, end, stripped text) of each line from offset ``start``, within the header limits."""
    pos = start
    for _ in range(MAX_LINES):
        if pos >= len(text) or pos - start > MAX_CHARS:
            return
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        yield pos, end, text[pos:end].strip()
        pos = end + 1


def read_front_matter(text: str) -> FrontMatter | None:
    """The metadata header the text starts with (after blank lines), or None."""
    start = next((i for i, ch in enumerate(text) if not ch.isspace()), len(text))
    first_end = text.find("\n", start)
    first = text[start : first_end if first_end >= 0 else len(text)].strip()
    if first == _YAML_FENCE:
        return _yaml_header(text, start, first_end)
    if _KEY_VALUE.fullmatch(first):
        return _reader_header(text, start)
    return None


def _yaml_header(text: str, start: int, first_end: int) -> FrontMatter | None:
    if first_end < 0:
        return None
    for line_start, line_end, line in _lines_from(text, first_end + 1):
        if line in _YAML_ENDS:
            fields = _yaml_fields(text[first_end + 1 : line_start])
            return front_matter_of(fields, start, line_end) if fields is not None else None
    return None


def _yaml_fields(block: str) -> Mapping[str, object] | None:
    """The block's fields: YAML, else ``key: value`` lines read one by one (trafilatura
    writes an unquoted description that may hold ": ", which YAML refuses)."""
    try:
        loaded = yaml.load(block, Loader=_Loader)  # a safe loader: plain data only
    except (yaml.YAMLError, ValueError, TypeError, OverflowError, RecursionError):
        # Not only YAMLError: a date out of range ("0000-00-00") raises from the
        # constructor, and deep nesting from the recursion limit.
        loaded = None
    if isinstance(loaded, dict):
        return {str(k): v for k, v in loaded.items()}
    fields: dict[str, object] = {}
    for line in block.split("\n"):
        if not line.strip() or line[:1].isspace() or line.lstrip().startswith("- "):
            continue  # a value's continuation or a list item
        found = _KEY_VALUE.fullmatch(line.strip())
        if found is None:
            return None
        fields[found[1]] = (found[2] or "").strip().strip("\"'")
    return fields or None


def _reader_header(text: str, start: int) -> FrontMatter | None:
    """A reader service's header over its content line, else a block of labelled lines
    (:func:`_labelled_block`)."""
    fields: dict[str, object] = {}
    for _, line_end, line in _lines_from(text, start):
        if len(fields) > MAX_READER_LINES:
            break
        if not line:
            continue
        if _READER_CONTENT.fullmatch(line):
            return front_matter_of(fields, start, line_end) if fields else None
        found = _KEY_VALUE.fullmatch(line)
        if found is None:
            break
        fields[found[1]] = (found[2] or "").strip()
    return _labelled_block(text, start)


# A scraper's dump often opens with its fields one per line ("Title: …", "URL: …",
# "Date: …") and then the text: at least this many lines, every one a known field (or
# one line that gives the page's address, "URL: https://…").
MIN_LABELLED_LINES = 2


def _labelled_block(text: str, start: int) -> FrontMatter | None:
    """The lines from ``start`` up to the first blank line or other line, when each is a
    known field with a value and they give a title, an address or a date: a scraper's
    dump header without a reader service's content line."""
    fields: dict[str, object] = {}
    end = start
    for _, line_end, line in _lines_from(text, start):
        found = _KEY_VALUE.fullmatch(line) if line else None
        if found is None or field_key(found[1]) not in KNOWN_KEYS or not found[2]:
            break
        fields[found[1]] = found[2].strip()
        end = line_end
        if len(fields) > MAX_READER_LINES:
            return None
    header = front_matter_of(fields, start, end) if fields else None
    if header is None:
        return None
    has_address = _URL.match(header.url or "") is not None
    if len(fields) < MIN_LABELLED_LINES and not has_address:
        return None  # one line alone is a header only when it gives the page's address
    if not (header.title or header.published_at or has_address):
        return None  # "Source: Reuters" over "Author: Jane Doe": the noise rules' lines
    return header


def front_matter_of(fields: Mapping[str, object], start: int = 0, end: int = 0) -> FrontMatter | None:
    """The header's fields read from ``fields`` (names as :func:`field_key` writes them);
    None when it names none of them."""
    by_key: dict[str, object] = {}
    for name, value in fields.items():
        by_key.setdefault(field_key(name), value)
    if not KNOWN_KEYS & by_key.keys():
        return None
    urls = [v for k in URL_KEYS if isinstance(v := by_key.get(k), str) and _URL.fullmatch(v.strip())]
    hosts = [v.strip() for k in HOST_KEYS if isinstance(v := by_key.get(k), str) and v.strip()]
    sites = [n for k in SITE_KEYS if (n := _name(by_key.get(k))) and not _URL.match(n)]
    return FrontMatter(
        start=start,
        end=end,
        title=next((t for k in TITLE_KEYS if (t := _name(by_key.get(k)))), None),
        url=next(iter(urls + hosts), None),
        site_name=sites[0] if sites else None,
        authors=tuple(_authors(by_key.get(k) for k in AUTHOR_KEYS)),
        published_at=next((d for k in DATE_KEYS if (d := _timestamp(by_key.get(k)))), None),
    )


def _name(value: object) -> str | None:
    """A one-line string value, whitespace collapsed; None for anything else."""
    if not isinstance(value, str):
        return None
    name = _SPACES.sub(" ", value).strip()
    return name if 0 < len(name) <= MAX_VALUE_CHARS else None


# What joins the names of a list in an author field or a byline: a comma, or the rules'
# ``name_join`` words (rules/fragments.toml). Lower case only: a capital "E" is a middle
# initial whose dot an extractor dropped ("Gustavo E Méndez").
# An interview's credit joins its two people too ("Richard David Precht im Gespräch mit
# Karin Fischer", as radio sites credit a conversation).
_IN_CONVERSATION_WITH = (
    "im gespräch mit|in conversation with|en conversation avec|en conversación con|w rozmowie z"
    "|in conversazione con|in gesprek met|em conversa com"
)
_NAME_JOINS = re.compile(rf"\s*[,&]\s*|\s+(?:{shared_fragments()['name_join']}|(?i:{_IN_CONVERSATION_WITH}))\s+")


def split_authors(raw: str | None) -> tuple[str, ...]:
    """The names in an author field or a byline's list: "Jane Doe; John Roe", "Jane Doe
    and John Roe", "Fiona Bornhöft und Mariam Hofbeck", "Jessica Holly, Gail Levy". A
    comma, "&" or a conjunction separates names only when every part is two words or
    more: "Doe, Jane" is one name written surname first, "Deutscher Caritasverband e V"
    one association."""
    if not raw:
        return ()
    names: list[str] = []
    for chunk in raw.split(";"):
        parts = [p.strip() for p in _NAME_JOINS.split(chunk)]
        listed = len(parts) > 1 and all(len(p.split()) >= 2 for p in parts)
        names.extend(parts if listed else [chunk.strip()])
    return tuple(n for n in names if n)


# How deep author fields nest: a list of names or of mappings with a name. YAML aliases
# can make a list that holds itself ("&a [*a]"): deeper levels are not read.
AUTHOR_DEPTH = 2


def _authors(values: Iterable[object], depth: int = 0) -> Iterator[str]:
    """Names from author fields (:func:`split_authors`), lists of them, and mappings with
    a ``name`` (Hugo's author objects), :data:`AUTHOR_DEPTH` levels down at most."""
    for value in values:
        if isinstance(value, list | dict) and depth >= AUTHOR_DEPTH:
            continue
        if isinstance(value, list):
            yield from _authors(value, depth + 1)
        elif isinstance(value, dict):
            yield from _authors([value.get("name")], depth + 1)
        elif (name := _name(value)) is not None:
            yield from split_authors(name)


def _timestamp(value: object) -> datetime | None:
    """A datetime or date as an aware UTC datetime (:func:`cleaners.dates.as_utc`); a
    string in ISO 8601 (:func:`cleaners.dates.parse_timestamp`), RFC 2822 ("Fri, 06 May
    2022 10:00:00 GMT") or as a date stamp writes it (:func:`cleaners.dates.stamped_day`:
    "6. Mai 2022", "May 6, 2022")."""
    if isinstance(value, datetime):
        return as_utc(value)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    if not isinstance(value, str) or not value.strip():
        return None
    raw = value.strip()
    parsed = parse_timestamp(raw)
    if parsed is None:
        try:
            parsed = as_utc(parsedate_to_datetime(raw))
        except (TypeError, ValueError, IndexError):
            parsed = stamped_day(raw)
    return parsed
