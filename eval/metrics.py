"""Scoring one extraction against the corpus annotations.

Matching. A snippet counts as present when its normalized form is a substring of the
normalized output. Normalization is presswash's own (``normalize_text``: NFC, exotic
spaces to spaces, controls dropped) followed by collapsing every run of whitespace to one
space, applied to both sides, so line wrapping never decides a match.

Snippet level. ``with kept`` = with-snippets present / with-snippets;
``without leaked`` = without-snippets present / without-snippets.

Token level. Each snippet weighs as many tokens as it has (``\\w+`` runs). Retrieved
tokens are the tokens of the snippets present; relevant tokens are those of the
with-snippets. precision = with-tokens present / (with-tokens present + without-tokens
present); recall = with-tokens present / with-tokens; F1 their harmonic mean. It is the
snippet scoring weighted by length, so that losing a paragraph costs more than losing a
two-word list item, and leaking a cookie banner more than leaking a date.

Titles. On the text path presswash lifts a headline out of the body into the ``title``
column. The corpus does not annotate titles, so a lifted title is checked against the
page's own title, as presswash's HTML path reads it from the markup (``og:title``,
``<title>``, the first ``<h1>``: trafilatura's metadata): it agrees when at least
:data:`TITLE_AGREEMENT` of its words are words of the page's title, which often carries
the site's name as well ("Headline | Site").

Dates and authors. A plain text's publication date, and its author when no byline names
one, are read from a date stamp over the article; the day is checked against the page's
own date as the HTML path reads it (htmldate, from the markup), the authors against the
page's authors (one name in common is agreement).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from cleaners.normalize import normalize_text

_WS = re.compile(r"\s+")
_TOKEN = re.compile(r"\w+")
_WORD = re.compile(r"[^\W_]+")
TITLE_AGREEMENT = 0.6
T = TypeVar("T")


def for_match(text: str) -> str:
    return _WS.sub(" ", normalize_text(text)).strip()


def tokens(text: str) -> int:
    return len(_TOKEN.findall(text))


@dataclass
class Score:
    with_total: int = 0
    with_kept: int = 0
    without_total: int = 0
    without_leaked: int = 0
    with_tokens: int = 0
    with_tokens_kept: int = 0
    without_tokens_leaked: int = 0
    pages: int = 0
    empty: int = 0

    def add(self, other: Score) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def kept(self) -> float:
        return self.with_kept / self.with_total if self.with_total else 0.0

    @property
    def leaked(self) -> float:
        return self.without_leaked / self.without_total if self.without_total else 0.0

    @property
    def precision(self) -> float:
        found = self.with_tokens_kept + self.without_tokens_leaked
        return self.with_tokens_kept / found if found else 0.0

    @property
    def recall(self) -> float:
        return self.with_tokens_kept / self.with_tokens if self.with_tokens else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def present(snippets: Iterable[str], text: str) -> list[tuple[str, bool]]:
    haystack = for_match(text)
    return [(s, for_match(s) in haystack) for s in snippets]


def score(text: str, with_: list[str], without: list[str]) -> Score:
    s = Score(pages=1, empty=int(not text.strip()))
    for snippet, hit in present(with_, text):
        n = tokens(snippet)
        s.with_total += 1
        s.with_tokens += n
        if hit:
            s.with_kept += 1
            s.with_tokens_kept += n
    for snippet, hit in present(without, text):
        s.without_total += 1
        if hit:
            s.without_leaked += 1
            s.without_tokens_leaked += tokens(snippet)
    return s


def culprits(snippet: str, removals: list[tuple[str, str, str]]) -> str:
    """The rules whose removals hold the snippet or a part of it (for ``lost_with.tsv``)."""
    want = for_match(snippet)
    found: list[str] = []
    for rule, _, text in removals:
        got = for_match(text)
        if (want in got or (len(got) >= 4 and got in want)) and rule not in found:
            found.append(rule)
    return ",".join(found) or "?"


def title_agrees(lifted: str, page_title: str) -> bool:
    """Whether a title lifted from the text is the page's title (see the module doc)."""
    words = set(_WORD.findall(normalize_text(lifted).lower()))
    reference = set(_WORD.findall(normalize_text(page_title).lower()))
    return bool(words and reference) and len(words & reference) / len(words) >= TITLE_AGREEMENT


def same_day(found: str, page_date: str) -> bool:
    """Whether two ISO dates or timestamps name the same day."""
    return found[:10] == page_date[:10]


def shares_an_author(found: Sequence[str], page_authors: Sequence[str]) -> bool:
    """Whether the text names one of the page's authors (case aside)."""
    return bool({a.casefold() for a in found} & {a.casefold() for a in page_authors})


@dataclass
class FieldScore:
    """One metadata field read from plain text on one text path, against the page's own
    (the HTML path's): on how many documents the text gave one, on how many of those the
    page has one too, and on how many of those the two agree."""

    documents: int = 0
    found: int = 0
    checkable: int = 0
    agreeing: int = 0

    def add(self, found: T | None, page: T | None, agrees: Callable[[T, T], bool]) -> None:
        self.documents += 1
        if found:
            self.found += 1
            if page:
                self.checkable += 1
                self.agreeing += agrees(found, page)
