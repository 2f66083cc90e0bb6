"""Rule data: loading the TOML rule tables that drive the text cleaner.

A rule table is a TOML file with ``[[rule]]`` entries. Each rule has:

- ``id``: stable dotted identifier, recorded with every removal (``paywall.limit_reached``);
- ``kind``: the noise family (``paywall``, ``attribution``, ``caption`` …);
- ``action``: what a match removes:
    ``line``   the whole line, when the stripped line matches the pattern entirely;
    ``tail``   the matching line and everything after it (paywalls, footers);
    ``prefix`` the matched start of a line (datelines naming the outlet);
    ``suffix`` the matched end of a line;
    ``inline`` every match inside a line (link stubs such as ``[ Source ]``);
- ``pattern``: a Python regex; case-insensitive unless ``case_sensitive = true``;
- ``where``: ``any`` (default), ``head`` (first ``HEAD_LINES`` non-blank lines),
  ``tail`` (last ``TAIL_LINES`` non-blank lines, or after ``TAIL_FRACTION`` of the text)
  or ``end`` (after ``TAIL_FRACTION`` of the text only: however short the text, never
  its first lines, for a rule that cuts what follows a heading);
- ``max_len``: longest line (in characters) the rule may touch; protects paragraphs
  that merely mention a phrase;
- ``rationale``: one line saying why this is noise;
- ``examples`` / ``counterexamples``: lines the rule must / must not act on. The test
  suite runs every one of them, so each rule carries its own specification.

Named groups ``publisher``, ``author`` and ``contributor`` in a pattern turn what the
noise reveals into metadata facts.

A table may name pieces of patterns its rules share in a ``[fragments]`` table (a date, a
list of "updated on" words); ``<<name>>`` in a pattern, or in a later fragment, stands
for that fragment as a non-capturing group. Pieces that rules in several tables share (a
person's name as bylines and credits write it) are in ``rules/fragments.toml``, which
holds fragments only and which every table may use; a table may not name one of its own
fragments like a shared one.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources
from typing import Literal

Action = Literal["line", "tail", "prefix", "suffix", "inline"]
Where = Literal["any", "head", "tail", "end"]

ACTIONS: frozenset[str] = frozenset({"line", "tail", "prefix", "suffix", "inline"})
WHERES: frozenset[str] = frozenset({"any", "head", "tail", "end"})
FACT_GROUPS: frozenset[str] = frozenset({"publisher", "author", "contributor"})

DEFAULT_MAX_LEN = 400


class RuleError(ValueError):
    """A rule table is malformed."""


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    action: Action
    pattern: re.Pattern[str]
    rationale: str
    where: Where = "any"
    max_len: int = DEFAULT_MAX_LEN
    examples: tuple[str, ...] = ()
    counterexamples: tuple[str, ...] = ()
    source: str = ""
    # A whole-line match is a heading over a list of other stories ("Lesen Sie auch:"):
    # the lines under it that do not read as prose go with it (engine.under_list_heading).
    heads_list: bool = False
    # A whole-line match is the heading of an author box ("Über den Autor"): the few lines
    # under it are the writer's name and bio (engine.under_bio_heading).
    heads_bio: bool = False

    @cached_property
    def _to_line_end(self) -> re.Pattern[str]:
        """The pattern anchored at the line's end, for a suffix rule."""
        return re.compile(rf"(?:{self.pattern.pattern})\s*\Z", self.pattern.flags)

    def matches_line(self, line: str) -> re.Match[str] | None:
        """The match this rule makes on one stripped line, honouring its action."""
        if len(line) > self.max_len:
            return None
        if self.action in ("line", "tail"):
            return self.pattern.fullmatch(line)
        if self.action == "prefix":
            return self.pattern.match(line)
        first = self.pattern.search(line)
        if self.action == "suffix" and first is not None:
            # The match must reach the line's end: a shorter one that stops early ('Bild:
            # Theater St ' before ' . Gallen') must not hide it. None starts before the
            # first match, so the anchored search starts there (most lines have none).
            return self._to_line_end.search(line, first.start())
        return first


@dataclass(frozen=True)
class Publisher:
    """A known outlet: canonical name, domains, the names it goes by, its own rules."""

    slug: str
    name: str
    domains: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    rules: tuple[Rule, ...] = field(default=())


_FRAGMENT_REF = re.compile(r"<<(\w+)>>")


def _expand(text: str, fragments: dict[str, str], where: str) -> str:
    """``text`` with each ``<<name>>`` replaced by its fragment, as a non-capturing group."""

    def fragment(ref: re.Match[str]) -> str:
        name = ref[1]
        if name not in fragments:
            raise RuleError(f"{where}: unknown fragment <<{name}>>")
        return f"(?:{fragments[name]})"

    return _FRAGMENT_REF.sub(fragment, text)


def _fragments(data: dict[str, object], source: str, shared: dict[str, str] | None = None) -> dict[str, str]:
    """The ``shared`` fragments and the table's ``[fragments]``, each expanded with the
    ones defined before it."""
    table = data.get("fragments", {})
    if not isinstance(table, dict):
        raise RuleError(f"{source}: [fragments] must be a table of strings")
    fragments: dict[str, str] = dict(shared or {})
    for name, text in table.items():
        if not isinstance(text, str):
            raise RuleError(f"{source}: fragment {name} must be a string")
        if name in fragments:
            raise RuleError(f"{source}: fragment {name} is already a shared fragment")
        fragments[name] = _expand(text, fragments, f"{source}: fragment {name}")
    return fragments


def _compile(entry: dict[str, object], source: str, fragments: dict[str, str] | None = None) -> Rule:
    try:
        rid = str(entry["id"])
        kind = str(entry["kind"])
        action = str(entry.get("action", "line"))
        raw_pattern = _expand(str(entry["pattern"]), fragments or {}, f"{source}: rule {entry['id']}")
        rationale = str(entry["rationale"])
    except KeyError as missing:
        raise RuleError(f"{source}: rule {entry.get('id', '?')} lacks {missing}") from None
    where = str(entry.get("where", "any"))
    if action not in ACTIONS:
        raise RuleError(f"{source}: rule {rid}: unknown action {action!r}")
    if where not in WHERES:
        raise RuleError(f"{source}: rule {rid}: unknown where {where!r}")
    flags = re.UNICODE
    if not entry.get("case_sensitive", False):
        flags |= re.IGNORECASE
    try:
        pattern = re.compile(raw_pattern, flags)
    except re.error as exc:
        raise RuleError(f"{source}: rule {rid}: bad pattern: {exc}") from None
    unknown = set(pattern.groupindex) - FACT_GROUPS
    if unknown:
        raise RuleError(f"{source}: rule {rid}: unknown named groups {sorted(unknown)}")
    examples = entry.get("examples", [])
    counterexamples = entry.get("counterexamples", [])
    if not isinstance(examples, list) or not isinstance(counterexamples, list):
        raise RuleError(f"{source}: rule {rid}: examples must be lists")
    max_len = entry.get("max_len", DEFAULT_MAX_LEN)
    if not isinstance(max_len, int):
        raise RuleError(f"{source}: rule {rid}: max_len must be an integer")
    heads_list = entry.get("heads_list", False)
    heads_bio = entry.get("heads_bio", False)
    if not isinstance(heads_list, bool) or not isinstance(heads_bio, bool):
        raise RuleError(f"{source}: rule {rid}: heads_list and heads_bio must be true or false")
    return Rule(
        id=rid,
        kind=kind,
        action=action,  # type: ignore[arg-type]  # checked against ACTIONS above
        pattern=pattern,
        rationale=rationale,
        where=where,  # type: ignore[arg-type]  # checked against WHERES above
        max_len=max_len,
        examples=tuple(str(e) for e in examples),
        counterexamples=tuple(str(c) for c in counterexamples),
        source=source,
        heads_list=heads_list,
        heads_bio=heads_bio,
    )


SHARED_FRAGMENTS = "fragments.toml"


@cache
def shared_fragments() -> dict[str, str]:
    """The fragments of ``rules/fragments.toml``, which every rule table may use."""
    text = resources.files("cleaners").joinpath("rules", SHARED_FRAGMENTS).read_text(encoding="utf-8")
    source = f"rules/{SHARED_FRAGMENTS}"
    data = tomllib.loads(text)
    if "rule" in data:
        raise RuleError(f"{source}: holds fragments only")
    return _fragments(data, source)


def parse_rules(text: str, source: str, shared: dict[str, str] | None = None) -> tuple[Rule, ...]:
    """Compile the ``[[rule]]`` entries of one TOML document (with ``shared`` fragments:
    :func:`shared_fragments` when not given)."""
    data = tomllib.loads(text)
    fragments = _fragments(data, source, shared_fragments() if shared is None else shared)
    return tuple(_compile(entry, source, fragments) for entry in data.get("rule", []))


def _package_tomls(subpackage: str, leave_out: str = "") -> list[tuple[str, str]]:
    """The ``.toml`` files of a subpackage, but ``leave_out``, as (source, text)."""
    folder = resources.files("cleaners").joinpath(subpackage)
    return sorted(
        (f"{subpackage}/{item.name}", item.read_text(encoding="utf-8"))
        for item in folder.iterdir()
        if item.name.endswith(".toml") and item.name != leave_out
    )


@cache
def generic_rules() -> tuple[Rule, ...]:
    """All generic rules, from every table in ``cleaners/rules/``, ids unique."""
    rules: list[Rule] = []
    for source, text in _package_tomls("rules", leave_out=SHARED_FRAGMENTS):  # fragments only, no rules
        rules.extend(parse_rules(text, source))
    _check_unique(rules)
    return tuple(rules)


@cache
def publishers() -> tuple[Publisher, ...]:
    """Every known publisher, one file each in ``cleaners/publishers/``."""
    found: list[Publisher] = []
    for source, text in _package_tomls("publishers"):
        data = tomllib.loads(text)
        meta = data.get("publisher")
        if not isinstance(meta, dict) or "name" not in meta:
            raise RuleError(f"{source}: lacks a [publisher] table with a name")
        slug = source.rsplit("/", 1)[-1].removesuffix(".toml")
        found.append(
            Publisher(
                slug=slug,
                name=str(meta["name"]),
                domains=tuple(str(d) for d in meta.get("domains", [])),
                aliases=tuple(str(a) for a in meta.get("aliases", [])),
                rules=parse_rules(text, source),
            )
        )
    _check_unique([r for p in found for r in p.rules] + list(generic_rules()))
    return tuple(found)


def _check_unique(rules: list[Rule]) -> None:
    seen: dict[str, str] = {}
    for rule in rules:
        if rule.id in seen:
            raise RuleError(f"rule id {rule.id} defined in {seen[rule.id]} and {rule.source}")
        seen[rule.id] = rule.source
