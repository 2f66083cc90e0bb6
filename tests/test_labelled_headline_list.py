"""``layout.labelled_headline_list``: a short label no rule knows, over headlines of other
stories, is a teaser list in any language; the article's own labelled lists stay."""

from __future__ import annotations

import pytest

from tests.removals import removed_by

PARAGRAPH = (
    "Terveellinen ruoka ja säännöllinen ateriarytmi auttavat nekin jaksamaan, ja talven aikana kannattaa "
    "myös nähdä kavereita ja pitää huolta unesta, sanoo tutkija haastattelussa."
)
HEADLINES = [
    "Kittilässä loppukuusta ennätyslumet – Helsingissä koko tammikuu oli lumeton",
    "Korkeasaaren karhut heräsivät jo – talviunet jäivät poikkeuksellisen lyhyiksi",
    "Harmaa on hyvä – lue, mitä kaikkea paljon parjatusta väristä löytyy",
]


def test_a_short_label_over_headlines_goes_with_them_whatever_the_language() -> None:
    assert removed_by("layout.labelled_headline_list", [PARAGRAPH, "Lue aiheesta lisää:", *HEADLINES]) == [
        "Lue aiheesta lisää:",
        *HEADLINES,
    ]


def test_the_list_goes_in_the_middle_of_the_text_too() -> None:
    label = "Olvasson tovább:"
    assert removed_by("layout.labelled_headline_list", [PARAGRAPH, label, *HEADLINES[:2], PARAGRAPH]) == [
        label,
        *HEADLINES[:2],
    ]


@pytest.mark.parametrize(
    "items",
    [
        pytest.param(HEADLINES[:1], id="one headline is not a list"),
        pytest.param(["* Hotel, Therme und Resort in einem", "* Ideal für Familien mit Kindern"], id="list items"),
        pytest.param(["Anna Virtanen", "Mikko Laine"], id="names, shorter than headlines"),
        pytest.param(["Central: Juan Gabriel Calderón", "Asistente 1: William Chow"], id="key-value pairs"),
        pytest.param(
            ["Lauro Cazal (Sporting FC) por doble amarilla", "Berny Burke (Sporting FC) por acumulación de amarillas"],
            id="records with parentheses",
        ),
        pytest.param(
            ["=> Wie bist Du vorgegangen und warum", "=> Was ist dabei gelungen und was nicht"], id="marked items"
        ),
        pytest.param(["1.200 / 2.450 / 3.100 Anträge", "4.200 / 5.450 / 6.100 Bescheide"], id="figures"),
    ],
)
def test_what_a_label_heads_in_the_article_stays(items: list[str]) -> None:
    assert removed_by("layout.labelled_headline_list", [PARAGRAPH, "Ergebnisse:", *items]) == []


def test_a_sentence_ending_in_a_colon_is_no_list_label() -> None:
    intro = "Die Forscher haben in ihrer Studie drei Fragen untersucht:"
    assert removed_by("layout.labelled_headline_list", [PARAGRAPH, intro, *HEADLINES]) == []


def test_a_longer_introduction_over_quoted_verse_is_no_list_label() -> None:
    intro = "Im Refrain heißt es:"
    verse = ["Wir lagen vor Madagaskar und hatten die Pest an Bord", "In den Kesseln da faulte das Wasser"]
    assert removed_by("layout.labelled_headline_list", [PARAGRAPH, intro, *verse]) == []
