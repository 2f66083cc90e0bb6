"""Reading the markdown a page converter writes around lines (cleaners/markdown.py)."""

from __future__ import annotations

from cleaners.markdown import is_bulleted, is_list_item, is_numbered, item_text, markdown_bare


def test_a_whole_line_is_read_without_its_heading_quote_and_emphasis_marks() -> None:
    assert markdown_bare("### Kommentare ###") == "Kommentare"
    assert markdown_bare("> **Share this:**") == "Share this:"
    assert markdown_bare("* Impressum") == "* Impressum"  # a list item is not a heading


def test_a_line_html2text_escaped_is_read_without_its_escape() -> None:
    assert markdown_bare("\\- by Kareem Smith April 21, 2022") == "- by Kareem Smith April 21, 2022"
    assert markdown_bare("\\+ 30 % more") == "+ 30 % more"
    assert markdown_bare("\\\\server\\share") == "\\\\server\\share"  # no mark escaped: the line stays


def test_a_list_item_is_read_without_its_bullets() -> None:
    assert item_text("* * Impressum") == "Impressum"
    assert item_text("*Impressum*") == "*Impressum*"


def test_list_items_are_bulleted_or_numbered_as_html2text_writes_them() -> None:
    assert is_bulleted("- Freeze rents") and is_bulleted("• Freeze rents")
    assert is_numbered("3. Freeze rents") and is_numbered("3) Freeze rents") and is_numbered("16\\. Stephen Fry")
    assert is_list_item("16\\. Stephen Fry") and is_list_item("* Freeze rents")
    assert not is_list_item("2022 was a year of rents") and not is_list_item("*emphasis*")


def test_a_link_reads_as_its_text() -> None:
    # Scraping services' markdown keeps links: a menu item is "* [Impressum](https://…)".
    assert item_text(markdown_bare("* [Impressum](https://www.example.de/impressum)")) == "Impressum"
    assert markdown_bare('Read more: [Bridge closures](https://example.com/b "Bridge")') == "Read more: Bridge closures"
    assert markdown_bare("### [Kommentare](#comments)") == "Kommentare"
    assert markdown_bare("![Foto: dpa](https://img.example.com/a.jpg)") == "Foto: dpa"
    assert markdown_bare("[brackets] (not a link)") == "[brackets] (not a link)"


def test_markdown_links_do_not_hide_a_menu_or_a_teaser_from_the_rules() -> None:
    from cleaners.engine import clean_text
    from cleaners.rule_tables import generic_rules

    paragraph = "The council voted on Monday to close the old bridge for repairs, officials said on Tuesday."
    noise = ["* [Impressum](https://www.example.de/impressum)", "* [Datenschutz](https://www.example.de/datenschutz)"]
    text = clean_text("\n\n".join([paragraph, paragraph, *noise]), generic_rules()).text
    assert "Impressum" not in text and "Datenschutz" not in text
    assert text.count(paragraph) == 2
