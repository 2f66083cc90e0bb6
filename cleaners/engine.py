"""Applying rule tables to one text, recording every removal.

``clean_text`` is a pure function: text in, :class:`CleanResult` out. It works line by
line over the normalized text, so paragraphs that no rule touches come out exactly as
they went in, in order. Every removed span is a :class:`Removal` carrying the rule id,
the noise kind, the removed text and its offset in the normalized input.
"""

from __future__ import annotations

import bisect
import itertools
import re
import re._constants as sre  # type: ignore[import-not-found]  # the parser's opcodes, for the prefilter
import re._parser as sre_parse  # type: ignore[import-not-found]
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any, NamedTuple

import ahocorasick

from cleaners.blocks import (
    MIN_OUTSIDE_LINES,
    TRUNCATED_EXCERPT,
    line_features,
    looks_like_page_dump,
    main_block,
    sentence_like,
)
from cleaners.dates import looks_like_date_stamp, looks_like_stamp_label
from cleaners.front_matter import FrontMatter, read_front_matter
from cleaners.markdown import heading_level, is_list_item, item_text, markdown_bare
from cleaners.normalize import match_key, normalize_text, tidy_whitespace
from cleaners.repetition import RepeatedLines
from cleaners.rule_tables import Rule
from cleaners.sections import proseless_sections
from cleaners.title import (
    BYLINE_MARK_CHARS,
    byline_name_beside,
    is_email_of,
    is_person_name,
    is_section_label,
    looks_like_headline,
)

# How much of a document counts as its head and its tail for position-aware rules.
HEAD_LINES = 4
TAIL_LINES = 10
TAIL_FRACTION = 0.6

# A span left over after prefix/inline removals that is only punctuation is removed too.
_ONLY_PUNCT = re.compile(r"[\W_]*")


@dataclass(frozen=True)
class Removal:
    rule: str
    kind: str
    start: int
    text: str


@dataclass
class Facts:
    """What the noise revealed about the document."""

    publishers: list[tuple[str, str]] = field(default_factory=list)  # (rule kind, name)
    authors: list[str] = field(default_factory=list)
    contributors: list[str] = field(default_factory=list)
    header: FrontMatter | None = None  # the metadata header the text started with


@dataclass(frozen=True)
class CleanResult:
    source: str  # the normalized input that offsets refer to
    text: str  # the cleaned text
    removals: tuple[Removal, ...]
    facts: Facts
    title: str | None = None

    @property
    def removed_chars(self) -> int:
        return sum(len(r.text) for r in self.removals)


class _Line(NamedTuple):  # a tuple: a text's lines are made by the thousand, and fast
    index: int  # type: ignore[assignment]  # the line's number in the text; hides tuple.index
    start: int  # offset of the stripped content in the source
    text: str  # stripped content


def _lines(source: str) -> list[_Line]:
    out: list[_Line] = []
    offset = 0
    for index, raw in enumerate(source.split("\n")):
        stripped = raw.strip()
        lead = len(raw) - len(raw.lstrip())
        out.append(_Line(index, offset + lead, stripped))
        offset += len(raw) + 1
    return out


# The zones a line can be in, as bits: a rule's ``where`` names the one it needs.
HEAD, TAIL, END = 1, 2, 4
_ZONE_OF_WHERE = {"any": 0, "head": HEAD, "tail": TAIL, "end": END}


def _zones(lines: Sequence[_Line], total: int) -> dict[int, int]:
    """The zone bits of each non-blank line (by index): ``HEAD``, the first
    ``HEAD_LINES``; ``END``, those that start after ``TAIL_FRACTION`` of the text;
    ``TAIL``, those and the last ``TAIL_LINES``."""
    nonblank = [ln for ln in lines if ln.text]
    zones = {ln.index: END | TAIL if ln.start >= total * TAIL_FRACTION else 0 for ln in nonblank}
    for ln in nonblank[-TAIL_LINES:]:
        zones[ln.index] |= TAIL
    for ln in nonblank[:HEAD_LINES]:
        zones[ln.index] |= HEAD
    return zones


def _record_facts(rule: Rule, match: re.Match[str], facts: Facts) -> None:
    groups = {k: v.strip(" ,.;:") for k, v in match.groupdict().items() if v and v.strip()}
    if "publisher" in groups:
        facts.publishers.append((rule.kind, groups["publisher"]))
    if "author" in groups:
        facts.authors.append(groups["author"])
    if "contributor" in groups:
        facts.contributors.append(groups["contributor"])


class _Collector:
    """Removals of one document, kept non-overlapping.

    Overlap and cover questions go through an index of the spans sorted by start with
    the running maximum of their ends, so a document with a hundred thousand removals
    costs n log n, not n². ``add`` keeps the index current; spans appended to ``spans``
    directly (structural removals, the title) are indexed on the next question.

    ``forms`` keeps each line's forms and prefilter bits (:func:`_line_forms`) for the
    document: a line run through the rules again in another zone, or asked whether it
    ends the article, is not scanned again (a quarter of the scans on seed-size texts).
    """

    def __init__(self) -> None:
        self.forms: dict[str, tuple[str, str, int]] = {}
        self.spans: list[Removal] = []
        self._starts: list[int] = []
        self._reach: list[int] = []  # _reach[i]: the furthest end among spans _starts[: i + 1]
        self._indexed = 0
        self.changes = 0  # spans added or dropped through this collector

    def _index(self) -> None:
        if self._indexed != len(self.spans):
            ordered = sorted((r.start, r.start + len(r.text)) for r in self.spans)
            self._starts = [start for start, _ in ordered]
            self._reach = list(itertools.accumulate((end for _, end in ordered), max))
            self._indexed = len(self.spans)

    def overlaps(self, start: int, end: int) -> bool:
        """Whether any span shares a character with ``[start, end)``."""
        self._index()
        i = bisect.bisect_left(self._starts, end)
        return i > 0 and self._reach[i - 1] > start

    def add(self, rule: Rule, start: int, text: str) -> None:
        text_stripped = text.strip()
        if not text_stripped:
            return
        start += len(text) - len(text.lstrip())
        end = start + len(text_stripped)
        if self.overlaps(start, end):
            return
        self.spans.append(Removal(rule.id, rule.kind, start, text_stripped))
        self.changes += 1
        # Every span starting before `start` ends by it and every later one starts at or
        # after `end`, so the new span's reach is its own end and no other reach changes.
        i = bisect.bisect_left(self._starts, start)
        self._starts.insert(i, start)
        self._reach.insert(i, end)
        self._indexed += 1

    def cut_from(self, start: int) -> None:
        """Drop the spans from ``start`` on: a ``tail`` cut there removes them all at once."""
        if any(r.start >= start for r in self.spans):
            self.spans[:] = [r for r in self.spans if r.start < start]
            self._indexed = -1  # rebuilt on the next question
            self.changes += 1

    def in_order(self) -> list[Removal]:
        """The spans in the order of their starts."""
        return sorted(self.spans, key=lambda r: r.start)

    def covers_line(self, line: _Line) -> bool:
        self._index()
        i = bisect.bisect_right(self._starts, line.start)
        return i > 0 and self._reach[i - 1] >= line.start + len(line.text)


# Which rules may skip their pattern: the literals every match of a rule contains, found
# in the line's fold (see _Detector).

# Characters Python's case-insensitive matching takes as one letter although their
# lowercase differs (sre's equivalence table, plus U+0130 whose lowercase is two
# characters); folded to the ASCII letter before comparing.
_FOLD_FIRST = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s"})
# Lowercase forms sre also equates with another character (Greek variants, µ, ẛ, ﬅ):
# literals with these are not used for prefiltering.
_UNFOLDABLE = frozenset(
    "\u00b5\u03bc\u0345\u03b9\u1fbe\u0390\u1fd3\u03b0\u1fe3\u03b2\u03d0\u03b5\u03f5\u03b8\u03d1\u03ba\u03f0"
    "\u03c0\u03d6\u03c1\u03f1\u03c2\u03c3\u03c6\u03d5\u1e61\u1e9b\ufb05\ufb06"
)
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)
# Literals nearly every line of prose contains: a prefilter on them skips nothing.
_EVERYWHERE = frozenset(" .,-/:'")


def fold_line(text: str) -> str:
    """``text`` in the form prefilter literals are compared with: lowercased, with the
    characters that case-insensitive matching equates with an ASCII letter folded to it.
    One character for one, so a literal a pattern matches in ``text`` is in its fold."""
    if "\u0130" in text or "\u0131" in text or "\u017f" in text:  # rare: translate is slow
        text = text.translate(_FOLD_FIRST)
    return text.lower()


def _literal_char(code: int) -> str | None:
    ch = chr(code)
    folded = fold_line(ch)
    if len(folded) != 1 or folded in _UNFOLDABLE:
        return None
    return folded


# A run of literals is extended through groups that match a few exact strings (``\\((dpa|afp)``,
# which the parser makes of ``\\(dpa|\\(afp``) and through optional ones (``you('|’)?ve``):
# up to this many strings.
_MAX_EXACT = 64
_EXACT_OPS = (sre.LITERAL, sre.SUBPATTERN, sre.BRANCH, sre.IN, *_REPEATS)


def _exact(items: Any) -> frozenset[str] | None:
    """The strings, folded, that the parsed pattern ``items`` matches when it can match
    only a few exact strings (literals, classes of single characters, and groups and
    alternations of those); None otherwise."""
    strings = {""}
    for op, av in items:
        if op is sre.LITERAL:
            ch = _literal_char(av)
            options: frozenset[str] | None = None if ch is None else frozenset([ch])
        elif op is sre.SUBPATTERN:
            options = _exact(av[-1])
        elif op is sre.BRANCH:
            options = frozenset()
            for branch in av[1]:
                alternative = _exact(branch)
                if alternative is None:
                    return None
                options |= alternative
        elif op is sre.IN:
            options = _class_literals(av)
        elif op in _REPEATS and (av[0], av[1]) == (0, 1):  # optional: its strings, or nothing
            inner = _exact(av[2])
            options = None if inner is None else inner | {""}
        else:
            return None
        if options is None or len(strings) * len(options) > _MAX_EXACT:
            return None
        strings = {head + tail for head in strings for tail in options}
    return frozenset(strings)


def _required(items: Any) -> frozenset[str] | None:
    """Strings one of which every match of the parsed pattern ``items`` contains, folded;
    None when no such set is found."""
    found: list[frozenset[str]] = []
    run: set[str] = {""}  # the strings the current run of exact items matches

    def flush() -> None:
        nonlocal run
        if "" not in run:
            # A string holding another of the run adds nothing ("accept all." to "accept all").
            found.append(frozenset(s for s in run if not any(o != s and o in s for o in run)))
        run = {""}

    for op, av in items:
        exact = _exact([(op, av)]) if op in _EXACT_OPS else None
        # An optional item extends a run under way; alone, it is no literal.
        if exact is not None and (run != {""} or "" not in exact) and len(run) * len(exact) <= _MAX_EXACT:
            run = {head + tail for head in run for tail in exact}
            continue
        flush()
        need: frozenset[str] | None = None
        if op is sre.SUBPATTERN:
            need = _required(av[-1])
        elif op is sre.ATOMIC_GROUP:
            need = _required(av)
        elif op is sre.ASSERT:  # a lookaround's text lies in the line too (not so a negative one)
            need = _required(av[1])
        elif op is sre.BRANCH:
            alternatives = [_required(b) for b in av[1]]
            if all(a is not None for a in alternatives):
                need = frozenset().union(*[a for a in alternatives if a is not None])
        elif op in _REPEATS and av[0] >= 1:
            need = _required(av[2])
        elif op is sre.IN:
            need = _class_literals(av)
        if need:
            found.append(need)
    flush()
    if not found:
        return None
    # The most selective set: no character that nearly every line has, the longest
    # shortest literal (spaces around a word do not make it rarer), the fewest literals.
    return max(found, key=lambda s: (not s & _EVERYWHERE, min(len(x.strip()) for x in s), -len(s)))


def _class_literals(items: Any) -> frozenset[str] | None:
    r"""The characters of a class made of single characters only (``[|·•]``, and what the
    parser makes of ``(\||·|•)``), folded; None for ranges, categories or a negation."""
    chars = [_literal_char(av) if op is sre.LITERAL else None for op, av in items]
    if not chars or None in chars:
        return None
    return frozenset(ch for ch in chars if ch is not None)


def _parsed(pattern: re.Pattern[str]) -> Any:
    try:
        return sre_parse.parse(pattern.pattern, pattern.flags)
    except (re.error, TypeError, AttributeError):
        return None


def required_literals(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """The literals (folded) one of which every match of ``pattern`` contains; None when
    no such set is found."""
    parsed = _parsed(pattern)
    return None if parsed is None else _required(parsed) or None


_LITERALS: dict[int, tuple[Rule, frozenset[str] | None]] = {}
_MAX_LITERALS = 10_000


def literals_of(rule: Rule) -> frozenset[str] | None:
    """:func:`required_literals` of ``rule``'s pattern, computed once per rule object."""
    known = _LITERALS.get(id(rule))
    if known is not None and known[0] is rule:
        return known[1]
    found = required_literals(rule.pattern)
    if len(_LITERALS) >= _MAX_LITERALS:  # rules made on the fly (tests): keep it bounded
        _LITERALS.clear()
    _LITERALS[id(rule)] = (rule, found)
    return found


# Where the detector's scans start, by line length: a line is scanned only for the
# literals of rules whose max_len admits a line that long, so the paragraphs that make
# up most of a text are not scanned for the many literals of short-line rules.
LENGTH_TIERS = (0, 40, 80, 160, 320, 640)


class _Detector:
    """Which rules of a rule list may act on a line, from one scan of the line's fold.

    Every match of a rule's pattern contains one of its literals (:func:`literals_of`),
    so a rule none of whose literals occurs in the line cannot act on it. One
    Aho-Corasick scan finds every occurrence of every literal of every rule at once (a
    regex per rule took most of the cleaning time); a rule with no literals is always a
    candidate. There is one automaton per :data:`LENGTH_TIERS` floor, holding the rules
    whose ``max_len`` reaches it: a line is scanned by the automaton of the highest floor
    its shortest matched form reaches.
    """

    def __init__(self, rules: Sequence[Rule]) -> None:
        """Rule *i* of ``rules`` is bit ``1 << i``."""
        self.always = 0
        for i, rule in enumerate(rules):
            if not literals_of(rule):
                self.always |= 1 << i
        self.tiers: list[ahocorasick.Automaton | None] = []
        for floor in LENGTH_TIERS:
            bits_of: dict[str, int] = {}
            for i, rule in enumerate(rules):
                if rule.max_len < floor:
                    continue
                for literal in literals_of(rule) or ():
                    bits_of[literal] = bits_of.get(literal, 0) | 1 << i
            automaton: ahocorasick.Automaton | None = None
            if bits_of:
                automaton = ahocorasick.Automaton()
                for literal, bits in bits_of.items():
                    automaton.add_word(literal, bits)
                automaton.make_automaton()
            self.tiers.append(automaton)

    def candidates(self, folded: str, shortest: int | None = None) -> int:
        """The bits of the rules that may act on a line whose fold is ``folded``, when no
        form of the line a rule is matched against is shorter than ``shortest``
        characters (the whole fold when not given)."""
        size = len(folded) if shortest is None else shortest
        automaton = self.tiers[bisect.bisect_right(LENGTH_TIERS, size) - 1]
        bits = self.always
        if automaton is not None:
            for _end, found in automaton.iter(folded):
                bits |= found
        return bits


def _clean_line_spans(
    group: _Group,
    line: _Line,
    zone: int,
    out: _Collector,
    facts: Facts,
    bits: int,
) -> list[tuple[int, str]]:
    """Prefix, suffix and inline rules on one line; removes the line if nothing is left.
    Returns what is left of the line when they removed something and left words: its runs
    of characters, each with its offset in the source."""
    removed: list[tuple[int, int]] = []
    last_rule: Rule | None = None  # the rule of the line's last match
    for rule in _candidates(group, line.text, zone, bits):
        if rule.action == "inline":
            matches: Iterable[re.Match[str]] = rule.pattern.finditer(line.text)
        else:
            hit = rule.matches_line(line.text)
            matches = [hit] if hit else []
        for m in matches:
            if m.end() == m.start():
                continue
            out.add(rule, line.start + m.start(), m.group(0))
            removed.append((m.start(), m.end()))
            last_rule = rule
            _record_facts(rule, m, facts)
    if last_rule is None:
        return []
    gone = bytearray(len(line.text))
    for a, b in removed:
        gone[a:b] = b"\x01" * (b - a)
    kept = "".join(ch for ch, g in zip(line.text, gone, strict=True) if not g)
    if _ONLY_PUNCT.fullmatch(kept):
        for i, ch in enumerate(line.text):
            if not ch.isspace() and not gone[i]:
                out.add(last_rule, line.start + i, ch)
        return []
    pieces = ((line.start + m.start(), line.text[m.start() : m.end()]) for m in re.finditer(rb"\x00+", bytes(gone)))
    return [(start, piece) for start, piece in pieces if piece.strip()]


def clean_text(
    text: str,
    rules: Sequence[Rule],
    *,
    lift_title: bool = False,
    trim_to_main_block: bool = False,
    markdown_sections: bool = False,
    front_matter: bool = False,
    header: FrontMatter | None = None,
    repeated: RepeatedLines | None = None,
    site: str | None = None,
    confirmed_by: str | None = None,
    link_density: Mapping[str, float] | None = None,
    site_links: Mapping[str, float] | None = None,
) -> CleanResult:
    """Remove what ``rules`` match from ``text``; record each removal and its facts.

    With ``front_matter``, a metadata header the text starts with (YAML front matter, a
    reader service's header, a scraper's labelled lines: :mod:`cleaners.front_matter`) is
    removed as ``metadata.front_matter`` and its fields are ``facts.header``; the text's
    head starts under it. A ``header`` given (a JSON record's metadata fields) is
    ``facts.header`` instead, and the text is not searched for one.

    With ``lift_title``, a first remaining line that looks like a headline becomes the
    title: it leaves the body and is recorded as a removal of kind ``title``.
    With ``trim_to_main_block``, lines outside the article's main block (see
    :mod:`cleaners.blocks`) are removed as ``navigation`` (before) and ``page_furniture``
    (after): for text that may be a whole page dumped to text.
    With ``markdown_sections``, a markdown heading whose section holds no prose goes with
    its section (:mod:`cleaners.sections`): for text that may be a page converted to
    markdown (plain-text input; trafilatura's text has no markdown headings, and a "#" line
    there is content, a hashtag or a code comment).
    With ``repeated`` (lines learned from the corpus, see :mod:`cleaners.repetition`),
    lines no rule touched that are boilerplate on ``site`` are removed as ``repeated``.
    With ``confirmed_by`` (the text of a stricter extraction of the same page), lines no
    rule touched that it does not contain and that do not read as prose are removed as
    ``layout.unconfirmed`` unless both neighbours are confirmed (a list item inside the
    article); nothing is removed when the stricter pass confirmed no line at all.
    With ``link_density`` as well (share of link text per block of the page, keyed by
    whitespace-collapsed text), an unconfirmed line that is not prose and is mostly link
    text is removed as ``layout.linked_unconfirmed`` even when it reads like a sentence:
    a teaser linking to another page.
    With ``site_links`` (an HTML page's lines that are links to its own site, share of
    link text per line, see :func:`cleaners.html.site_link_share`), teasers and menus are
    removed by their shape (:func:`linked_lines`). On every text, the lines under a
    heading over a list of other stories go with it (:func:`under_list_heading`).
    """
    source = normalize_text(text)
    lines = _lines(source)
    facts = Facts()
    out = _Collector()
    if header is not None:
        facts.header = header
    elif front_matter and (found := read_front_matter(source)) is not None:
        facts.header = found
        out.spans.append(Removal(*FRONT_MATTER, found.start, source[found.start : found.end]))
        lines = [ln for ln in lines if ln.start >= found.end]
    zones = _zones(lines, len(source))

    groups = _rule_groups(rules)
    # A line a tail rule takes ends the article: no headline (the trim spares none, the
    # lift takes none).
    ends_article = partial(_cuts_anywhere, groups, out)

    cut_at: int | None = None
    for line in lines:
        if line.text and _rules_on_line(groups, line, source, zones.get(line.index, 0), out, facts):
            cut_at = line.index
            break

    # The non-blank lines before a tail cut: what every pass below looks at.
    live = [ln for ln in lines if ln.text and (cut_at is None or ln.index < cut_at)]
    for removal in structural_removals(live, out):
        out.spans.append(removal)
    page_dump = trim_to_main_block and looks_like_page_dump(
        [ln.text for ln in live], recognized=lambda i: not _untouched(live[i], out)
    )
    if page_dump:
        _article_head_rules(groups, live, source, out, facts)
        out.spans.extend(outside_main_block(live, out, keep_headline=lift_title, ends_article=ends_article))
    if repeated is not None and repeated.knows(site):
        # After the trim, so that what an outlet repeats does not move the main block.
        for line in live:
            learned = repeated.match(line.text, site)
            if learned and _untouched(line, out):
                out.spans.append(Removal(learned[0], learned[1], line.start, line.text))
    if confirmed_by is not None:
        out.spans.extend(unconfirmed_lines(live, out, confirmed_by, link_density))
    if site_links is not None:
        out.spans.extend(linked_lines(live, out, site_links))
    out.spans.extend(under_list_heading(live, out, groups.list_headings))
    out.spans.extend(labelled_headline_lists(live, out))
    out.spans.extend(dated_headline_lists(live, out))
    out.spans.extend(under_bio_heading(live, out, groups.bio_headings, zones))
    out.spans.extend(split_bylines(live, out, facts))
    if markdown_sections:
        out.spans.extend(outside_sections(source, live, out))

    title: str | None = None
    if lift_title and facts.header is not None and facts.header.title:
        title = facts.header.title
        _drop_header_title(live, out, title)
    elif lift_title:
        title = _lift_title(source, live, out, page_dump=page_dump, ends_article=ends_article)
    settled_text = _settle_zones(groups, live, source, zones, out, facts)
    removals = tuple(out.in_order())
    kept_text = settled_text if settled_text is not None else _kept_text(source, removals)
    return CleanResult(source, kept_text, removals, facts, title)


# A rule as the per-line loop reads it: the rule, its bit (see _Detector), its max_len,
# the zone bit its ``where`` needs (0: any line).
_Planned = tuple[Rule, int, int, int]


@dataclass(frozen=True)
class _Group:
    """The planned rules of one action kind, found by their bits: a line's candidates are
    the few whose literals it holds, so the per-line loop walks those bits only."""

    mask: int  # the bits of the group's rules
    by_bit: dict[int, _Planned]

    @classmethod
    def of(cls, planned: Sequence[_Planned]) -> _Group:
        mask = 0
        for p in planned:
            mask |= p[1]
        return cls(mask, {p[1]: p for p in planned})


@dataclass(frozen=True)
class _RuleGroups:
    tail: _Group
    line: _Group
    span: _Group
    detector: _Detector
    list_headings: frozenset[str]  # ids of the rules that head lists (Rule.heads_list)
    bio_headings: frozenset[str]  # ids of the rules that head author boxes (Rule.heads_bio)


_GROUPS: dict[tuple[int, ...], tuple[Sequence[Rule], _RuleGroups]] = {}
_MAX_GROUPS = 256


# The last rule lists planned, by the list object itself: most documents are cleaned with
# the one tuple of generic rules, which is then known without a key of every rule's id.
_GROUPS_OF_LIST: dict[int, tuple[Sequence[Rule], Any, _RuleGroups]] = {}


def _rule_groups(rules: Sequence[Rule]) -> _RuleGroups:
    """The rules split by action and planned; kept per rule list (the generic rules, with
    each outlet's rules), as the rules are immutable."""
    same = _GROUPS_OF_LIST.get(id(rules))
    if same is not None and same[0] is rules and same[1] is literals_of and isinstance(rules, tuple):
        return same[2]
    groups = _planned_groups(rules)
    if len(_GROUPS_OF_LIST) >= _MAX_GROUPS:
        _GROUPS_OF_LIST.clear()
    _GROUPS_OF_LIST[id(rules)] = (rules, literals_of, groups)  # held: the id is not reused
    return groups


def _planned_groups(rules: Sequence[Rule]) -> _RuleGroups:
    ids = (id(literals_of), *map(id, rules))  # a test swaps literals_of for a stub
    known = _GROUPS.get(ids)
    if known is not None and len(known[0]) == len(rules) and all(a is b for a, b in zip(known[0], rules, strict=True)):
        return known[1]
    detector = _Detector(rules)
    planned: list[_Planned] = [(r, 1 << i, r.max_len, _ZONE_OF_WHERE[r.where]) for i, r in enumerate(rules)]
    tail = _Group.of([p for p in planned if p[0].action == "tail"])
    line = _Group.of([p for p in planned if p[0].action == "line"])
    span = _Group.of([p for p in planned if p[0].action in ("prefix", "suffix", "inline")])
    groups = _RuleGroups(
        tail,
        line,
        span,
        detector,
        frozenset(r.id for r in rules if r.heads_list),
        frozenset(r.id for r in rules if r.heads_bio),
    )
    if len(_GROUPS) >= _MAX_GROUPS:  # rules made on the fly (tests): keep it bounded
        _GROUPS.clear()
    _GROUPS[ids] = (tuple(rules), groups)
    return groups


def _candidates(group: _Group, text: str, zone: int, bits: int) -> Iterator[Rule]:
    """The rules of ``group`` that may act on the line ``text``, in order: those among
    the detector's ``bits`` (see :class:`_Detector`), in their zone (``zone``: the line's
    zone bits), and whose ``max_len`` the line does not exceed. A rule's bit is its place
    in the rule list, so taking the set bits lowest first keeps the rules' order."""
    size = len(text)
    pending = bits & group.mask
    while pending:
        bit = pending & -pending
        pending ^= bit
        rule, _bit, max_len, needs = group.by_bit[bit]
        if size > max_len or needs & ~zone:
            continue
        yield rule


def _first_match(group: _Group, text: str, zone: int, bits: int) -> tuple[Rule, re.Match[str]] | None:
    """The first rule of ``group`` (see :func:`_candidates`) that matches the line ``text``."""
    for rule in _candidates(group, text, zone, bits):
        m = rule.matches_line(text)
        if m:
            return rule, m
    return None


def _rules_on_line(groups: _RuleGroups, line: _Line, source: str, zone: int, out: _Collector, facts: Facts) -> bool:
    """Every rule on one line (in the zones ``zone``), in action order; True when a
    ``tail`` rule cut the text there. Whole-line rules match the line without its
    markdown decoration (:func:`markdown_bare`); ``line`` rules, which remove that line
    alone, also without its list bullets (a menu item "* Impressum"), while a bulleted
    line never cuts the text to its end."""
    forms = _line_forms(groups, line.text, out)
    found = _whole_line_rules(groups, line, forms, [(line.start, line.text)], source, zone, out, facts)
    if found is not None:
        return found
    left = _clean_line_spans(groups.span, line, zone, out, facts, forms[2])
    if left:
        # What the span rules left is a line of the cleaned text: the whole-line rules see
        # it now, as cleaning the cleaned text would ("See the video [video]" loses its
        # stub, then "See the video" is a media label).
        remainder = _line_forms(groups, " ".join(text.strip() for _, text in left), out)
        return bool(_whole_line_rules(groups, line, remainder, left, source, zone, out, facts))
    return False


def _whole_line_rules(
    groups: _RuleGroups,
    line: _Line,
    forms: tuple[str, str, int],
    pieces: Sequence[tuple[int, str]],
    source: str,
    zone: int,
    out: _Collector,
    facts: Facts,
) -> bool | None:
    """The ``tail`` and ``line`` rules on what stands of ``line`` (the line, or what span
    rules left of it: ``pieces``, each at its offset), as :func:`_line_forms` gives it
    (``forms``). True when a ``tail`` rule cut the text there, False when a rule removed
    the pieces, None when none matched."""
    bare, item, bits = forms
    hit = _first_match(groups.tail, bare, zone, bits)
    if hit and _article_begun_before(source, line.start, out):
        _record_facts(hit[0], hit[1], facts)
        out.cut_from(line.start)
        out.add(hit[0], line.start, source[line.start :])
        return True
    # A tail rule's line over the article ("Subscribe now for unlimited access" at the top
    # of a short text, where every line is in the tail zone) goes alone: the article stays.
    hit = hit or _first_match(groups.line, item, zone, bits)
    if hit is None:
        return None
    _record_facts(hit[0], hit[1], facts)
    for start, piece in pieces:
        out.add(hit[0], start, piece)
    return False


def _line_forms(groups: _RuleGroups, text: str, out: _Collector) -> tuple[str, str, int]:
    """A line as the rules see it: without its markdown (whole-line rules), as a list
    item without its bullets too (``line`` rules: the shortest form a rule sees), and the
    bits of the rules whose literals it holds (span rules match the line itself); kept in
    ``out.forms``."""
    known = out.forms.get(text)
    if known is None:
        bare = markdown_bare(text)
        item = item_text(bare)
        known = out.forms[text] = (bare, item, groups.detector.candidates(fold_line(text), len(item)))
    return known


def _cuts_anywhere(groups: _RuleGroups, out: _Collector, text: str) -> bool:
    """Whether a ``tail`` rule, in whatever zone, matches the line ``text``."""
    bare, _, bits = _line_forms(groups, text, out)
    return _first_match(groups.tail, bare, HEAD | TAIL | END, bits) is not None


def _article_begun_before(source: str, start: int, out: _Collector) -> bool:
    """Whether a line that no removal touched reads as the article's text before
    ``start``: prose, or, past the text's first line (a headline's place), a sentence with
    its stop. A ``tail`` rule marks where the article ends only once the article has begun."""
    before = [ln for ln in _lines(source[:start]) if ln.text]
    for i, line in enumerate(before):
        feats = line_features(line.text)
        reads = feats.prose or (i > 0 and feats.ends_sentence and sentence_like(feats))
        if reads and _untouched(line, out):
            return True
    return False


# Settling stops after this many rounds (each one removes something, so it is reached
# only by documents built to chain zone shifts; cleaning them again may remove more).
MAX_SETTLE_ROUNDS = 20


def _settle_zones(
    groups: _RuleGroups,
    lines: Sequence[_Line],
    source: str,
    zones: Mapping[int, int],
    out: _Collector,
    facts: Facts,
) -> str | None:
    """Apply the head and tail rules again where removals moved the head and the tail.

    The zones are positions in the text as it will be published. Once lines are removed,
    lines further in become the first ones and lines further up the last ones; cleaning
    the cleaned text would then apply ``where = "head"``/``"tail"`` rules to them. So the
    zones are computed again on what is kept, and every line no removal touched that has
    entered a zone is run through the rules again, until nothing changes: cleaning is
    idempotent (cleaning the cleaned text removes nothing more).

    Returns the kept text when the last round changed nothing (the text the removals
    leave, which the caller would compute again), else None.
    """
    tried = {(ln.index, zones.get(ln.index, 0)) for ln in lines}
    for _ in range(MAX_SETTLE_ROUNDS):
        kept_text, kept = _kept_zones(source, lines, out)
        if kept is None:
            return None
        changed = False
        for line in lines:
            if not line.text or not _untouched(line, out):
                continue
            zone = kept.get(line.index, 0)
            if (line.index, zone) in tried:
                continue
            tried.add((line.index, zone))
            before = out.changes
            _rules_on_line(groups, line, source, zone, out, facts)
            changed = out.changes != before
            if changed:
                break  # the zones move again: compute them anew
        if not changed:
            return kept_text
    return None


def _kept_zones(source: str, lines: Sequence[_Line], out: _Collector) -> tuple[str, dict[int, int] | None]:
    """The text that will be kept, and the zone bits of its lines by source line index.

    The kept text's non-blank lines are the source lines with something left on them, in
    order; the zones are those :func:`_zones` finds when it cleans the kept text (None when
    the two do not correspond one to one: the zones are then left be)."""
    removals = out.in_order()
    kept_text = _kept_text(source, removals)
    kept = [ln for ln in _lines(kept_text) if ln.text]
    survivors = list(_survivors(source, lines, removals))
    if len(kept) != len(survivors):
        return kept_text, None
    zones = _zones([_Line(i, ln.start, ln.text) for i, ln in enumerate(kept)], len(kept_text))
    return kept_text, {survivors[i].index: zone for i, zone in zones.items()}


def _survivors(source: str, lines: Sequence[_Line], removals: Sequence[Removal]) -> Iterator[_Line]:
    """The non-blank lines with a non-space character outside every removal (``removals``
    sorted by start), in order."""
    merged: list[list[int]] = []  # the removed ranges, overlaps joined
    for r in removals:
        end = r.start + len(r.text)
        if merged and r.start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([r.start, end])
    k = 0
    for line in lines:
        if not line.text:
            continue
        start, end = line.start, line.start + len(line.text)
        while k < len(merged) and merged[k][1] <= start:
            k += 1
        pos, j = start, k
        kept = False
        while j < len(merged) and merged[j][0] < end:
            if source[pos : merged[j][0]].strip():
                kept = True
                break
            pos = max(pos, merged[j][1])
            j += 1
        if kept or source[pos:end].strip():
            yield line


def _untouched(line: _Line, out: _Collector) -> bool:
    return not out.overlaps(line.start, line.start + len(line.text))


# A first line of at most this many words over a longer headline is a kicker, a section's
# name or a leftover of the page's chrome ("Higher education", "Skip navigation"): on the
# evaluation's tuning part such a title agreed with the page's own title one time in seven.
KICKER_WORDS = 2
# In a page dump, the headline is the first line among the first few left that shares
# words with the article's opening paragraphs (at least this many words of four letters
# or more): chrome the rules and the trim left over the article shares none, and a
# subheading further down shares as many as the headline.
LEDE_SHARED_WORDS = 2
DUMP_TITLE_LINES = 5  # how many of the first lines left may be the headline
H1_TITLE_LINES = 10  # how many of the first lines left may hold a level-one heading
BANNER_LINES = 3  # the first lines left that the lift may take without a page dump
LEDE_PARAGRAPHS = 3  # how many paragraphs open the article
LEDE_CHARS = 150  # a line this long is a paragraph, not a headline
_CONTENT_WORD = re.compile(r"[^\W\d_]{4,}")


def _lift_title(
    source: str,
    nonblank: Sequence[_Line],
    out: _Collector,
    *,
    page_dump: bool,
    ends_article: Callable[[str], bool],
) -> str | None:
    """The first line left becomes the title when it looks like a headline; the line after
    it does when the first is a date stamp or its bare label ("17 Feb 2020", "Posted on") or a kicker
    (:data:`KICKER_WORDS`) over a longer headline. In a page dump, a markdown level-one
    heading over the article (:func:`_markdown_headline`) comes first, then a headline
    that shares the article's opening words (:func:`_lede_headline`). The title is the
    line's text without its markdown ("# Headline" is "Headline"). A line that would end
    the article in the tail (``ends_article``: "Subscribe now for unlimited access" over a
    short text) is no headline."""
    kept = [ln for ln in nonblank if _untouched(ln, out)]
    # A banner among the first lines, which the lift below may take, is no headline.
    kept = [ln for ln in kept[:BANNER_LINES] if not ends_article(ln.text)] + kept[BANNER_LINES:]
    if not kept:
        return None
    chosen = (_markdown_headline(kept) or _lede_headline(kept)) if page_dump else None
    opens_with_a_cut_line = False
    if chosen is None:
        # What is left of a line that opens the text (a paragraph without its dateline, a
        # caption without its credit) is no headline, and stands before any below it.
        removals = out.in_order()
        first_left = next(_survivors(source, nonblank, removals), kept[0])
        opens_with_a_cut_line = first_left.start < kept[0].start and not _untouched(first_left, out)
        stamp = looks_like_date_stamp(kept[0].text) or looks_like_stamp_label(kept[0].text)
        at = 1 if len(kept) > 2 and (stamp or is_section_label(kept[0].text)) else 0
        chosen = kept[at]
        if not looks_like_headline(chosen.text, followed_by_text=len(kept) > at + 1):
            return None
        if len(chosen.text.split()) <= KICKER_WORDS and len(kept) > at + 2:
            headline = kept[at + 1]
            if len(headline.text.split()) > KICKER_WORDS and looks_like_headline(headline.text, followed_by_text=True):
                chosen = headline
    if ends_article(chosen.text):
        return None
    if opens_with_a_cut_line:
        return None
    out.spans.append(Removal("title.first_line", "title", chosen.start, chosen.text))
    return _headline_text(chosen.text)


def _drop_header_title(nonblank: Sequence[_Line], out: _Collector, title: str) -> None:
    """The header named the title: the body's copy of it among the first lines left (a
    markdown "# Headline" under the header) goes as the lifted title would; no other line
    is taken for a headline."""
    wanted = match_key(title).casefold()
    kept = [ln for ln in nonblank if _untouched(ln, out)][:BANNER_LINES]
    for line in kept:
        if match_key(_headline_text(line.text)).casefold() == wanted:
            out.spans.append(Removal("title.repeats_header", "title", line.start, line.text))
            return


# What html2text and other markdown writers escape with a backslash ("12\\. Dezember").
_MARKDOWN_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>])")


def _headline_text(line: str) -> str:
    """A headline line's text without its markdown and html2text's escapes: "# Headline"
    is "Headline", "12\\. Mai" is "12. Mai"."""
    bare = markdown_bare(line)
    return _MARKDOWN_ESCAPE.sub(r"\1", bare) if "\\" in bare else bare


def _markdown_headline(kept: Sequence[_Line]) -> _Line | None:
    """The first markdown level-one heading ("# …") among the first :data:`H1_TITLE_LINES`
    lines left, before the article's first paragraph, that looks like a headline: the
    page's own headline, where a converter wrote the page's headings as markdown."""
    for ln in kept[:H1_TITLE_LINES]:
        if line_features(ln.text).prose:
            return None
        if _is_markdown_headline(ln.text):
            return ln
    return None


def _is_markdown_headline(text: str) -> bool:
    """A markdown level-one heading ("# …") that looks like a headline."""
    return heading_level(text) == 1 and looks_like_headline(markdown_bare(text), followed_by_text=True)


def _lede_headline(kept: Sequence[_Line]) -> _Line | None:
    """The first of the first :data:`DUMP_TITLE_LINES` lines left of a page dump that
    shares the article's opening words (:func:`_shares_lede`)."""
    lede = _lede_words(ln.text for ln in kept)
    return next((ln for ln in kept[:DUMP_TITLE_LINES] if _shares_lede(ln.text, lede)), None)


def _lede_words(texts: Iterable[str]) -> set[str]:
    """The content words (four letters or more, case folded) of the first
    :data:`LEDE_PARAGRAPHS` paragraphs among ``texts``."""
    paragraphs = itertools.islice((t for t in texts if len(t) > LEDE_CHARS), LEDE_PARAGRAPHS)
    return {w.casefold() for text in paragraphs for w in _CONTENT_WORD.findall(text)}


def _shares_lede(text: str, lede: set[str]) -> bool:
    """Whether ``text`` looks like a headline and shares at least
    :data:`LEDE_SHARED_WORDS` content words with the article's opening ``lede``."""
    if len(text) > LEDE_CHARS or not looks_like_headline(text, followed_by_text=True):
        return False
    return len({w.casefold() for w in _CONTENT_WORD.findall(text)} & lede) >= LEDE_SHARED_WORDS


def _kept_text(source: str, removals: Sequence[Removal]) -> str:
    """The source without the removed spans; a wholly removed line takes its newline along,
    so removals never open a paragraph break the article did not have."""
    pieces: list[str] = []
    pos = 0
    for r in removals:
        pieces.append(source[pos : r.start])
        pos = r.start + len(r.text)
        if _starts_line(source, r.start) and source[pos : pos + 1] == "\n":
            pos += 1
    pieces.append(source[pos:])
    return tidy_whitespace("".join(pieces))


def _starts_line(source: str, start: int) -> bool:
    """Only spaces or tabs stand between ``start`` and the start of its line.

    Scans back over those spaces alone: slicing the whole prefix for each removal was
    quadratic in documents with many removals."""
    i = start
    while i > 0 and source[i - 1] in " \t":
        i -= 1
    return i == 0 or source[i - 1] == "\n"


CAPTION_KINDS = frozenset({"caption", "credit"})


def structural_removals(nonblank: Sequence[_Line], out: _Collector) -> list[Removal]:
    """Rules about the shape of the text rather than its words.

    ``caption.echo``: image alt text scraped twice: a head line that the next line
    repeats with a photo credit glued on ("Netanyahu, Putin" / "Netanyahu, PutinReuters").
    """
    found: list[Removal] = []
    by_start = {r.start: r for r in out.spans}
    for this, nxt in itertools.pairwise(nonblank[: HEAD_LINES + 1]):
        credit = by_start.get(nxt.start)
        if credit is None or credit.kind not in CAPTION_KINDS or out.covers_line(this):
            continue
        if nxt.text.startswith(this.text) and len(this.text) < len(nxt.text):
            found.append(Removal("caption.echo", "caption", this.start, this.text))
    return found


FRONT_MATTER = ("metadata.front_matter", "front_matter")
BEFORE_MAIN = ("layout.before_main_text", "navigation")
AFTER_MAIN = ("layout.after_main_text", "page_furniture")
# How far before the main block a headline may stand and still be spared for the title:
# the nearest markdown level-one heading within LEDE_REACH lines (the page's headline, where
# the converter marks headings), else the nearest line within LEDE_REACH that shares the
# article's opening words (see _shares_lede), else the nearest headline-like line within
# TITLE_REACH lines.
TITLE_REACH = 3
LEDE_REACH = 10
# How many lines of a list the article's last paragraph introduces stay with the article.
INTRODUCED_LIST_LINES = 40


# In a page dump, the article's head (its byline, dateline, leading credit) stands around
# where the main block starts, not at the top of the text: so many lines before the block
# and at its start are read with the head rules too.
ARTICLE_HEAD_BEFORE = 6
ARTICLE_HEAD_INTO = 2


def _article_head_rules(
    groups: _RuleGroups, nonblank: Sequence[_Line], source: str, out: _Collector, facts: Facts
) -> None:
    """The ``where = "head"`` rules on the lines around the start of a page dump's main
    block (:data:`ARTICLE_HEAD_BEFORE` before it, :data:`ARTICLE_HEAD_INTO` into it) that
    no rule touched: the trim would otherwise take a byline there as the page's furniture,
    and its author with it."""
    block = main_block(*_block_lines(nonblank, out))
    if block is None:
        return
    first = block[0]
    for line in nonblank[max(0, first - ARTICLE_HEAD_BEFORE) : first + ARTICLE_HEAD_INTO]:
        if _untouched(line, out):
            _rules_on_line(groups, line, source, HEAD, out, facts)


# Removals that end an article wherever they stand: a comment section's heading and
# notices ("Discussion about this post", "Kommentare sind geschlossen"). Removed, they
# still cost the main block what they cost untouched, so that it does not run on through
# them into the page's tail; any other removed line is neutral inside the article.
BLOCK_ENDING_KINDS = frozenset({"comments"})


def _block_lines(nonblank: Sequence[_Line], out: _Collector) -> tuple[list[str | None], frozenset[int]]:
    """The lines as :func:`cleaners.blocks.main_block` reads them: a line no rule touched
    as its text, a removed one as None; and the indexes of the lines removed whole as a
    comment section's (:data:`BLOCK_ENDING_KINDS`)."""
    kind_at = {r.start: r.kind for r in out.spans}
    texts: list[str | None] = []
    ends: set[int] = set()
    for i, ln in enumerate(nonblank):
        if _untouched(ln, out):
            texts.append(ln.text)
            continue
        texts.append(None)
        if kind_at.get(ln.start) in BLOCK_ENDING_KINDS:
            ends.add(i)
    return texts, frozenset(ends)


def outside_main_block(
    nonblank: Sequence[_Line],
    out: _Collector,
    *,
    keep_headline: bool,
    ends_article: Callable[[str], bool],
) -> list[Removal]:
    """``layout.before_main_text`` / ``layout.after_main_text``: lines outside the main block
    of a text that looks like a whole page dumped to text (the caller asks
    :func:`looks_like_page_dump`).

    Only lines no rule touched are removed, and only when at least
    ``MIN_OUTSIDE_LINES`` of them lie outside. With ``keep_headline``, the nearest
    headline shortly before the block (:data:`LEDE_REACH`) is spared so it can become the title,
    unless it would end the article (``ends_article``), which the lift refuses too.
    """
    texts, ends = _block_lines(nonblank, out)
    untouched = [text is not None for text in texts]
    block = main_block(texts, ends)
    if block is None:
        return []
    first, last = block
    head = [i for i in range(first) if untouched[i]]
    listed = _introduced_list(nonblank, untouched, last)
    tail = [i for i in range(last + 1 + listed, len(nonblank)) if untouched[i]]
    if len(head) + len(tail) < MIN_OUTSIDE_LINES:
        return []
    if keep_headline:
        lede = _lede_words(ln.text for ln in nonblank[first : last + 1])
        tests: list[tuple[int, Callable[[str], bool]]] = [
            (LEDE_REACH, _is_markdown_headline),
            (LEDE_REACH, lambda text: _shares_lede(text, lede)),
            (TITLE_REACH, lambda text: looks_like_headline(text, followed_by_text=True)),
        ]
        near = (
            i
            for reach, fits in tests
            for i in reversed(head[-reach:])
            if fits(nonblank[i].text) and not ends_article(nonblank[i].text)
        )
        spared = next(near, None)
        if spared is not None:
            head.remove(spared)
    found = [Removal(*BEFORE_MAIN, nonblank[i].start, nonblank[i].text) for i in head]
    found += [Removal(*AFTER_MAIN, nonblank[i].start, nonblank[i].text) for i in tail]
    return found


def _introduced_list(nonblank: Sequence[_Line], untouched: Sequence[bool], last: int) -> int:
    """How many lines after the main block's ``last`` line are a list that sentence
    introduces ("…we propose the following:" and its items): the article's own list, which
    reads like a menu. A list item's wrapped continuation (the next line, no blank line
    between) belongs to it."""
    introduction = nonblank[last].text
    # A sentence, not a heading: "Read more on this topic:" heads other stories.
    if not introduction.endswith(":") or not line_features(introduction).prose:
        return 0
    taken, previous = 0, nonblank[last].index
    for i in range(last + 1, min(len(nonblank), last + 1 + INTRODUCED_LIST_LINES)):
        line = nonblank[i]
        item = is_list_item(line.text)
        if not untouched[i] or not (item or (taken and line.index == previous + 1)):
            break
        taken, previous = taken + 1, line.index
    return taken


UNCONFIRMED = ("layout.unconfirmed", "boilerplate")
LINKED_UNCONFIRMED = ("layout.linked_unconfirmed", "navigation")
# Share of a block's text in links from which an unconfirmed line is a link, not text.
LINKED_SHARE = 0.5


def unconfirmed_lines(
    nonblank: Sequence[_Line], out: _Collector, confirmed_by: str, link_density: Mapping[str, float] | None = None
) -> list[Removal]:
    """``layout.unconfirmed``: short lines a stricter extraction of the page left out
    (sentence-like ones only after its last line); ``layout.linked_unconfirmed``: such
    lines, sentence-like or not, that are links."""
    link_density = link_density or {}
    confirmed = {match_key(line) for line in normalize_text(confirmed_by).split("\n") if line.strip()}
    ok = [match_key(ln.text) in confirmed for ln in nonblank]
    if not any(ok):
        return []
    # Past the last line the stricter pass kept, the article has ended: a line that reads
    # like a sentence but is no paragraph is a teaser, a bio, a form's message.
    last_confirmed = max(i for i, o in enumerate(ok) if o)
    introduced = _introduced_items(nonblank, ok)
    found: list[Removal] = []
    for i, line in enumerate(nonblank):
        if ok[i] or not _untouched(line, out):
            continue
        feats = line_features(line.text)
        if feats.prose or _ADDRESS_LINE.fullmatch(line.text):
            continue
        if link_density.get(match_key(line.text), 0.0) >= LINKED_SHARE:
            found.append(Removal(*LINKED_UNCONFIRMED, line.start, line.text))
            continue
        if sentence_like(feats) and i < last_confirmed:
            continue
        if 0 < i < len(nonblank) - 1 and ok[i - 1] and ok[i + 1]:
            continue
        if introduced[i]:
            continue
        found.append(Removal(*UNCONFIRMED, line.start, line.text))
    return found


# A web or e-mail address written out on its own line: a reference the article gives
# ("sign the petition at …"); a teaser or a menu shows a headline, never its address.
_ADDRESS_LINE = re.compile(r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)
# Where a list's introduction ends: a colon or an ellipsis ("people who …").
_INTRODUCES = (":", "…", "...")


def _introduced_items(nonblank: Sequence[_Line], ok: Sequence[bool]) -> list[bool]:
    """For each line, whether it is an item of a list that a confirmed sentence of the
    article introduces ("The best experiences I have with people who …" / "- are
    curious"): the stricter pass often drops such a list while keeping its introduction.
    One pass: each item carries the verdict of the line before its list."""
    items = [is_list_item(line.text) for line in nonblank]
    found: list[bool] = []
    introduced = False
    for i, item in enumerate(items):
        if not item:
            introduced = False
        elif i == 0 or not items[i - 1]:
            before = nonblank[i - 1].text if i else ""
            introduced = i > 0 and ok[i - 1] and before.endswith(_INTRODUCES) and sentence_like(line_features(before))
        found.append(introduced)
    return found


LINKED_RUN = ("layout.linked_run", "navigation")
LINKED_TAIL = ("layout.linked_tail", "navigation")
LINKED_TEASER = ("layout.linked_teaser", "related")
# Share of a line's text in links to the page's own site from which it is a link.
SITE_LINK_SHARE = 0.8
# A teaser's label: a few words, no digits or commas (not "Surname, Name:" of a reference
# list), ending in a colon, a guillemet, a bar or an arrow, in any language ("Read more:",
# "Czytaj też:", "MIRA |", "À lire aussi »").
_TEASER_LABEL = re.compile(r"([^\W\d_][^\d,:»|›>→►▶]{0,29}?)\s*[:»|›>→►▶]\s")
TEASER_LABEL_WORDS = 4
# Characters of a teaser line's rest (spaces, closing punctuation) its link may leave out.
TEASER_SLACK_CHARS = 3


def labelled_teaser(text: str, share: float) -> bool:
    """Whether a line is a label no link covers followed by one link to another page of
    the site, as far as ``share`` (its share of same-site link text) tells: the label's
    length is what the link leaves out. Such a line points to another article however it
    reads, whereas a linked heading is linked whole (share 1)."""
    if not 0.0 < share < 1.0:
        return False
    label = _TEASER_LABEL.match(text)
    if label is None or len(label[1].split()) > TEASER_LABEL_WORDS:
        return False
    unlinked = len(text) * (1.0 - share)
    return len(label[0]) - 1 - TEASER_SLACK_CHARS <= unlinked <= len(label[0]) + TEASER_SLACK_CHARS


def linked_lines(nonblank: Sequence[_Line], out: _Collector, site_links: Mapping[str, float]) -> list[Removal]:
    """Lines no rule touched that do not read as prose and that the page shows as links
    to its own site (``site_links``: share of link text per line, at least
    :data:`SITE_LINK_SHARE`): ``layout.linked_run`` when two or more such lines follow
    one another (a teaser list, a menu, a tag list), ``layout.linked_tail`` when no prose
    follows them (a trailing teaser or "back to" link after the article). A single one
    between paragraphs stays: a linked subheading, a link on its own line. A line that is
    a label and one such link (:func:`labelled_teaser`) is ``layout.linked_teaser``
    wherever it stands, prose or not."""
    shares = [site_links.get(match_key(ln.text), 0.0) if _untouched(ln, out) else 0.0 for ln in nonblank]
    teaser = [labelled_teaser(ln.text, share) for ln, share in zip(nonblank, shares, strict=True)]
    found = [Removal(*LINKED_TEASER, ln.start, ln.text) for ln, t in zip(nonblank, teaser, strict=True) if t]
    prose = [line_features(ln.text).prose for ln in nonblank]
    linked = [not prose[i] and shares[i] >= SITE_LINK_SHARE and not teaser[i] for i in range(len(nonblank))]
    prose_at = [i for i, p in enumerate(prose) if p]
    first_prose, last_prose = (prose_at[0], prose_at[-1]) if prose_at else (len(prose), -1)
    i = 0
    while i < len(nonblank):
        if not linked[i]:
            i += 1
            continue
        end = i
        while end < len(nonblank) and linked[end]:
            end += 1
        if end - i >= 2:
            found += [Removal(*LINKED_RUN, ln.start, ln.text) for ln in nonblank[i:end]]
        elif first_prose < i and last_prose < end:  # after the last paragraph (scans once, not per run)
            found += [Removal(*LINKED_TAIL, ln.start, ln.text) for ln in nonblank[i:end]]
        i = end
    return found


UNDER_RELATED = ("layout.under_related_heading", "related")
# How many words a list heading has at most: a "Read more: <headline>" line is a teaser
# itself, not a heading; what follows it is the article again.
LIST_HEADING_WORDS = 6


# How many words a subheading of the article has at most: a longer line under a related
# heading (an author's bio, a teaser's summary) is the block's, not the article's.
SUBHEADING_WORDS = 15


def _may_be_subheading(text: str) -> bool:
    return not text.endswith(":") and line_features(text).words <= SUBHEADING_WORDS


def _removed_whole_by(rule_ids: frozenset[str], nonblank: Sequence[_Line], out: _Collector) -> list[int]:
    """The indexes of the lines of ``nonblank`` that one of the rules ``rule_ids``
    removed whole (a heading rule's line, not a span a rule cut out of it), in order;
    none without asking a line when no such rule acted."""
    by_start = {r.start: r for r in out.spans if r.rule in rule_ids}
    if not by_start:
        return []
    return [
        i
        for i, line in enumerate(nonblank)
        if (removal := by_start.get(line.start)) is not None and len(removal.text) >= len(line.text)
    ]


def under_list_heading(nonblank: Sequence[_Line], out: _Collector, headings: frozenset[str]) -> list[Removal]:
    """``layout.under_related_heading``: the lines after a line removed whole by one of
    the ``headings`` rules (:attr:`Rule.heads_list`: "Ähnliche Beiträge", "Lesen Sie
    auch:") up to the next prose line or the next such heading, which are the teasers it
    heads (headlines, dates, leftovers of the block). The last of them, when prose follows
    and it may be a subheading (short, not ending in a colon), is spared: the article
    resuming after a related block the extraction left out. The teasers stop at the lines
    the main-block trim removed before the article (:data:`BEFORE_MAIN`): a heading above
    them is the page's menu ("Aktuelle Meldungen"), and what follows them is the article."""
    at = [
        i
        for i in _removed_whole_by(headings, nonblank, out)
        if len(item_text(markdown_bare(nonblank[i].text)).split()) <= LIST_HEADING_WORDS
    ]
    if not at:
        return []
    stops = set(at) | set(_removed_whole_by(frozenset({BEFORE_MAIN[0]}), nonblank, out))
    found: list[Removal] = []
    for i in at:
        taken: list[_Line] = []
        resumed = False
        for k in range(i + 1, len(nonblank)):
            nxt = nonblank[k]
            if k in stops:
                break
            if line_features(nxt.text).prose and not _teaser_line(nonblank, k, taken):
                resumed = True
                break
            if _untouched(nxt, out):
                taken.append(nxt)
        if resumed and taken and _may_be_subheading(taken[-1].text):
            taken.pop()
        found += [Removal(*UNDER_RELATED, ln.start, ln.text) for ln in taken]
    return found


def _teaser_line(nonblank: Sequence[_Line], k: int, taken: Sequence[_Line]) -> bool:
    """Whether the prose line ``k`` under a related heading belongs to a teaser: a dated
    teaser's headline (a list item over its date stamp: "* Posponen la extradición a
    EE.UU." / "EFE | Abril 21, 2022"), an excerpt cut off with an ellipsis after a line the
    sweep took, or a dated teaser's summary (under the date stamp the sweep took and over a
    short line or a list item, the next teaser's headline). An article resuming after the
    list opens with its paragraphs, neither under nor over a date, and finishes them."""
    following = nonblank[k + 1].text if k + 1 < len(nonblank) else None
    if is_list_item(nonblank[k].text) and following is not None and looks_like_date_stamp(following):
        return True
    if taken and TRUNCATED_EXCERPT.search(nonblank[k].text):
        return True  # an excerpt cut off mid-sentence ("… at the end of...")
    if not (taken and taken[-1] is nonblank[k - 1] and looks_like_date_stamp(taken[-1].text)):
        return False
    return following is not None and (is_list_item(following) or not line_features(following).prose)


BYLINE_NAME = ("layout.byline_name", "byline")


def split_bylines(nonblank: Sequence[_Line], out: _Collector, facts: Facts) -> list[Removal]:
    """``layout.byline_name``: a byline set over two lines, its name on a line of its own
    under a lone label ("By" / "James Whittaker", as a page converted whole sets a linked
    name) or over an author box's link ("Johanna Kropfitsch" / "Alle Artikel"):
    :func:`cleaners.title.byline_name_beside`, the label or link as the text has it, removed
    or not. The name and a lone label no rule took go; the first such name is kept as an
    author (later ones sign the teasers of other stories)."""
    found: dict[int, Removal] = {}
    for i, mark in enumerate(nonblank):
        if len(mark.text) > BYLINE_MARK_CHARS or not (step := byline_name_beside(item_text(markdown_bare(mark.text)))):
            continue
        if not 0 <= i + step < len(nonblank):
            continue
        name = nonblank[i + step]
        text = item_text(markdown_bare(name.text))
        if is_list_item(name.text) and not is_list_item(mark.text):
            continue  # a list under a heading ("Autoren" over a blogroll), not a byline's two items
        if not _untouched(name, out) or not is_person_name(text):
            continue
        address = is_email_of(mark.text, text)
        if step == -1 and not address and "@" in mark.text:
            continue  # an address that is not this name's: a contact line, not a byline
        if not found:
            facts.authors.append(text)
        found.setdefault(name.start, Removal(*BYLINE_NAME, name.start, name.text))
        if (step == 1 or address) and _untouched(mark, out):  # the lone label or the address; a box's link is a rule's
            found.setdefault(mark.start, Removal(*BYLINE_NAME, mark.start, mark.text))
    return list(found.values())


AUTHOR_BIO = ("layout.author_bio", "byline")
# An author box under its heading: the writer's name and a bio of a paragraph or two.
BIO_LINES = 3
BIO_CHARS = 1200


def under_bio_heading(
    nonblank: Sequence[_Line], out: _Collector, headings: frozenset[str], zones: Mapping[int, int]
) -> list[Removal]:
    """``layout.author_bio``: after a line removed whole by one of the ``headings`` rules
    (:attr:`Rule.heads_bio`: "Über den Autor", "About the author") in the last part of the
    text (the ``END`` zone, where author boxes stand), the next few lines no rule took —
    at most :data:`BIO_LINES` and :data:`BIO_CHARS` — are the writer's name and bio. Two
    headings over one box ("About the author" twice) claim its lines once."""
    found: dict[int, Removal] = {}
    for i in _removed_whole_by(headings, nonblank, out):
        if not zones.get(nonblank[i].index, 0) & END:
            continue
        bio = list(itertools.islice((nxt for nxt in nonblank[i + 1 :] if _untouched(nxt, out)), BIO_LINES))
        chars = itertools.accumulate(len(ln.text) for ln in bio)
        for ln, total in zip(bio, chars, strict=True):
            if total <= BIO_CHARS:
                found.setdefault(ln.start, Removal(*AUTHOR_BIO, ln.start, ln.text))
    return list(found.values())


LABELLED_LIST = ("layout.labelled_headline_list", "related")
# A label over other stories' headlines is a few words and a colon ("Weiterlesen:", "Lue
# aiheesta lisää:", "Seguir leyendo:"), in any language; two or more headlines follow it.
# Longer labels are left to the rules: "Im Refrain heißt es:" introduces quoted verse.
LIST_LABEL_WORDS = 3
MIN_LISTED_HEADLINES = 2
# A headline has a few words; shorter lines under a label are the article's own list
# ("Zutaten:", names, figures).
LISTED_HEADLINE_WORDS = 4
LISTED_DIGIT_SHARE = 0.3
_OPENING_QUOTES = "\"'„“‚‘«»"


def _list_label(text: str) -> bool:
    return text.endswith(":") and len(text.split()) <= LIST_LABEL_WORDS and not is_list_item(text)


def _listed_headline(text: str) -> bool:
    """A headline-shaped line: capitalised, unterminated, four words or more, not a list
    item, not mostly figures, no "Key: value" pair ("Central: Juan Gabriel Calderón") and
    no parenthesis."""
    words = text.split()
    return (
        (text[0].isalnum() or text[0] in _OPENING_QUOTES)  # not an item behind a marker ("=> …")
        and len(words) >= LISTED_HEADLINE_WORDS
        and ":" not in " ".join(words[:2])
        and "(" not in text  # a note or a record ("Berny Burke (Sporting FC) …"), not a headline
        and not is_list_item(text)
        and looks_like_headline(text, followed_by_text=True)
        and line_features(text).digit_share < LISTED_DIGIT_SHARE
    )


def labelled_headline_lists(nonblank: Sequence[_Line], out: _Collector) -> list[Removal]:
    """``layout.labelled_headline_list``: a short label ending in a colon that no rule
    knows, over two or more headline-shaped lines, is a list of other stories in any
    language ("Lue aiheesta lisää:" and the teasers' headlines); label and headlines go.
    A list item, a figure, a key-value line or a parenthesis ends the run, so the
    article's own labelled lists stay."""
    found: list[Removal] = []
    i = 0
    while i < len(nonblank):
        end = i + 1
        # Whether a line is untouched is asked only of labels and what follows them.
        if _list_label(nonblank[i].text) and _untouched(nonblank[i], out):
            while end < len(nonblank) and _listed_headline(nonblank[end].text) and _untouched(nonblank[end], out):
                end += 1
        if end - i - 1 >= MIN_LISTED_HEADLINES:
            found += [Removal(*LABELLED_LIST, ln.start, ln.text) for ln in nonblank[i:end]]
            i = end
        else:
            i += 1
    return found


DATED_LIST = ("layout.dated_headline_list", "related")
# A list of other stories with each one's date: at least this many headlines and this
# many date stamps, every line of the run one or the other.
MIN_DATED_HEADLINES = 3
MIN_LIST_STAMPS = 3
# A teaser's date stamp is a short line: a date, a time, a section or two.
STAMP_CHARS = 60
_DIGIT = re.compile(r"\d")


def dated_headline_lists(nonblank: Sequence[_Line], out: _Collector) -> list[Removal]:
    """``layout.dated_headline_list``: a run of headline-shaped lines
    (:func:`_undated_headline`) and date stamps (:func:`_bare_stamp`: "12:13 Uhr",
    "30.01.2022 · Männer · HBL1", "April 15, 2022 | 9:28 am"), with at least
    :data:`MIN_DATED_HEADLINES` of the one and :data:`MIN_LIST_STAMPS` of the other and
    nothing else between them, is a list of other stories ("Latest news", a section's
    newest), with or without a heading, in any language. An article's timeline states its
    events in sentences, which end the run. A headline a rule already took (a link to the
    site's own pages) goes on with the run, so that the dates between such headlines go too."""
    stamp = [len(ln.text) <= STAMP_CHARS and _bare_stamp(ln.text) and _untouched(ln, out) for ln in nonblank]
    if sum(stamp) < MIN_LIST_STAMPS:  # most texts: no list of dated stories to look for
        return []
    untouched = [_untouched(ln, out) for ln in nonblank]
    found: list[Removal] = []
    run: list[_Line] = []
    stamps = headlines = 0
    for i in range(len(nonblank) + 1):  # one past the end: the last run ends there
        if i < len(nonblank) and (stamp[i] or _undated_headline(nonblank[i].text)):
            stamps += stamp[i]
            headlines += not stamp[i]
            if untouched[i]:
                run.append(nonblank[i])
            continue
        if stamps >= MIN_LIST_STAMPS and headlines >= MIN_DATED_HEADLINES:
            found += [Removal(*DATED_LIST, r.start, r.text) for r in run]
        run, stamps, headlines = [], 0, 0
    return found


def _bare_stamp(text: str) -> bool:
    """A date stamp that opens with its date ("12:13 Uhr", "30.01.2022 · Männer",
    "April 15, 2022 | 9:28 am"), not with a name ("Mahan August 1, 2015 at 1:07 am" heads
    a reader's comment)."""
    if _DIGIT.search(text) is None:  # most lines, and quickly told (bullets hold no digit)
        return False
    bare = item_text(text)
    if bare.startswith("o "):  # inscriptis's bullet of a nested list item
        bare = bare[2:].lstrip()
    first = bare.split(maxsplit=1)[0]
    # The opening word first: reading a date stamp is the costly test.
    return (first[0].isdigit() or looks_like_stamp_label(first)) and looks_like_date_stamp(bare)


def _undated_headline(text: str) -> bool:
    """A headline (:func:`_listed_headline`) that does not open with a figure: "09.11.2022 -
    Rise Against - Stadthalle" is an entry of a listing, the page's own content."""
    return not text[0].isdigit() and _listed_headline(text)


PROSELESS_SECTION = ("layout.proseless_section", "page_furniture")


def outside_sections(source: str, nonblank: Sequence[_Line], out: _Collector) -> list[Removal]:
    """``layout.proseless_section``: a markdown heading and its section when nothing in it
    reads as prose (:mod:`cleaners.sections`)."""
    if not any(heading_level(ln.text) for ln in nonblank):
        return []
    texts = [ln.text for ln in nonblank]
    bare = [item_text(markdown_bare(text)) for text in texts]
    untouched = [_untouched(ln, out) for ln in nonblank]
    indents = [ln.start - source.rfind("\n", 0, ln.start) - 1 for ln in nonblank]
    found = proseless_sections(texts, bare, untouched, indents)
    return [Removal(*PROSELESS_SECTION, nonblank[k].start, nonblank[k].text) for k in found]
