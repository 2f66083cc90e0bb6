"""Every rule's own specification: its examples are acted on, its counterexamples are not.

Runs for every generic rule (``cleaners/rules/*.toml``) and every publisher rule
(``cleaners/publishers/*.toml``). An example is acted on when the rule, applied on its own
to the example line, removes something; a counterexample must come out untouched.
"""

from __future__ import annotations

import pytest

from cleaners.engine import clean_text
from cleaners.rule_tables import Rule, generic_rules, publishers

ALL_RULES: list[Rule] = list(generic_rules()) + [r for p in publishers() for r in p.rules]


def _acts(rule: Rule, line: str) -> bool:
    result = clean_text(line, [rule])
    return any(r.rule == rule.id for r in result.removals)


def _examples() -> list[tuple[str, str]]:
    return [(rule.id, ex) for rule in ALL_RULES for ex in rule.examples]


def _counterexamples() -> list[tuple[str, str]]:
    return [(rule.id, ex) for rule in ALL_RULES for ex in rule.counterexamples]


BY_ID = {rule.id: rule for rule in ALL_RULES}


def test_every_rule_carries_at_least_one_example() -> None:
    assert [r.id for r in ALL_RULES if not r.examples] == []


def test_every_rule_has_a_rationale() -> None:
    assert [r.id for r in ALL_RULES if not r.rationale.strip()] == []


@pytest.mark.parametrize(("rule_id", "line"), _examples())
def test_rule_acts_on_its_example(rule_id: str, line: str) -> None:
    assert _acts(BY_ID[rule_id], line), f"{rule_id} left {line!r} alone"


@pytest.mark.parametrize(("rule_id", "line"), _counterexamples())
def test_rule_leaves_its_counterexample_alone(rule_id: str, line: str) -> None:
    assert not _acts(BY_ID[rule_id], line), f"{rule_id} acted on {line!r}"


def test_every_rule_carries_at_least_one_counterexample() -> None:
    assert [r.id for r in ALL_RULES if not r.counterexamples] == []
