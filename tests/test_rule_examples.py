"""Every rule's own specification: its examples are acted on, its counterexamples are not.

Runs for every generic rule (``cleaners/rules/*.toml``) and every publisher rule
(``cleaners/publishers/*.toml``). An example is acted on when the rule, applied on its own
to the example line, removes something; a counterexample must come out untouched. A rule
that acts only at the end of a text sees the line after a sentence of story.
"""

from __future__ import annotations

import pytest

from cleaners.engine import clean_text
from cleaners.rule_tables import Rule, generic_rules, publishers

ALL_RULES: list[Rule] = list(generic_rules()) + [r for p in publishers() for r in p.rules]


# A rule that only acts at the end of a text (``where = "end"``) gets its line after this.
# Longer than any line such a rule may touch, so the line starts after TAIL_FRACTION of the text.
STORY = " ".join(["The council approved the new bridge on Tuesday after a long debate about its cost."] * 4)


def _acts(rule: Rule, line: str) -> bool:
    text = f"{STORY}\n{line}" if rule.where == "end" else line
    result = clean_text(text, [rule])
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
