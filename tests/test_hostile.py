"""``defuse_html``: over-long inline scripts, styles and data: URIs go, the markup stays."""

from __future__ import annotations

import time

from cleaners.hostile import defuse_html

CAP = 100


def test_short_pages_are_returned_as_they_are() -> None:
    page = "<script>" + "x" * 50 + "</script>"
    assert defuse_html(page, CAP) is page


def test_long_script_and_style_bodies_are_emptied_and_short_ones_kept() -> None:
    page = (
        "<p>before</p><SCRIPT type='x'>" + "x" * 500 + "</Script><script>keep()</script>"
        "<style>" + "y" * 500 + "</STYLE><p>after</p>"
    )
    assert defuse_html(page, CAP) == (
        "<p>before</p><SCRIPT type='x'></Script><script>keep()</script><style></STYLE><p>after</p>"
    )


def test_letters_whose_lower_case_is_longer_do_not_shift_the_cut() -> None:
    # "İ".lower() is two characters: a scan of a lower-cased copy cut at the wrong places.
    page = (
        "<p>" + "İ" * 50 + "</p><script>" + "x" * 500 + "</script><p>after</p>" + "<img src='data:" + "z" * 500 + "'>"
    )
    assert defuse_html(page, CAP) == "<p>" + "İ" * 50 + "</p><script></script><p>after</p><img src=''>"


def test_long_data_uris_are_dropped_in_either_quotes_and_short_ones_kept() -> None:
    long_uri = "data:image/png;base64," + "A" * 500
    page = f'<img src="{long_uri}"><img src=\'DATA:{"B" * 500}\'><img src="data:short">data:{"C" * 500}'
    assert defuse_html(page, CAP) == f'<img src=""><img src=\'\'><img src="data:short">data:{"C" * 500}'


def test_a_closing_quote_may_open_the_next_data_uri() -> None:
    page = '<x a="data:short"data:' + "D" * 500 + '"><p>after</p>'
    assert defuse_html(page, CAP) == '<x a="data:short""><p>after</p>'


def test_unclosed_script_and_quote_run_to_the_end() -> None:
    assert defuse_html("<p>a</p><script>" + "x" * 500, CAP) == "<p>a</p><script>"
    assert defuse_html("<p>a</p><img src='data:" + "x" * 500, CAP) == "<p>a</p><img src='"


def test_scan_is_linear_on_many_unclosed_openers() -> None:
    page = "<script " * 200_000 + "'data:" * 200_000
    started = time.process_time()
    defuse_html(page, CAP)
    assert time.process_time() - started < 5
