"""The unseen-pages harness (eval/unseen.py): which article lines a cleaning lost, which
lines it kept that no reference holds, and which corpus pages it runs on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval.unseen import article_lines, lost_lines, named_site, outside_lines, unseen_pages

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "trafilatura-eval"

ARTICLE = "Bridge closes\nThe council voted on Monday to close the old bridge for repairs.\nIt reopens soon."


def test_only_lines_of_a_sentences_worth_of_words_are_looked_for() -> None:
    assert article_lines(ARTICLE) == ["The council voted on Monday to close the old bridge for repairs."]


def test_a_line_is_lost_when_the_raw_conversion_held_it_and_the_cleaned_text_does_not() -> None:
    raw = "Menu\nThe council voted on Monday to close the old bridge for repairs.\nFooter"
    found, lost = lost_lines(ARTICLE, raw, "Menu")
    assert found == ["The council voted on Monday to close the old bridge for repairs."]
    assert lost == found
    assert lost_lines(ARTICLE, raw, raw) == (found, [])


def test_a_line_the_raw_conversion_never_held_is_not_lost() -> None:
    assert lost_lines(ARTICLE, "Menu\nFooter", "Menu") == ([], [])


def test_lines_outside_the_references_are_counted_whatever_their_list_marks() -> None:
    cleaned = "* The council voted on Monday to close the old bridge for repairs.\n* Latest news\nRead more"
    assert outside_lines(cleaned, ARTICLE, "Read more") == ["* Latest news"]


def test_a_corpus_files_name_gives_the_site_it_starts_with() -> None:
    assert named_site(Path("ga.de-Graffiti.html")) == "ga.de"
    assert named_site(Path("ticotimes.net-migration.html")) == "ticotimes.net"


@pytest.mark.skipif(not CORPUS.exists(), reason="../shared/corpus is not beside the checkout")
def test_the_unseen_pages_are_unannotated_and_from_sites_in_neither_part() -> None:
    evaldata = json.loads((CORPUS / "evaldata.json").read_text(encoding="utf-8"))
    annotated = {str(item["file"]) for item in evaldata.values()}
    names = {p.name for p in unseen_pages(CORPUS)}
    assert len(names) >= 30
    assert not names & annotated
    assert "ga.de-Graffiti.html" in names  # ga.de is in no part
    # Its file name's site is in no part, but the URL it declares (leichtathletik-berlin.de) is.
    assert "eichtathletik-berlin.de-norddeutschland.html" not in names
