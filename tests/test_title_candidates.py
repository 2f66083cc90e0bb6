"""Which line of a plain text becomes its title: a headline, never a date stamp or a menu's
entry, in every language of the corpus (cleaners/dates.py, cleaners/title.py)."""

from __future__ import annotations

import pytest

from cleaners.blocks import STRICT_CUT_LINES
from cleaners.dates import looks_like_date_stamp
from cleaners.document import ArticleRecord, process_document
from cleaners.engine import clean_text
from cleaners.rule_tables import generic_rules
from cleaners.title import looks_like_headline, without_site_name

PARAGRAPH = (
    "The council voted on Tuesday to close the old bridge for repairs, which are expected "
    "to take at least two years and cost more than the city had planned."
)
HEADLINE = "Council members clash over the future of the harbour district"


@pytest.mark.parametrize(
    "line",
    [
        "17 Feb 2020",
        "November 8, 2023",
        "Published: 30 January 2017",
        "Posted on April 29, 2022",
        "CBS News February 24, 2020, 7:57 AM",
        "Published: Tuesday | April 26, 2022 | 9:52 PM",
        "/ Cory Doctorow / 10:08 am Fri Jul 19, 2013",
        "Dienstag, 1. Februar 2022",
        "Veröffentlicht am 06.12.2022",
        "19.10.2019 07:49 Uhr",
        "Georg Quaas, 21. Jan. 2015",
        "3\\. April 2022 by mady",  # html2text escapes the day's dot
        "Le 3 mai 2021 à 18h30",
        "14 de marzo de 2022",
        "Opublikowano: 12 marca 2021",
        "7. oktober 2020",
        "2022-04-28 17:11",
        "Blogposting 01/23/2020",
    ],
)
def test_a_date_with_at_most_a_label_and_a_name_is_a_date_stamp(line: str) -> None:
    assert looks_like_date_stamp(line)
    assert not looks_like_headline(line, followed_by_text=True)


@pytest.mark.parametrize(
    "line",
    [
        "Konzert-Highlights im November 2022",  # a month, no day
        "Arbeitslosenquote & Arbeitslosenzahlen 2022",  # a year
        "Wahl am 26. September 2021: Alle Ergebnisse",  # a date inside a headline
        "Python 3.6.0 is now available",  # a version, not a date
        "15. Zukunftsforum Ländliche Entwicklung",  # an ordinal, not a day
        "May the best team win on Sunday",
        "5 Tipps für den Mai",
        "| Mail-Aktion an den Deutschen Bundestag |",  # a layout table's one cell
        "New New York rules for New Yorkers",  # one doubled word
        "Microsoft bringt PowerPoint und SharePoint zusammen",  # brands' inner capitals
        "Update | Deceased Clarendon crash victims identified",  # a separator, no date
    ],
)
def test_a_headline_that_names_a_year_a_month_or_a_number_is_still_a_headline(line: str) -> None:
    assert not looks_like_date_stamp(line)
    assert looks_like_headline(line, followed_by_text=True)


@pytest.mark.parametrize(
    "entry", ["* Economía", "+ Wirtschaft und Finanzen", "- Sport Highlights", "• Publiziert vor einer Stunde"]
)
def test_a_bulleted_menu_entry_or_a_table_row_is_not_a_headline(entry: str) -> None:
    assert not looks_like_headline(entry, followed_by_text=True)


@pytest.mark.parametrize(
    "line",
    [
        "Inhalte Inhalte Projekte Projekte Software Software",  # each entry's text and title
        "Uutiset ViittomakielelläUutiset SelkosuomeksiNews in EnglishNovosti",  # entries run together
    ],
)
def test_a_menu_converted_to_one_line_is_not_a_headline(line: str) -> None:
    assert not looks_like_headline(line, followed_by_text=True)


@pytest.mark.parametrize(
    "line",
    [
        "Do 24. Mai 2018, 08:30 | ANZEIGE , UNTERWEGS | 1 Kommentar",
        "3. August 2015 · Filed under ziemlich privat",
        "Veröffentlicht: 05.01.2020 | Autor: gnaddrig | Abgelegt unter: Fotografie",
    ],
)
def test_a_metadata_line_holding_a_date_stamp_is_not_a_headline(line: str) -> None:
    assert not looks_like_headline(line, followed_by_text=True)


def test_the_headline_under_a_date_stamp_becomes_the_title_and_the_date_stays() -> None:
    result = clean_text(f"17 Feb 2020\n{HEADLINE}\n{PARAGRAPH}\n{PARAGRAPH}", generic_rules(), lift_title=True)
    assert result.title == HEADLINE
    assert result.text == f"17 Feb 2020\n{PARAGRAPH}\n{PARAGRAPH}"


def test_a_quoted_sentence_is_not_a_headline() -> None:
    line = "“Israel is determined to continue its efforts in Syria,” it added. (Update 2: figures revised.)"
    assert not looks_like_headline(line, followed_by_text=True)
    assert not looks_like_headline("“Israel is determined to continue its efforts in Syria.”", followed_by_text=True)


def test_a_kicker_over_the_headline_is_not_the_title() -> None:
    result = clean_text(f"Higher education\n{HEADLINE}\n{PARAGRAPH}\n{PARAGRAPH}", generic_rules(), lift_title=True)
    assert result.title == HEADLINE
    assert result.text == f"Higher education\n{PARAGRAPH}\n{PARAGRAPH}"


def test_a_short_headline_over_the_article_is_the_title() -> None:
    result = clean_text(f"Need for Speed\n{PARAGRAPH}\n{PARAGRAPH}", generic_rules(), lift_title=True)
    assert result.title == "Need for Speed"


def test_a_subscribe_banner_over_the_article_is_no_title_and_the_headline_under_it_is() -> None:
    # Outside the tail zone the paywall's tail rule leaves the banner be; it still is no headline.
    text = "\n".join(["Subscribe now for unlimited access", HEADLINE, *[PARAGRAPH] * 12])
    result = clean_text(text, generic_rules(), lift_title=True)
    assert result.title == HEADLINE


def test_a_stamps_bare_label_over_the_headline_is_skipped_like_the_stamp() -> None:
    # "Posted on" whose date the page wrote on another line (or an image) is a label.
    text = "\n".join(["Posted on", HEADLINE, PARAGRAPH, PARAGRAPH])
    result = clean_text(text, generic_rules(), lift_title=True)
    assert result.title == HEADLINE
    assert not looks_like_headline("Veröffentlicht am", followed_by_text=True)


def test_a_lone_date_stamp_over_the_article_is_not_a_title() -> None:
    result = clean_text(f"November 8, 2023\n{PARAGRAPH}\n{PARAGRAPH}", generic_rules(), lift_title=True)
    assert result.title is None


@pytest.mark.parametrize(
    ("before", "name", "after"),
    [
        ("By", "James Whittaker", None),  # a linked name on its own line under the label
        ("Von", "Anna Weber", None),
        (None, "Johanna Kropfitsch", "Alle Artikel"),  # an author box's link under the name
        (None, "Jane Doe", "View all posts"),
        ("Article by", "Kareem Smith", None),
        (None, "PETER CHRISTOPHER", "peter.christopher@guardian.co.tt"),  # the author's address under the name
        (None, "María Victoria Echeverría", "mecheverria@elsiglo.com.pa"),
    ],
)
def test_a_bylines_name_on_a_line_of_its_own_is_an_author_and_not_the_title(
    before: str | None, name: str, after: str | None
) -> None:
    text = "\n".join([*([before] if before else []), name, *([after] if after else []), PARAGRAPH, PARAGRAPH])
    result = clean_text(text, generic_rules(), lift_title=True)
    assert result.title is None
    assert name in result.facts.authors
    assert name not in result.text
    if before:
        assert before not in result.text.split("\n")  # the lone label goes with it
    if after and "@" in after:
        assert after not in result.text  # the author's address goes with the name


@pytest.mark.parametrize(
    ("name", "address"), [("Anna Weber", "info@example.com"), ("La República", "larepublica@glr.pe")]
)
def test_an_address_that_is_not_a_persons_leaves_the_name_be(name: str, address: str) -> None:
    text = "\n".join([name, address, PARAGRAPH, PARAGRAPH])
    result = clean_text(text, generic_rules(), lift_title=True)
    assert name not in result.facts.authors
    assert address in result.text


def test_an_author_box_under_the_article_gives_its_name_as_an_author() -> None:
    result = clean_text("\n".join([PARAGRAPH, PARAGRAPH, "Jane Doe", "View all posts"]), generic_rules())
    assert "Jane Doe" in result.facts.authors
    assert "Jane Doe" not in result.text


@pytest.mark.parametrize("credit", ["Redaktion: Max Mustermann", "Redazione: Mario Rossi", "Rédaction : Jean Dupont"])
def test_a_desk_credit_over_a_long_article_is_a_contributor_and_not_the_title(credit: str) -> None:
    result = clean_text("\n".join([credit, *[PARAGRAPH] * 12]), generic_rules(), lift_title=True)
    assert result.title is None
    assert credit not in result.text
    assert result.facts.contributors


def test_a_text_opening_with_a_dateline_paragraph_lifts_no_line_under_it() -> None:
    # The dateline goes; what is left of its line is the article's first paragraph, so a
    # headline-like line further down (a teaser, a subheading) is not the title.
    text = "\n".join([f"Hamburg (dpa) – {PARAGRAPH}", "Share on Facebook", HEADLINE, PARAGRAPH, PARAGRAPH])
    result = clean_text(text, generic_rules(), lift_title=True)
    assert "(dpa)" not in result.text
    assert result.title is None
    assert HEADLINE in result.text
    # over the dateline paragraph, the headline is still lifted
    result = clean_text(
        "\n".join([HEADLINE, f"Hamburg (dpa) – {PARAGRAPH}", PARAGRAPH]), generic_rules(), lift_title=True
    )
    assert result.title == HEADLINE


def test_a_short_headline_under_a_colon_label_or_over_other_lines_stays_the_title() -> None:
    # "Von:" opens a search box's date range; a headline over a "Read more" is a headline.
    for text in (f"Von:\nNeed for Speed\n{PARAGRAPH}\n{PARAGRAPH}", f"Need for Speed\nRead more\n{PARAGRAPH}"):
        assert clean_text(text, generic_rules(), lift_title=True).title == "Need for Speed"


def _menu(n: int) -> list[str]:
    # A converter writes a menu as a bulleted list.
    return [f"* Section {chr(65 + i % 26)}{chr(97 + i // 26)}" for i in range(n)]


def test_a_page_dump_keeps_its_headline_over_the_date_stamp_under_it_as_the_title() -> None:
    # The line spared for the title is the headline, not the date between it and the
    # article (which stays with the article, as a bare date does).
    page = [
        *_menu(STRICT_CUT_LINES + 1),
        HEADLINE,
        "Published: Tuesday | April 26, 2022 | 9:52 PM",
        PARAGRAPH,
        PARAGRAPH,
    ]
    result = clean_text("\n".join([*page, *_menu(4)]), generic_rules(), lift_title=True, trim_to_main_block=True)
    assert result.title == HEADLINE
    assert result.text == f"Published: Tuesday | April 26, 2022 | 9:52 PM\n{PARAGRAPH}\n{PARAGRAPH}"


def test_a_page_dump_does_not_take_a_menu_entry_for_its_title() -> None:
    page = [*_menu(STRICT_CUT_LINES + 1), "* Wirtschaft und Finanzen", PARAGRAPH, PARAGRAPH, *_menu(4)]
    result = clean_text("\n".join(page), generic_rules(), lift_title=True, trim_to_main_block=True)
    assert result.title is None
    assert result.text == f"{PARAGRAPH}\n{PARAGRAPH}"


LEDE = (
    "The harbour district plans divided the council for months, and on Tuesday members "
    "clashed again over the cost of the new quays and who should pay for them."
)


def test_a_page_dump_takes_for_its_title_the_headline_that_shares_words_with_the_lede() -> None:
    # Chrome the rules and the trim left over the article ("Social Media Marketing", a
    # section teaser) shares no word with the article's opening; the headline does.
    page = [*_menu(STRICT_CUT_LINES + 1), "Social Media Marketing", HEADLINE, LEDE, PARAGRAPH, *_menu(4)]
    result = clean_text("\n".join(page), generic_rules(), lift_title=True, trim_to_main_block=True)
    assert result.title == HEADLINE


def test_a_page_dump_whose_lines_share_no_word_with_the_lede_keeps_the_first_headline_rule() -> None:
    page = [*_menu(STRICT_CUT_LINES + 1), "Budget vote ends in a late night walkout", PARAGRAPH, PARAGRAPH, *_menu(4)]
    result = clean_text("\n".join(page), generic_rules(), lift_title=True, trim_to_main_block=True)
    assert result.title == "Budget vote ends in a late night walkout"


def test_a_markdown_page_dump_takes_its_level_one_heading_over_a_teaser_for_its_title() -> None:
    # A converter that writes the page's headings as markdown marks the page's own headline:
    # a teaser over it sharing the lede's words ("… harbour district …") is not the title.
    teaser = "Harbour district: what the council decided this week"
    page = [*_menu(STRICT_CUT_LINES + 1), teaser, f"# {HEADLINE}", LEDE, PARAGRAPH, *_menu(4)]
    result = clean_text("\n".join(page), generic_rules(), lift_title=True, trim_to_main_block=True)
    assert result.title == HEADLINE


def test_the_trim_spares_a_level_one_heading_further_over_the_article_for_the_title() -> None:
    # Between the headline and the article: a byline, a date and a share row, the kind of
    # lines the trim takes as the page's head.
    head = [f"# {HEADLINE}", "Von Anna Beispiel", "12\\. Mai 2022", "Teilen | Drucken | Merken"]
    page = [*_menu(STRICT_CUT_LINES + 1), *head, PARAGRAPH, PARAGRAPH, *_menu(4)]
    result = clean_text("\n".join(page), generic_rules(), lift_title=True, trim_to_main_block=True)
    assert result.title == HEADLINE


def test_a_lifted_title_loses_its_markdown_heading_marks_and_escapes() -> None:
    text = "\n".join(["## Die 10\\. Ausgabe des Festivals \\- ein Rückblick", PARAGRAPH, PARAGRAPH])
    result = clean_text(text, generic_rules(), lift_title=True)
    assert result.title == "Die 10. Ausgabe des Festivals - ein Rückblick"
    assert result.text == f"{PARAGRAPH}\n{PARAGRAPH}"


@pytest.mark.parametrize(
    ("title", "names", "headline"),
    [
        (
            "Council approves the harbour budget | Example News",
            ["Example News", "example.com"],
            "Council approves the harbour budget",
        ),
        (
            "Council approves the harbour budget - example-news.de",
            [None, "example-news.de"],
            "Council approves the harbour budget",
        ),
        (
            "Council approves the harbour budget – www.ExampleNews.de",
            ["ExampleNews"],
            "Council approves the harbour budget",
        ),
        ("BMXA - Council approves the harbour budget", ["BMXA", "bmxa.de"], "Council approves the harbour budget"),
        # a publisher's name that has a separator of its own goes whole
        ("Budget vote - Example Media - Analysis and Opinion", ["Example Media - Analysis and Opinion"], "Budget vote"),
        # the headline's own dash and its mention of the site stay
        (
            "Harbour plans - what the council decided | Example News",
            ["Example News"],
            "Harbour plans - what the council decided",
        ),
        (
            "Why Example News readers love the harbour - City Desk",
            ["Example News"],
            "Why Example News readers love the harbour - City Desk",
        ),
        # nothing names the site, or too little would be left
        (
            "Nahrungsergänzungsmittel - Das dubiose Geschäft",
            ["ARD Mediathek", "ardmediathek.de"],
            "Nahrungsergänzungsmittel - Das dubiose Geschäft",
        ),
        ("Contact | Example News", ["Example News"], "Contact | Example News"),
        # a name of three letters names the site only as a whole part
        ("Fazit der Woche - Neue Regeln", ["faz.net", "faz"], "Fazit der Woche - Neue Regeln"),
        ("ENBC - Council approves the harbour budget", ["ENB"], "ENBC - Council approves the harbour budget"),
        # a name of three letters that is a whole part, a name with accents or umlauts as its address spells it
        ("ENB - Council approves the harbour budget", ["ENB"], "Council approves the harbour budget"),
        ("Menschenrechte achten | AWO", ["awo.org", "awo"], "Menschenrechte achten"),
        ("Das Potenzial von grünem Wasserstoff | Ørsted", ["orsted"], "Das Potenzial von grünem Wasserstoff"),
        ("Stromcheck für Haushalte | Ökologisch Bauen", ["oekologisch-bauen"], "Stromcheck für Haushalte"),
        ("Produkttester werden | Nestlé Marktplatz", ["nestle-marktplatz"], "Produkttester werden"),
        # "//" joins the site's name too
        ("Perfekte Schnitte an der Kreissäge // HolzWerken", ["holzwerken"], "Perfekte Schnitte an der Kreissäge"),
    ],
)
def test_the_sites_name_is_cut_from_a_pages_title(title: str, names: list[str | None], headline: str) -> None:
    assert without_site_name(title, names) == headline


@pytest.mark.parametrize(
    ("title", "headline"),
    [
        ("Reparaturcafé öffnet wieder am Samstag: Stadt Ahlen", "Reparaturcafé öffnet wieder am Samstag"),
        ("Neue Kita eröffnet : Stadt Ahlen", "Neue Kita eröffnet"),
        # At the start a colon closes a kicker, whatever it names.
        ("Ahlen: Neue Kita eröffnet im Süden der Stadt", "Ahlen: Neue Kita eröffnet im Süden der Stadt"),
        # The part after the colon names something else, or is too long to be a name.
        ("Neue Kita eröffnet: Stadt Beckum", "Neue Kita eröffnet: Stadt Beckum"),
        ("Bürgermeister sagt: Ahlen wird grüner und leiser", "Bürgermeister sagt: Ahlen wird grüner und leiser"),
    ],
)
def test_a_sites_name_after_a_colon_at_the_titles_end_is_cut(title: str, headline: str) -> None:
    assert without_site_name(title, ["ahlen.de", "ahlen"]) == headline


def test_an_html_page_title_loses_the_site_name_it_ends_with() -> None:
    html = (
        "<html><head><title>Council approves the harbour budget | Example News</title>"
        '<meta property="og:site_name" content="Example News"></head><body><article>'
        f"<h1>Council approves the harbour budget</h1><p>{PARAGRAPH}</p><p>{LEDE}</p></article></body></html>"
    )
    record = process_document(html.encode(), "page.html")
    assert isinstance(record, ArticleRecord)
    assert record.title == "Council approves the harbour budget"


@pytest.mark.parametrize("form_heading", ["Schreibe eine Antwort", "Leave a Reply"])
def test_the_trim_spares_the_headline_not_a_comment_forms_heading_over_the_article(form_heading: str) -> None:
    # A page dump where the converter set the comment form's heading between the headline
    # and the article: it ends the article wherever it stands, so it is no headline, and
    # the trim must not spare it for the title in the headline's place.
    menu = [f"Section {chr(65 + i)}" for i in range(STRICT_CUT_LINES + 2)]
    headline = "Racing Police Officers"  # short: no lead-in takes it into the block
    text = "\n\n".join([*menu, headline, form_heading, PARAGRAPH, PARAGRAPH, PARAGRAPH, *menu])
    result = clean_text(text, generic_rules(), lift_title=True, trim_to_main_block=True)
    assert result.title == headline
    assert form_heading not in result.text


@pytest.mark.parametrize("label", ["Nachrichten und Pressemeldungen", "Opinion & Analysis", "Aktuelle Meldungen"])
def test_a_sections_label_over_the_headline_is_no_title_and_the_headline_under_it_is(label: str) -> None:
    text = f"{label}\nCouncil members clash over the future of the harbour\n{PARAGRAPH}\n{PARAGRAPH}\n"
    record = process_document(text.encode(), "article.txt")
    assert isinstance(record, ArticleRecord)
    assert record.title == "Council members clash over the future of the harbour"
    assert label not in record.text
