"""Main-block detection on plain text (cleaners/blocks.py): where the article is in a page
dumped to text, and how far its edges reach."""

from __future__ import annotations

import sys
import unicodedata

import pytest

from cleaners.blocks import STRICT_CUT_LINES, main_block

PARAGRAPH = (
    "The council voted on Tuesday to close the old bridge for repairs, which are expected "
    "to take at least two years and cost more than the city had planned."
)
HEADLINE = "Council members clash over the future of the harbour district plans"  # 11 words, no stop


def _menu(n: int) -> list[str]:
    # Menu entries are words ("Section Aa"): a run of lines that mostly carry digits is data.
    return [f"Section {chr(65 + i % 26)}{chr(97 + i // 26)}" for i in range(n)]


def test_a_page_dump_loses_the_headline_list_after_the_article() -> None:
    # Unterminated headline-length lines after the article are teasers, not article text.
    lines = [*_menu(STRICT_CUT_LINES + 1), PARAGRAPH, PARAGRAPH, PARAGRAPH, HEADLINE, HEADLINE, HEADLINE, "Contact"]
    first, last = main_block(lines) or (0, 0)
    assert lines[first] == PARAGRAPH
    assert last == STRICT_CUT_LINES + 3


UNFINISHED = "The repairs begin next spring. Whether the city can pay for them is another question"  # no final stop


def test_a_page_dump_keeps_its_last_paragraph_written_without_a_final_stop() -> None:
    lines = [*_menu(STRICT_CUT_LINES + 1), PARAGRAPH, PARAGRAPH, UNFINISHED, HEADLINE, *_menu(3)]
    first, last = main_block(lines) or (0, 0)
    assert lines[first] == PARAGRAPH
    assert lines[last] == UNFINISHED


@pytest.mark.parametrize(
    "after",
    [
        f"* {UNFINISHED}",  # a list item: a teaser under the article
        f"## {UNFINISHED}",  # a heading: another story's
        "Council members clash over the harbour district plans again this week",  # no sentence inside
    ],
)
def test_a_line_after_a_strictly_cut_article_joins_it_only_as_a_plain_paragraph(after: str) -> None:
    lines = [*_menu(STRICT_CUT_LINES + 1), PARAGRAPH, PARAGRAPH, after, *_menu(3)]
    _first, last = main_block(lines) or (0, 0)
    assert last == STRICT_CUT_LINES + 2


@pytest.mark.parametrize(
    ("text", "breaks"),
    [
        ("Deutschland ist ein Land. Offenbar ist das in der Politik ähnlich", True),
        ("Er sagte: „Nein.“ Dann ging er", True),
        ("Tenía su cargamento! La policía encontró armas", True),
        ("Dr. Müller and the U.S. Army said so", False),
        ("Die Kosten betragen ca. 50 Euro pro Person", False),
    ],
)
def test_a_sentence_break_is_a_stop_after_a_lower_case_word_and_a_capital_after_it(text: str, breaks: bool) -> None:
    from cleaners.blocks import holds_a_sentence_break

    assert holds_a_sentence_break(text) is breaks


def test_a_page_dump_keeps_the_standfirst_leading_into_the_article() -> None:
    lines = [*_menu(STRICT_CUT_LINES + 1), HEADLINE, PARAGRAPH, PARAGRAPH, *_menu(3)]
    first, last = main_block(lines) or (0, 0)
    assert lines[first] == HEADLINE
    assert lines[last] == PARAGRAPH


def test_an_extracted_text_keeps_a_closing_line_next_to_the_article() -> None:
    # Few lines outside the block: an extractor's output. A signature right after the
    # last paragraph costs little and stays; a longer run of short lines does not.
    lines = [PARAGRAPH, PARAGRAPH, "XX, Die Redaktion", "Tags", "Share", "Print", "Home"]
    first, last = main_block(lines) or (0, 0)
    assert (first, last) == (0, 3)


def test_the_edge_slack_stops_at_a_line_a_rule_removed() -> None:
    lines: list[str | None] = [PARAGRAPH, PARAGRAPH, None, "Short line"]
    assert main_block(lines) == (0, 1)


def test_no_prose_means_no_block() -> None:
    assert main_block(["Home", "News", "Contact"]) is None


def test_sentence_like_lines_without_prose_anchor_no_block() -> None:
    # A results page: an unterminated eight-word heading over table rows, and the one
    # prose line (a comment form's notice) already removed by a rule (None). Anchoring on
    # the heading would cut the table as furniture.
    rows = [f"| {rank}. | LG Staufen {rank} | WÜ | 5{rank},09 |" for rank in range(1, 9)]
    lines: list[str | None] = [*_menu(20), "FV 08 Unterkochen and TV 1884 e.V. Unterkochen", *rows, None, *_menu(5)]
    assert main_block(lines) is None


@pytest.mark.parametrize(
    "line",
    [
        "Sie sagte: „Wir danken Ihnen für die gute und verlässliche Zusammenarbeit.“",
        "Il a parlé d'une « réforme systémique qui change tout le pays. »",
        "Er nannte es »einen Schritt, den niemand in der Stadt erwartet hatte.«",
        "Powiedział: „To była bardzo trudna decyzja dla całego zarządu spółki.”",
        "He said it was ‘the hardest decision the council has ever had to take.’",
    ],
)
def test_a_quoted_sentence_ends_at_its_stop_whatever_the_languages_closing_quote(line: str) -> None:
    from cleaners.blocks import line_features

    assert line_features(line).ends_sentence and line_features(line).prose


@pytest.mark.parametrize(
    "line",
    [
        "“Estoy prolongándoles el tiempo de la misericordia, pero ay de ellos si no reconocen”. (Diario 1160)",
        "Nur bei Seitenwind sei das neue Fahrzeug auf der Autobahn „nicht besonders“ stabil. (dpa)",
        "The spell was later used by the twins to extinguish his burning eyebrows in class.[10]",
        "La policía confirmó que no hubo heridos durante el incendio en la planta baja. (Foto: EFE)",
    ],
)
def test_a_sentence_followed_by_its_citation_or_credit_still_ends_at_its_stop(line: str) -> None:
    from cleaners.blocks import line_features

    assert line_features(line).ends_sentence and line_features(line).prose


def test_a_page_dump_keeps_the_cited_quotations_its_article_ends_with() -> None:
    quote = "“Quien no quiera pasar por la puerta de Mi misericordia, tiene que pasar por la otra”. (Diario 1146)"
    lines = [*_menu(STRICT_CUT_LINES + 1), PARAGRAPH, PARAGRAPH, quote, quote, "Etiquetas", *_menu(3)]
    _first, last = main_block(lines) or (0, 0)
    assert last == STRICT_CUT_LINES + 4


@pytest.mark.parametrize(
    "line",
    [
        "In Kooperation mit der Deutschen Gesellschaft für Verbands- und Vereinsmanagement e.V. (DGVM)",
        "Rückabwicklung, Widerruf und Vollstreckung bei betrieblicher Altersversorgung ... (fiala.de)",
        "Kommentare zu diesem Artikel und allen anderen Artikeln der Woche aus der Redaktion (12)",
    ],
)
def test_a_parenthesis_after_an_abbreviation_an_ellipsis_or_no_stop_ends_no_sentence(line: str) -> None:
    from cleaners.blocks import line_features

    assert not line_features(line).ends_sentence


def test_a_line_ending_in_a_quote_without_a_stop_does_not_end_a_sentence() -> None:
    from cleaners.blocks import line_features

    assert not line_features("Lesen Sie auch: „Die Eskalation geht dieses Mal schon weiter“").ends_sentence


def test_every_wide_letter_is_in_the_ranges_the_cjk_share_looks_for() -> None:
    # _cjk_share counts wide letters only in lines with a character in _MAYBE_WIDE.
    from cleaners import blocks

    wide = (chr(c) for c in range(0x110000) if chr(c).isalpha() and unicodedata.east_asian_width(chr(c)) in "WF")
    missed = [ch for ch in wide if not blocks._MAYBE_WIDE.fullmatch(ch)]
    assert missed == []


def test_the_wide_letter_share_counts_letters_only() -> None:
    from cleaners.blocks import _cjk_share

    assert _cjk_share("“Café” — naïve") == 0.0
    assert _cjk_share("“Ｃａｆé”") == 0.75  # fullwidth Latin letters are wide
    assert _cjk_share("東京 tokyo") == 2 / 7
    assert _cjk_share("東京") == 1.0
    assert _cjk_share("— 123 —") == 0.0


def test_digit_and_alnum_counts_are_those_of_str_predicates_for_every_code_point() -> None:
    from cleaners.blocks import digit_and_alnum_counts

    for code in range(sys.maxunicode + 1):
        ch = chr(code)
        assert digit_and_alnum_counts(ch) == (int(ch.isdigit()), int(ch.isalnum())), hex(code)
    line = "Régions 2021² — 3 500 €, n°5_x ①"
    assert digit_and_alnum_counts(line) == (sum(map(str.isdigit, line)), sum(map(str.isalnum, line)))
    assert digit_and_alnum_counts("abc 123") == (3, 6)


def _trimmed(lines: list[str]) -> str:
    from cleaners.engine import clean_text

    return clean_text("\n\n".join(lines), (), trim_to_main_block=True).text


_FOOTER = ["Home", "Politik", "Wirtschaft", "Kontakt", "Impressum"]


def test_a_list_the_articles_last_sentence_introduces_stays_with_the_article() -> None:
    intro = "The council has therefore put forward several proposals to keep rents affordable in the city:"
    items = [
        "* Freeze the yearly rent increase",
        "* Apply the rent law to every flat twenty years after it was built,\nwith clear upper limits",
        "* Abolish fixed-term leases",
    ]
    text = _trimmed([*_menu(STRICT_CUT_LINES + 1), PARAGRAPH, PARAGRAPH, intro, *items, *_FOOTER])
    assert "* Freeze the yearly rent increase" in text
    assert "with clear upper limits" in text  # the wrapped continuation of an item
    assert "* Abolish fixed-term leases" in text
    assert "Impressum" not in text


def test_a_list_under_a_short_heading_with_a_colon_is_still_trimmed() -> None:
    # "Read more on this topic:" heads other stories; it is not a sentence of the article.
    heading = "Read more on this topic:"
    teasers = ["* Rents rise again in the north", "* Why leases are shorter now"]
    text = _trimmed([*_menu(STRICT_CUT_LINES + 1), PARAGRAPH, PARAGRAPH, PARAGRAPH, heading, *teasers, *_FOOTER])
    assert "Rents rise again" not in text
    assert "Impressum" not in text


def test_the_list_ends_at_the_first_line_that_is_neither_an_item_nor_its_continuation() -> None:
    intro = "The council has therefore put forward several proposals to keep rents affordable in the city:"
    text = _trimmed([*_menu(STRICT_CUT_LINES + 1), PARAGRAPH, intro, "1. Freeze rents", "2. Build more", *_FOOTER])
    assert "1. Freeze rents" in text and "2. Build more" in text
    assert "Kontakt" not in text


def test_a_french_quotation_in_guillemets_is_not_a_menu_separator() -> None:
    from cleaners.blocks import line_features

    quoted = "Le débat dépasse les questions de « réforme systémique » ou d’« ajustement paramétrique » des experts."
    assert line_features(quoted).separators == 0 and line_features(quoted).prose
    assert line_features("Accueil » Politique » France").separators == 2


def test_a_page_dump_stays_one_when_rules_removed_its_menu_lines() -> None:
    # Strict trimming (no credit for teaser headlines after the lead-in) depends on the
    # lines outside the block, whether or not a rule already removed them.
    removed: list[str | None] = [None] * (STRICT_CUT_LINES + 1)
    lines = [*removed, PARAGRAPH, PARAGRAPH, PARAGRAPH, HEADLINE, HEADLINE, "Contact"]
    first, last = main_block(lines) or (0, 0)
    assert lines[first] == PARAGRAPH
    assert last == STRICT_CUT_LINES + 3


SINGERS = ["Ronnie James Dio", "Freddie Mercury", "Chris Cornell", "Bruce Dickinson", "Rob Halford", "Ann Wilson"]
RANKING = [f"{n}. {name}" for n, name in enumerate(SINGERS, 1)]


def test_an_extracted_article_keeps_the_ranked_list_it_ends_with() -> None:
    # An extractor's text opens with prose: its short lines are the article's own list,
    # which the main block of a page dump would cut off as furniture.
    text = _trimmed([PARAGRAPH, PARAGRAPH, "The list", *RANKING])
    assert all(item in text for item in RANKING)


def test_an_extracted_recipe_keeps_the_ingredients_and_table_after_its_prose() -> None:
    table = ["| Zutat | Menge |", "| --- | --- |", "| Mehl | 300 g |", "| Zucker | 200 g |"]
    text = _trimmed([HEADLINE, PARAGRAPH, PARAGRAPH, *table, "1 TL Zimt"])
    assert "| Mehl | 300 g |" in text and "1 TL Zimt" in text


def test_a_text_that_opens_with_menus_is_a_page_dump_and_loses_them() -> None:
    text = _trimmed([*_menu(5), PARAGRAPH, PARAGRAPH, *_FOOTER])
    assert "Section Aa" not in text and "Impressum" not in text
    assert PARAGRAPH in text


def test_a_text_that_ends_in_a_long_footer_is_a_page_dump_even_when_prose_comes_first() -> None:
    from cleaners.blocks import PAGE_DUMP_TAIL_LINES
    from cleaners.document import generic_rules
    from cleaners.engine import clean_text

    def trimmed(lines: list[str]) -> str:
        return clean_text("\n\n".join(lines), generic_rules(), trim_to_main_block=True).text

    # One line of the footer is one the rules know: a page's footer, not an article's list.
    footer = [f"Footer link {link}" for link in _menu(PAGE_DUMP_TAIL_LINES - 1)] + ["© 2024 Beispiel Verlag GmbH"]
    text = trimmed([PARAGRAPH, PARAGRAPH, *footer])
    assert "Footer link Section Aa" not in text
    assert trimmed([PARAGRAPH, PARAGRAPH, *footer[1:]]).count("Footer link") == PAGE_DUMP_TAIL_LINES - 2


def test_a_long_list_closing_an_article_stays_when_no_rule_knows_any_of_its_lines() -> None:
    from cleaners.blocks import PAGE_DUMP_TAIL_LINES

    # The signatories of an open letter, a glossary: as long as a footer and as short-lined,
    # but nothing in it is an imprint, a copyright or a prompt.
    signatories = [f"Verein {name}" for name in _menu(PAGE_DUMP_TAIL_LINES + 5)]
    text = _trimmed([HEADLINE, PARAGRAPH, PARAGRAPH, "Unterzeichnet haben:", *signatories])
    assert all(line in text for line in signatories)


def test_a_long_tail_is_a_page_dump_only_when_a_rule_recognized_one_of_its_lines() -> None:
    from cleaners.blocks import PAGE_DUMP_TAIL_LINES, looks_like_page_dump

    lines = [PARAGRAPH, PARAGRAPH, *_menu(PAGE_DUMP_TAIL_LINES)]
    assert looks_like_page_dump(lines)  # nothing said about the rules: the shape alone
    assert not looks_like_page_dump(lines, recognized=lambda i: False)
    assert looks_like_page_dump(lines, recognized=lambda i: i == len(lines) - 1)
    assert not looks_like_page_dump(lines, recognized=lambda i: i == 0)  # a paragraph is no tail
    # A head of menus makes a page dump whatever the rules recognized.
    assert looks_like_page_dump([*_menu(5), PARAGRAPH], recognized=lambda i: False)


def test_the_page_dump_test_counts_lines_around_the_prose() -> None:
    from cleaners.blocks import PAGE_DUMP_HEAD_LINES, looks_like_page_dump

    assert looks_like_page_dump([*_menu(PAGE_DUMP_HEAD_LINES), PARAGRAPH])
    assert not looks_like_page_dump([*_menu(PAGE_DUMP_HEAD_LINES - 1), PARAGRAPH, *_menu(3)])
    assert not looks_like_page_dump(_menu(40))  # no prose: nothing to trim around


def test_a_recipe_that_opens_with_its_ingredients_is_no_page_dump() -> None:
    # Lines before the first paragraph that mostly carry numbers are data, not menus.
    ingredients = ["300 g Mehl", "200 g Zucker", "1 TL Zimt", "2 Eier", "Prise Salz", "(+ 15 Minuten backen)"]
    text = _trimmed([*ingredients, PARAGRAPH, PARAGRAPH])
    assert all(line in text for line in ingredients)


def test_a_menu_whose_entries_are_dated_teasers_is_furniture_not_data() -> None:
    from cleaners.blocks import looks_like_page_dump

    # Every other line holds a digit, but each is a teaser's date stamp, not a quantity.
    dated = [f"EFE | Abril {day}, 2022" if day % 2 else f"Section {chr(65 + day)}" for day in range(1, 13)]
    assert looks_like_page_dump([*dated, PARAGRAPH])
    quantities = [f"{day * 50} g Mehl" if day % 2 else f"Zutat {chr(65 + day)}" for day in range(1, 13)]
    assert not looks_like_page_dump([*quantities, PARAGRAPH])


def test_a_page_dump_loses_dated_teasers_whose_excerpts_read_as_prose() -> None:
    excerpt = "Santo Domingo.- Hundreds of Dominicans left the capital city on 14 April to travel..."
    teasers = []
    for day in range(15, 9, -1):
        teasers += [f"April {day}, 2022 | 9:28 am", f"Streets deserted after the long weekend {day}", excerpt]
    lines = [*_menu(STRICT_CUT_LINES + 1), PARAGRAPH, PARAGRAPH, PARAGRAPH, "Website", *teasers, *_menu(3)]
    _first, last = main_block(lines) or (0, 0)
    assert last == STRICT_CUT_LINES + 3


@pytest.mark.parametrize(
    "excerpt",
    [
        "Kitas schicken Kinder mit Schnupfen aus Angst vor Ansteckung nach Hause, weil {n}...",
        # The ellipsis set off by a space, as some sites print it ("… Melissa Jagessar …").
        "As the grandmother was laid to rest yesterday, her daughter number {n} …",
    ],
    ids=["after a word", "after a space"],
)
def test_a_page_dump_loses_a_run_of_teasers_whose_excerpts_are_cut_off(excerpt: str) -> None:
    teasers = []
    for n in range(4):
        teasers += [f"Headline of another story number {n}", excerpt.format(n=n)]
    lines = [*_menu(STRICT_CUT_LINES + 1), PARAGRAPH, PARAGRAPH, PARAGRAPH, "Thema:", *teasers, *_menu(3)]
    _first, last = main_block(lines) or (0, 0)
    assert last == STRICT_CUT_LINES + 3


def test_a_paragraph_that_trails_off_under_no_date_stays_in_the_block() -> None:
    # Twice in a row, as a writer who trails off may: no run of teasers.
    trailing = "Ich wollte nichts erklären, sondern einfach noch ein paar Worte sagen. Ich probier es einfach mal…"
    lines = [*_menu(STRICT_CUT_LINES + 1), PARAGRAPH, trailing, PARAGRAPH, trailing, *_menu(3)]
    _first, last = main_block(lines) or (0, 0)
    assert lines[last] == trailing


def test_results_after_the_report_stay_however_long() -> None:
    results = [f"{rank}. Runner {rank}, LG Staufen, 12,{rank:02d} s" for rank in range(1, 30)]
    text = _trimmed([PARAGRAPH, PARAGRAPH, *results])
    assert all(line in text for line in results)


def test_a_page_whose_only_prose_is_a_comment_form_keeps_its_table() -> None:
    from cleaners.document import generic_rules
    from cleaners.engine import clean_text

    rows = [f"| {rank}. | LG Staufen {rank} | WÜ | 5{rank},09 |" for rank in range(1, 9)]
    notice = "Deine E-Mail-Adresse wird nicht veröffentlicht. Erforderliche Felder sind mit * markiert."
    lines = [*_menu(20), "FV 08 Unterkochen and TV 1884 e.V. Unterkochen", *rows, notice, *_FOOTER]
    result = clean_text("\n\n".join(lines), generic_rules(), trim_to_main_block=True)
    assert all(row in result.text for row in rows)
    assert notice not in result.text


def test_a_menu_with_a_few_dates_is_still_furniture() -> None:
    menu = ["Archiv 2021", "Archiv 2020", *_menu(6)]
    text = _trimmed([*menu, PARAGRAPH, PARAGRAPH])
    assert "Section Aa" not in text and "Archiv 2021" not in text


def test_menu_lines_a_rule_removed_keep_a_tagline_above_them_out_of_the_main_block() -> None:
    from cleaners.blocks import main_block

    # The site's name and its tagline (a sentence), its menu (removed by the rules: None),
    # then the story. Removed lines cost nothing inside an article, but before its first
    # paragraph they are the page's head: the tagline must not bridge over them.
    texts: list[str | None] = [
        "Example Watch",
        "Spreading the news. Empowering the readers.",
        *[None] * 6,
        "Menu",
        *[None] * 6,
        HEADLINE,
        PARAGRAPH,
        PARAGRAPH,
    ]
    block = main_block(texts)
    assert block is not None and block[0] >= texts.index(HEADLINE)


def test_a_line_a_rule_removed_between_two_paragraphs_does_not_split_the_article() -> None:
    from cleaners.blocks import main_block

    texts: list[str | None] = [*_menu(6), PARAGRAPH, None, None, None, PARAGRAPH, *_menu(6)]
    block = main_block(texts)
    assert block is not None and block[0] <= 6 and block[1] >= 10  # both paragraphs


def test_a_page_whose_one_prose_line_is_the_tagline_over_its_menu_is_not_cut_to_it() -> None:
    # A blog post that is an agenda: its only long sentence is the site's tagline above
    # the menu. A block of that one line would cut the whole agenda as furniture.
    agenda = [f"{i}. Lightning talk number {i} (15 mins)" for i in range(1, 8)]
    texts: list[str | None] = [
        "Example Circle Hamburg",
        PARAGRAPH,
        *_menu(12),
        "Meeting in April",
        "Agenda",
        *agenda,
        *_menu(12),
    ]
    assert main_block(texts) is None


def test_a_removed_comment_heading_still_ends_the_article() -> None:
    # A rule removed the comment section's heading (None); the login box under it ends in a
    # short sentence. Neutral, the removed heading would let the block run on into the box.
    removed_heading = 3
    lines: list[str | None] = [PARAGRAPH, PARAGRAPH, PARAGRAPH, None]
    lines += ["Welcome Back!", "Forgotten Password?", "Retrieve your password", "Enter your email to reset it now."]
    assert main_block(lines) == (0, len(lines) - 1)
    assert main_block(lines, ends=frozenset({removed_heading})) == (0, 2)


def test_a_removed_line_inside_the_article_does_not_split_it() -> None:
    # A share prompt a rule removed between two paragraphs costs nothing.
    lines: list[str | None] = [PARAGRAPH, None, PARAGRAPH, PARAGRAPH, *_menu(4)]
    first, last = main_block(lines) or (0, 0)
    assert first == 0
    assert last >= 3
