"""The publisher registry and publisher-specific rules, one case per publisher file."""

from __future__ import annotations

import pytest

from cleaners.document import ArticleRecord, process_document
from cleaners.publisher import domain_name, publisher_for_name, registered_domain, resolve_publisher
from cleaners.rule_tables import publishers

BODY = (
    "The cabinet approved the budget late on Sunday after a marathon session in Jerusalem.\n"
    "Ministers argued for hours over defence spending and funding for the health system.\n"
    "The plan now goes to the Knesset, where it must pass three readings by the end of March."
)


def ingest_text(text: str) -> ArticleRecord:
    record = process_document(text.encode(), "article.txt")
    assert isinstance(record, ArticleRecord), record
    return record


def test_every_publisher_file_has_a_name_and_a_domain() -> None:
    for pub in publishers():
        assert pub.name and pub.domains, pub.slug


def test_publisher_names_resolve_through_aliases_and_staff_suffixes() -> None:
    toi = publisher_for_name("Times of Israel staff")
    assert toi is not None and toi.name == "The Times of Israel"
    inn = publisher_for_name("israel national news")
    assert inn is not None and inn.name == "Arutz Sheva"
    assert publisher_for_name("Unknown Gazette") is None


def test_registered_domain_uses_the_bundled_suffix_list() -> None:
    assert registered_domain("https://www.bbc.co.uk/news/world-1") == "bbc.co.uk"
    assert registered_domain("https://madame.lefigaro.fr/x") == "lefigaro.fr"
    assert registered_domain(None) is None


def test_a_domains_name_is_the_domain_without_its_public_suffix() -> None:
    assert domain_name("timesofisrael.com") == "timesofisrael"
    assert domain_name("bbc.co.uk") == "bbc"
    assert domain_name("bundeskanzleramt.gv.at") == "bundeskanzleramt"
    assert domain_name(None) is None


def test_url_beats_names_found_in_the_text() -> None:
    name, domain = resolve_publisher([("attribution", "Reuters")], url="https://www.theguardian.com/world/x")
    assert (name, domain) == ("The Guardian", "theguardian.com")


def test_unknown_outlet_keeps_the_name_the_text_gives_it() -> None:
    assert resolve_publisher([("dateline", "Kyiv Independent")]) == ("Kyiv Independent", None)


def test_an_unknown_outlets_name_leaves_out_the_date_and_place_after_it() -> None:
    named = [("attribution", "Deutscher Jagdverband (DJV), 02. Februar 2022, Berlin")]
    assert resolve_publisher(named) == ("Deutscher Jagdverband (DJV)", None)
    assert resolve_publisher([("attribution", "Farrar, Straus and Giroux")]) == ("Farrar, Straus and Giroux", None)


def test_a_contributor_is_no_outlet_unless_the_registry_knows_it() -> None:
    assert resolve_publisher([("contributor", "Jane Doe")]) == (None, None)


APPEAL = "We’re really pleased that you’ve read 7 Times of Israel articles in the past month."


def test_times_of_israel_reader_appeal_is_cut_from_its_own_articles() -> None:
    record = ingest_text(BODY + "\nSource: Times of Israel\n" + APPEAL + "\nJoin our community")
    assert record.publisher == "The Times of Israel"
    assert record.text == BODY


def test_publisher_rules_stay_out_of_other_publishers_articles() -> None:
    record = ingest_text(BODY + "\n" + APPEAL + "\nSource: Worthy News")
    assert record.publisher == "Worthy News"
    assert APPEAL in record.text


def test_business_standard_first_published_stamp_goes_in_its_articles_only() -> None:
    stamp = "First Published: Sep 12 2019 | 10:39 PM IST"
    disclaimer = "Disclaimer: No Business Standard Journalist was involved in creation of this content"
    record = ingest_text(BODY + "\n" + stamp + "\n" + disclaimer)
    assert record.text == BODY
    other = ingest_text(BODY + "\n" + stamp + "\nSource: Reuters")
    assert stamp in other.text


@pytest.mark.parametrize(
    ("tail", "publisher"),
    [
        ("(Arutz Sheva’s desk is keeping you updated.)\nDownload the Israel National News app", "Arutz Sheva"),
        ("Please pray for our persecuted brothers and sisters in Iran.", None),
    ],
)
def test_arutz_sheva_and_worthy_news_prompts(tail: str, publisher: str | None) -> None:
    record = ingest_text(BODY + "\n" + tail)
    assert record.publisher == publisher
    if publisher:
        assert record.text == BODY
    else:
        assert "persecuted" in record.text  # not a Worthy News article: its appeal rule does not apply


def test_worthy_news_prayer_appeal_is_cut_from_its_articles() -> None:
    record = ingest_text("(Worthy News) – " + BODY + "\nPlease pray for our persecuted brothers and sisters.")
    assert record.publisher == "Worthy News"
    assert record.text == BODY
