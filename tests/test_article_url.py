"""The ``url`` column: the page's own address, as its markup or a text's header gives it
(cleaners.publisher.article_url)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cleaners.publisher import MAX_URL_CHARS, article_url
from tests.test_front_matter import ARTICLE, JINA_HEADER, article_record


@pytest.mark.parametrize(
    ("given_url", "kept"),
    [
        ("https://www.timesofisrael.com/liveblog-entry/a/", "https://www.timesofisrael.com/liveblog-entry/a/"),
        ("HTTPS://News.Example.COM/Politik/Budget", "https://news.example.com/Politik/Budget"),  # path keeps case
        ("https://example.com:443/a?id=3#comments", "https://example.com/a?id=3"),
        ("http://example.com:8080/a", "http://example.com:8080/a"),
        ("https://example.com/a?utm_source=rss&utm_medium=feed&id=3&fbclid=x", "https://example.com/a?id=3"),
        ("https://example.com/a?id=3&gclid=1&MC_CID=2&_hsenc=3", "https://example.com/a?id=3"),
        # Reserved characters and a parameter without a value mean something to a server.
        ("https://www.nachrichten.at/x;art114,3177663", "https://www.nachrichten.at/x;art114,3177663"),
        ("https://www.gdp.de/gdp.nsf/id/x?open&ccm=000", "https://www.gdp.de/gdp.nsf/id/x?open&ccm=000"),
        ("https://example.com?p=123", "https://example.com/?p=123"),  # WordPress's plain permalinks
        ("http://[2001:db8::1]:8080/story", "http://[2001:db8::1]:8080/story"),
        ("  https://example.com/a  ", "https://example.com/a"),
    ],
)
def test_an_address_is_kept_normalized_without_tracking_or_fragment(given_url: str, kept: str) -> None:
    assert article_url(given_url) == kept


@pytest.mark.parametrize(
    "not_an_address",
    [
        None,
        "",
        "example.com",  # a header's host name names the publisher, not the page
        "/news/2022/budget",  # a relative canonical link
        "ftp://example.com/a",
        "javascript:alert(1)",
        "mailto:desk@example.com",
        "https://example.com/a b",
        "https://user:secret@example.com/a",
        "https://example.com:99999/a",
        "http://[::1/a",
        "https:///a",
        "https://example.com/",  # a CMS's default canonical link: the home page
        "https://example.com",
        "https://example.com/?utm_source=x",
        "https://example.com/" + "a" * MAX_URL_CHARS,
    ],
)
def test_what_is_no_article_address_gives_no_url(not_an_address: str | None) -> None:
    assert article_url(not_an_address) is None


@given(st.one_of(st.text(max_size=80), st.builds("https://{}/{}".format, st.text(max_size=30), st.text(max_size=30))))
def test_any_text_gives_an_http_address_or_none(value: str) -> None:
    url = article_url(value)
    assert url is None or (url.startswith(("http://", "https://")) and article_url(url) == url)


def test_an_html_pages_canonical_link_is_its_url() -> None:
    html = (
        '<html><head><title>Council passes the budget</title><link rel="canonical" '
        'href="https://News.Example.com/2022/05/06/budget/?utm_campaign=rss"></head>'
        f"<body><article><h1>Council passes the budget</h1><p>{ARTICLE}</p></article></body></html>"
    )
    record = article_record(html, "page.html")
    assert record.url == "https://news.example.com/2022/05/06/budget/"
    assert record.publisher_domain == "example.com"


def test_a_texts_header_gives_its_url_and_a_text_without_one_has_none() -> None:
    with_header = article_record(JINA_HEADER + ARTICLE)
    assert with_header.url == "https://www.timesofisrael.com/liveblog-entry/putin-meets-netanyahu/"
    assert article_record(ARTICLE, "plain.txt").url is None


def test_a_header_naming_only_a_host_gives_the_domain_but_no_url() -> None:
    record = article_record(f"---\ntitle: Budget passed\nhostname: www.example.com\n---\n{ARTICLE}")
    assert record.publisher_domain == "example.com"
    assert record.url is None
