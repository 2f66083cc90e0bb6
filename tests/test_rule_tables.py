"""Loading rule tables: what a TOML table may say, and what it may not."""

from __future__ import annotations

import pytest

from cleaners.rule_tables import RuleError, generic_rules, parse_rules, shared_fragments


def _rule(rule_id: str, kind: str, pattern: str, **fields: str) -> str:
    """One ``[[rule]]`` of a TOML table: its id, kind, pattern and the other fields as
    TOML writes them (``action='"suffix"'``, ``heads_list="true"``)."""
    extra = "".join(f"{key} = {value}\n" for key, value in fields.items())
    return f'''
[[rule]]
id = "{rule_id}"
kind = "{kind}"
{extra}pattern = \'\'\'{pattern}\'\'\'
rationale = "test"
'''


TABLE = """
[fragments]
day = '''\\d{1,2}\\.\\d{1,2}\\.\\d{4}'''
stamp = '''(updated|aktualisiert):? <<day>>'''
""" + _rule("test.stamp", "housekeeping", r"<<stamp>>( \| <<day>>)?")


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


SUFFIX_TABLE = _rule(
    "test.credit", "credit", r"\s+credit:\s*(\w|\s(?!\s)|(?<=[A-Z][a-z])\s?\.\s){2,40}", action='"suffix"'
)


def test_a_suffix_rule_takes_a_match_that_reaches_the_line_end_where_a_shorter_one_stops_early() -> None:
    (rule,) = parse_rules(SUFFIX_TABLE, "test.toml")
    # The body could stop at "St " (a space, then the dot it may not take alone); the rule
    # still finds the match that runs through "St . Gallen" to the end.
    hit = rule.matches_line("The theatre at night. Credit: Theater St . Gallen")
    assert hit is not None and hit.group(0) == " Credit: Theater St . Gallen"
    assert rule.matches_line("The theatre. Credit: Theater St. Gallen, said the mayor.") is None


HEADING_TABLE = _rule("test.more_from_us", "related", "more from us:?", heads_list="true")


def test_a_rule_heads_a_list_only_when_its_table_says_so() -> None:
    (heading,) = parse_rules(HEADING_TABLE, "test.toml")
    (plain,) = parse_rules(TABLE, "test.toml")
    assert heading.heads_list and not plain.heads_list
    with pytest.raises(RuleError, match="heads_list and heads_bio must be true or false"):
        parse_rules(HEADING_TABLE.replace("heads_list = true", 'heads_list = "yes"'), "test.toml")
    with pytest.raises(RuleError, match="heads_list and heads_bio must be true or false"):
        parse_rules(HEADING_TABLE.replace("heads_list = true", 'heads_bio = "yes"'), "test.toml")


def test_the_lines_under_a_heading_rule_go_with_it_whatever_its_family() -> None:
    from cleaners.engine import clean_text

    para = "The council approved the budget on Tuesday after a long debate about schools and roads."
    teasers = ["Bridge closures across the county", "Mayor opens the new library"]
    text = "\n".join([para, "More from us:", *teasers])
    rules = parse_rules(HEADING_TABLE, "test.toml")
    assert clean_text(text, rules).text == para
    unflagged = parse_rules(HEADING_TABLE.replace("heads_list = true\n", ""), "test.toml")
    assert clean_text(text, unflagged).text == "\n".join([para, *teasers])


END_TABLE = _rule("test.thread_heading", "comments", r"\d+ comments", action='"tail"', where='"WHERE"')
PARAGRAPHS = [f"Paragraph {i} of the story says what the council decided about the new bridge." for i in range(8)]


def _cleaned(where: str, lines: list[str]) -> str:
    from cleaners.engine import clean_text

    return clean_text("\n".join(lines), parse_rules(END_TABLE.replace("WHERE", where), "test.toml")).text


def test_an_end_rule_acts_after_most_of_the_text_whatever_its_length_in_lines() -> None:
    after = [*PARAGRAPHS, "12 comments", "Great piece!", "I disagree."]
    assert _cleaned("end", after) == "\n".join(PARAGRAPHS)
    assert _cleaned("tail", after) == "\n".join(PARAGRAPHS)


def test_an_end_rule_does_not_act_in_the_first_lines_of_a_short_text_where_a_tail_rule_would() -> None:
    # A comment counter under a short article's headline is among its last ten lines: a
    # tail rule takes it, though not the article under it, which has not begun there.
    short = ["Bridge plan approved", "12 comments", *PARAGRAPHS]
    assert _cleaned("end", short) == "\n".join(short)
    assert _cleaned("tail", short) == "\n".join([short[0], *PARAGRAPHS])


def test_a_table_uses_the_shared_fragments_and_may_not_name_its_own_like_one() -> None:
    table = _rule(
        "test.credit", "contributor", "Credit: (?P<contributor><<people>>)", action='"line"', case_sensitive="true"
    )
    (rule,) = parse_rules(table, "test.toml")
    assert rule.matches_line("Credit: Jan van der Berg and Anna Schmidt")
    assert not rule.matches_line("Credit: the photo desk")
    with pytest.raises(RuleError, match="fragment person is already a shared fragment"):
        parse_rules("[fragments]\nperson = '''x'''\n" + table, "test.toml")


def test_the_shared_fragments_file_holds_no_rules() -> None:
    assert "person" in shared_fragments()
    assert all(rule.source != "rules/fragments.toml" for rule in generic_rules())


@pytest.mark.parametrize("line", ["", " ", "\t", "…", "-"])
def test_no_rule_matches_a_line_with_no_words(line: str) -> None:
    # An empty alternative ("a||b") makes a rule match nothing at all as a whole line.
    assert [rule.id for rule in generic_rules() if rule.pattern.fullmatch(line)] == []
