"""The evaluation's scoring and its split: what counts as kept, leaked, and where a page goes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval.metrics import FieldScore, Score, same_day, score, shares_an_author, title_agrees
from eval.run import load_pages
from eval.split import SPLIT_FILE, make_split, part_of, site_of

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "trafilatura-eval"


def test_snippets_match_across_line_breaks_and_non_breaking_spaces() -> None:
    s = score("The mayor\nsaid on\u00a0Monday.\nImpressum", ["mayor said on Monday"], ["Impressum", "Kontakt"])
    assert (s.with_kept, s.with_total, s.without_leaked, s.without_total) == (1, 1, 1, 2)


def test_token_scores_weigh_snippets_by_their_length() -> None:
    s = score("one two three four", ["one two three four", "five six"], ["three four"])
    assert (s.with_tokens, s.with_tokens_kept, s.without_tokens_leaked) == (6, 4, 2)
    assert s.precision == pytest.approx(4 / 6)
    assert s.recall == pytest.approx(4 / 6)


def test_scores_add_up_over_pages() -> None:
    total = Score()
    total.add(score("a b", ["a"], ["b"]))
    total.add(score("", ["c"], []))
    assert (total.pages, total.empty, total.with_kept, total.with_total) == (2, 1, 1, 2)
    assert total.kept == 0.5 and total.leaked == 1.0


def test_pages_of_one_site_land_in_one_part() -> None:
    data = {
        "https://www.example.com/a": {"file": "a.html"},
        "https://news.example.com/b": {"file": "b.html"},
        "https://other.org/c": {"file": "c.html"},
    }
    split = make_split(data)  # type: ignore[arg-type]
    parts = split["parts"]
    assert isinstance(parts, dict)
    assert site_of("https://news.example.com/b") == "example.com"
    assert sorted(parts[part_of("example.com")]["example.com"]) == ["a.html", "b.html"]


@pytest.mark.corpus
def test_committed_split_is_what_the_script_makes_and_parts_share_no_site() -> None:
    if not (CORPUS / "evaldata.json").exists():
        pytest.skip("../shared/corpus/trafilatura-eval is absent")
    evaldata = json.loads((CORPUS / "evaldata.json").read_text(encoding="utf-8"))
    committed = json.loads(SPLIT_FILE.read_text(encoding="utf-8"))
    assert make_split(evaldata) == committed
    tuning, report = committed["parts"]["tuning"], committed["parts"]["report"]
    assert not set(tuning) & set(report)
    assert sum(len(f) for f in tuning.values()) + sum(len(f) for f in report.values()) == len(evaldata)


@pytest.mark.corpus
def test_the_tuning_halves_split_the_tuning_part_by_site_and_hold_no_report_page() -> None:
    if not (CORPUS / "evaldata.json").exists():
        pytest.skip("../shared/corpus/trafilatura-eval is absent")
    halves = {part: load_pages(CORPUS, part) for part in ("tuning", "tuning-a", "tuning-b", "report")}
    sites = {part: {p.site for p in pages} for part, pages in halves.items()}
    assert not sites["tuning-a"] & sites["tuning-b"]
    assert sites["tuning-a"] | sites["tuning-b"] == sites["tuning"]
    assert not (sites["tuning-a"] | sites["tuning-b"]) & sites["report"]
    assert len(halves["tuning-a"]) + len(halves["tuning-b"]) == len(halves["tuning"])
    assert 0.4 < len(sites["tuning-a"]) / len(sites["tuning"]) < 0.6


def test_a_lifted_title_agrees_with_the_page_title_that_carries_the_site_name_too() -> None:
    page = "Thousands of UK academics 'treated as second-class citizens' | Education | The Guardian"
    assert title_agrees("# Thousands of UK academics 'treated as second-class citizens'", page)
    assert not title_agrees("Higher education", page)


def test_dates_agree_to_the_day_and_authors_on_one_name() -> None:
    assert same_day("2020-02-17T00:00:00+00:00", "2020-02-17")
    assert not same_day("2020-02-17T00:00:00+00:00", "2020-02-18")
    assert shares_an_author(["Bettina Kugler"], ["bettina kugler", "Redaktion"])
    assert not shares_an_author(["Aktuelle Meldung"], ["Bettina Kugler"])


def test_field_scores_count_found_checkable_and_agreeing_documents() -> None:
    f = FieldScore()
    f.add("Council approves harbour budget", "Council approves harbour budget - City News", title_agrees)
    f.add("Suchen Menü", "Wie Firmen ihre Beschäftigten schützen", title_agrees)
    f.add("A headline on a page without a title", None, title_agrees)
    f.add(None, "A page whose text gave no headline", title_agrees)
    assert (f.documents, f.found, f.checkable, f.agreeing) == (4, 3, 2, 1)
