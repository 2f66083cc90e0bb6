"""A plain text's publication day, and its author's name where the stamp gives one: read
from a date stamp over the article, in the languages of the corpus, never guessed
(cleaners/dates.py)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from cleaners.blocks import STRICT_CUT_LINES
from cleaners.dates import STAMP_LINES, date_stamp, stamp_author, stamped_day
from cleaners.document import ArticleRecord, process_document

PARAGRAPH = (
    "The council voted on Tuesday to close the old bridge for repairs, which are expected "
    "to take at least two years and cost more than the city had planned."
)


@pytest.mark.parametrize(
    ("line", "day"),
    [
        ("17 Feb 2020", (2020, 2, 17)),
        ("November 8, 2023", (2023, 11, 8)),
        ("Published: Tuesday | April 26, 2022 | 9:52 PM", (2022, 4, 26)),
        ("CBS News February 24, 2020, 7:57 AM", (2020, 2, 24)),
        ("Dienstag, 1. Februar 2022", (2022, 2, 1)),
        ("Veröffentlicht am 06.12.2022", (2022, 12, 6)),
        ("19.10.19 12:00 Uhr", (2019, 10, 19)),
        ("Le 3 mai 2021 à 18h30", (2021, 5, 3)),
        ("14 de marzo de 2022", (2022, 3, 14)),
        ("Opublikowano: 12 marca 2021", (2021, 3, 12)),
        ("Pubblicato il 5 maggio 2020", (2020, 5, 5)),
        ("2022-04-28 17:11", (2022, 4, 28)),
        ("Blogposting 01/23/2020", (2020, 1, 23)),  # a slash date whose order is plain
    ],
)
def test_a_date_stamp_names_its_day_at_midnight_utc(line: str, day: tuple[int, int, int]) -> None:
    assert stamped_day(line) == datetime(*day, tzinfo=UTC)


@pytest.mark.parametrize(
    "line",
    [
        "12/04/2020 by Kay",  # 12 April in Europe, 4 December in the US
        "Last updated on 20 Feb, 2020",  # an update, not the publication
        "Aktualisiert am 17.01.2021",
        "Bijgewerkt op 3 mei 2021",  # the rule tables' update labels, in every language they know
        "Mo, 11:41 Uhr",  # no year
        "31 April 2021",  # no such day
        "31.12.0001",  # no year a page was published in
        "macbacchi28.09.1916:03",  # "28.09.19 16:03" run together: 1916 is no web page's year
        "Wahl am 26. September 2021: Alle Ergebnisse",  # a headline, not a stamp
    ],
)
def test_a_line_that_does_not_name_a_publication_day_plainly_gives_none(line: str) -> None:
    assert stamped_day(line) is None


def test_the_date_stamp_is_read_from_the_head_of_the_text_only() -> None:
    stamp = "Posted on April 29, 2022"
    assert date_stamp(f"Headline of the story\n\n{stamp}\n\n{PARAGRAPH}").day == datetime(2022, 4, 29, tzinfo=UTC)
    comment = "March 3, 2024 at 5:32 pm"  # a reader's comment, under the article
    assert date_stamp("\n\n".join([PARAGRAPH] * STAMP_LINES + [comment])).day is None


def test_a_plain_text_article_gets_the_day_of_its_date_stamp_and_its_headline() -> None:
    text = f"17 Feb 2020\nCouncil members clash over the future of the harbour\n{PARAGRAPH}\n{PARAGRAPH}\n"
    record = process_document(text.encode(), "article.txt")
    assert isinstance(record, ArticleRecord)
    assert record.published_at == datetime(2020, 2, 17, tzinfo=UTC)
    assert record.title == "Council members clash over the future of the harbour"


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("Bettina Kugler 19.10.2019, 05:00 Uhr", "Bettina Kugler"),
        ("04.02.2022 | 15:33 Uhr | Dennis Steimels", "Dennis Steimels"),
        ("/ Cory Doctorow / 10:08 am Fri Jul 19, 2013", "Cory Doctorow"),
        ("Par Matthieu Hy le 07 Mai 2020", "Matthieu Hy"),
        ("By Luke Kemp 11 February 2020", "Luke Kemp"),
        ("Veröffentlicht am 17. Dezember 2019 von Simon Dückert", "Simon Dückert"),
        ("Evgenia Karp Zuletzt geändert am 06.11.2023", "Evgenia Karp"),
        ("por Raúl Espina 4 mayo, 2022", "Raúl Espina"),
    ],
)
def test_a_date_stamp_may_name_the_author(line: str, name: str) -> None:
    assert stamp_author(line) == name


@pytest.mark.parametrize(
    "line",
    [
        "Published: Tuesday | April 26, 2022 | 9:52 PM",  # labels, a weekday, a month
        "Blackswan Thursday, May 30, 2019",  # one word
        "Letztes Update: 06.10.2023",
        "Warm Up 19:30 Uhr",  # an event's time, no year: not the article's stamp
        "Combate de Iquique 21 de mayo",
        "Council members clash over the future of the harbour",  # no stamp
        "21.01.2022 Aktuelle Meldung",  # a section's label, capitalised like a name
        "Neue Pressemitteilung 12.03.2022",
        "Opinion Column | 4 May 2022",
        "Noticias Nacionales 4 mayo, 2022",
    ],
)
def test_a_date_stamp_without_a_name_gives_no_author(line: str) -> None:
    assert stamp_author(line) is None


def test_a_plain_text_article_takes_its_author_from_the_stamp_when_no_byline_names_one() -> None:
    text = f"Council members clash over the harbour\nBettina Kugler 19.10.2019, 05:00 Uhr\n{PARAGRAPH}\n{PARAGRAPH}\n"
    record = process_document(text.encode(), "article.txt")
    assert isinstance(record, ArticleRecord)
    assert record.authors == ["Bettina Kugler"]
    assert record.published_at == datetime(2019, 10, 19, tzinfo=UTC)


def _page_dump(article_head: list[str]) -> str:
    # A whole page converted to text: a menu, the article's head, the article, a footer.
    menu = [f"* Section {chr(65 + i)}" for i in range(STRICT_CUT_LINES + 1)]
    footer = ["* Impressum", "* Datenschutz", "* Kontakt", "* Jobs"]
    # A headline short enough not to read as a sentence: the main block starts under it.
    return "\n".join([*menu, "Harbour plans divide the council", *article_head, PARAGRAPH, PARAGRAPH, *footer])


def test_a_byline_over_a_page_dumps_article_names_its_author_and_its_day() -> None:
    # The byline stands where the article starts, far from the text's first lines: the
    # head rules read it there, and the day it names is the article's though it is removed.
    record = process_document(_page_dump(["Par Matthieu Hy le 07 Mai 2020"]).encode(), "page.txt")
    assert isinstance(record, ArticleRecord)
    assert record.authors == ["Matthieu Hy"]
    assert record.published_at == datetime(2020, 5, 7, tzinfo=UTC)
    assert "Matthieu" not in record.text


@pytest.mark.parametrize(
    ("byline", "name"),
    [
        ("Posted by Ned Deily at 5:11 AM", "Ned Deily"),
        ("By Martin Jendrischik On 12. Dezember 2022", "Martin Jendrischik"),
        ("von Nadja Demel13.12.2022 - 08:13 Uhr", "Nadja Demel"),
    ],
)
def test_a_bylines_name_stops_where_its_time_its_date_or_a_label_begins(byline: str, name: str) -> None:
    record = process_document(_page_dump([byline]).encode(), "page.txt")
    assert isinstance(record, ArticleRecord)
    assert record.authors == [name]


def test_a_by_line_inside_an_article_that_is_no_page_dump_stays_text() -> None:
    # Past the text's first lines (the head zone) and outside a page dump, a "Von …" line
    # is left to the article: the byline rule reads the head only.
    paragraphs = [PARAGRAPH] * 5
    text = "\n\n".join(["Council members clash over the harbour", *paragraphs, "Von Anna Beispiel", PARAGRAPH])
    record = process_document(text.encode(), "article.txt")
    assert isinstance(record, ArticleRecord)
    assert "Von Anna Beispiel" in record.text
    assert record.authors == []


@pytest.mark.parametrize(
    ("byline", "name", "day"),
    [
        ("6. Dezember 2022 von Fatima in Gefühle, Popkultur", "Fatima", datetime(2022, 12, 6, tzinfo=UTC)),
        ("Veröffentlicht am Fr, 24. Januar 2020, 18:18 von Creeny", "Creeny", datetime(2020, 1, 24, tzinfo=UTC)),
        ("October 19, 2019 by Jane Doe", "Jane Doe", datetime(2019, 10, 19, tzinfo=UTC)),
    ],
)
def test_a_blog_posts_dated_meta_line_names_its_author_and_its_day(byline: str, name: str, day: datetime) -> None:
    # WordPress themes write the date first; the filing words after the name are no stamp's,
    # so the day is read from the line because a byline rule took it.
    record = process_document(_page_dump([byline]).encode(), "page.txt")
    assert isinstance(record, ArticleRecord)
    assert (record.authors, record.published_at) == ([name], day)
    assert name not in record.text


def test_a_bylines_day_is_read_whatever_its_other_words_but_never_an_update() -> None:
    from cleaners.dates import byline_day

    assert byline_day("Veröffentlicht am 03.02.2022 von Sarah Schnieder in Pferdehaltung") == datetime(
        2022, 2, 3, tzinfo=UTC
    )
    assert byline_day("By John Smith") is None
    assert byline_day("Aktualisiert am 3. Mai 2021 von Anna Beispiel") is None


def test_a_stamp_the_trim_removes_just_over_a_page_dumps_article_still_dates_it() -> None:
    # The stamp stands between the headline and the article: page furniture to the trim,
    # but the day and the author it gives are the article's.
    record = process_document(_page_dump(["Gesine Engels-Krone, 02.01.2023, 11:08 Uhr"]).encode(), "page.txt")
    assert isinstance(record, ArticleRecord)
    assert "Engels-Krone" not in record.text
    assert record.authors == ["Gesine Engels-Krone"]
    assert record.published_at == datetime(2023, 1, 2, tzinfo=UTC)


def test_a_stamp_far_above_a_page_dumps_article_dates_nothing() -> None:
    # Only the lines the trim removed right over the article are read, not the menu's.
    far = ["Gesine Engels-Krone, 02.01.2023, 11:08 Uhr", *[f"* Teaser {n}" for n in range(8)]]
    record = process_document(_page_dump(far).encode(), "page.txt")
    assert isinstance(record, ArticleRecord)
    assert record.published_at is None and record.authors == []


def test_an_embedded_posts_signature_is_no_stamp_but_a_hyphenated_name_is_one_word() -> None:
    assert stamped_day("— RobBubble (@RobBubble) 14. Juni 2018") is None
    assert stamped_day("Gesine Engels-Krone, 02.01.2023, 11:08 Uhr") == datetime(2023, 1, 2, tzinfo=UTC)


PAGE_PARAGRAPH = " ".join(["The council voted on the new budget after a long debate in the town hall."] * 6)


def _html_page(head: str, stamp: str) -> bytes:
    body = f"<p>{stamp}</p><p>{PAGE_PARAGRAPH}</p><p>{PAGE_PARAGRAPH}</p>"
    head = f"<head><title>Council votes budget</title>{head}</head>"
    return f"<html>{head}<body><article>{body}</article></body></html>".encode()


def test_a_page_whose_markup_gives_no_date_takes_the_day_its_text_is_stamped_with() -> None:
    record = process_document(_html_page("", "January 22, 2014"), "page.html", identify_language=False)
    assert isinstance(record, ArticleRecord)
    assert record.published_at == datetime(2014, 1, 22, tzinfo=UTC)


def test_a_pages_own_date_wins_over_a_stamp_in_its_text() -> None:
    head = '<meta property="article:published_time" content="2020-05-06T10:00:00+00:00">'
    record = process_document(_html_page(head, "January 22, 2014"), "page.html", identify_language=False)
    assert isinstance(record, ArticleRecord)
    assert record.published_at is not None and record.published_at.date() == datetime(2020, 5, 6).date()


@pytest.mark.parametrize("line", ["21.01.2022 Aktuelle Meldung", "2022-01-21 | Botschaft"])
def test_a_dated_filing_line_over_the_article_is_removed_and_still_dates_it(line: str) -> None:
    text = f"{line}\nCouncil members clash over the harbour\n{PARAGRAPH}\n{PARAGRAPH}\n"
    record = process_document(text.encode(), "article.txt")
    assert isinstance(record, ArticleRecord)
    assert line not in record.text
    assert record.published_at == datetime(2022, 1, 21, tzinfo=UTC)


def test_a_dated_filing_line_under_the_article_does_not_date_it() -> None:
    text = f"Council members clash over the harbour\n{PARAGRAPH}\n{PARAGRAPH}\n2022-01-21 | Botschaft\n"
    record = process_document(text.encode(), "article.txt")
    assert isinstance(record, ArticleRecord)
    assert record.published_at is None
