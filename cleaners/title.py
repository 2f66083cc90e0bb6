"""A document's title: whether a plain text's first line is its headline, and a page's
title without the site's name (which, where the page names its site nowhere else, is its
publisher)."""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence

from cleaners.blocks import SENTENCE_CLOSERS
from cleaners.dates import looks_like_date_stamp, looks_like_stamp_label
from cleaners.markdown import is_bulleted, markdown_bare
from cleaners.publisher import looks_like_address
from cleaners.rule_tables import shared_fragments

_FRAGMENTS = shared_fragments()

MIN_CHARS = 8
MAX_CHARS = 200
MAX_WORDS = 30
# A headline does not end like a sentence in running text, nor like a label.
_SENTENCE_END = re.compile(r"[.,;:…]$")


def looks_like_headline(line: str, *, followed_by_text: bool) -> bool:
    """A short line, not ending in sentence punctuation, with text after it, that is
    neither a bulleted item (a menu's entry), a table's row, a date stamp
    (:func:`cleaners.dates.looks_like_date_stamp`) nor a stamp's bare label ("Posted on")."""
    line = line.strip()
    if not followed_by_text or not MIN_CHARS <= len(line) <= MAX_CHARS:
        return False
    words = line.split()
    if not 2 <= len(words) <= MAX_WORDS:
        return False
    if _SENTENCE_END.search(line.rstrip(SENTENCE_CLOSERS + " ")):
        return False
    if line.startswith("|") and "|" in line.strip("|"):
        return False  # a table's row of cells ("| February 2020 | | |"), not a one-cell box
    first = next((ch for ch in line if ch.isalnum()), "")
    if not first or not (first.isupper() or first.isdigit()):
        return False
    if is_bulleted(line) or looks_like_date_stamp(line) or looks_like_stamp_label(line):
        return False
    return not _menu_like(words) and not _holds_a_stamp(line) and not is_section_label(line)


# A menu converted to one line doubles its entries (a link's text and its title:
# "Inhalte Inhalte Projekte Projekte") or runs them together without spaces
# ("ViittomakielelläUutiset SelkosuomeksiNews"); a brand's inner capital ("WordPress",
# "LinkedIn", "SharePoint") follows fewer lower-case letters or starts a shorter word,
# and a headline doubles a word once at most ("New New York").
MENU_DOUBLED_WORDS = 2
MENU_GLUED_ENTRIES = 2
_GLUED_ENTRY = re.compile(r"[^\W\d_A-ZÀ-Ý]{5}[A-ZÀ-Ý][^\W\d_A-ZÀ-Ý]{2}")


def _menu_like(words: Sequence[str]) -> bool:
    folded = [w.casefold() for w in words]
    doubled = sum(1 for a, b in itertools.pairwise(folded) if a == b)
    return doubled >= MENU_DOUBLED_WORDS or len(_GLUED_ENTRY.findall(" ".join(words))) >= MENU_GLUED_ENTRIES


# A section's label names kinds of pieces and joins them ("Nachrichten und Pressemeldungen",
# "News & Updates"): genres (the rules' ``genre_label``) and joining words, nothing else.
_GENRE = re.compile(_FRAGMENTS["genre_label"], re.IGNORECASE)
_JOIN = re.compile(_FRAGMENTS["name_join"], re.IGNORECASE)


def is_section_label(line: str) -> bool:
    """Whether ``line`` names a section and nothing else: a genre word, and no word that
    is neither a genre nor a joining one."""
    genre = False
    for word in markdown_bare(line).split():
        word = word.strip(",.:#|")
        if _GENRE.fullmatch(word):
            genre = True
        elif not _JOIN.fullmatch(word):
            return False  # most lines stop at their first word
    return genre


# The parts of an article's metadata line ("Do 24. Mai 2018, 08:30 | Anzeige | 1 Kommentar",
# "3. August 2015 · Filed under privat"): a headline holds no date stamp among them.
_META_SEPARATOR = re.compile(r"\s[|·•]\s")


def _holds_a_stamp(line: str) -> bool:
    parts = _META_SEPARATOR.split(line)
    return len(parts) > 1 and any(looks_like_date_stamp(part) for part in parts)


# A byline's label alone on its line with the name on the next ("By" or "Article by" /
# "James Whittaker": a page converted whole sets a linked name apart), and an author box's
# link under the name ("Johanna Kropfitsch" / "Alle Artikel"). No colon: "Von:" over a
# search box opens a date range.
_LONE_BYLINE_LABEL = re.compile(
    f"(?i:(?:(?:(?:{_FRAGMENTS['indefinite_article']})\\s+)?(?:article|story|post|artikel|beitrag|artículo|articolo|texte)\\s+)?"
    f"(?:{_FRAGMENTS['byline_by']})|{_FRAGMENTS['author_label']})"
)
_AUTHOR_BOX_LINK = re.compile(
    r"(?i:alle artikel|alle beiträge|alle artikel von|all posts|all articles|view all posts|more by this author"
    r"|tous les articles|todos los artículos|todas las entradas|wszystkie artykuły|wszystkie wpisy"
    r"|tutti gli articoli|alle berichten|alle artikelen)\s*[›»>→]?"
)
_PERSON = re.compile(_FRAGMENTS["person"])
# The longest line a lone label or an author box's link can be.
BYLINE_MARK_CHARS = 40


def byline_name_beside(mark: str) -> int:
    """Where, beside the line ``mark`` (its text without markdown:
    :func:`cleaners.markdown.markdown_bare`, :func:`cleaners.markdown.item_text`), a
    byline's name set on a line of its own stands: +1 (the next line) under a lone byline
    label, -1 (the line before) over an author box's link or the author's e-mail address
    (:func:`is_email_of`), 0 when ``mark`` is neither."""
    mark = mark.strip()
    if len(mark) > BYLINE_MARK_CHARS:
        return 0
    if _LONE_BYLINE_LABEL.fullmatch(mark):
        return 1
    return -1 if _AUTHOR_BOX_LINK.fullmatch(mark) or _EMAIL.fullmatch(mark) else 0


# An author's address under the byline's name ("PETER CHRISTOPHER" /
# "peter.christopher@guardian.co.tt", "María Victoria Echeverría" / "mecheverria@…"):
# the name's longer words stand in the address's local part, both compared as a site's
# name is (:func:`site_key`: case and accents aside).
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# An outlet's name over its own address ("La República" / "larepublica_…@glr.pe") is no byline.
_ARTICLE_FIRST = re.compile(rf"(?i:{_FRAGMENTS['article_word']})\s")
EMAIL_NAME_CHARS = 4


def is_email_of(address: str, name: str) -> bool:
    """Whether ``address`` is a bare e-mail address whose local part holds a word of
    ``name`` of :data:`EMAIL_NAME_CHARS` letters or more."""
    if not _EMAIL.fullmatch(address.strip()) or _ARTICLE_FIRST.match(name):
        return False
    local = site_key(address.strip().split("@", 1)[0])
    return any(len(key) >= EMAIL_NAME_CHARS and key in local for key in map(site_key, name.split()))


def is_person_name(line: str) -> bool:
    """Two to four capitalized words, with particles between them (the rules' ``person``)."""
    return bool(_PERSON.fullmatch(line.strip()))


# Where a page's title joins the headline and the site's name: a bar, a dash between
# spaces, a bullet, a guillemet ("Headline | Site", "Site - Headline").
_TITLE_PARTS = re.compile(r"(\s*\|\s*|\s+(?:[-–—·»]|//)\s+)")
_NOT_ALNUM = re.compile(r"[\W_]+")
# A part shorter than this (as letters and digits) names nothing reliably.
SITE_KEY_CHARS = 4
# A part of at most this many words may name the site with more around it ("www.X.de").
SITE_PART_WORDS = 3
# A colon joins a headline and the site's name at the end only ("Neue Kita eröffnet :
# Stadt Ahlen"); at the start it closes a headline's kicker ("Skibergsteigen: …" on
# bergsteigen.com names the sport, not the site).
_COLON_SITE = re.compile(rf"(.*\S)\s*:\s+(\S+(?:\s+\S+){{0,{SITE_PART_WORDS - 1}}})")


def without_site_name(title: str, names: Iterable[str | None]) -> str:
    """``title`` without the parts at its end or its start that name the site ("Ultium
    Cells erhöht Gigafactory-Kapazität - Battery-News.de", "BMAS - Änderung der …"). A
    part names the site when, as letters and digits only, it is one of ``names`` (the
    publisher, the site's name, its domain and the domain's name without its suffix:
    :func:`cleaners.publisher.domain_name`), or a piece of one ("AOC media - Analyse
    Opinion Critique" loses both), or, in at most :data:`SITE_PART_WORDS` words, holds one
    ("www.AussenGedanken.de"). The headline stays: nothing is cut unless two words or more
    are left."""
    return split_site_name(title, names)[0]


def split_site_name(title: str, names: Iterable[str | None]) -> tuple[str, str | None]:
    """``title`` without the parts that name the site (:func:`without_site_name`), and
    the part that named it (the last one cut from the end, else the first one from the
    start; None when nothing was cut): "Ile jest warta godzina pracy? - Forsal.pl" gives
    the headline and "Forsal.pl"."""
    names_site = _site_namer(names)
    pieces = _TITLE_PARTS.split(title)  # part, separator, part, …
    named: str | None = None
    while len(pieces) >= 3 and names_site(pieces[-1]):
        named = named or pieces[-1].strip()
        pieces = pieces[:-2]
    if named is None and (colon := _COLON_SITE.fullmatch(pieces[-1])) and names_site(colon[2]):
        named = colon[2]
        pieces = [*pieces[:-1], colon[1]]
    if len(pieces) >= 3 and names_site(pieces[0]):
        named = named or pieces[0].strip()
        pieces = pieces[2:]
    rest = "".join(pieces).strip()
    return (rest, named) if len(rest.split()) >= 2 else (title, None)


def site_part(name: str, names: Iterable[str | None]) -> str | None:
    """The part of a site's name with a tagline that names the site ("Scinexx | Das
    Wissensmagazin" → "Scinexx", "IT4Kids | IT-Kurse für Grundschulen" → "IT4Kids"), as
    :func:`without_site_name` tells it by ``names``; None when ``name`` has one part, or
    no part or several name the site."""
    parts = [p.strip() for p in _TITLE_PARTS.split(name)[::2]]
    if len(parts) < 2:
        return None
    names_site = _site_namer(names)
    found = [p for p in parts if names_site(p)]
    return found[0] if len(found) == 1 else None


def site_key(name: str) -> str:
    """A site's name as titles and author fields are compared with it: its letters and
    digits, case folded, without accents ("Battery-News.de" is "batterynewsde",
    "Nestlé Marktplatz" "nestlemarktplatz", "Ørsted" "orsted")."""
    folded = name.casefold()
    if not folded.isascii():
        folded = "".join(
            ch for ch in unicodedata.normalize("NFKD", folded.translate(_LETTER_FOLDS)) if not unicodedata.combining(ch)
        )
    return _NOT_ALNUM.sub("", folded)


# Letters that lose no mark to become ASCII, and German umlauts as addresses spell them
# ("Ökologisch Bauen" on oekologisch-bauen.info, "Mäscot" on maescot.de; others drop the
# dots: both are tried).
_LETTER_FOLDS = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ł": "l", "đ": "d", "ı": "i"})
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue"})
# A site's name this short names it only when it is the whole of a title's part ("AWO" on
# awo.org, "BKA - Pressemitteilungen"), never as a piece of one.
SITE_ACRONYM_CHARS = 3


def site_keys(name: str) -> set[str]:
    """:func:`site_key` of ``name``, and of its umlauts spelt out."""
    folded = name.casefold()
    return {site_key(folded), site_key(folded.translate(_UMLAUTS))}


def _site_namer(names: Iterable[str | None]) -> Callable[[str], bool]:
    """Whether a part of a title names the site (see :func:`without_site_name`)."""
    all_keys = {k for name in names if name for k in site_keys(name)}
    keys = {k for k in all_keys if len(k) >= SITE_KEY_CHARS}
    acronyms = {k for k in all_keys if len(k) >= SITE_ACRONYM_CHARS}

    def names_site(part: str) -> bool:
        short = len(part.split()) <= SITE_PART_WORDS
        for key in site_keys(part):
            if key in acronyms:
                return True
            if len(key) >= SITE_KEY_CHARS and any(key in k or (short and k in key) for k in keys):
                return True
        return False

    return names_site


# A <title> of this many words or more is a headline beside a one-word title.
TITLE_TAG_WORDS = 3


def _title_tag_is_the_headline(
    title: str, in_tag: str, tag_named_site: bool, *, addresses: Sequence[str | None]
) -> bool:
    """Whether the page's <title> (``in_tag``, its site's name cut) is the headline where
    trafilatura's ``title`` is not: the title is the site's name alone, judged by its
    ``addresses`` ("seelenradio" beside "seelenradio » Nummer zwei: Leo"), or one word the
    <title> does not hold, a menu's or a box's heading ("Hauptmenü", "Ansprechpartner",
    "Aktuelles") or a CMS's name ("escenic")."""
    if in_tag == title:
        return False
    if tag_named_site and _site_namer(addresses)(title):
        return True
    if len(title.split()) != 1 or len(in_tag.split()) < TITLE_TAG_WORDS:
        return False
    return title.casefold().rstrip(".!?:") not in in_tag.casefold()


def document_title(
    title: str | None, title_tag: str | None, site_names: Sequence[str | None], addresses: Sequence[str | None]
) -> str | None:
    """The document's title: its page's or text's ``title`` without the site's name at its
    end or start ("… | Caktus Group"), or the headline beside the site's name in the page's
    <title> (``title_tag``) where the title is not the headline
    (:func:`_title_tag_is_the_headline`)."""
    if not title:
        return None
    headline = without_site_name(title, site_names)
    if title_tag:
        in_tag, named_in_tag = split_site_name(title_tag, site_names)
        if _title_tag_is_the_headline(headline, in_tag, named_in_tag is not None, addresses=addresses):
            return in_tag
    return headline


def site_named_in_titles(titles: Sequence[str | None], addresses: Sequence[str | None]) -> str | None:
    """The part of a title, or of the page's <title>, that names the site by its address
    ("… | Schweizerische Vogelwarte" on vogelwarte.ch), unless that part is an address
    itself: the publisher of a page that names its site nowhere else."""
    in_titles = (split_site_name(t, addresses)[1] for t in titles if t)
    return next((n for n in in_titles if n and not looks_like_address(n)), None)
