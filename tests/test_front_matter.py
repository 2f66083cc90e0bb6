"""A plain text's metadata header (cleaners/front_matter.py): YAML front matter and a
reader service's header are the document's metadata, not its text."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import trafilatura

from cleaners.document import ArticleRecord, inspect_document, process_document
from cleaners.front_matter import read_front_matter, split_authors

ARTICLE = (
    "Prime Minister Benjamin Netanyahu on Thursday labelled his meeting with Russian President "
    "Vladimir Putin as very successful, adding that the two countries reached understandings.\n\n"
    "The two leaders discussed the situation in Syria and agreed on continued security cooperation "
    "along the border region, officials said after the talks in Sochi."
)

# A page whose markup names its title, site, author, date and address.
PAGE_WITH_METADATA = (
    "<html><head><title>Hunter found dead | Kaieteur News</title>"
    '<meta property="og:site_name" content="Kaieteur News">'
    '<meta name="author" content="Jane Doe">'
    '<meta property="article:published_time" content="2022-05-06T08:30:00-04:00">'
    '<link rel="canonical" href="https://www.kaieteurnewsonline.com/2022/05/06/hunter/">'
    f"</head><body><article><h1>Hunter found dead</h1><p>{ARTICLE}</p></article></body></html>"
)

JINA_HEADER = (
    "Title: Putin meets Netanyahu in Sochi\n\n"
    "URL Source: https://www.timesofisrael.com/liveblog-entry/putin-meets-netanyahu/\n\n"
    "Published Time: 2019-09-12T20:15:00+03:00\n\n"
    "Markdown Content:\n"
)


def article_record(raw: str, name: str = "dump.md") -> ArticleRecord:
    """The article ``raw`` makes (a reject fails the test)."""
    record = process_document(raw.encode("utf-8"), name)
    assert isinstance(record, ArticleRecord), record
    return record


def test_trafilatura_output_with_metadata_gives_title_site_url_author_and_date() -> None:
    dump = trafilatura.extract(PAGE_WITH_METADATA, with_metadata=True, output_format="txt")
    assert dump is not None and dump.startswith("---")
    record = article_record(dump)
    assert record.title == "Hunter found dead"
    assert record.publisher == "Kaieteur News"
    assert record.publisher_domain == "kaieteurnewsonline.com"
    assert record.authors == ["Jane Doe"]
    assert record.published_at is not None and record.published_at.date().isoformat() == "2022-05-06"
    assert "url:" not in record.text and "hostname:" not in record.text
    assert "Netanyahu on Thursday" in record.text


def test_a_reader_services_header_gives_url_time_in_utc_and_title() -> None:
    record = article_record(JINA_HEADER + "# Putin meets Netanyahu in Sochi\n\n" + ARTICLE)
    assert record.title == "Putin meets Netanyahu in Sochi"
    assert record.publisher == "The Times of Israel"  # the registry knows the URL's domain
    assert record.publisher_domain == "timesofisrael.com"
    assert record.published_at == datetime(2019, 9, 12, 17, 15, tzinfo=UTC)
    assert record.text == ARTICLE  # the header and the body's copy of the title are gone
    kinds = {r["rule"]: r["kind"] for r in record.removed}
    assert kinds["metadata.front_matter"] == "front_matter"
    assert kinds["title.repeats_header"] == "title"


def test_the_header_is_one_recorded_removal_at_the_top() -> None:
    _, result = inspect_document((JINA_HEADER + ARTICLE).encode(), "dump.md")
    assert result is not None
    header = [r for r in result.removals if r.kind == "front_matter"]
    assert len(header) == 1 and header[0].start == 0
    assert header[0].text.startswith("Title:") and header[0].text.endswith("Markdown Content:")


def test_with_a_header_title_the_first_body_line_is_not_lifted_as_a_headline() -> None:
    # A kicker over the article is text, whatever it looks like: the header named the title.
    record = article_record(JINA_HEADER + "Russia and Israel\n\n" + ARTICLE)
    assert record.title == "Putin meets Netanyahu in Sochi"
    assert record.text.startswith("Russia and Israel")


def test_hugo_front_matter_with_author_lists_objects_and_a_bare_date() -> None:
    header = (
        "---\n"
        'title: "Council votes to close the bridge"\n'
        "date: 2023-03-01\n"
        "authors:\n"
        "  - Anna Schmidt\n"
        "  - name: Jan Kowalski\n"
        "tags: [city, transport]\n"
        "---\n\n"
    )
    record = article_record(header + ARTICLE)
    assert record.title == "Council votes to close the bridge"
    assert record.authors == ["Anna Schmidt", "Jan Kowalski"]
    assert record.published_at == datetime(2023, 3, 1, tzinfo=UTC)
    assert record.text == ARTICLE


def test_a_header_that_is_not_valid_yaml_is_read_line_by_line() -> None:
    # trafilatura writes the description unquoted: "Berlin: …" is a YAML error.
    text = "---\ntitle: Ein Titel\ndescription: Berlin: der Rat stimmt ab\nsitename: Der Tagesspiegel\n---\nText"
    header = read_front_matter(text)
    assert header is not None
    assert (header.title, header.site_name) == ("Ein Titel", "Der Tagesspiegel")
    assert text[header.end :] == "\nText"


def test_rfc_2822_and_written_dates_are_read() -> None:
    for written, day in (("Fri, 06 May 2022 10:00:00 GMT", 6), ("6. Mai 2022", 6), ("May 7, 2022", 7)):
        header = read_front_matter(f"---\ntitle: T\ndate: {written}\n---\nText")
        assert header is not None and header.published_at is not None
        assert (header.published_at.month, header.published_at.day) == (5, day)


def test_a_rule_over_a_paragraph_is_no_header() -> None:
    # A markdown horizontal rule, and a paragraph with a colon: no field read here.
    text = "---\nThe council said: the bridge will close.\n---\n\n" + ARTICLE
    assert read_front_matter(text) is None
    assert "The council said: the bridge will close." in article_record(text).text


def test_a_header_without_its_end_or_fields_is_no_header() -> None:
    assert read_front_matter("---\ntitle: Unfinished\n\n" + ARTICLE) is None
    assert read_front_matter("---\nlayout: post\ncomments: true\n---\n" + ARTICLE) is None
    assert read_front_matter("Title: A headline\n\nURL Source: https://example.com/\n\n" + ARTICLE) is None


def test_a_first_line_with_a_label_is_text() -> None:
    text = "Update: the council has postponed the vote.\n\n" + ARTICLE
    assert read_front_matter(text) is None
    assert article_record(text).text.startswith("Update: the council")


def test_a_host_name_stands_for_the_url_and_a_site_url_is_no_site_name() -> None:
    header = read_front_matter("---\nhostname: www.bbc.co.uk\nsource: https://www.bbc.co.uk/news/x\n---\nText")
    assert header is not None
    assert header.url == "https://www.bbc.co.uk/news/x"
    assert header.site_name is None
    header = read_front_matter("---\nhostname: www.bbc.co.uk\nsource: BBC News\n---\nText")
    assert header is not None and (header.url, header.site_name) == ("www.bbc.co.uk", "BBC News")


def test_html_pages_are_not_read_for_a_header() -> None:
    body = f"<p>---</p><p>title: Not metadata</p><p>---</p><p>{ARTICLE}</p>"
    page = f"<html><body><article>{body}</article></body></html>"
    record = process_document(page.encode(), "page.html")
    assert isinstance(record, ArticleRecord)
    assert not any(r["kind"] == "front_matter" for r in record.removed)


def test_a_yaml_alias_that_holds_itself_is_read_no_deeper_than_author_lists_go() -> None:
    # "&a [*a, …]" is a list that contains itself: reading it all would never end.
    header = read_front_matter("---\ntitle: T\nauthors: &a [*a, Jane Doe]\nauthor: {name: &n {name: *n}}\n---\nText")
    assert header is not None
    assert set(header.authors) == {"Jane Doe"}


def test_a_yaml_value_its_loader_cannot_build_leaves_the_header_read_line_by_line() -> None:
    # PyYAML's date constructor raises ValueError, not a YAMLError, for "0000-00-00".
    header = read_front_matter("---\ntitle: A headline\ndate: 0000-00-00\n---\nText")
    assert header is not None and header.title == "A headline" and header.published_at is None


@pytest.mark.parametrize(
    ("field", "names"),
    [
        ("Jane Doe; John Roe", ("Jane Doe", "John Roe")),
        ("Jane Doe and John Roe", ("Jane Doe", "John Roe")),
        ("Fiona Bornhöft und Mariam Hofbeck", ("Fiona Bornhöft", "Mariam Hofbeck")),
        ("Marie-Claire Dupont et Jean Martin", ("Marie-Claire Dupont", "Jean Martin")),
        ("Ivan Kowalski i Piotr Nowak", ("Ivan Kowalski", "Piotr Nowak")),
        ("Anna Müller & Max Mustermann", ("Anna Müller", "Max Mustermann")),
        ("Jessica Holly, Gail Levy and Kathleen Ditton", ("Jessica Holly", "Gail Levy", "Kathleen Ditton")),
        ("Jan van der Berg and Anna de Vries", ("Jan van der Berg", "Anna de Vries")),
        # an interview's credit names both people
        ("Richard David Precht im Gespräch mit Karin Fischer", ("Richard David Precht", "Karin Fischer")),
        ("Jane Doe in conversation with John Roe", ("Jane Doe", "John Roe")),
        # One name each: surname first, a middle initial without its dot, an association.
        ("Doe, Jane", ("Doe, Jane",)),
        ("Gustavo E Méndez", ("Gustavo E Méndez",)),
        ("Deutscher Caritasverband e V", ("Deutscher Caritasverband e V",)),
        ("Jane Doe, Reuters", ("Jane Doe, Reuters",)),
    ],
)
def test_an_author_list_is_split_into_its_names_in_the_corpuss_languages(field: str, names: tuple[str, ...]) -> None:
    assert split_authors(field) == names


def test_a_bylines_list_of_names_gives_each_author() -> None:
    record = article_record(f"Von Fiona Bornhöft und Mariam Hofbeck\n\n{ARTICLE}", "page.txt")
    assert record.authors == ["Fiona Bornhöft", "Mariam Hofbeck"]


def test_an_outlet_listed_with_the_author_is_not_an_author() -> None:
    record = article_record(f"By Nada Tawfik, BBC News\n\n{ARTICLE}", "page.txt")
    assert record.authors == ["Nada Tawfik"]


LABELLED_HEADER = (
    "Title: Putin meets Netanyahu in Sochi\n"
    "URL: https://www.timesofisrael.com/putin-meets-netanyahu/\n"
    "Date: 2019-09-12\n"
    "Author: Jane Doe\n"
)


def test_a_dumps_labelled_lines_at_the_top_are_its_metadata() -> None:
    for gap in ("\n", ""):  # a blank line before the text, or none
        record = article_record(LABELLED_HEADER + gap + ARTICLE, "dump.txt")
        assert record.title == "Putin meets Netanyahu in Sochi"
        assert record.url == "https://www.timesofisrael.com/putin-meets-netanyahu/"
        assert record.published_at == datetime(2019, 9, 12, tzinfo=UTC)
        assert record.authors == ["Jane Doe"]
        assert record.text == ARTICLE
        assert [r["rule"] for r in record.removed] == ["metadata.front_matter"]


def test_one_line_at_the_top_that_gives_the_pages_address_is_a_header() -> None:
    record = article_record("URL: https://www.timesofisrael.com/putin-meets-netanyahu/\n\n" + ARTICLE, "dump.txt")
    assert record.url == "https://www.timesofisrael.com/putin-meets-netanyahu/"
    assert record.publisher_domain == "timesofisrael.com"
    assert record.text == ARTICLE


@pytest.mark.parametrize(
    "opening",
    [
        "Title: The Great Gatsby\n\n",  # one labelled line: a review's info box as much as a header
        "Source: Reuters\nAuthor: Jane Doe\n\n",  # no title, address or date: the noise rules' lines
        "Berlin: The coalition met again\nDate: 2019-09-12\n\n",  # a dateline, not a field
        "Title: Putin meets Netanyahu\nURL:\n\n",  # a field without a value
    ],
)
def test_labelled_lines_that_give_no_metadata_are_no_header(opening: str) -> None:
    _, result = inspect_document((opening + ARTICLE).encode(), "dump.txt")
    assert result is not None and result.facts.header is None
