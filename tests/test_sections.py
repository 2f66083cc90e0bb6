"""Markdown sections with no prose (cleaners/sections.py): the teaser, sidebar and footer
blocks of a page turned into markdown go with their headings; the article's own lists,
tables and verse stay."""

from __future__ import annotations

from cleaners.engine import clean_text
from cleaners.markdown import heading_level

ARTICLE = [
    "# Council votes to close the old bridge",
    "The council voted on Tuesday to close the old bridge for repairs, which are expected to take at "
    "least two years and cost more than the city had planned.",
    "## What happens next",
    "Traffic will be diverted over the northern ring road from March, and the ferry will run every "
    "twenty minutes instead of every hour while the work goes on.",
]


def cleaned(*blocks: str) -> tuple[str, list[tuple[str, str]]]:
    result = clean_text("\n\n".join(blocks), (), markdown_sections=True)
    return result.text, [(r.rule, r.text) for r in result.removals]


def test_a_heading_over_teasers_and_links_goes_with_its_section() -> None:
    teasers = ["## More from Politics", "* ### Mayor resigns after a year", "* ### Budget talks stall", "12 comments"]
    footer = ["## About us", "Contact", "Imprint", "Privacy"]
    text, removed = cleaned(*ARTICLE, *teasers, *footer)
    assert text == "\n\n".join(ARTICLE)
    assert {rule for rule, _ in removed} == {"layout.proseless_section"}
    assert [line for _, line in removed] == [*teasers, *footer]


def test_an_article_section_with_prose_stays_whole() -> None:
    assert cleaned(*ARTICLE)[1] == []
    # A list under a subheading whose section goes on with prose stays.
    nested = [*ARTICLE[:2], "### Key dates", "* March", "* June", ARTICLE[3]]
    assert cleaned(*nested)[0] == "\n\n".join(nested)


def test_a_list_the_heading_introduces_with_a_colon_stays() -> None:
    favourites = ["### Our favourite spots on the water:", "* The harbour café", "* The old pier"]
    assert cleaned(*ARTICLE, *favourites)[1] == []


def test_the_numbered_items_of_a_listicle_stay() -> None:
    items = ["## 16\\. Stephen Fry", "Stephen Fry", "## 17. Alan Cumming", "Alan Cumming"]
    assert cleaned(*ARTICLE, *items)[1] == []


def test_ingredients_a_table_key_points_and_verse_stay() -> None:
    ingredients = ["## Zutaten", "* 300 g Butter", "* 200 g Zucker", "* 6 Eier", "* ½ TL Salz"]
    table = ["### Pros and cons", "Leasing | Buying", "---|---", "lower rates | ownership"]
    points = ["## Key points", "* The bridge closes in March.", "* Repairs take two years."]
    verse = [
        "#### Animus disst Azad",
        "Azad war mein Vorbild, doch ist innerlich am Sack",
        "Weil er mit fünfzig Jahren nichts außer Erinnerungen hat",
        "Ich half ihm bis zum letzten Satz wie einem Onkel, den man liebt",
    ]
    for section in (ingredients, table, points, verse):
        assert cleaned(*ARTICLE, *section)[1] == [], section[0]


def test_a_standfirst_marked_up_as_a_heading_stays() -> None:
    standfirst = (
        "### Mobile travel is booming, especially during the pandemic, as the fifty-fourth caravan "
        "show made clear to everyone who came."
    )
    assert cleaned(*ARTICLE, standfirst, "A camper van on the stand.")[1] == []


def test_a_text_with_no_prose_outside_such_sections_loses_nothing() -> None:
    # A page that is all lists is not furniture around an article.
    listing = ["## Events", "* 27 November 15:00", "Christmas market", "## Archive", "* October 2016"]
    assert cleaned(*listing)[1] == []


def test_a_heading_is_a_markdown_atx_heading() -> None:
    assert heading_level("## More from Politics") == 2
    assert heading_level("###### Tags") == 6
    assert heading_level("#hashtag") == heading_level("* ## In a list item") == heading_level("Text") == 0


def test_a_comment_in_a_code_block_is_not_a_heading() -> None:
    indented = ["    # install the package", "    pip install presswash", "    presswash run seeds"]
    fenced = ["```", "# install the package", "pip install presswash", "```"]
    for code in (indented, fenced):
        assert cleaned(*ARTICLE, *code)[1] == [], code


def test_html_extractions_are_not_read_as_markdown() -> None:
    # trafilatura's text has no markdown headings: a "#" line there is a hashtag or code.
    text = "\n\n".join([*ARTICLE[1:2], "# stopthebridge", "Mayor", "Council"])
    assert clean_text(text, ()).removals == ()
