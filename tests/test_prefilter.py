"""The rule prefilter: a literal check on the folded line before a rule's pattern.

Only rules whose pattern scans the line (``.*`` first) get one; a rule whose prefilter
finds none of its literals never runs its pattern, and cleaning gives the same result
with and without prefilters."""

from __future__ import annotations

import re
from typing import Any

import pytest

import cleaners.engine as engine
from cleaners.engine import clean_text, derive_literals, derive_prefilter, fold_line, literal_search, prefilter
from cleaners.rule_tables import Rule, generic_rules, publishers


class CountingPattern:
    """A compiled pattern that counts how often the cleaner runs it."""

    def __init__(self, pattern: str) -> None:
        self.compiled = re.compile(pattern, re.IGNORECASE)
        self.pattern, self.flags, self.groupindex = pattern, self.compiled.flags, self.compiled.groupindex
        self.calls = 0

    def __getattr__(self, name: str) -> Any:
        method = getattr(self.compiled, name)

        def counted(*args: Any, **kwargs: Any) -> Any:
            self.calls += 1
            return method(*args, **kwargs)

        return counted


def counting_rule(pattern: str) -> tuple[Rule, CountingPattern]:
    counting = CountingPattern(pattern)
    rule = Rule("test.cookie", "cookie", "line", counting, "test")  # type: ignore[arg-type]
    return rule, counting


def test_a_rule_whose_prefilter_misses_never_runs_its_pattern() -> None:
    rule, counting = counting_rule(r".*\b(we use cookies|cookie policy)\b.*")
    assert prefilter(rule) is not None
    result = clean_text("A line about the council.\n\nAnother line about the vote.", [rule])
    assert counting.calls == 0
    assert result.removals == ()


def test_a_rule_whose_prefilter_hits_runs_its_pattern() -> None:
    rule, counting = counting_rule(r".*\b(we use cookies|cookie policy)\b.*")
    result = clean_text("A line about the council.\n\nRead our COOKIE Policy here.", [rule])
    assert counting.calls == 1
    assert [r.text for r in result.removals] == ["Read our COOKIE Policy here."]


def test_patterns_anchored_on_their_first_words_get_no_prefilter() -> None:
    assert derive_prefilter(re.compile(r"(accept|reject all)[.!]?", re.I)) is None
    assert derive_prefilter(re.compile(r".*\b(accept|reject all)\b.*", re.I)) is not None
    assert derive_prefilter(re.compile(r".*\w+.*")) is None  # no literal to look for


def test_prefilter_literals_survive_case_insensitive_lookalikes() -> None:
    """Python's case-insensitive matching takes 'ſ' for 's', 'ı' and 'İ' for 'i', 'K'
    (Kelvin) for 'k'; the fold maps them the same way, so no match is prefiltered away."""
    rule, _ = counting_rule(r".*\b(subscribe to|sign in|kindle)\b.*")
    for line in ("ſubscribe to us", "SIGN İN NOW", "sıgn in now", "KINDLE edition"):
        result = clean_text(f"Some text.\n\n{line}", [rule])
        assert [r.text for r in result.removals] == [line]


def every_rule() -> list[Rule]:
    return list(generic_rules()) + [r for p in publishers() for r in p.rules]


def test_the_fold_equates_every_character_case_insensitive_matching_equates_with_a_literal() -> None:
    """For each character of every prefilter literal, every code point the regex engine
    matches to it case-insensitively folds to the same character."""
    everything = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    chars = set()
    for rule in every_rule():
        if prefilter(rule) is not None:
            chars |= {ch for literal in derive_literals(rule.pattern) or () for ch in literal}
    assert chars
    for ch in sorted(chars):
        for twin in set(re.findall(re.escape(ch), everything, re.IGNORECASE)):
            assert fold_line(twin) == fold_line(ch), (ch, twin)


@pytest.mark.parametrize("rule", every_rule(), ids=lambda r: r.id)
def test_outputs_are_the_same_with_and_without_prefilters_on_the_rule_examples(
    rule: Rule, monkeypatch: pytest.MonkeyPatch
) -> None:
    rules = every_rule()
    docs = [
        *(f"{line}" for line in (*rule.examples, *rule.counterexamples)),
        "\n\n".join(["An opening paragraph of the article, long enough to read as prose here.", *rule.examples]),
    ]
    with_prefilter = [clean_text(doc, rules, lift_title=True, trim_to_main_block=True) for doc in docs]
    monkeypatch.setattr(engine, "prefilter", lambda rule: None)
    without = [clean_text(doc, rules, lift_title=True, trim_to_main_block=True) for doc in docs]
    assert [(r.text, r.removals, r.title, r.facts) for r in with_prefilter] == [
        (r.text, r.removals, r.title, r.facts) for r in without
    ]


@pytest.mark.parametrize(
    "literals",
    [["share"], ["share this", "share", "subscribe", "sub"], ["a.b", "a|b", "(c)", "ad", "add", "zz"], ["ab x", "abc"]],
)
def test_the_literal_search_finds_a_line_exactly_when_it_contains_a_literal(literals: list[str]) -> None:
    search = literal_search(literals)
    lines = ["", "nothing here", "a share", "shar", "su b", "sub", "x a.b y", "axb", "a|b", "(c)", "c", "ab", "ab x"]
    lines += [f"{literal} at the start" for literal in literals] + [f"ends with {literal}" for literal in literals]
    for line in lines:
        assert (search.search(line) is not None) == any(literal in line for literal in literals), (literals, line)
