"""``layout.author_bio``: the name and bio under an author box's heading, after most of
the text, go with the heading; nothing else does."""

from __future__ import annotations

from cleaners.engine import BIO_CHARS, BIO_LINES
from tests.removals import removed_by

ARTICLE = [
    f"Paragraph {n} of the story: the council approved the budget on Tuesday after a long debate about "
    "schools, roads and the new library, and the mayor said the vote was a relief for everyone."
    for n in range(1, 6)
]
BIO = [
    "Meike Neitz",
    "Meike Neitz studierte Internationale Beziehungen in Dresden und Boston und schreibt über Politik.",
]


def test_the_name_and_bio_under_an_author_box_heading_go_with_it() -> None:
    for heading in ("Über die Autorin", "About the author", "O autorze"):
        assert removed_by("layout.author_bio", [*ARTICLE, heading, *BIO]) == BIO


def test_an_author_box_takes_a_few_lines_not_the_rest_of_the_text() -> None:
    after = [f"Line {n} after the box" for n in range(1, 6)]
    assert removed_by("layout.author_bio", [*ARTICLE, "About the author", *after]) == after[:BIO_LINES]


def test_an_author_box_heading_before_most_of_the_text_takes_nothing_along() -> None:
    # At the top, what follows "About the author" may already be the story.
    assert removed_by("layout.author_bio", ["About the author", *BIO, *ARTICLE]) == []


def test_lines_a_rule_took_are_not_counted_as_the_bio() -> None:
    lines = [*ARTICLE, "About the author", "Share on Facebook", *BIO]
    assert removed_by("layout.author_bio", lines) == BIO


def test_a_long_paragraph_under_an_author_box_heading_is_no_bio() -> None:
    long_paragraph = " ".join(["The council met again on Wednesday to discuss the budget."] * 30)
    assert len(long_paragraph) > BIO_CHARS
    assert removed_by("layout.author_bio", [*ARTICLE, "About the author", long_paragraph]) == []


def test_two_headings_over_one_box_remove_its_lines_once() -> None:
    # Found by the accounting property: both headings claimed the name, two overlapping removals.
    assert removed_by("layout.author_bio", [*ARTICLE, "About the author", "About the author", *BIO]) == BIO


def test_a_bio_that_says_when_the_writer_joined_gives_a_full_name_as_the_author_and_a_first_name_none() -> None:
    from cleaners.document import inspect_document

    full = "Jane Smith joined the Example Times in March 2018 as a business reporter."
    first = "Paige joined The Nassau Guardian in 2010 as a television news reporter and anchor."
    for bio, authors in ((full, ["Jane Smith"]), (first, [])):
        record, result = inspect_document("\n\n".join([*ARTICLE, bio]).encode(), "story.txt")
        assert [r.rule for r in result.removals if r.text == bio] == ["byline.joined_as"]
        assert list(record.authors) == authors  # type: ignore[union-attr]
