"""The evaluation harness's bookkeeping: which rule a lost snippet is blamed on."""

from __future__ import annotations

from eval.metrics import culprits


def test_a_lost_snippet_names_the_rules_whose_removals_hold_it() -> None:
    removals = [
        ("layout.before_main_text", "navigation", "Zubereitungszeit: 25 Minuten (+ 15 Minuten backen)"),
        ("share.button_labels", "share", "Share"),
        ("layout.after_main_text", "page_furniture", "200 g"),
    ]
    assert culprits("(+ 15 Minuten backen)", removals) == "layout.before_main_text"
    assert culprits("200 g Zucker", removals) == "layout.after_main_text"


def test_a_lost_snippet_no_removal_explains_is_marked_unknown() -> None:
    assert culprits("Mission", [("share.button_labels", "share", "Share")]) == "?"
