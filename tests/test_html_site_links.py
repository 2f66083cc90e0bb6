"""Lines an HTML page shows as links to its own site (``site_link_share``) and what the
text cleaner does with them: runs of such lines (teaser lists, menus, tag lists) and such
lines after the article's last paragraph are removed, a single one between paragraphs
stays; a line that is a short label and one link to another of the site's pages ("Read
more: <headline>", in any language) is removed wherever it stands. Both HTML modes carry
the shares."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cleaners.document import ArticleRecord, process_document
from cleaners.engine import clean_text
from cleaners.html import HtmlMode, extract_page, occurring_in, parse_page, site_link_share
from cleaners.rule_tables import generic_rules

URL = "https://www.example-news.com/politics/budget"


def shares(body: str, text: str, url: str | None = URL) -> dict[str, float]:
    return site_link_share(parse_page(f"<html><body>{body}</body></html>"), text, url)


def test_a_line_that_is_a_link_to_another_page_of_the_site_has_share_one() -> None:
    body = '<h3><a href="/sport/final">Cup final goes to extra time</a></h3>'
    assert shares(body, "Cup final goes to extra time") == {"Cup final goes to extra time": 1.0}


def test_absolute_links_to_the_site_and_its_subdomains_count() -> None:
    body = (
        '<p><a href="https://www.example-news.com/a">Budget row deepens</a></p>'
        '<p><a href="//sport.example-news.com/b">Derby ends level</a></p>'
    )
    assert shares(body, "Budget row deepens\nDerby ends level") == {"Budget row deepens": 1.0, "Derby ends level": 1.0}


def test_links_elsewhere_anchors_and_mail_links_do_not_count() -> None:
    body = (
        '<p><a href="https://shop.other.org/toy">Wooden rainbow</a></p>'
        '<h2><a href="#section-2">How to install it</a></h2>'
        '<p><a href="mailto:press@example-news.com">press@example-news.com</a></p>'
        '<p><a href="javascript:void(0)">Show more</a></p>'
    )
    text = "Wooden rainbow\nHow to install it\npress@example-news.com\nShow more"
    assert shares(body, text) == {}


def test_relative_links_count_when_the_page_has_no_address() -> None:
    body = '<p><a href="/a">Budget row deepens</a></p><p><a href="https://www.example-news.com/b">Derby</a></p>'
    assert shares(body, "Budget row deepens\nDerby", url=None) == {"Budget row deepens": 1.0}


def test_a_block_partly_linked_has_the_share_of_its_link_text() -> None:
    body = '<li><a href="/a">Budget row deepens</a> 12.03.2022</li>'
    found = shares(body, "Budget row deepens 12.03.2022")
    assert found["Budget row deepens 12.03.2022"] == pytest.approx(len("Budget row deepens") / 29)


def test_lines_not_in_the_text_are_left_out() -> None:
    body = '<nav><a href="/">Home</a></nav><p>The council met.</p>'
    assert shares(body, "The council met.") == {}


PARAGRAPH = "The council voted on Monday to close the old bridge for repairs, officials said after a long meeting."
LATER = "Engineers found cracks in two of the bridge's supports during an inspection in May, the report says."
TEASERS = ["Cup final goes to extra time", "Budget row deepens in the capital"]


def clean(lines: list[str], linked: list[str]) -> tuple[str, list[tuple[str, str]]]:
    result = clean_text("\n".join(lines), generic_rules(), site_links=dict.fromkeys(linked, 1.0))
    return result.text, [(r.rule, r.text) for r in result.removals]


def test_two_linked_lines_in_a_row_are_removed_as_a_linked_run() -> None:
    text, removed = clean([PARAGRAPH, *TEASERS, LATER], TEASERS)
    assert text == f"{PARAGRAPH}\n{LATER}"
    assert removed == [("layout.linked_run", t) for t in TEASERS]


def test_a_single_linked_line_between_paragraphs_stays() -> None:
    lines = [PARAGRAPH, TEASERS[0], LATER]
    text, removed = clean(lines, TEASERS)
    assert text == "\n".join(lines)
    assert removed == []


def test_a_linked_line_after_the_last_paragraph_is_removed_as_a_linked_tail() -> None:
    text, removed = clean([PARAGRAPH, LATER, TEASERS[0]], TEASERS)
    assert text == f"{PARAGRAPH}\n{LATER}"
    assert removed == [("layout.linked_tail", TEASERS[0])]


def test_a_linked_line_before_any_paragraph_stays() -> None:
    lines = [TEASERS[0], PARAGRAPH]
    text, _ = clean(lines, TEASERS)
    assert text == "\n".join(lines)


def test_linked_lines_that_read_as_prose_stay() -> None:
    lines = [PARAGRAPH, LATER]
    text, removed = clean(lines, lines)
    assert text == "\n".join(lines)
    assert removed == []


def test_lines_mostly_but_not_enough_linked_stay() -> None:
    lines = [PARAGRAPH, *TEASERS, LATER]
    result = clean_text("\n".join(lines), generic_rules(), site_links=dict.fromkeys(TEASERS, 0.6))
    assert result.text == "\n".join(lines)


def test_without_site_links_nothing_is_removed_for_links() -> None:
    lines = [PARAGRAPH, *TEASERS, LATER]
    assert clean_text("\n".join(lines), generic_rules()).text == "\n".join(lines)


ARTICLE = " ".join(
    f"Sentence {i} of a long enough article about the council's budget vote and the reactions to it." for i in range(30)
)
PAGE = (
    "<html><head><title>Council passes the budget</title>"
    f'<link rel="canonical" href="{URL}"></head><body><article><h1>Council passes the budget</h1>'
    f"<p>{ARTICLE}</p><p>{ARTICLE}</p>"
    '<blockquote><a href="/sport/final">Cup final goes to extra time</a></blockquote>'
    '<blockquote><a href="/politics/row">Budget row deepens in the capital</a></blockquote>'
    "</article></body></html>"
)


@pytest.mark.parametrize("mode", ["fast", "precise"])
def test_both_modes_carry_the_site_links_of_their_text(mode: HtmlMode) -> None:
    page = extract_page(PAGE, mode)
    assert page is not None
    assert "Cup final goes to extra time" in page.text
    assert page.site_links.get("Cup final goes to extra time") == 1.0


def test_a_teaser_list_at_the_end_of_a_page_does_not_reach_the_record() -> None:
    record = process_document(PAGE.encode(), "page.html", html_mode="fast")
    assert isinstance(record, ArticleRecord)
    assert "Sentence 29" in record.text
    assert "Cup final" not in record.text
    assert "Budget row deepens" not in record.text


def teaser_page(teaser_html: str) -> str:
    return (
        "<html><head><title>Council passes the budget</title>"
        f'<link rel="canonical" href="{URL}"></head><body><article><h1>Council passes the budget</h1>'
        f"<p>{ARTICLE}</p><p>{teaser_html}</p><p>{ARTICLE.replace('Sentence', 'Phrase')}</p>"
        "</article></body></html>"
    )


@pytest.mark.parametrize(
    ("label", "headline"),
    [
        ("Read more:", "Bridge closures across the county"),
        ("Czytaj też:", "Wyścig zbrojeń ruszył z kopyta"),
        ("Lea también:", "Impiden ingreso a Nicaragua a un reportero"),
        ("MIRA |", "Madre se acerca a conocer los motivos"),
        ("À lire aussi »", "Quel est votre profil digestif ?"),
        ("Weiterlesen:", "Ist glutenfreie Ernährung wirklich gesünder? Ein Überblick in fünf Punkten."),
    ],
)
def test_a_label_followed_by_a_link_to_the_site_is_removed_in_any_language(label: str, headline: str) -> None:
    # The label is whatever the outlet prints: what marks the teaser is that a few unlinked
    # words and a colon (or a guillemet, a bar) lead into one link to another of its pages.
    record = process_document(teaser_page(f'{label} <a href="/politics/other">{headline}</a>').encode(), "p.html")
    assert isinstance(record, ArticleRecord)
    assert headline not in record.text
    assert "Sentence 29" in record.text and "Phrase 0" in record.text


@pytest.mark.parametrize(
    "teaser_html",
    [
        # linked whole: a linked subheading, which a single line between paragraphs may be
        '<a href="/politics/other">Tankstellen: Wo kann man Adblue kaufen?</a>',
        # the link goes to another site: a source, not a teaser
        'Hintergrund: <a href="https://www.destatis.de/pm">Die Brücke und ihre lange Geschichte</a>',
        # the link covers only part of what follows the colon
        'The mayor said: the <a href="/politics/other">bridge</a> will reopen in spring after the works.',
        # a reference list's "Surname, Name:" is no label
        'Quaas, Georg: <a href="/politics/other">Konjunktureller Abschwung</a>',
    ],
)
def test_a_line_that_is_not_a_label_and_one_link_to_the_site_stays(teaser_html: str) -> None:
    record = process_document(teaser_page(teaser_html).encode(), "p.html")
    assert isinstance(record, ArticleRecord)
    kept = " ".join(re.sub("<[^>]+>", "", teaser_html).split())
    assert kept in " ".join(record.text.split())


def removed_under_heading(lines: list[str]) -> tuple[str, list[tuple[str, str]]]:
    result = clean_text("\n".join(lines), generic_rules(), site_links={})
    return result.text, [(r.rule, r.text) for r in result.removals if r.rule == "layout.under_related_heading"]


def test_lines_under_a_related_heading_are_removed_up_to_the_next_paragraph() -> None:
    text, removed = removed_under_heading([PARAGRAPH, "Ähnliche Beiträge", "05. Februar 2020", "Teaser Zwei:", LATER])
    assert text == f"{PARAGRAPH}\n{LATER}"
    assert removed == [
        ("layout.under_related_heading", "05. Februar 2020"),
        ("layout.under_related_heading", "Teaser Zwei:"),
    ]


def test_the_subheading_right_before_the_next_paragraph_is_spared() -> None:
    text, removed = removed_under_heading([PARAGRAPH, "See also", "05. Februar 2020", "Behind the scenes", LATER])
    assert text == f"{PARAGRAPH}\nBehind the scenes\n{LATER}"
    assert removed == [("layout.under_related_heading", "05. Februar 2020")]


def test_a_long_line_right_before_the_next_paragraph_is_not_spared_as_a_subheading() -> None:
    # An author box under the related block: its bio is no subheading of the article.
    bio = (
        "Supervisor / Coach für Lernen | Lehrer an einem Schulzentrum in Freiburg"
        " | bloggt gelegentlich zu lernen, leiten und unterrichten"
    )
    text, removed = removed_under_heading([PARAGRAPH, "Ähnliche Beiträge", "Über Max Muster", bio, LATER])
    assert text == f"{PARAGRAPH}\n{LATER}"
    assert [t for _, t in removed] == ["Über Max Muster", bio]


def test_lines_under_a_related_heading_go_to_the_end_when_no_paragraph_follows() -> None:
    text, removed = removed_under_heading([PARAGRAPH, LATER, "Lesen Sie auch:", *TEASERS])
    assert text == f"{PARAGRAPH}\n{LATER}"
    assert [t for _, t in removed] == TEASERS


def test_a_read_more_line_with_its_headline_is_not_a_heading_over_what_follows() -> None:
    headline = "Read more: Bridge closures across the county"
    lines = [PARAGRAPH, headline, "Freedom fighters replace colonial leaders", "Right-wing resistance", LATER]
    text, removed = removed_under_heading(lines)
    assert headline not in text
    assert "Freedom fighters replace colonial leaders" in text
    assert removed == []


def test_dated_teasers_under_a_related_heading_go_with_their_summaries() -> None:
    summary = "La actriz, de 74 años, está siendo tratada en el hospital de la ciudad desde el lunes."
    teasers = [
        "* Se inicia la extradición del expresidente Hernández",
        "EFE | Abril 21, 2022",
        summary,
        "* La actriz Susana Dosamantes padece cáncer",
        "Redacción | Abril 20, 2022",
        summary.replace("lunes", "martes"),
        # A headline that ends in a stop reads as prose; over its date it is a teaser's.
        "* Posponen la hora de extradición del expresidente hondureño Hernández a EE.UU.",
        "EFE | Abril 20, 2022",
        summary.replace("lunes", "miércoles"),
        "* Netflix pierde 200,000 suscriptores",
    ]
    text, removed = removed_under_heading([PARAGRAPH, LATER, "Últimas noticias", *teasers])
    assert text == f"{PARAGRAPH}\n{LATER}"
    assert [t for _, t in removed] == teasers


def test_teasers_with_excerpts_cut_off_by_an_ellipsis_go_under_a_related_heading() -> None:
    teasers = [
        "Stats say: Unemployment rate down once again",
        "by Marlon Madden The unemployment rate in Barbados continues to decline, reaching an estimated"
        " 10.9 per cent at the end of...",
        "Businesses told: Embrace new tech or face peril",
        "Die neuen Rottöne: Marsala, Terrakotta, Ochsenblut, Curry und Co. – und zwar am besten alles"
        " zusammen! Die neuen…",
    ]
    text, removed = removed_under_heading([PARAGRAPH, LATER, "You may also like these articles", *teasers])
    assert text == f"{PARAGRAPH}\n{LATER}"
    assert [t for _, t in removed] == teasers


def test_an_article_resuming_after_a_related_heading_is_not_a_teaser_summary() -> None:
    # A dated line right under the heading, then the article's paragraphs: no teaser
    # headline follows the paragraph, so the sweep stops at it.
    text, _ = removed_under_heading([PARAGRAPH, "Ähnliche Beiträge", "05. Februar 2020", LATER, PARAGRAPH])
    assert text.endswith(f"{LATER}\n{PARAGRAPH}")


def test_lines_under_a_related_heading_go_on_the_text_path_too() -> None:
    lines = [PARAGRAPH, "Ähnliche Beiträge", "05. Februar 2020", "Teaser Zwei:", LATER]
    assert clean_text("\n".join(lines), generic_rules()).text == f"{PARAGRAPH}\n{LATER}"


def test_a_related_heading_in_the_menu_of_a_page_dump_takes_nothing_past_the_trimmed_menu() -> None:
    # "Ähnliche Beiträge" as an entry of the site's menu: the menu goes with the main-block
    # trim, and the headline under it is the article's, which the lift takes.
    menu = [f"* {w}" for w in ("Politik", "Wirtschaft", "Kultur", "Sport", "Reisen", "Wissen", "Auto", "Digital")]
    lines = ["* Startseite", "* Ähnliche Beiträge", *menu, "# Bridge closes for two years", PARAGRAPH, LATER]
    result = clean_text("\n".join(lines), generic_rules(), lift_title=True, trim_to_main_block=True)
    assert result.title == "Bridge closes for two years"
    assert not [r for r in result.removals if r.rule == "layout.under_related_heading"]
    assert result.text.endswith(f"{PARAGRAPH}\n{LATER}")


# A small alphabet, so that needles often occur in the haystack, overlap and nest.
_TEXT = st.text(alphabet="ab é", max_size=30)


@given(haystack=_TEXT, needles=st.sets(_TEXT.filter(bool), max_size=8))
def test_the_needles_found_in_one_pass_are_exactly_those_that_are_substrings(haystack: str, needles: set[str]) -> None:
    assert occurring_in(haystack, needles) == {needle for needle in needles if needle in haystack}


def test_a_page_of_thousands_of_links_to_its_own_site_gets_each_of_its_linked_lines() -> None:
    # One pass over the text for all the links, not one search per link (links x text).
    lines = [f"Story number {i} of the archive" for i in range(3000)]
    body = "".join(f'<p><a href="/story/{i}">{line}</a></p>' for i, line in enumerate(lines))
    found = shares(body, "\n".join(lines[::2]))
    assert found == dict.fromkeys(lines[::2], 1.0)
