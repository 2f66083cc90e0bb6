"""One raw file's bytes to an article record or a reject record.

The whole per-document path, as a pure function: decompress, decode, sniff, extract
(HTML), clean, lift the title, resolve the publisher, identify the language, count.
No I/O: the caller reads the bytes and adds run-level fields.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import partial

from cleaners.authors import author_names
from cleaners.dates import DateStamp, byline_day, date_stamp, head_lines
from cleaners.decode import GZIP_MAGIC, Unusable, decode_bytes, gunzip
from cleaners.engine import ARTICLE_HEAD_BEFORE, BEFORE_MAIN, CleanResult, clean_text
from cleaners.front_matter import FrontMatter, split_authors
from cleaners.hostile import defuse_html
from cleaners.html import DEFAULT_HTML_MODE, ExtractedPage, HtmlMode, extract_page
from cleaners.json_document import as_page, read_json_document
from cleaners.language import DEFAULT_BACKEND, Backend, LanguageGuess, detect_language
from cleaners.options import Limits as Limits
from cleaners.options import MiB as MiB
from cleaners.publisher import (
    article_url,
    domain_name,
    publisher_for_domain,
    publisher_for_name,
    registered_domain,
    resolve_publisher,
)
from cleaners.repetition import RepeatedLines, outlet_key
from cleaners.rule_tables import Rule, generic_rules
from cleaners.sniff import Format, has_markup, sniff_format
from cleaners.title import document_title, site_key, site_named_in_titles, site_part

TITLE_KIND = "title"
BYLINE_KIND = "byline"


@dataclass(frozen=True)
class ArticleRecord:
    doc_id: str
    source_path: str
    raw_sha256: str
    raw_bytes: int
    format: Format
    title: str | None
    text: str
    publisher: str | None
    publisher_domain: str | None
    url: str | None  # the page's own address: its canonical link, or a text's header
    authors: list[str]
    published_at: datetime | None
    language: str | None
    language_score: float | None
    word_count: int
    char_count: int
    removed_chars: int
    removed: list[dict[str, object]] = field(default_factory=list)
    text_sha256: str = ""
    duplicate_of: str | None = None  # doc_id of the first copy seen (flows/dedupe.py)


@dataclass(frozen=True)
class RejectRecord:
    source_path: str
    raw_sha256: str | None
    raw_bytes: int | None
    reason: str
    detail: str


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# The rule that removes a date's line with the section it is filed in ("21.01.2022
# Aktuelle Meldung", "2021-10-16 | Botschaft"): the line still dates the article.
DATE_LINE_RULE = "housekeeping.date_category_line"


def _text_date_stamp(result: CleanResult) -> DateStamp:
    """A plain text's publication day and stamped author, from the first source that gives
    one: its metadata header (the day), a byline the cleaners removed (the day; its author
    is a fact already), the date stamps over the cleaned text, the dated lines
    :data:`DATE_LINE_RULE` removed over the article, the stamps the trim removed right
    over a page dump's article."""
    header = result.facts.header.published_at if result.facts.header else None
    bylines = (r.text for r in result.removals if r.kind == BYLINE_KIND)
    in_bylines = next((day for line in bylines if (day := byline_day(line)) is not None), None)
    in_text = date_stamp(result.text)
    dated = [r for r in result.removals if r.rule == DATE_LINE_RULE]
    if dated:
        head_end = _stamp_lines_end(result)
        dated = [r for r in dated if r.start < head_end]
    filed = date_stamp("\n".join(r.text for r in dated)) if dated else DateStamp(None, None)
    trimmed = [r.text for r in result.removals if r.rule == BEFORE_MAIN[0]][-ARTICLE_HEAD_BEFORE:]
    near = date_stamp("\n".join(trimmed)) if trimmed else DateStamp(None, None)
    return DateStamp(header or in_bylines or in_text.day or filed.day or near.day, in_text.author or near.author)


def _stamp_lines_end(result: CleanResult) -> int:
    """Where in the source the last of the cleaned text's lines that may hold its date
    stamp (:func:`cleaners.dates.head_lines`) ends: a line removed before it stood where a
    stamp is read. The lines are found in the source in order; one the cleaning changed
    (a span cut out of it) ends the search there."""
    at = 0
    for line in map(str.strip, head_lines(result.text)):
        found = result.source.find(line, at)
        if found < 0:
            break
        at = found + len(line)
    return at


def _raw_text(raw: bytes, source_path: str, limits: Limits) -> str:
    if len(raw) > limits.max_raw_bytes:
        raise Unusable("too_large", f"{len(raw)} bytes is over the {limits.max_raw_bytes}-byte cap")
    if source_path.lower().endswith(".gz") or raw.startswith(GZIP_MAGIC):
        raw = gunzip(raw, limits.max_decompressed_bytes)
    if not raw.strip():
        raise Unusable("empty", "no bytes but whitespace")
    text = decode_bytes(raw).text
    if not text.strip():
        raise Unusable("empty", "no characters but whitespace")
    return text


# The generic rules with an outlet's own, by the outlet's rules tuple: the same tuple for
# every document of the outlet (the engine plans a rule list once per list object). The
# generic tuple is checked too: the evaluation's ablation swaps ``generic_rules``.
_RULES_WITH: dict[int, tuple[tuple[Rule, ...], tuple[Rule, ...], tuple[Rule, ...]]] = {}
_MAX_OUTLET_LISTS = 256


def _with_outlet_rules(extra: tuple[Rule, ...]) -> tuple[Rule, ...]:
    generic = generic_rules()
    known = _RULES_WITH.get(id(extra))
    if known is None or known[0] is not extra or known[1] is not generic:
        if len(_RULES_WITH) >= _MAX_OUTLET_LISTS:  # rules made on the fly (tests): keep it bounded
            _RULES_WITH.clear()
        known = _RULES_WITH[id(extra)] = (extra, generic, generic + extra)  # held: the ids are not reused
    return known[2]


def _clean(
    text: str,
    *,
    header: FrontMatter | None,
    lift_title: bool,
    trim: bool,
    extra: tuple[Rule, ...] = (),
    repeated: RepeatedLines | None = None,
    site: str | None = None,
    confirmed_by: str | None = None,
    link_density: Mapping[str, float] | None = None,
    site_links: Mapping[str, float] | None = None,
) -> CleanResult:
    return clean_text(
        text,
        _with_outlet_rules(extra),
        lift_title=lift_title,
        trim_to_main_block=trim,
        markdown_sections=trim,
        front_matter=trim,
        header=header,
        repeated=repeated,
        site=site,
        confirmed_by=confirmed_by,
        link_density=link_density,
        site_links=site_links,
    )


def process_document(
    raw: bytes,
    source_path: str,
    limits: Limits | None = None,
    *,
    language_backend: Backend = DEFAULT_BACKEND,
    repeated: RepeatedLines | None = None,
    site: str | None = None,
    html_mode: HtmlMode = DEFAULT_HTML_MODE,
    identify_language: bool = True,
) -> ArticleRecord | RejectRecord:
    """Turn one input's bytes into an :class:`ArticleRecord`, or say why not.

    ``repeated``: boilerplate lines learned from the corpus (:mod:`cleaners.repetition`),
    applied for ``site`` (default: the registered domain of the page's URL, if any, else
    the outlet the cleaning found, :func:`cleaners.repetition.outlet_key`).
    ``html_mode``: how pages are extracted, ``fast`` (one trafilatura pass) or
    ``precise`` (three; see :mod:`cleaners.html`).
    ``identify_language=False`` leaves ``language`` and ``language_score`` None, for the
    caller to fill in with :func:`with_language` (a batch at a time, see
    :func:`flows.process.process_items`).
    """
    return inspect_document(
        raw,
        source_path,
        limits,
        language_backend=language_backend,
        repeated=repeated,
        site=site,
        html_mode=html_mode,
        identify_language=identify_language,
    )[0]


def with_language(record: ArticleRecord, language_backend: Backend = DEFAULT_BACKEND) -> ArticleRecord:
    """``record`` with the language of its text identified."""
    guess = detect_language(record.text, language_backend)
    return replace(record, language=guess.language, language_score=guess.score)


def inspect_document(
    raw: bytes,
    source_path: str,
    limits: Limits | None = None,
    *,
    language_backend: Backend = DEFAULT_BACKEND,
    repeated: RepeatedLines | None = None,
    site: str | None = None,
    html_mode: HtmlMode = DEFAULT_HTML_MODE,
    identify_language: bool = True,
) -> tuple[ArticleRecord | RejectRecord, CleanResult | None]:
    """The record for one input together with the cleaning that produced it."""
    limits = limits or Limits()
    digest = sha256_hex(raw)
    given: FrontMatter | None = None  # a JSON record's metadata fields
    try:
        text = _raw_text(raw, source_path, limits)
        json_record = read_json_document(source_path, text)
        fmt: Format = "json" if json_record else sniff_format(source_path, text)
        if json_record:
            text, given = json_record.body, json_record.header
    except Unusable as bad:
        return RejectRecord(source_path, digest, len(raw), bad.reason, bad.detail), None

    page: ExtractedPage | None = None
    if fmt == "html" or (fmt == "json" and has_markup(text)):
        page = extract_page(defuse_html(text if fmt == "html" else as_page(text)), html_mode)
        if page is None:
            reject = RejectRecord(source_path, digest, len(raw), "no_main_text", "trafilatura found no main text")
            return reject, None
        text = page.text
    if len(text) > limits.max_text_chars:
        detail = f"{len(text)} characters of text is over the {limits.max_text_chars}-character cap"
        return RejectRecord(source_path, digest, len(raw), "too_large", detail), None

    lift_title = page is None or page.title is None
    # Plain text may be a whole page dumped to text: trim it to its main block.
    trim = page is None
    url = page.url if page else None
    url_domain = registered_domain(url)
    if site is None and page is not None:
        site = url_domain
    # HTML: lines the precision pass did not confirm must read as prose to stay.
    confirmed_by = page.precision_text if page else None
    linked = page.link_density if page else None
    clean = partial(
        _clean,
        text,
        header=given,
        lift_title=lift_title,
        trim=trim,
        repeated=repeated,
        confirmed_by=confirmed_by,
        link_density=linked,
        site_links=page.site_links if page else None,
    )
    # A page's URL may name a known outlet before cleaning: its rules join the first pass.
    from_url = publisher_for_domain(url_domain)
    result = clean(extra=from_url.rules if from_url else (), site=site)
    # A plain text's metadata header gives what a page's markup would.
    header = result.facts.header
    if header is not None and header.url:
        url = header.url
        url_domain = registered_domain(url)
    site_name = given_site_name = (page.site_name if page else None) or (header.site_name if header else None)
    if site_name:
        # A site's name with its tagline ("Scinexx | Das Wissensmagazin"): the part that names it.
        site_name = site_part(site_name, (url_domain, domain_name(url_domain))) or site_name
    named = result.facts.publishers + [("contributor", c) for c in result.facts.contributors]
    publisher, domain = resolve_publisher(named, url=url, site_name=site_name)
    known = publisher_for_domain(domain) or (publisher_for_name(publisher) if publisher else None)
    new_rules = known is not None and bool(known.rules) and known is not from_url
    outlet = outlet_key(domain, publisher)
    learned_for_outlet = repeated is not None and outlet != site and repeated.knows(outlet)
    if new_rules or learned_for_outlet:
        # Plain text names its outlet only in its noise: clean again with that outlet's
        # rules and the lines learned as its boilerplate.
        # (A URL's known outlet is ``known`` as well: resolve_publisher trusts the URL.)
        result = clean(extra=known.rules if known else (), site=outlet if learned_for_outlet else site)

    if not result.text:
        kinds = sorted({r.kind for r in result.removals})
        detail = f"every line was noise: {', '.join(kinds)}"
        return RejectRecord(source_path, digest, len(raw), "only_boilerplate", detail), result

    addresses = (domain, domain_name(domain), url_domain, domain_name(url_domain))
    # The site's name as given counts too, tagline and all ("… - AOC media - Analyse Opinion Critique").
    site_names = (publisher, site_name, given_site_name, *addresses)
    raw_title = page.title if page and page.title else result.title
    title_tag = page.title_tag if page is not None else None
    title = document_title(raw_title, title_tag, site_names, addresses)
    if publisher is None and domain is not None:
        publisher = site_named_in_titles((raw_title, title_tag), addresses)
    # Plain text has no markup to read a date or an author from: its header, a byline the
    # cleaners took out ("Par Matthieu Hy le 07 Mai 2020") or a date stamp over the article
    # ("Bettina Kugler 19.10.2019, 05:00 Uhr") may give them.
    header_day = header.published_at if header else None
    if page is None:
        stamp = _text_date_stamp(result)
    else:
        # A page whose markup gives no date (htmldate found none) may stamp its text with
        # one ("Datum 25.01.2022", "January 22, 2014" over the article): the day only, the
        # authors come from the markup.
        day = page.published_at or header_day
        stamp = DateStamp(day if day is not None else _text_date_stamp(result).day, None)
    given_authors = (list(page.authors) if page else []) or (list(header.authors) if header else [])
    if title:
        # Markup that fills its author field with the headline (a CMS's default) names no
        # author. (A byline found in the text stays: there the title may be the one lifted wrongly.)
        given_authors = [name for name in given_authors if site_key(name) != site_key(title)]
    listed = [name for found in result.facts.authors for name in split_authors(found)]
    contributors = [name for found in result.facts.contributors for name in split_authors(found)]
    authors = (
        author_names(given_authors + listed, site_names=site_names)
        or author_names([stamp.author] if stamp.author else [], site_names=site_names)
        or author_names(contributors, site_names=site_names)
    )
    language = detect_language(result.text, language_backend) if identify_language else LanguageGuess(None, None)
    removed = [{"rule": r.rule, "kind": r.kind, "start": r.start, "text": r.text} for r in result.removals]
    record = ArticleRecord(
        doc_id=digest,
        source_path=source_path,
        raw_sha256=digest,
        raw_bytes=len(raw),
        format=fmt,
        title=title,
        text=result.text,
        publisher=publisher,
        publisher_domain=domain,
        url=article_url(url),
        authors=authors,
        published_at=stamp.day,
        language=language.language,
        language_score=language.score,
        word_count=len(result.text.split()),
        char_count=len(result.text),
        removed_chars=sum(len(r.text) for r in result.removals if r.kind != TITLE_KIND),
        removed=removed,
        text_sha256=sha256_hex(result.text.encode("utf-8")),
    )
    return record, result
