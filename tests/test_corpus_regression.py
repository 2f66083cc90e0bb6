"""Whole-page text from tuning-part pages of the corpus: the article stays, furniture goes,
and the headline becomes the title.

The fixtures in ``tests/fixtures/corpus/`` are small inscriptis conversions of pages from
the *tuning* part of ``eval/split.json`` (never the report part), with the corpus's own
annotations: every ``with`` snippet must survive cleaning, ``without`` snippets mostly not.
Those in ``tests/fixtures/titles/`` are whole inscriptis conversions of tuning pages whose
headline stands a few lines above the article, past an author's name and share counters,
with the page's own title as the HTML path reads it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from cleaners.document import ArticleRecord, process_document
from eval.metrics import for_match, title_agrees

FIXTURES = Path(__file__).parent / "fixtures" / "corpus"
CASES: list[dict[str, Any]] = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))
TITLES = Path(__file__).parent / "fixtures" / "titles"
TITLE_CASES: list[dict[str, Any]] = json.loads((TITLES / "expected.json").read_text(encoding="utf-8"))
SPLIT = json.loads((Path(__file__).parent.parent / "eval" / "split.json").read_text(encoding="utf-8"))


def clean(case: dict[str, Any]) -> str:
    record = process_document((FIXTURES / case["file"]).read_bytes(), case["file"])
    assert isinstance(record, ArticleRecord)
    return for_match(f"{record.title or ''}\n{record.text}")


def test_fixtures_come_from_the_tuning_part_only() -> None:
    for case in [*CASES, *TITLE_CASES]:
        assert case["site"] in SPLIT["parts"]["tuning"]
        assert case["site"] not in SPLIT["parts"]["report"]


@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_whole_page_text_keeps_every_article_snippet(case: dict[str, Any]) -> None:
    text = clean(case)
    assert [s for s in case["with"] if for_match(s) not in text] == []


@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_whole_page_text_loses_most_of_its_boilerplate(case: dict[str, Any]) -> None:
    text = clean(case)
    leaked = [s for s in case["without"] if for_match(s) in text]
    assert len(leaked) <= len(case["without"]) // 3, leaked


@pytest.mark.parametrize("case", TITLE_CASES, ids=[c["file"] for c in TITLE_CASES])
def test_whole_page_text_lifts_the_headline_that_shares_the_articles_words(case: dict[str, Any]) -> None:
    record = process_document((TITLES / case["file"]).read_bytes(), case["file"])
    assert isinstance(record, ArticleRecord)
    assert record.title is not None and title_agrees(record.title, case["page_title"]), record.title
