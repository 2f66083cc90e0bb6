"""The article's lead (standfirst) on the HTML path: trafilatura often leaves out the
paragraph a page marks as its "teaser" or "intro"; the page's meta description says
which text it is (cleaners/html.py, with_lead)."""

from __future__ import annotations

from html import escape

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaners.html import extract_page, parse_page
from cleaners.lead import with_lead

PARAGRAPH = (
    "The council voted on Tuesday to close the old bridge for repairs, which are expected to take at least "
    "two years and cost more than the city had planned. "
)
LEAD = "The old bridge closes for two years. Drivers face long detours, and shops along the river fear for their trade."
BODY = f'<div class="article-body"><p>{PARAGRAPH * 2}</p><p>{PARAGRAPH}</p><p>{PARAGRAPH * 3}</p></div>'


def _page(description: str, shown: str, *, headline: str = "Bridge closes for repairs") -> str:
    return (
        f'<html><head><title>{headline}</title><meta name="description" content="{description}"></head><body>'
        '<nav><a href="/">Home</a> <a href="/news">News</a></nav>'
        f"<article><header><h1>{headline}</h1>{shown}</header>{BODY}</article>"
        "<footer>Copyright 2024 Example News</footer></body></html>"
    )


@pytest.mark.parametrize("mode", ["fast", "precise"])
def test_a_teaser_paragraph_trafilatura_leaves_out_opens_the_text(mode: str) -> None:
    import trafilatura

    html = _page(LEAD, f'<div class="teaser-text"><p>{LEAD}</p></div>')
    assert LEAD not in (trafilatura.extract(html) or "")  # what makes the lead worth finding
    page = extract_page(html, mode)  # type: ignore[arg-type]
    assert page is not None
    assert page.text.startswith(LEAD + "\nThe council voted")


def _lead_of(description: str, shown: str, text: str = PARAGRAPH, title: str | None = None) -> str:
    tree = parse_page(_page(description, shown))
    return with_lead(text, tree, title).removesuffix(text)


def test_a_truncated_description_finds_the_whole_lead() -> None:
    shown = f'<p class="intro"><b>Berlin.</b> {LEAD} More follows here.</p>'
    assert _lead_of("Berlin. The old bridge closes for two years. Drivers face long detours …", shown) == (
        f"Berlin. {LEAD} More follows here.\n"
    )


def test_a_description_that_writes_dashes_and_quotes_another_way_finds_the_lead() -> None:
    shown = "<p>The old bridge – closed for “two years” – leaves drivers facing detours, and shops fear for trade.</p>"
    description = (
        "The old bridge - closed for &quot;two years&quot; - leaves drivers facing detours, and shops fear for trade."
    )
    assert _lead_of(description, shown).startswith("The old bridge – closed")


def test_markup_and_escaped_entities_left_in_a_description_are_read_as_text() -> None:
    description = "&lt;p&gt;The old bridge closes for two&amp;nbsp;years. Drivers face long detours.&lt;/p&gt;"
    shown = "<p>The old bridge closes for two years. Drivers face long detours.</p>"
    assert _lead_of(description, shown) == "The old bridge closes for two years. Drivers face long detours.\n"


def test_a_description_that_runs_on_past_the_lead_finds_the_lead() -> None:
    description = f"{LEAD} The council voted on Tuesday to close the old bridge for repairs"
    assert _lead_of(description, f'<div class="intro"><p>{LEAD}</p></div>') == f"{LEAD}\n"


def test_a_second_description_names_the_lead_when_the_first_is_already_in_the_text() -> None:
    html = _page(PARAGRAPH.strip(), f"<p>{LEAD}</p>").replace(
        "</head>", f'<meta property="og:description" content="{LEAD}"></head>'
    )
    assert with_lead(PARAGRAPH, parse_page(html)) == f"{LEAD}\n{PARAGRAPH}"


def test_a_lead_the_text_already_has_is_not_added_again() -> None:
    assert _lead_of(LEAD, f"<p>{LEAD}</p>", text=f"{LEAD}\n{PARAGRAPH}") == ""


def test_a_lead_the_text_has_without_the_pages_soft_hyphens_is_not_added_again() -> None:
    hyphenated = LEAD.replace("bridge", "brid\u00adge").replace("detours", "de\u00adtours")
    assert _lead_of(hyphenated, f'<p class="intro">{hyphenated}</p>', text=f"{LEAD}\n{PARAGRAPH}") == ""


def test_a_description_the_page_does_not_show_adds_nothing() -> None:
    assert _lead_of(LEAD, "<p>Something else entirely, written for readers of the page.</p>") == ""


@pytest.mark.parametrize(
    "shown",
    [
        f'<a href="/other-story">{LEAD}</a>',  # a teaser linking to another page
        f"<aside><p>{LEAD}</p></aside>",
        f"<nav><p>{LEAD}</p></nav>",
        f"<form><p>{LEAD}</p></form>",
    ],
)
def test_a_description_shown_only_in_a_link_or_the_pages_furniture_adds_nothing(shown: str) -> None:
    assert _lead_of(LEAD, shown) == ""


def test_a_description_that_is_the_headline_adds_nothing() -> None:
    headline = "Bridge closes for two years while drivers face long detours in the city"
    tree = parse_page(_page(headline, "", headline=headline))
    assert with_lead(PARAGRAPH, tree, headline) == PARAGRAPH


def test_a_short_description_names_no_lead() -> None:
    assert _lead_of("Bridge closes for repairs.", "<p>Bridge closes for repairs.</p>") == ""


def test_a_page_without_a_description_keeps_its_text() -> None:
    tree = parse_page(f"<html><body><p>{LEAD}</p>{BODY}</body></html>")
    assert with_lead(PARAGRAPH, tree) == PARAGRAPH


_words = st.text(alphabet=st.sampled_from("abcdeé–-“\"'<>& .,…"), min_size=1, max_size=12)
_sentences = st.lists(_words, min_size=1, max_size=24).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(description=_sentences, paragraphs=st.lists(_sentences, max_size=6), lead_at=st.integers(0, 6))
def test_the_lead_search_adds_one_line_of_the_page_before_the_text_and_changes_nothing_else(
    description: str, paragraphs: list[str], lead_at: int
) -> None:
    # The description is shown, or one paragraph starts like it, or neither: whatever the
    # page, the text comes out whole after at most one added line.
    shown = [*paragraphs]
    shown.insert(min(lead_at, len(shown)), description)
    html = (
        f'<html><head><meta name="description" content="{escape(description)}"></head><body>'
        + "".join(f"<p>{escape(p)}</p>" for p in shown)
        + "</body></html>"
    )
    tree = parse_page(html)
    assert tree is not None
    out = with_lead(PARAGRAPH, tree)
    assert out.endswith(PARAGRAPH)
    added = out.removesuffix(PARAGRAPH)
    assert added == "" or (added.endswith("\n") and "\n" not in added[:-1] and added.strip())
