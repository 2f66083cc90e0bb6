"""Lines an outlet repeats, learned from its documents (cleaners/repetition.py): what is
counted, when a line counts as that outlet's boilerplate, how the counts age, and how the
cleaners remove what was learned."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from cleaners.document import ArticleRecord, process_document
from cleaners.engine import clean_text
from cleaners.near_duplicates import key
from cleaners.repetition import (
    MAX_LINE_CHARS,
    MAX_WORDS,
    MIN_SITE_DOCS,
    SITE_WINDOW,
    LineCounts,
    RepeatedLines,
    count_documents,
    line_hashes,
    line_key,
    outlet_key,
)
from cleaners.rule_tables import generic_rules

FOOTER = "The Valley Courier is printed on recycled paper in Millbrook."


def article(i: int, *extra: str) -> str:
    """A distinct article: no line of it but ``extra`` is shared with another ``i``."""
    paragraphs = [
        f"Story {i} paragraph {p}: the council met for the {i * 7 + p}th time to discuss item {i}-{p}, "
        f"and the vote on the {p} proposals from district {i} was postponed again."
        for p in range(4)
    ]
    return "\n\n".join([*paragraphs, *extra])


def learned_from(*documents: tuple[str, str]) -> RepeatedLines:
    return count_documents(documents).learn()


def test_a_line_key_ignores_bullets_case_spacing_and_trailing_separators() -> None:
    assert line_key("  * Subscribe   to our  Newsletter |") == "subscribe to our newsletter"
    assert line_key("» Impressum") == line_key("- impressum") == line_key("o Impressum") == "impressum"


def test_a_line_key_keeps_a_word_that_starts_with_the_letter_o() -> None:
    # inscriptis writes a nested bullet as "o ": only an "o" followed by a space is one.
    assert line_key("offers and deals") == "offers and deals"
    assert line_key("o offers") == "offers"


def test_line_hashes_are_distinct_sorted_and_leave_long_lines_out() -> None:
    long_line = " ".join(["word"] * (MAX_WORDS + 1))
    hashes = line_hashes(f"Share this\n\n* Share this\n{long_line}\nContact us\n   \n")
    assert list(hashes) == sorted({key("share this"), key("contact us")})
    assert hashes.dtype == np.uint64
    # A line longer than MAX_LINE_CHARS is not counted, whatever its word count.
    assert not len(line_hashes("https://example.com/" + "x" * MAX_LINE_CHARS + " link"))


def test_a_line_hash_is_the_same_in_every_process() -> None:
    # Counts are saved between runs and made in many workers: Python's salted hash() would
    # give each process its own value.
    code = "from cleaners.near_duplicates import key; print(key('share this'))"
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert int(other.stdout) == key("share this")


def test_a_line_in_enough_of_a_sites_documents_is_learned_for_that_site_only() -> None:
    docs = [("courier.example", article(i, FOOTER)) for i in range(MIN_SITE_DOCS)]
    learned = learned_from(*docs, ("other.example", article(99, FOOTER)))
    assert learned.match(FOOTER, "courier.example") == ("repetition.within_site", "repeated")
    assert learned.match(f"* {FOOTER.upper()}", "courier.example") is not None
    assert learned.match(FOOTER, "other.example") is None
    assert learned.match(FOOTER, None) is None
    assert learned.match(article(0).split("\n\n")[0], "courier.example") is None  # prose is not learned


def test_a_line_in_fewer_than_the_minimum_documents_is_not_learned() -> None:
    docs = [("courier.example", article(i, FOOTER if i < MIN_SITE_DOCS - 1 else "")) for i in range(MIN_SITE_DOCS)]
    assert not learned_from(*docs).knows("courier.example")


def test_a_line_in_a_small_share_of_a_big_sites_documents_is_not_learned() -> None:
    # A column's recurring sign-off in 4 of 20 articles (20%) is under the 30% share.
    docs = [("courier.example", article(i, FOOTER if i < 4 else "")) for i in range(20)]
    assert not learned_from(*docs).knows("courier.example")
    docs = [("courier.example", article(i, FOOTER if i < 6 else "")) for i in range(20)]
    assert learned_from(*docs).knows("courier.example")


def test_documents_without_a_site_teach_nothing() -> None:
    counts = count_documents((None, article(i, FOOTER)) for i in range(10))
    assert not counts.learn()
    assert len(counts) == 0


def test_the_outlet_is_the_domain_else_the_publishers_name() -> None:
    assert outlet_key("courier.example", "Valley Courier") == "courier.example"
    assert outlet_key(None, "Valley  Courier") == outlet_key(None, "valley courier") == "name:valley courier"
    assert outlet_key(None, None) is None
    assert outlet_key(None, "  ") is None


def test_counts_saved_as_a_table_read_back_the_same() -> None:
    counts = count_documents(("courier.example", article(i, FOOTER)) for i in range(6))
    again = LineCounts.from_table(counts.to_table())
    assert again.site_docs == counts.site_docs
    assert again.learn() == counts.learn()
    assert len(again) == len(counts)


def test_a_runs_counts_add_to_the_saved_ones() -> None:
    saved = count_documents(("courier.example", article(i, FOOTER)) for i in range(3))
    run = count_documents(("courier.example", article(i, FOOTER)) for i in range(3, 5))
    assert not saved.learn().knows("courier.example")
    saved.add_counts(run)
    assert saved.site_docs == {"courier.example": 5.0}
    assert saved.learn().match(FOOTER, "courier.example") is not None


def test_the_window_keeps_a_site_at_its_size_and_its_shares() -> None:
    counts = count_documents(("courier.example", article(i, FOOTER)) for i in range(2 * SITE_WINDOW))
    counts.window()
    assert counts.site_docs == {"courier.example": float(SITE_WINDOW)}
    assert counts.learn().match(FOOTER, "courier.example") is not None


def test_a_line_seen_once_is_forgotten_after_enough_documents_of_its_site() -> None:
    counts = count_documents([("courier.example", article(0))])
    held = len(counts)
    for start in range(1, 3 * SITE_WINDOW, 50):  # runs of 50 documents, each saved with the window
        counts.add_counts(count_documents(("courier.example", "Share") for _ in range(start, start + 50)))
        counts.window()
    assert held > 1
    assert len(counts) == 1  # only "Share", in every document since


def test_a_new_footer_is_learned_within_part_of_a_window() -> None:
    counts = count_documents(("courier.example", article(i)) for i in range(SITE_WINDOW))
    for _ in range(4):  # a redesign: four runs of 20 documents that all carry the new footer
        counts.add_counts(count_documents(("courier.example", article(i, FOOTER)) for i in range(20)))
        counts.window()
    assert counts.learn().match(FOOTER, "courier.example") is not None


def test_cleaning_removes_a_learned_line_only_on_its_site_and_records_it() -> None:
    learned = learned_from(*[("courier.example", article(i, FOOTER)) for i in range(5)])
    text = article(42, FOOTER)
    result = clean_text(text, generic_rules(), repeated=learned, site="courier.example")
    assert FOOTER not in result.text
    assert [(r.rule, r.kind, r.text) for r in result.removals] == [("repetition.within_site", "repeated", FOOTER)]
    assert result.text == clean_text(article(42), generic_rules()).text
    elsewhere = clean_text(text, generic_rules(), repeated=learned, site="other.example")
    assert FOOTER in elsewhere.text


def test_a_learned_line_a_rule_already_removed_is_recorded_once_under_the_rule() -> None:
    subscribe = "Subscribe now for unlimited access."
    learned = learned_from(*[("courier.example", article(i, subscribe)) for i in range(5)])
    result = clean_text(article(42, subscribe), generic_rules(), repeated=learned, site="courier.example")
    assert [r.kind for r in result.removals] == ["paywall"]


def test_plain_text_is_cleaned_with_the_lines_learned_for_the_outlet_it_names() -> None:
    # Plain text has no URL: its outlet is known only once its "Source:" line is read.
    docs = [article(i, FOOTER, "Source: Valley Courier") for i in range(5)]
    learned = learned_from(*[("name:valley courier", doc) for doc in docs])
    raw = article(42, FOOTER, "Source: Valley Courier").encode()
    record = process_document(raw, "story.txt", repeated=learned)
    plain = process_document(raw, "story.txt")
    assert isinstance(record, ArticleRecord) and isinstance(plain, ArticleRecord)
    assert FOOTER in plain.text
    assert FOOTER not in record.text
    assert {"rule": "repetition.within_site", "kind": "repeated"}.items() <= record.removed[-2].items()


@pytest.mark.parametrize("site", ["courier.example", "name:valley courier"])
def test_learned_lines_for_one_outlet_leave_another_outlets_text_alone(site: str) -> None:
    learned = learned_from(*[(site, article(i, FOOTER)) for i in range(5)])
    raw = article(42, FOOTER, "Source: Hill Gazette").encode()
    record = process_document(raw, "story.txt", repeated=learned)
    assert isinstance(record, ArticleRecord)
    assert FOOTER in record.text


def test_counting_a_long_run_holds_a_window_of_each_outlet_not_every_line_it_saw(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import cleaners.repetition

    monkeypatch.setattr(cleaners.repetition, "FOLD_EVERY", 1000)
    counts = count_documents(("courier.example", article(i, FOOTER)) for i in range(10 * SITE_WINDOW))
    lines_per_article = len(line_hashes(article(0, FOOTER)))
    # Every article has its own four paragraphs: unbounded, that would be 8,000 lines.
    assert len(counts) < 3 * SITE_WINDOW * lines_per_article
    assert counts.learn().match(FOOTER, "courier.example") is not None


def test_a_table_that_is_not_counts_of_this_version_is_refused() -> None:
    import pyarrow as pa

    old_format = pa.table({"site": ["courier.example"], "line": pa.array([None], pa.uint64()), "weight": [4.0]})
    with pytest.raises(ValueError):
        LineCounts.from_table(old_format)


def test_the_worker_side_of_learning_imports_no_pyarrow_compute() -> None:
    # Workers count and match lines with numpy; pyarrow.compute would add ~45 ms to the
    # start of every process that imports the cleaners.
    code = "import sys, flows.process; print('pyarrow.compute' in sys.modules)"
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert other.stdout.strip() == "False"
