"""Boilerplate learned from the corpus being ingested: lines that repeat across documents.

A menu label, a footer or a sign-up prompt is the same line in every page an outlet
serves, and words like "Impressum", "Startseite" or "Skip to content" are the same line on
thousands of sites. Prose is not: two documents only share a long line when one copies
the other (syndication), and that is the near-duplicate detector's business, not noise.

This module is pure. The caller (a flow, the evaluation) supplies the counts:

1. ``line_keys(text)`` for every document: the distinct normalized short lines in it;
2. it counts, per key, the distinct sites and, per (site, key), the documents;
3. ``learn_repeated_lines(...)`` turns the counts into :class:`RepeatedLines`, which
   ``clean_text(..., repeated=..., site=...)`` applies as removals of kind ``repeated``
   (rule ids ``repetition.across_sites`` and ``repetition.within_site``).

Thresholds (documented, conservative):

- across sites: a line of at most ``MAX_WORDS_ACROSS_SITES`` words seen in documents of
  at least ``MIN_SITES`` distinct sites;
- within a site: a line of at most ``MAX_WORDS_WITHIN_SITE`` words seen in at least
  ``MIN_SITE_DOCS`` documents of one site and in at least ``MIN_SITE_SHARE`` of them.

A document whose site is unknown counts as a site of its own.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

MIN_SITES = 3
MAX_WORDS_ACROSS_SITES = 8
MIN_SITE_DOCS = 4
MIN_SITE_SHARE = 0.3
MAX_WORDS_WITHIN_SITE = 40

ACROSS_SITES = ("repetition.across_sites", "repeated")
WITHIN_SITE = ("repetition.within_site", "repeated")

# Leading list bullets and menu arrows, which converters render differently.
_DECORATION = re.compile(r"^[\s*\-•·›»>|+o]+(?=\S)")
_TRAILING_DECORATION = "|»›"


def line_key(line: str) -> str:
    """The comparable form of a line: bullets dropped, whitespace collapsed, casefolded."""
    return " ".join(_strip_trailing(_DECORATION.sub("", line.strip())).split()).casefold()


def _strip_trailing(text: str) -> str:
    """``text`` without trailing whitespace and separators; a loop, since the regex
    ``[\\s|»›]+$`` retries at every character of a long run that is not at the end."""
    end = len(text)
    while end and (text[end - 1].isspace() or text[end - 1] in _TRAILING_DECORATION):
        end -= 1
    return text[:end]


def line_keys(text: str, max_words: int = MAX_WORDS_WITHIN_SITE) -> frozenset[str]:
    """The distinct keys of the lines of ``text`` short enough to be counted."""
    keys = (line_key(line) for line in text.split("\n"))
    return frozenset(k for k in keys if k and len(k.split()) <= max_words)


@dataclass(frozen=True)
class RepeatedLines:
    """Line keys learned as boilerplate: everywhere, and per site."""

    everywhere: frozenset[str] = frozenset()
    by_site: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def match(self, key: str, site: str | None) -> tuple[str, str] | None:
        """The (rule id, kind) that makes ``key`` boilerplate on ``site``, if any."""
        if key in self.everywhere:
            return ACROSS_SITES
        if site is not None and key in self.by_site.get(site, frozenset()):
            return WITHIN_SITE
        return None

    def __bool__(self) -> bool:
        return bool(self.everywhere or self.by_site)


def learn_repeated_lines(
    sites_per_key: Mapping[str, int],
    docs_per_site_key: Mapping[tuple[str, str], int],
    docs_per_site: Mapping[str, int],
    *,
    min_sites: int = MIN_SITES,
    min_site_docs: int = MIN_SITE_DOCS,
    min_site_share: float = MIN_SITE_SHARE,
) -> RepeatedLines:
    """The repeated lines implied by corpus counts.

    ``sites_per_key``: for each line key, in how many distinct sites it occurs;
    ``docs_per_site_key``: for each (site, key), in how many of the site's documents;
    ``docs_per_site``: how many documents each site has.
    """
    everywhere = frozenset(
        key for key, n in sites_per_key.items() if n >= min_sites and len(key.split()) <= MAX_WORDS_ACROSS_SITES
    )
    by_site: dict[str, set[str]] = {}
    for (site, key), n in docs_per_site_key.items():
        total = docs_per_site.get(site, 0)
        if n >= min_site_docs and total and n / total >= min_site_share and key not in everywhere:
            by_site.setdefault(site, set()).add(key)
    return RepeatedLines(everywhere, {site: frozenset(keys) for site, keys in by_site.items()})


@dataclass
class LineCounts:
    """Running counts for :func:`learn_repeated_lines`; a caller adds documents to it."""

    sites_per_key: dict[str, set[str]] = field(default_factory=dict)
    docs_per_site_key: dict[tuple[str, str], int] = field(default_factory=dict)
    docs_per_site: dict[str, int] = field(default_factory=dict)

    def add(self, doc_id: str, site: str | None, text: str) -> None:
        """Count one document's lines; a document without a site is a site of its own."""
        where = site if site is not None else f"doc:{doc_id}"
        self.docs_per_site[where] = self.docs_per_site.get(where, 0) + 1
        for key in line_keys(text):
            self.sites_per_key.setdefault(key, set()).add(where)
            self.docs_per_site_key[(where, key)] = self.docs_per_site_key.get((where, key), 0) + 1

    def learn(self) -> RepeatedLines:
        return learn_repeated_lines(
            {key: len(sites) for key, sites in self.sites_per_key.items()},
            self.docs_per_site_key,
            self.docs_per_site,
        )
