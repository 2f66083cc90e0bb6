"""Reading the markdown a page converter writes around lines (cleaners/markdown.py)."""

from __future__ import annotations

from cleaners.markdown import is_bulleted, is_list_item, is_numbered, item_text, markdown_bare


def test_a_whole_line_is_read_without_its_heading_quote_and_emphasis_marks() -> None:
    assert markdown_bare("### Kommentare ###") == "Kommentare"
    assert markdown_bare("> **Share this:**") == "Share this:"
    assert markdown_bare("* Impressum") == "* Impressum"  # a list item is not a heading


def test_a_list_item_is_read_without_its_bullets() -> None:
    assert item_text("* * Impressum") == "Impressum"
    assert item_text("*Impressum*") == "*Impressum*"


def test_list_items_are_bulleted_or_numbered_as_html2text_writes_them() -> None:
    assert is_bulleted("- Freeze rents") and is_bulleted("• Freeze rents")
    assert is_numbered("3. Freeze rents") and is_numbered("3) Freeze rents") and is_numbered("16\\. Stephen Fry")
    assert is_list_item("16\\. Stephen Fry") and is_list_item("* Freeze rents")
    assert not is_list_item("2022 was a year of rents") and not is_list_item("*emphasis*")
