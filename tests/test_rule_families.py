"""Each noise family on whole passages: unseen members are caught, look-alike content stays."""

from __future__ import annotations

from cleaners.engine import CleanResult, clean_text
from cleaners.rule_tables import generic_rules

BODY = (
    "The central bank raised interest rates by half a point on Wednesday, its third increase this year.\n"
    "“Inflation is still far too high,” the governor told reporters in the capital after the decision.\n"
    "Economists had expected a smaller move, and markets fell sharply after the announcement."
)


def clean(text: str, *, lift_title: bool = False) -> CleanResult:
    return clean_text(text, generic_rules(), lift_title=lift_title)


def kinds(result: CleanResult) -> set[str]:
    return {r.kind for r in result.removals}


# --- paywall -----------------------------------------------------------------------


def test_paywall_block_from_another_outlet_is_cut_to_the_end() -> None:
    noisy = BODY + (
        "\nYou have reached your monthly limit of 3 free stories.\n"
        "Become a subscriber to keep reading.\n"
        "Digital Premium\n$9.99 per month\nCancel anytime"
    )
    result = clean(noisy)
    assert result.text == BODY
    assert kinds(result) == {"paywall"}


def test_article_quoting_a_subscription_price_keeps_it() -> None:
    text = (
        BODY + "\nThe newspaper said its new digital plan would cost ₹300 a month, and that "
        "readers who subscribe now for unlimited access would get a discount, a move analysts called bold."
    )
    assert clean(text).text == text


def test_story_about_a_reader_limit_is_not_a_paywall() -> None:
    text = "Libraries in the city have reached the limit of what their budgets allow, the council said.\n" + BODY
    assert clean(text).text == text


def test_unrendered_template_placeholder_line_is_removed_anywhere() -> None:
    result = clean(BODY + "\nRead {{count}} more stories like this\n" + BODY)
    assert "{{count}}" not in result.text
    assert result.text.count("The central bank") == 2


def test_paywall_in_german_and_french_is_cut() -> None:
    de = "Die Zentralbank hat am Mittwoch die Zinsen erhöht.\nDas hatten Ökonomen so nicht erwartet.\n"
    result = clean(de + "Dieser Artikel ist exklusiv für Abonnenten.\nJetzt 4 Wochen testen")
    assert result.text == de.strip()
    fr = "La banque centrale a relevé ses taux mercredi.\nLes marchés ont reculé.\n"
    result = clean(fr + "Il vous reste 80% de cet article à lire.\nLa suite est réservée aux abonnés.")
    assert result.text == fr.strip()


def test_a_subscribe_banner_over_a_short_article_goes_alone_and_the_article_stays() -> None:
    # In a short text every line is in the tail zone: the banner under the headline does not
    # mark where the article ends, since the article has not begun.
    text = "Lyft startet mit Robotertaxis\nSubscribe now for unlimited access\n" + BODY + "\n" + BODY
    result = clean(text)
    assert "Subscribe now" not in result.text
    assert result.text == "Lyft startet mit Robotertaxis\n" + BODY + "\n" + BODY
    assert [r.rule for r in result.removals] == ["paywall.subscribe_to_continue"]


# --- syndication, attribution, link stubs, datelines ---------------------------------


def test_syndication_disclaimer_naming_another_outlet_is_removed_and_named() -> None:
    result = clean(BODY + "\nDisclaimer: No Hindustan Times journalist was involved in the creation of this content")
    assert result.text == BODY
    assert ("syndication", "Hindustan Times") in result.facts.publishers


def test_source_line_is_removed_but_a_story_about_a_source_stays() -> None:
    text = "A source close to the talks said the deal was nearly done.\n" + BODY + "\nSource: Al Jazeera"
    result = clean(text)
    assert result.text == text.removesuffix("\nSource: Al Jazeera")
    assert ("attribution", "Al Jazeera") in result.facts.publishers


def test_bracketed_link_stubs_are_removed_inline_without_touching_the_sentence() -> None:
    result = clean("The ministry confirmed the figures on Monday. [ Link ]\n" + BODY)
    assert result.text.startswith("The ministry confirmed the figures on Monday.\n")


def test_agency_dateline_prefix_is_removed_and_names_the_outlet() -> None:
    result = clean("JERUSALEM (JNS) – Israel’s cabinet approved the budget on Sunday.\n" + BODY)
    assert result.text.startswith("Israel’s cabinet approved the budget on Sunday.")
    assert ("dateline", "JNS") in result.facts.publishers


def test_parenthetical_aside_mid_article_is_not_a_dateline() -> None:
    text = BODY + "\n(Laughter) – the minister did not answer the question."
    assert clean(text).text == text


# --- captions and credits -------------------------------------------------------------


def test_caption_with_glued_getty_credit_and_its_echo_are_removed() -> None:
    text = "Protesters in Tel Aviv\nProtesters in Tel AvivGetty Images\n\n" + BODY
    result = clean(text)
    assert result.text == BODY
    assert {r.rule for r in result.removals} == {"caption.echo", "caption.glued_agency_credit"}


def test_photo_credit_line_is_removed_but_prose_about_photographs_stays() -> None:
    text = "Photo: AFP/Ahmad Gharabli\n" + BODY + "\nPhotographs of the damage were shared widely online."
    result = clean(text)
    assert result.text == BODY + "\nPhotographs of the damage were shared widely online."


def test_headline_mentioning_an_agency_is_not_a_credit() -> None:
    text = "Ministers meet Reuters editors\n" + BODY
    result = clean(text, lift_title=True)
    assert result.title == "Ministers meet Reuters editors"
    assert result.text == BODY


# --- desk notes and contributors ---------------------------------------------------------


def test_desk_note_of_another_outlet_is_removed() -> None:
    result = clean(BODY + "\n(The Jerusalem Post’s night desk is keeping you updated on this story.)")
    assert result.text == BODY


def test_contributor_line_is_removed_and_kept_as_fact() -> None:
    result = clean(BODY + "\nAssociated Press writer Ellen Knickmeyer contributed to this report.")
    assert result.text == BODY
    assert result.facts.contributors == ["Associated Press writer Ellen Knickmeyer"]


def test_sentence_about_what_contributed_to_a_decline_stays() -> None:
    text = BODY + "\nHigher energy prices contributed to the slowdown, according to the statistics office."
    assert clean(text).text == text


# --- the common families ----------------------------------------------------------------


def test_newsletter_share_related_ad_cookie_copyright_and_comment_lines_go() -> None:
    noise = [
        "Sign up for our Morning Briefing newsletter",
        "Share on WhatsApp",
        "Follow us on Instagram",
        "READ MORE: How the rate rise affects mortgages",
        "ADVERTISEMENT",
        "We use cookies to personalise content and ads.",
        "Copyright © 2024 Example Media Ltd. All rights reserved.",
        "Leave a comment",
    ]
    text = "\n".join([BODY.split("\n")[0], *noise[:5], *BODY.split("\n")[1:], *noise[5:]])
    result = clean(text)
    assert result.text == "\n".join(BODY.split("\n")[:1] + BODY.split("\n")[1:])
    assert kinds(result) == {
        "newsletter",
        "share",
        "related",
        "advertisement",
        "cookie",
        "copyright",
        "comments",
    }


def test_prose_mentioning_newsletters_cookies_and_comments_stays() -> None:
    text = (
        "The bakery’s cookies won a national prize, and the owner said demand had doubled since then.\n"
        "Comments by the minister on Tuesday drew criticism from opposition parties and unions alike.\n"
        "The company’s internal newsletter had warned staff about the cuts weeks before they happened."
    )
    assert clean(text).text == text


def test_short_lines_of_real_content_are_not_removed_for_being_short() -> None:
    text = "Election results\nLabour: 412\nConservative: 121\nTurnout was 60 percent."
    assert clean(text).text == text


# --- bylines and titles -----------------------------------------------------------------


def test_byline_at_the_top_is_removed_and_names_authors() -> None:
    result = clean("By Jane Doe and John Roe\n" + BODY)
    assert result.text == BODY
    assert result.facts.authors == ["Jane Doe and John Roe"]


def test_sentence_starting_with_by_is_not_a_byline() -> None:
    text = "By Friday the talks had collapsed.\n" + BODY
    assert clean(text).text == text


def test_title_is_not_lifted_from_a_first_line_that_is_a_sentence() -> None:
    result = clean(BODY, lift_title=True)
    assert result.title is None
    assert result.text == BODY


def test_punctuation_left_alone_on_a_line_goes_with_the_rule_that_emptied_it() -> None:
    para = "The council approved the budget on Tuesday after a long debate about schools and roads."
    result = clean_text(f"{para}\n[ Source ] ·\n{para}", generic_rules())
    assert result.text == f"{para}\n\n{para}"
    assert [(r.rule, r.text) for r in result.removals] == [
        ("attribution.link_stub", "[ Source ]"),
        ("attribution.link_stub", "·"),
    ]


# --- comment sections, blog furniture, markdown ------------------------------------------


def test_a_comment_section_after_the_article_goes_with_its_comments_and_form() -> None:
    thread = (
        "\n3 thoughts on “Rates rise again”\n"
        "Anna says:\nMarch 3, 2024 at 5:32 pm\nThis will hurt every family with a mortgage, and the bank knows it.\n"
        "Leave a Reply\nYour email address will not be published. Required fields are marked *"
    )
    result = clean(BODY + thread)
    assert result.text == BODY
    assert kinds(result) == {"comments"}


def test_a_comment_counter_under_the_headline_leaves_the_article_whole() -> None:
    text = "Rates rise again\n12 Kommentare\n" + BODY
    assert clean(text).text.endswith(BODY)


def test_markdown_headings_and_bold_lines_are_matched_as_their_words() -> None:
    plain = clean(BODY + "\nÄhnliche Beiträge\nShare this:")
    marked = clean(BODY + "\n### Ähnliche Beiträge\n**Share this:**")
    assert plain.text == marked.text == BODY
    assert [r.rule for r in marked.removals] == [r.rule for r in plain.removals]


def test_a_bulleted_line_is_a_list_item_not_a_heading() -> None:
    menu = BODY + "\n* Kommentare\n* Impressum"
    assert "comments.section_heading" not in {r.rule for r in clean(menu).removals}


def test_blog_post_navigation_and_sidebar_headings_go_without_the_post() -> None:
    text = BODY + "\nPost navigation\n← Previous Post\nArchives\nMarch 2024\nFebruary 2024\nSearch for:"
    result = clean(text)
    assert result.text == BODY
    expected = {"related.post_navigation", "related.sidebar_heading", "related.search_label"}
    assert {r.rule for r in result.removals} >= expected


def test_a_menu_item_is_removed_as_its_words_are_without_its_bullet() -> None:
    result = clean(BODY + "\n* Share this:\n  * Ähnliche Beiträge")
    assert result.text == BODY


def test_a_markdown_list_heading_heads_its_list_as_the_plain_heading_does() -> None:
    teasers = "\nBridge closures across the county\nMayor opens the new library"
    plain = clean(BODY + "\nSEIT 10 TAGEN AM MEISTEN GELESEN" + teasers)
    marked = clean(BODY + "\n### SEIT 10 TAGEN AM MEISTEN GELESEN" + teasers)
    assert plain.text == marked.text == BODY
