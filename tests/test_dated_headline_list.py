"""``layout.dated_headline_list``: headlines of other stories with their date stamps, with
or without a heading over them, are a teaser list in any language; an article's timeline,
a listing of dated entries and readers' comments stay."""

from __future__ import annotations

import pytest

from cleaners.engine import clean_text
from cleaners.rule_tables import generic_rules
from tests.removals import removed_by

RULE = "layout.dated_headline_list"
PARAGRAPH = (
    "Der Verein bestätigte am Montag, dass der Vertrag des Trainers um zwei Jahre verlängert wurde, "
    "nachdem die Mannschaft die beste Saison ihrer Geschichte gespielt hatte."
)
GERMAN_LIST = [
    "12:13 Uhr",
    "Nach Corona-Fällen bei der EM: Kiel wohl nicht mit stärkster Mannschaft beim Pokalspiel",
    "30.01.2022 · Männer · HBL1",
    "Wer kommt und wer geht im Sommer? Die große Wechselbörse der Bundesliga",
    "27.01.2022 · Männer · EURO",
    "Ergebnisse und Tabellen der EM: Schweden holt Gold und Spanien Silber",
]
ENGLISH_LIST = [
    "Government unveils plan to rebuild the harbour bridge by next winter",
    "April 15, 2022 | 9:28 am",
    "Opposition leader calls for an inquiry into the budget overruns",
    "April 14, 2022 | 6:02 pm",
    "Schools to reopen on Monday after the storm damage is repaired",
    "April 14, 2022 | 11:40 am",
]


@pytest.mark.parametrize("teasers", [GERMAN_LIST, ENGLISH_LIST], ids=["German, date first", "English, date after"])
def test_headlines_with_their_date_stamps_go_after_the_article(teasers: list[str]) -> None:
    assert removed_by(RULE, [PARAGRAPH, *teasers]) == teasers


def test_a_list_of_dated_headlines_goes_in_the_middle_of_the_text_too() -> None:
    assert removed_by(RULE, [PARAGRAPH, *GERMAN_LIST, PARAGRAPH]) == GERMAN_LIST


def test_the_dates_between_headlines_a_rule_already_took_go_with_them() -> None:
    # A page's headlines that link to its own site go as links; the date stamps between
    # them, no links, go as this list's.
    headlines = GERMAN_LIST[1::2]
    result = clean_text(
        "\n\n".join([PARAGRAPH, *GERMAN_LIST]), generic_rules(), site_links=dict.fromkeys(headlines, 1.0)
    )
    assert [r.text for r in result.removals if r.rule == RULE] == GERMAN_LIST[::2]
    assert result.text.strip() == PARAGRAPH


@pytest.mark.parametrize(
    "lines",
    [
        pytest.param(GERMAN_LIST[:4], id="two dates are no list"),
        pytest.param(
            [
                "12. März 2020",
                "Die Regierung beschließt den ersten Lockdown, Schulen und Geschäfte schließen.",
                "4. Mai 2020",
                "Die Schulen öffnen wieder, zuerst für die Abschlussklassen und die Grundschüler.",
                "15. Juni 2020",
                "Die Grenzen zu den Nachbarländern sind nach drei Monaten wieder offen.",
            ],
            id="a timeline told in sentences",
        ),
        pytest.param(
            [
                "09.11.2022 - Rise Against - Stadthalle",
                "10.11.2022 - The Mountain Goats - WUK",
                "13.11.2022 - Becks - B72 !",
                "14.11.2022 - Das Lumpenpack - Ottakringer Brauerei",
                "15.11.2022 - Fehlfarben - Flex",
            ],
            id="a listing of dated entries",
        ),
        pytest.param(
            [
                "Mahan August 1, 2015 at 1:07 am",
                "Where is the best singer of them all in this list",
                "William September 2, 2015 at 7:22 pm",
                "Where are the three singers everybody was waiting for",
                "Ignis September 4, 2015 at 9:44 pm",
                "You cannot be serious about the order of this list",
            ],
            id="readers' comments under their names",
        ),
    ],
)
def test_what_is_not_a_list_of_dated_headlines_stays(lines: list[str]) -> None:
    assert removed_by(RULE, [PARAGRAPH, *lines]) == []
