"""The rule prefilter: a literal check on the folded line before a rule's pattern.

Every rule whose matches all contain one of a few literals is known by them: one
Aho-Corasick scan of the line's fold finds which rules' literals occur, and a rule whose
literals do not occur never runs its pattern. Cleaning gives the same result without the
scan (every pattern on every line)."""

from __future__ import annotations

import re
from typing import Any

import pytest

import cleaners.engine as engine
from cleaners.engine import clean_text, fold_line, literals_of, required_literals
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
    assert literals_of(rule) == {"we use cookies", "cookie policy"}
    result = clean_text("A line about the council.\n\nAnother line about the vote.", [rule])
    assert counting.calls == 0
    assert result.removals == ()


def test_a_rule_whose_prefilter_hits_runs_its_pattern() -> None:
    rule, counting = counting_rule(r".*\b(we use cookies|cookie policy)\b.*")
    result = clean_text("A line about the council.\n\nRead our COOKIE Policy here.", [rule])
    assert counting.calls == 1
    assert [r.text for r in result.removals] == ["Read our COOKIE Policy here."]


def test_a_rule_anchored_on_its_first_words_runs_only_on_lines_holding_one_of_them() -> None:
    rule, counting = counting_rule(r"(accept all|reject all)[.!]?")
    assert literals_of(rule) == {"accept all", "reject all"}
    result = clean_text("A line about the council.\n\nACCEPT ALL\n\nAnother line about the vote.", [rule])
    assert counting.calls == 1
    assert [r.text for r in result.removals] == ["ACCEPT ALL"]


def test_a_rule_with_no_literal_runs_on_every_line() -> None:
    rule, counting = counting_rule(r"\W{3,}")
    assert literals_of(rule) is None
    clean_text("A line about the council.\n\n***\n\nAnother line about the vote.", [rule])
    assert counting.calls == 3


def test_a_line_longer_than_a_rules_max_len_is_not_scanned_for_its_literals() -> None:
    short = Rule("test.short", "share", "line", re.compile("zzz label", re.I), "test", max_len=30)
    long = Rule("test.long", "share", "inline", re.compile(r"\[yyy\]", re.I), "test", max_len=100_000)
    detector = engine._Detector([short, long])
    paragraph = "zzz label " + "and a paragraph of the article " * 10 + "[yyy]"
    assert detector.candidates(fold_line(paragraph)) == 0b10  # only the long-line rule
    assert detector.candidates(fold_line("zzz label [yyy]")) == 0b11
    # The shortest form a rule sees decides: "### zzz label" is "zzz label" to a line rule.
    assert detector.candidates(fold_line("### " + "#" * 40 + " zzz label"), shortest=9) & 0b01


def test_the_required_literals_of_a_pattern_are_those_every_match_contains() -> None:
    assert required_literals(re.compile(r"(accept|reject all)[.!]?", re.I)) == {"accept", "reject all"}
    assert required_literals(re.compile(r"photo(graph)?: .*", re.I)) == {"photo: ", "photograph: "}
    assert required_literals(re.compile(r"(\w+ )?(via|by) \w+", re.I)) == {"via ", "by "}
    assert required_literals(re.compile(r".*\w+.*")) is None


def test_a_lookahead_lends_its_literals_and_a_negative_one_none() -> None:
    # A rule that says "cookies, the site and the reader on one line" in lookaheads: every
    # line it takes holds a cookie word, so the scan need not run it on any other line.
    together = re.compile(r"(?=.*\bcookies?\b)(?=.*\b(site|browsing)\b)(?=.*\b(we|you)\b).*", re.I)
    assert required_literals(together) == {"cookie"}
    assert required_literals(re.compile(r"(?!update)(date|stand):", re.I)) == {"date:", "stand:"}
    assert required_literals(re.compile(r"(?!.*cookie).*", re.I)) is None


def test_a_class_of_single_characters_is_a_set_of_literals() -> None:
    assert required_literals(re.compile(r"\d+ [|·•] \w+", re.I)) == {" | ", " · ", " • "}
    assert required_literals(re.compile(r"\d+ (\||·) \w+", re.I)) == {" | ", " · "}
    assert required_literals(re.compile(r"[^|]\w+", re.I)) is None  # a negated class
    assert required_literals(re.compile(r"[a-z|]\w+", re.I)) is None  # a range


def test_a_run_of_literals_goes_on_through_groups_of_a_few_exact_strings() -> None:
    # The parser makes "\(dpa|\(afp" into "\((?:dpa|afp)": the parenthesis stays in each literal.
    assert required_literals(re.compile(r"\(dpa|\(afp", re.I)) == {"(dpa", "(afp"}
    assert required_literals(re.compile(r"\((dpa|afp)(/\w+)?\)", re.I)) == {"(dpa", "(afp"}
    # An optional group goes on with the run, with and without its strings.
    assert required_literals(re.compile(r"(have|got) a (news )?tip", re.I)) == {
        "have a tip",
        "have a news tip",
        "got a tip",
        "got a news tip",
    }


def test_an_optional_group_extends_a_run_of_literals_but_starts_none() -> None:
    # "you" alone is in most lines a reader is addressed in; "you've read " in few.
    assert required_literals(re.compile(r"(you('|’)?ve|you have) read .*", re.I)) == {
        "you've read ",
        "you’ve read ",
        "youve read ",
        "you have read ",
    }
    # Inside a run, an optional group gives the strings with it and those without it.
    assert required_literals(re.compile(r"\w+ (e-)?mail us", re.I)) == {" mail us", " e-mail us"}
    # Alone, it may match nothing: no literal.
    assert required_literals(re.compile(r"(photo)?\w+", re.I)) is None


def test_spaces_around_a_word_do_not_make_it_the_more_selective_literal() -> None:
    # "the " is no rarer than "you": the first set found stays the choice.
    assert required_literals(re.compile(r"(you|we) have (your|the) .*", re.I)) == {
        "you have your ",
        "you have the ",
        "we have your ",
        "we have the ",
    }
    assert required_literals(re.compile(r"(you|they) \w+ (your|the) .*", re.I)) == {"you ", "they "}


def test_literals_that_nearly_every_line_holds_are_the_last_choice() -> None:
    # Both the date's separators and the pipe are required; only the pipe is selective.
    assert required_literals(re.compile(r"\d{1,2}[./-]\d{1,2}[./-]\d{4} [|·] \w+", re.I)) == {" | ", " · "}
    assert required_literals(re.compile(r"\d{1,2}[./-]\d{1,2}", re.I)) == {".", "/", "-"}


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
        chars |= {ch for literal in literals_of(rule) or () for ch in literal}
    assert chars
    for ch in sorted(chars):
        for twin in set(re.findall(re.escape(ch), everything, re.IGNORECASE)):
            assert fold_line(twin) == fold_line(ch), (ch, twin)


@pytest.mark.parametrize("rule", every_rule(), ids=lambda r: r.id)
def test_outputs_are_the_same_with_and_without_the_literal_scan_on_the_rule_examples(
    rule: Rule, monkeypatch: pytest.MonkeyPatch
) -> None:
    rules = every_rule()
    docs = [
        *(f"{line}" for line in (*rule.examples, *rule.counterexamples)),
        "\n\n".join(["An opening paragraph of the article, long enough to read as prose here.", *rule.examples]),
    ]

    def cleaned() -> list[tuple[object, ...]]:
        results = [clean_text(doc, rules, lift_title=True, trim_to_main_block=True) for doc in docs]
        return [(r.text, r.removals, r.title, r.facts) for r in results]

    with_scan = cleaned()
    monkeypatch.setattr(engine, "literals_of", lambda rule: None)
    assert cleaned() == with_scan  # every pattern on every line
