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


PAGE_BODY = "<p>" + " ".join(["The council voted on the new budget after a long debate in the town hall."] * 8) + "</p>"


def _page(head: str, title: str = "Council votes budget") -> bytes:
    return f"<html><head><title>{title}</title>{head}</head><body><article>{PAGE_BODY}</article></body></html>".encode()


@pytest.mark.parametrize(
    ("site_name", "publisher"),
    [
        ("Scinexx | Das Wissensmagazin", "Scinexx"),
        ("Infoportal - Diakonie Deutschland", "Diakonie Deutschland"),
        ("WSVN 7News | Miami News, Weather, Sports | Fort Lauderdale", "WSVN 7News"),
    ],
)
def test_a_site_name_with_its_tagline_gives_the_part_that_names_the_site(site_name: str, publisher: str) -> None:
    domain = {"Scinexx": "scinexx.com", "Diakonie Deutschland": "diakonie.de", "WSVN 7News": "wsvn.com"}[publisher]
    head = f'<meta property="og:site_name" content="{site_name}"><link rel="canonical" href="https://{domain}/a/1">'
    record = process_document(_page(head), "page.html", identify_language=False)
    assert isinstance(record, ArticleRecord)
    assert record.publisher == publisher


@pytest.mark.parametrize(
    ("title", "url", "publisher", "domain"),
    [
        (
            "Council votes budget | Schweizerische Vogelwarte",
            "https://www.vogelwarte.ch/de/1",
            "Schweizerische Vogelwarte",
            "vogelwarte.ch",
        ),
        # spelt with its accents or umlauts, or as an acronym that is its address
        ("Council votes budget | Ørsted", "https://orsted.de/a/1", "Ørsted", "orsted.de"),
        (
            "Council votes budget | Ökologisch Bauen",
            "https://oekologisch-bauen.info/a/1",
            "Ökologisch Bauen",
            "oekologisch-bauen.info",
        ),
        ("Council votes budget | AWO", "https://awo.org/a/1", "AWO", "awo.org"),
    ],
)
def test_a_site_named_only_in_the_pages_title_is_the_publisher(
    title: str, url: str, publisher: str, domain: str
) -> None:
    head = f'<meta property="og:title" content="{title}"><link rel="canonical" href="{url}">'
    record = process_document(_page(head), "page.html", identify_language=False)
    assert isinstance(record, ArticleRecord)
    assert (record.publisher, record.publisher_domain, record.title) == (publisher, domain, "Council votes budget")


def test_a_site_name_that_is_an_address_leaves_the_publisher_to_the_domain() -> None:
    head = '<meta property="og:site_name" content="gizmeo.eu | inside the machine">'
    head += '<link rel="canonical" href="https://gizmeo.eu/a/1">'
    record = process_document(_page(head), "page.html", identify_language=False)
    assert isinstance(record, ArticleRecord)
    assert (record.publisher, record.publisher_domain) == (None, "gizmeo.eu")


@pytest.mark.parametrize("mode", ["fast", "precise"])
def test_the_site_named_in_the_title_tag_is_the_publisher_when_the_title_is_the_headline_alone(mode: str) -> None:
    # trafilatura's title takes the headline out of "Headline | Site": the <title> still names the site
    head = '<link rel="canonical" href="https://www.vogelwarte.ch/de/projekte/1">'
    page = _page(head, title="Council votes budget | Schweizerische Vogelwarte")
    record = process_document(page, "page.html", identify_language=False, html_mode=mode)
    assert isinstance(record, ArticleRecord)
    assert (record.publisher, record.title) == ("Schweizerische Vogelwarte", "Council votes budget")


def test_a_title_that_is_the_sites_name_gives_way_to_the_headline_beside_it_in_the_title_tag() -> None:
    head = '<meta property="og:title" content="seelenradio"><link rel="canonical" href="https://seelenradio.de/leo/">'
    page = _page(head, title="seelenradio » Nummer zwei: Leo")
    record = process_document(page, "page.html", identify_language=False)
    assert isinstance(record, ArticleRecord)
    assert record.title == "Nummer zwei: Leo"


def _headed_page(title_tag: str, h1: str) -> bytes:
    return (
        f"<html><head><title>{title_tag}</title></head>"
        f"<body><nav><h1>{h1}</h1></nav><article>{PAGE_BODY}</article></body></html>"
    ).encode()


def test_a_menus_heading_taken_for_the_title_gives_way_to_the_title_tags_headline() -> None:
    page = _headed_page("Council votes the new harbour budget | Example Times", "Hauptmenü")
    record = process_document(page, "page.html", identify_language=False)
    assert isinstance(record, ArticleRecord)
    assert record.title == "Council votes the new harbour budget | Example Times"  # no domain: the site stays


def test_a_one_word_title_the_title_tag_holds_stays() -> None:
    page = _headed_page("Zeitphilosophie – Notes of an old philosopher", "Zeitphilosophie")
    record = process_document(page, "page.html", identify_language=False)
    assert isinstance(record, ArticleRecord)
    assert record.title == "Zeitphilosophie"


def test_a_title_loses_the_site_name_with_its_tagline_while_the_publisher_keeps_the_name() -> None:
    head = '<meta property="og:site_name" content="AOC media - Analyse Opinion Critique">'
    head += '<meta property="og:title" content="La retraite est un archaïsme - AOC media - Analyse Opinion Critique">'
    head += '<link rel="canonical" href="https://aoc.media/analyse/2022/01/01/retraite/">'
    record = process_document(_page(head), "page.html", identify_language=False)
    assert isinstance(record, ArticleRecord)
    assert (record.title, record.publisher) == ("La retraite est un archaïsme", "AOC media")
