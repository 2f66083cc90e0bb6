"""The authors column holds names: labels, placeholders, addresses and credits are no authors."""

from __future__ import annotations

import pytest

from cleaners.authors import author_name, author_names
from cleaners.document import ArticleRecord, process_document

# What an author field holds beside a name, by kind: the name left, or None for no author.
CLEANED: dict[str, list[tuple[str, str | None]]] = {
    "a label before the name": [
        ("View all posts by Daniel Lemire", "Daniel Lemire"),
        ("Zeige alle Beiträge von Petra Ruland", "Petra Ruland"),
        ("Tous les articles de Jean Dupont", "Jean Dupont"),
        ("Por María Alejandra Carrasquilla Reina", "María Alejandra Carrasquilla Reina"),
        ("Interview Julia Lauter", "Julia Lauter"),
        ("Texte : Jean Dupont", "Jean Dupont"),
        ("By Jane Doe", "Jane Doe"),
        ("责任编辑：孔德明", "孔德明"),
        ("Revised Edition Edited by Adrian Parr", "Adrian Parr"),
        ("Story by JANE DOE", "Jane Doe"),
    ],
    "a placeholder": [
        (raw, None)
        for raw in [
            "Admin",
            "Name",
            "No Author",
            "Unbenannt",
            "Anónimo",
            "User",
            "Staff Writer",
            "PAID CONTENT",
            "Autor",
        ]
    ],
    "a role before the name": [
        ("Rechtsanwalt Sebastian Einbock", "Sebastian Einbock"),
        ("FOCUS-Online-Experte Robin Tschöpe", "Robin Tschöpe"),
        ("Senior Editor Jane Doe", "Jane Doe"),
        ("Periodista María Reina", "María Reina"),
    ],
    "a date's residue after the name": [
        ("CBS News February", "CBS News"),
        ("Houzz Deutschland vor", "Houzz Deutschland"),
        ("Jean Dupont octobre", "Jean Dupont"),
        ("Mario Rossi settembre", "Mario Rossi"),  # every language of the dates table
        ("Ana Souza dezembro", "Ana Souza"),
        ("Jan Kowalski listopada", "Jan Kowalski"),
    ],
    "a desk after the name": [
        ("Michael Rädel, Redaktion", "Michael Rädel"),
        ("Jan Jansen, Redactie", "Jan Jansen"),  # the desks byline.desk_line knows
        ("Mario Rossi | Redazione", "Mario Rossi"),
        ("Jane Doe, Staff", "Jane Doe"),
        ("Jane Doe | Newsroom", "Jane Doe"),
    ],
    "a theme's or a designer's credit": [
        (raw, None) for raw in ["Theme Pirate Rogue von xwolf", "Fuchsy designed", "Powered by WordPress"]
    ],
    "a label whose name is missing": [(raw, None) for raw in ["Article by", "Posted by", "By"]],
    "an address written as words": [
        (raw, None)
        for raw in [
            "Facebook Com",
            "Www Portalspozywczy Pl",
            "INTERIA PL",
            "Kath Net",
            "BahamasLocal com",
            "Autor www example com",
        ]
    ],
    "an address after the name": [
        ("Lüder Hoppe info-hoppe de", "Lüder Hoppe"),
        ("María Reina maria carrasquilla com pa", "María Reina"),
    ],
    "a photo or source credit": [
        (raw, None)
        for raw in ["Foto: dpa", "Źródło Statista com", "Фото из Инстаграма", "Cortesía", "Zvg", "Quelle: Reuters"]
    ],
    "a comment's heading or a date": [
        ("Stephan said:", "Stephan"),
        ("Anna Weber sagt:", "Anna Weber"),
        ("Jean Dupont dit :", "Jean Dupont"),
        ("Art Edwards says", "Art Edwards"),
        ("Isabell Angele2022-12-07T10", "Isabell Angele"),
        ("On August 3", None),
    ],
    # Names that look like the above and are kept as they are.
    "nothing: a name": [
        (raw, raw)
        for raw in [
            "Alexa von Heyden",
            "Von der Leyen",
            "Von Trapp",
            "Doe, Jane",
            "Gustavo E Méndez",
            "Deutscher Caritasverband e V",
            "Redaktion",
            "Textor Müller",
            "Jan Byrne",
            "Anna Dice",
            # a "by" that introduces no full name
            "Stand by Me",
            "Ruby Brown",
            "Kirby Smith",
            "Karl von Habsburg Lothringen",
            # a month, a preposition or a desk that is all or part of a name
            "Brian May",
            "Anna am",
            "Jane on",
            "Greentech LIVE Redaktion",
            "Times of Israel staff",
            "Adam Aaronson PhillyVoice Staff",
            "Multimedia Redaktion",
            "Reporter Jane",
            "Editor",
        ]
    ],
}
CLEANED_CASES = [(kind, raw, name) for kind, cases in CLEANED.items() for raw, name in cases]


@pytest.mark.parametrize(("kind", "raw", "name"), CLEANED_CASES, ids=[f"{k}: {r}" for k, r, _ in CLEANED_CASES])
def test_what_an_author_field_holds_beside_the_name_is_dropped(kind: str, raw: str, name: str | None) -> None:
    assert author_name(raw) == name, kind


def test_the_site_named_beside_a_person_is_dropped_and_kept_when_alone() -> None:
    site = ("Badische Zeitung", "badische-zeitung.de", "badische-zeitung")
    assert author_names(["Badische Zeitung", "Claudia Riedler"], site_names=site) == ["Claudia Riedler"]
    # a blog named after its author: the only credit the page gives
    assert author_names(["Wolfgang Michal"], site_names=("wolfgangmichal",)) == ["Wolfgang Michal"]


def test_the_site_is_known_by_its_name_with_accents_or_umlauts_spelt_out_as_in_its_address() -> None:
    site = ("oekologisch-bauen.de", "oekologisch-bauen")
    assert author_names(["Ökologisch Bauen", "Anna Schmidt"], site_names=site) == ["Anna Schmidt"]
    assert author_names(["Anna Schmidt Ökologisch-Bauen"], site_names=site) == ["Anna Schmidt"]
    assert author_names(["Zoë Müller", "Ørsted"], site_names=("orsted",)) == ["Zoë Müller"]


def test_the_site_named_after_a_persons_name_is_dropped() -> None:
    site = ("reiterrevue.de", "reiterrevue")
    assert author_names(["Sarah Schnieder Reiterrevue International"], site_names=site) == ["Sarah Schnieder"]
    assert author_names(["Adam Aaronson PhillyVoice Staff"], site_names=("phillyvoice",)) == ["Adam Aaronson"]
    # a site named after its author, or a name the site's name does not end
    assert author_names(["Martin Rütter DOGS"], site_names=("martinruetter",)) == ["Martin Rütter DOGS"]
    assert author_names(["Helge Fahrnberger"], site_names=("helge",)) == ["Helge Fahrnberger"]


def test_names_come_once_in_order_whatever_their_case() -> None:
    assert author_names(["Jane Doe", "Admin", "JANE DOE", "John Roe"]) == ["Jane Doe", "John Roe"]


def _record(raw: bytes, name: str) -> ArticleRecord:
    record = process_document(raw, name, identify_language=False)
    assert isinstance(record, ArticleRecord)
    return record


BODY = "<p>" + " ".join(["The council voted on the new budget after a long debate in the town hall."] * 8) + "</p>"


def test_a_pages_author_link_label_and_share_address_are_not_authors() -> None:
    page = (
        "<html><head><title>Council votes budget</title></head><body><article><h1>Council votes budget</h1>"
        '<span class="author">View all posts by Jane Doe</span>' + BODY + "</article></body></html>"
    )
    assert _record(page.encode(), "page.html").authors == ["Jane Doe"]


def test_a_cms_placeholder_author_in_a_header_leaves_the_column_empty() -> None:
    text = "---\ntitle: Council votes budget\nauthor: admin\n---\n\n" + " ".join(
        ["The council voted on the new budget after a long debate in the town hall."] * 8
    )
    assert _record(text.encode(), "post.md").authors == []


def test_a_single_word_beside_full_names_is_a_split_piece_or_a_desk() -> None:
    # "Markus M. Haefliger, London, und Beat Bumbacher" as a list split at its commas
    assert author_names(["Markus M Haefliger", "London", "Beat Bumbacher"]) == ["Markus M Haefliger", "Beat Bumbacher"]
    assert author_names(["Michael Rädel", "Redaktion"]) == ["Michael Rädel"]
    # a blogger's first name alone, or beside another, is the credit
    assert author_names(["Fatima"]) == ["Fatima"]
    assert author_names(["Anna", "Tom"]) == ["Anna", "Tom"]


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("TOVAH LAZAROFF", "Tovah Lazaroff"),
        ("URSULA VON DER LEYEN", "Ursula von der Leyen"),
        ("JEAN-PIERRE O'NEIL", "Jean-Pierre O'Neil"),
        ("J.O. HASELHOEF", "J.O. Haselhoef"),
    ],
)
def test_a_name_in_capitals_is_written_as_a_name(raw: str, name: str) -> None:
    assert author_name(raw) == name


@pytest.mark.parametrize("raw", ["AFP", "DPA / AFP", "BBC NEWS", "NATURSTROM AG"])
def test_an_acronym_a_list_or_an_outlet_in_capitals_stays(raw: str) -> None:
    assert author_name(raw) == raw


def _json_ld_page(author: str, headline: str = "Council votes budget") -> bytes:
    ld = (
        '{"@context": "https://schema.org", "@type": "NewsArticle", '
        f'"headline": "{headline}", "author": {{"@type": "Person", "name": "{author}"}}}}'
    )
    return (
        f'<html><head><title>Council votes budget</title><script type="application/ld+json">{ld}</script></head>'
        f"<body><article><h1>Council votes budget</h1>{BODY}</article></body></html>"
    ).encode()


@pytest.mark.parametrize(
    ("escaped", "name"),
    [("Jos&eacute; P&eacute;rez", "José Pérez"), ("Redacci&oacute;n Diario Siete", "Redacción Diario Siete")],
)
def test_accents_a_page_escapes_in_its_json_ld_author_are_letters(escaped: str, name: str) -> None:
    # trafilatura splits an author at ";" and "&": the name came out as "Jos; Eacute; P; Eacute; Rez"
    assert _record(_json_ld_page(escaped), "page.html").authors == [name]


def test_a_quote_entity_in_json_ld_is_left_for_the_json_to_hold() -> None:
    page = _json_ld_page("Jane Doe", headline="Council votes &quot;yes&quot; on budget")
    assert _record(page, "page.html").authors == ["Jane Doe"]


def test_an_author_field_that_holds_the_headline_names_no_author() -> None:
    # a CMS that fills the author slot with the title (oekonomenstimme.org)
    assert _record(_json_ld_page("Council votes budget"), "page.html").authors == []
    assert _record(_json_ld_page("Jane Doe"), "page.html").authors == ["Jane Doe"]


def test_a_translators_credit_is_removed_and_names_no_author() -> None:
    paragraph = "The council voted on the new budget after a long debate in the town hall on Tuesday evening."
    record = _record("\n\n".join([paragraph] * 4 + ["Aus dem Englischen von Anna Weber"]).encode(), "story.txt")
    assert "Anna Weber" not in record.text
    assert record.authors == []


def test_the_sites_own_name_in_capitals_keeps_them() -> None:
    # a brand, not a person: "AUTO ZEITUNG" on autozeitung.de
    assert author_names(["AUTO ZEITUNG"], site_names=("autozeitung.de", "autozeitung")) == ["AUTO ZEITUNG"]
    assert author_names(["AUTO ZEITUNG"]) == ["Auto Zeitung"]


@pytest.mark.parametrize(
    ("parts", "page", "names"),
    [
        (
            ("Fisch", "Fang Seminare"),
            '<meta name="author" content="Fisch &amp; Fang Seminare">',
            ("Fisch & Fang Seminare",),
        ),
        (
            ("Bundesministerium für Wirtschaft", "Klimaschutz"),
            '"author": {"name": "Bundesministerium für Wirtschaft und Klimaschutz"}',
            ("Bundesministerium für Wirtschaft und Klimaschutz",),
        ),
        (("Kirche", "Leben", "Münster"), "<span>Kirche und Leben, Münster</span>", ("Kirche und Leben", "Münster")),
        (("Anna", "Max Müller"), "<p>Von Anna und Max Müller</p>", ("Anna und Max Müller",)),
    ],
)
def test_a_name_split_at_its_conjunction_is_joined_again_as_the_page_writes_it(
    parts: tuple[str, ...], page: str, names: tuple[str, ...]
) -> None:
    from cleaners.authors import rejoin_split_names

    assert rejoin_split_names(parts, page) == names


@pytest.mark.parametrize(
    ("parts", "page"),
    [
        # Two people: both sides are full names.
        (("Fiona Bornhöft", "Mariam Hofbeck"), "Fiona Bornhöft und Mariam Hofbeck"),
        # A comma lists: a dateline's place stays apart, for author_names to drop.
        (("Jane Doe", "London"), "Jane Doe, London"),
        # Not written joined on the page.
        (("Fisch", "Fang Seminare"), "Fisch &amp; Angel; Fang Seminare"),
        # Case differs: the extractor title-cased a part, the page's form is not found.
        (("Dpa", "Max Müller"), "dpa und Max Müller"),
    ],
)
def test_names_the_page_does_not_join_by_a_conjunction_stay_apart(parts: tuple[str, ...], page: str) -> None:
    from cleaners.authors import rejoin_split_names

    assert rejoin_split_names(parts, page) == parts


def test_an_html_page_keeps_an_organisation_whose_name_holds_a_conjunction() -> None:
    article = " ".join(f"Sentence {i} of the seminar programme for the coming spring season." for i in range(40))
    page = (
        '<html><head><title>Seminare im Frühjahr</title><meta name="author" content="Fisch &amp; Fang Seminare">'
        f"</head><body><article><h1>Seminare im Frühjahr</h1><p>{article}</p><p>{article}</p></article></body></html>"
    )
    for mode in ("fast", "precise"):
        record = process_document(page.encode(), "page.html", html_mode=mode)
        assert isinstance(record, ArticleRecord)
        assert record.authors == ["Fisch & Fang Seminare"], mode
