"""Loading rule tables: what a TOML table may say, and what it may not."""

from __future__ import annotations

import pytest

from cleaners.rule_tables import RuleError, parse_rules

TABLE = """
[fragments]
day = '''\\d{1,2}\\.\\d{1,2}\\.\\d{4}'''
stamp = '''(updated|aktualisiert):? <<day>>'''

[[rule]]
id = "test.stamp"
kind = "housekeeping"
pattern = '''<<stamp>>( \\| <<day>>)?'''
rationale = "test"
"""


def test_a_fragment_stands_for_its_text_in_patterns_and_in_later_fragments() -> None:
    (rule,) = parse_rules(TABLE, "test.toml")
    assert rule.matches_line("Updated: 17.01.2021")
    assert rule.matches_line("aktualisiert 17.01.2021 | 18.01.2021")
    assert not rule.matches_line("Updated: yesterday")
    assert rule.pattern.groups == 2  # the fragment's own group and the rule's: the wrapping adds none


def test_an_unknown_fragment_is_an_error_naming_the_rule() -> None:
    with pytest.raises(RuleError, match=r"test.stamp: unknown fragment <<month>>"):
        parse_rules(TABLE.replace("<<day>>)?", "<<month>>)?"), "test.toml")


def test_a_fragment_may_only_use_fragments_defined_before_it() -> None:
    swapped = TABLE.replace(
        "day = '''\\d{1,2}\\.\\d{1,2}\\.\\d{4}'''\nstamp = '''(updated|aktualisiert):? <<day>>'''",
        "stamp = '''(updated|aktualisiert):? <<day>>'''\nday = '''\\d{1,2}\\.\\d{1,2}\\.\\d{4}'''",
    )
    with pytest.raises(RuleError, match="fragment stamp: unknown fragment <<day>>"):
        parse_rules(swapped, "test.toml")
