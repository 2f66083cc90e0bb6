"""Boilerplate learned from the corpus being ingested: lines one outlet repeats.

A menu label, a footer, a sign-up prompt or a paywall notice is the same line in every
article an outlet serves. Prose is not: two articles of one outlet share a line of prose
only when one copies the other, and copies are the near-duplicate detector's business
(the ingest flow does not count them, see :mod:`flows.line_counts`).

This module is pure. The caller supplies what it has seen:

1. ``line_hashes(text)`` for every new, original document of a known site
   (:func:`outlet_key`): the distinct normalized short lines in it, each as its 64-bit
   key (:func:`cleaners.near_duplicates.key`);
2. :class:`LineCounts` counts, per site, its documents and, per line, in how many of
   them the line occurs;
3. ``LineCounts.learn()`` gives the :class:`RepeatedLines`, which
   ``clean_text(..., repeated=..., site=...)`` removes from lines no rule touched, as
   removals of kind ``repeated`` (rule id ``repetition.within_site``).

Thresholds (documented, conservative): a line of at most ``MAX_WORDS`` words is
boilerplate on a site when it occurs in at least ``MIN_SITE_DOCS`` of the site's
documents and in at least ``MIN_SITE_SHARE`` of them. A document without a known site
teaches nothing and is never cleaned by repetition.

Counts are a window, not a history: once a site has more than ``SITE_WINDOW``
documents, every count of that site is scaled by ``SITE_WINDOW / documents`` (the window
then holds ``SITE_WINDOW`` documents again), and a line whose count falls under
``FORGET_BELOW`` is forgotten. A line seen once is forgotten after roughly
``1.6 × SITE_WINDOW`` more documents of its site, so the state stays bounded per site,
while a new footer (a redesign) is learned after about ``0.36 × SITE_WINDOW`` documents
that all carry it.

Lines that repeat across *different* sites ("Impressum", "Share") were tried as a rule
kind of their own in the evaluation; they removed nothing the main-block trim and the
rule tables did not already remove (tuning part: inscriptis leak 40.03% without them,
39.75% with; html2text 40.94% without, 41.29% with, and two more `with` snippets lost),
and a fixed site count does not scale to a corpus of thousands of outlets, where short
subheadings ("Background", "Ingredients") recur across many of them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa

from cleaners.names import Names
from cleaners.near_duplicates import key

MAX_WORDS = 40
# No line of at most MAX_WORDS words in the corpus's languages is longer than this; a
# line that is longer is not counted whatever its word count.
MAX_LINE_CHARS = 400
MIN_SITE_DOCS = 4
MIN_SITE_SHARE = 0.3
SITE_WINDOW = 200
FORGET_BELOW = 0.2

WITHIN_SITE = ("repetition.within_site", "repeated")
# Documents' line hashes are buffered, and folded into the counts (with the window
# applied) every this many.
FOLD_EVERY = 1 << 18

# Leading list bullets and menu arrows, which converters render differently (inscriptis
# writes a nested item's bullet as the letter "o").
_DECORATION = re.compile(r"^(?:[\s*\-•·›»>|+]|o(?=\s))+(?=\S)")
_DECORATION_START = frozenset("*-•·›»>|+o")
_TRAILING_DECORATION = "|»›"

# The state a flow keeps between runs (flows/line_counts.py): one row per (site, line),
# the site as its number in the schema's metadata, which lists each site's name and
# document count. Reading it back is numpy alone (no per-row Python, no pyarrow.compute,
# whose import costs ~45 ms in every process that imports this module).
VERSION_KEY = b"presswash.line_counts_version"
SITES_KEY = b"presswash.sites"
COUNTS_SCHEMA = pa.schema(
    [
        pa.field("site", pa.int32(), nullable=False),
        pa.field("line", pa.uint64(), nullable=False),
        pa.field("weight", pa.float32(), nullable=False),
    ],
    metadata={VERSION_KEY: b"2"},
)


def outlet_key(domain: str | None, publisher: str | None) -> str | None:
    """The site a document's lines are counted and learned under: its publisher's domain,
    else the publisher's name (plain text often names an outlet the registry does not
    know), else none."""
    if domain:
        return domain
    return f"name:{' '.join(publisher.split()).casefold()}" if publisher and publisher.strip() else None


def line_key(line: str) -> str:
    """The comparable form of a line: bullets dropped, whitespace collapsed, casefolded."""
    text = line.strip()
    # The regex and the loop only for the lines that need them: this runs on every line
    # of every document a run counts.
    if text and text[0] in _DECORATION_START:
        text = _DECORATION.sub("", text)
    if text and text[-1] in _TRAILING_DECORATION:
        text = _strip_trailing(text)
    return " ".join(text.split()).casefold()


def _strip_trailing(text: str) -> str:
    """``text`` without trailing whitespace and separators; a loop, since the regex
    ``[\\s|»›]+$`` retries at every character of a long run that is not at the end."""
    end = len(text)
    while end and (text[end - 1].isspace() or text[end - 1] in _TRAILING_DECORATION):
        end -= 1
    return text[:end]


def line_hashes(text: str) -> np.ndarray:
    """The distinct hashes of the lines of ``text`` short enough to be counted, sorted."""
    hashes = set()
    for line in text.split("\n"):
        # Most of an article's lines are paragraphs too long to count: skip them before
        # making a key (this runs on every line of every article a run counts).
        if len(line) > MAX_LINE_CHARS or not line or line.isspace():
            continue
        comparable = line_key(line)
        if comparable and comparable.count(" ") < MAX_WORDS:
            hashes.add(key(comparable))
    return np.array(sorted(hashes), dtype=np.uint64)


@dataclass(frozen=True)
class RepeatedLines:
    """Line hashes learned as boilerplate, per site."""

    by_site: Mapping[str, frozenset[int]] = field(default_factory=dict)

    def match(self, line: str, site: str | None) -> tuple[str, str] | None:
        """The (rule id, kind) that makes ``line`` boilerplate on ``site``, if any."""
        learned = self.by_site.get(site) if site is not None else None
        if not learned:
            return None
        return WITHIN_SITE if key(line_key(line)) in learned else None

    def knows(self, site: str | None) -> bool:
        """Whether any line is boilerplate on ``site``."""
        return site is not None and bool(self.by_site.get(site))

    def __bool__(self) -> bool:
        return bool(self.by_site)

    def __len__(self) -> int:
        """How many lines are learned, over every site."""
        return sum(map(len, self.by_site.values()))


@dataclass
class LineCounts:
    """Per site, its documents and in how many of them each short line occurs.

    Counts are weights (floats) because a site's window is scaled, see the module's
    docstring. Documents added with :meth:`add` are buffered and folded in when the
    counts are read.
    """

    site_docs: dict[str, float] = field(default_factory=dict)
    _sites: Names = field(default_factory=Names)
    # Folded counts: parallel arrays sorted by (site code, line).
    _codes: np.ndarray = field(default_factory=lambda: np.empty(0, np.int32))
    _lines: np.ndarray = field(default_factory=lambda: np.empty(0, np.uint64))
    _weights: np.ndarray = field(default_factory=lambda: np.empty(0, np.float32))
    _pending: list[tuple[int, np.ndarray]] = field(default_factory=list)
    _pending_rows: int = 0

    def add(self, site: str, hashes: np.ndarray) -> None:
        """Count one document of ``site`` whose distinct line hashes are ``hashes``."""
        code = self._sites.id(site)
        self.site_docs[site] = self.site_docs.get(site, 0.0) + 1.0
        if len(hashes):
            self._pending.append((code, hashes))
            self._pending_rows += len(hashes)
            if self._pending_rows >= FOLD_EVERY:
                # Lines an outlet repeats are held once, not once per document, and a long
                # run holds at most a window of each outlet's documents, as the saved counts do.
                self.window()

    def add_counts(self, other: LineCounts) -> None:
        """Add every count of ``other`` (a run's new documents) to these."""
        codes, lines, weights = other._folded()
        remap = np.array([self._sites.id(site) for site in other._sites.names], dtype=np.int32)
        for site, docs in other.site_docs.items():
            self.site_docs[site] = self.site_docs.get(site, 0.0) + docs
        if len(codes):
            self._fold(remap[codes], lines, weights)

    def window(self, size: int = SITE_WINDOW, forget_below: float = FORGET_BELOW) -> None:
        """Scale each site with more than ``size`` documents back to ``size``; forget
        the lines whose counts fall under ``forget_below``."""
        codes, lines, weights = self._folded()
        scale = np.ones(len(self._sites), dtype=np.float32)
        for site, docs in self.site_docs.items():
            if docs > size:
                scale[self._sites.ids[site]] = size / docs
                self.site_docs[site] = float(size)
        if len(codes):
            weights = weights * scale[codes]
            keep = weights >= forget_below
            self._codes, self._lines, self._weights = codes[keep], lines[keep], weights[keep]

    def learn(self, min_docs: int = MIN_SITE_DOCS, min_share: float = MIN_SITE_SHARE) -> RepeatedLines:
        """The lines that are boilerplate on each site, by the thresholds above."""
        codes, lines, weights = self._folded()
        docs = np.array([self.site_docs.get(site, 0.0) for site in self._sites.names], dtype=np.float32)
        # A small tolerance: a window's scaled counts are floats.
        learned = (weights >= min_docs - 1e-3) & (weights >= min_share * docs[codes] - 1e-3)
        by_site: dict[str, set[int]] = {}
        for code, line in zip(codes[learned].tolist(), lines[learned].tolist(), strict=True):
            by_site.setdefault(self._sites.names[code], set()).add(line)
        return RepeatedLines({site: frozenset(found) for site, found in by_site.items()})

    def __len__(self) -> int:
        """How many (site, line) counts are held."""
        return len(self._folded()[0])

    def to_table(self) -> pa.Table:
        """These counts as a table of :data:`COUNTS_SCHEMA`."""
        codes, lines, weights = self._folded()
        sites = [[name, self.site_docs.get(name, 0.0)] for name in self._sites.names]
        schema = COUNTS_SCHEMA.with_metadata({**(COUNTS_SCHEMA.metadata or {}), SITES_KEY: json.dumps(sites).encode()})
        columns = [pa.array(codes, pa.int32()), pa.array(lines, pa.uint64()), pa.array(weights, pa.float32())]
        return pa.Table.from_arrays(columns, schema=schema)

    @classmethod
    def from_table(cls, table: pa.Table) -> LineCounts:
        """Counts from a table :meth:`to_table` made; ValueError for any other table."""
        metadata = table.schema.metadata or {}
        if metadata.get(VERSION_KEY) != COUNTS_SCHEMA.metadata[VERSION_KEY] or SITES_KEY not in metadata:
            raise ValueError("not a table of line counts of this version")
        counts = cls()
        sites = json.loads(metadata[SITES_KEY])
        remap = np.empty(len(sites), dtype=np.int32)
        for number, (site, docs) in enumerate(sites):
            remap[number] = counts._sites.id(site)
            counts.site_docs[site] = float(docs)
        if table.num_rows:
            site_numbers = table.column("site").to_numpy()
            counts._fold(remap[site_numbers], table.column("line").to_numpy(), table.column("weight").to_numpy())
        return counts

    def _folded(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        if self._pending:
            pending, self._pending, self._pending_rows = self._pending, [], 0
            codes = np.concatenate([np.full(len(h), code, dtype=np.int32) for code, h in pending])
            lines = np.concatenate([h for _, h in pending]).astype(np.uint64, copy=False)
            self._fold(codes, lines, np.ones(len(lines), dtype=np.float32))
        return self._codes, self._lines, self._weights

    def _fold(self, codes: np.ndarray, lines: np.ndarray, weights: np.ndarray) -> None:
        """Merge (site code, line, weight) rows into the folded counts, summing repeats."""
        codes = np.concatenate([self._codes, codes.astype(np.int32, copy=False)])
        lines = np.concatenate([self._lines, lines.astype(np.uint64, copy=False)])
        weights = np.concatenate([self._weights, weights.astype(np.float32, copy=False)])
        if not len(codes):
            return
        order = np.lexsort((lines, codes))
        codes, lines, weights = codes[order], lines[order], weights[order]
        starts = np.flatnonzero(np.concatenate([[True], (codes[1:] != codes[:-1]) | (lines[1:] != lines[:-1])]))
        self._codes, self._lines = codes[starts], lines[starts]
        self._weights = np.add.reduceat(weights, starts).astype(np.float32, copy=False)


def count_documents(documents: Iterable[tuple[str | None, str]]) -> LineCounts:
    """The counts of ``(site, text)`` documents; those without a site are left out."""
    counts = LineCounts()
    for site, text in documents:
        if site is not None:
            counts.add(site, line_hashes(text))
    return counts
