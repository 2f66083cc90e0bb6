"""The HTML path's extra passes: recall lines merged in place, link density from the page,
and unconfirmed lines that are links removed even when they read like sentences."""

from __future__ import annotations

from cleaners.engine import clean_text
from cleaners.html import link_density, merge_lines
from cleaners.rule_tables import generic_rules


def test_merge_adds_lines_only_the_recall_pass_found_at_their_place() -> None:
    main = "Headline\nFirst paragraph.\nThird paragraph."
    extra = "First paragraph.\nSecond paragraph the main pass missed.\nThird paragraph."
    assert merge_lines(main, extra) == (
        "Headline\nFirst paragraph.\nSecond paragraph the main pass missed.\nThird paragraph."
    )


def test_merge_never_repeats_or_reorders_lines_the_main_pass_has() -> None:
    main = "A first line.\nB second line.\nC third line."
    extra = "C third line.\nA first line.\nB second line."
    assert merge_lines(main, extra) == main
    assert merge_lines(main, "") == main


def test_link_density_is_high_for_link_lists_and_low_for_paragraphs() -> None:
    html = (
        "<html><body><p>The council voted on Monday to close the old bridge for repairs.</p>"
        '<li><a href="/x">Read more: Bridge closures across the county this summer</a></li>'
        '<p>Half <a href="/y">linked</a> text</p></body></html>'
    )
    density = link_density(html)
    assert density["The council voted on Monday to close the old bridge for repairs."] == 0.0
    assert density["Read more: Bridge closures across the county this summer"] == 1.0
    assert 0.3 < density["Half linked text"] < 0.5


def test_link_density_of_unparsable_input_is_empty() -> None:
    assert link_density("") == {}


ARTICLE = (
    "The council voted on Monday to close the old bridge for repairs, officials said.\n"
    "Bridge closures across the county this summer and what they will cost drivers\n"
    "Engineers found cracks in two of the bridge's supports during an inspection in May."
)
CONFIRMED = (
    "The council voted on Monday to close the old bridge for repairs, officials said.\n"
    "Engineers found cracks in two of the bridge's supports during an inspection in May."
)
TEASER = "Bridge closures across the county this summer and what they will cost drivers"


def test_unconfirmed_sentence_like_line_that_is_a_link_is_removed() -> None:
    result = clean_text(ARTICLE, generic_rules(), confirmed_by=CONFIRMED, link_density={TEASER: 1.0})
    assert TEASER not in result.text
    assert [(r.rule, r.kind) for r in result.removals] == [("layout.linked_unconfirmed", "navigation")]


def test_unconfirmed_sentence_like_line_without_links_stays_inside_the_article() -> None:
    result = clean_text(ARTICLE, generic_rules(), confirmed_by=CONFIRMED, link_density={TEASER: 0.1})
    assert TEASER in result.text


def test_linked_line_the_precision_pass_confirms_stays() -> None:
    result = clean_text(ARTICLE, generic_rules(), confirmed_by=ARTICLE, link_density={TEASER: 1.0})
    assert result.text == ARTICLE


FIRST = "The council voted on Monday to close the old bridge for repairs, officials said."
LAST = "Engineers found cracks in two of the bridge's supports during an inspection in May."


def confirmed_clean(lines: list[str], confirmed: list[str], linked: tuple[str, ...] = ()) -> str:
    result = clean_text(
        "\n".join(lines), (), confirmed_by="\n".join(confirmed), link_density=dict.fromkeys(linked, 1.0)
    )
    return result.text


def test_an_unconfirmed_web_or_mail_address_on_its_own_line_stays_even_as_a_link() -> None:
    # The article gives an address to visit or write to; a teaser shows a headline instead.
    for address in ("http://www.openpetition.de/petition/online/gegen-die-reform", "suivi.reformes@gmail.com"):
        lines = [FIRST, "Sign the petition or write to the committee at", address, LAST]
        assert address in confirmed_clean(lines, [FIRST, lines[1], LAST], linked=(address,))


def test_an_unconfirmed_list_a_confirmed_sentence_introduces_stays() -> None:
    intro = "The best experiences I have are with people who …"
    items = ["- are open and curious", "- want to change things", "- like to laugh"]
    text = confirmed_clean([FIRST, intro, *items, "Lebenslauf", LAST], [FIRST, intro, LAST])
    assert all(item in text for item in items)
    assert "Lebenslauf" not in text  # not an item: the list ended


def test_an_unconfirmed_list_under_a_heading_is_still_removed() -> None:
    items = ["- Home", "- Politics", "- Sport"]
    text = confirmed_clean([FIRST, LAST, "Sections:", *items], [FIRST, LAST])
    assert not any(item in text for item in items)


def test_an_unconfirmed_sentence_like_line_after_the_last_confirmed_one_is_removed() -> None:
    # The stricter pass ends where the article does; what reads like a sentence after it
    # without being a paragraph is a teaser, an author's line, a form's message.
    bio = "Anna Kowalski writes about transport for the paper."
    text = confirmed_clean([FIRST, LAST, bio], [FIRST, LAST])
    assert bio not in text
    paragraph = (
        "The repairs will start in June and should be finished before the schools open again, "
        "the council said in a statement on Tuesday."
    )
    assert paragraph in confirmed_clean([FIRST, LAST, paragraph], [FIRST, LAST])
