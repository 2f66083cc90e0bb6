"""The evaluation harness: which rule a lost snippet is blamed on, and how it learns what each site repeats."""

from __future__ import annotations

import pytest

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


def test_the_evaluation_cleans_each_converters_text_with_what_its_site_repeats() -> None:
    # What an ingest learns after it has seen the pages (flows/line_counts.py): a line in
    # four of a site's pages goes from every page of that site, and from no other site's.
    from eval.converters import CONVERTERS
    from eval.run import Page, PageResult, _set_repeated, clean_page, learn_repeated

    footer = "The Valley Courier is printed on recycled paper in Millbrook."

    def page(site: str, i: int) -> PageResult:
        paragraphs = [
            f"Story {i} paragraph {p}: the council met for the {i * 7 + p}th time to discuss item {i}-{p}, "
            f"and the vote on the {p} proposals from district {i} was postponed again."
            for p in range(3)
        ]
        text = "\n\n".join([*paragraphs, footer])
        meta = Page(url=f"https://{site}/{i}", file=f"{site}-{i}.html", path="", site=site, with_=[], without=[])
        return PageResult(meta, {f"{name}:raw": text for name in CONVERTERS})

    results = [page("courier.example", i) for i in range(4)] + [page("gazette.example", 9)]
    _set_repeated(learn_repeated(results))
    cleaned = [clean_page(r) for r in results]
    for res in cleaned[:4]:
        assert all(footer not in res.texts[f"{name}:presswash"] for name in CONVERTERS)
        assert ("repetition.within_site", "repeated", footer) in res.removals["inscriptis"]
    assert all(footer in cleaned[4].texts[f"{name}:presswash"] for name in CONVERTERS)


def test_without_rules_the_evaluation_cleans_with_the_mechanisms_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    from cleaners import document
    from eval.run import _empty_rule_tables, presswash_text

    monkeypatch.setattr(document, "generic_rules", document.generic_rules)  # restored after the test
    story = "The council met on Tuesday and approved the budget for the new library after a long debate."
    text = f"{story}\n\n{story}\n\nShare this article\n"
    _empty_rule_tables(False)
    assert "Share this article" not in presswash_text(text.encode(), "page.txt").text
    _empty_rule_tables(True)
    assert "Share this article" in presswash_text(text.encode(), "page.txt").text
