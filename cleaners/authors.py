"""The authors column: names as a reader would write them, without what is no author.

Author fields come from markup (a byline element, JSON-LD, ``<meta name="author">``),
metadata headers and bylines. Sites fill them with more than names: a link's label ("View
all posts by Daniel Lemire", "Zeige alle Beiträge von Petra Ruland"), a CMS's placeholder
("Admin", "Name", "No Author"), a share link or the site's own address (trafilatura
writes "facebook.com" as "Facebook Com"), a photo credit or a source line ("Foto: …",
"Źródło: Statista.com"), a comment's "Jane said", a date. :func:`author_names` keeps the
names and drops the rest; the outlet itself is the ``publisher`` column, not an author.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from itertools import pairwise

from cleaners.dates import MONTH_NUMBER
from cleaners.publisher import publisher_for_name
from cleaners.rule_tables import shared_fragments
from cleaners.title import SITE_KEY_CHARS, site_keys

_FRAGMENTS = shared_fragments()
# Labels before a name: it is the rest ("Por María Reina", "Interview Julia Lauter"). The
# rules' author labels (``author_label``), a link's label, a short label only before two
# words the first of which is a capital ("Von der Leyen" and "Von Trapp" are names).
_LABEL = re.compile(
    r"^(?:view all posts by|all posts by|more posts by|posts by|more from|articles by|stories by"
    r"|(?:zeige )?alle (?:beiträge|artikel) von|(?:ein )?(?:beitrag|artikel|beiträge) von"
    r"|tous les articles de|articles de|todas las entradas de|entradas de|wszystkie wpisy"
    rf"|{_FRAGMENTS['author_label']}|interview|entrevista"
    rf"|(?:{_FRAGMENTS['byline_by']})(?=\s+(?-i:[A-ZÀ-ÝĄĆĘŁŃÓŚŹŻ])\S*\s+\S)"
    r"|责任编辑|编辑|作者|记者)\b\s*[:：]?\s*",
    re.IGNORECASE,
)
# A credit that names no author: what follows a photo or source label (the rules'
# ``photo_label`` and ``source_label``) is a picture's or a figure's origin ("Foto: dpa",
# "Źródło: Statista.com", "Cortesía", "zVg").
_NOT_AUTHOR_LABEL = re.compile(
    rf"^(?:{_FRAGMENTS['photo_label']}|{_FRAGMENTS['source_label']}"
    r"|fot|images|zdjęcia|фото|foto ?credit|picture|cortesía|courtesy|zvg|via)\b",
    re.IGNORECASE,
)
# A CMS's default, a form's label, a role without a name, or a sponsored article's label
# in the author slot ("|" between entries).
_PLACEHOLDERS = (
    "admin|administrator|administrador|administrateur|webmaster|user|username|name|author|autor|auteur"
    "|no author|unknown|unknown author|anonymous|anonym|anonyme|anónimo|anonimo|anonim|unbenannt|guest|gast"
    "|invité|none|null|n/a|default|staff|staff writer|staff reporter"
    "|paid content|sponsored|sponsored content|advertorial|anzeige|werbung|publicidad|publicité"
)
PLACEHOLDERS = frozenset(_PLACEHOLDERS.split("|"))
# The last part of an address written as words ("Facebook Com", "Kath Net", "FLVW de"):
# the common top-level domains of the news sites users feed presswash. Longer lists hold
# words that end real names (.berlin, .design).
_ADDRESS_ENDINGS = "com net org info biz eu de at ch pl fr es it nl be lu uk co pe cl mx ar br ru cz sk hu io"
ADDRESS_ENDINGS = frozenset(_ADDRESS_ENDINGS.split())
_WORD = re.compile(r"[\w'’.-]+")
_LOWER_PART = re.compile(r"[a-z0-9][a-z0-9-]*")
# A comment's heading taken for a byline, in the corpus's languages ("Stephan said:",
# "Anna sagt:", "Jean dit :"); only English verbs may lose their colon ("Art Edwards
# says"), where no name ends in them ("Anna Dice" is a name).
_SAID = re.compile(
    r"\s+(?:(?:said|says|writes|wrote):?|(?:sagt|schreibt|dit|écrit|dice|escribe|pisze|napisał|scrive)\s*:)$",
    re.IGNORECASE,
)
# A credit's label inside the field, before the name it credits ("Revised Edition Edited
# by Adrian Parr"): the name is what follows. "by" is no word of a name; "von" is
# ("Karl von Habsburg"), so only "by" is read inside.
_BY_INSIDE = re.compile(r"^.*?\sby\s+(?=(?-i:[A-ZÀ-ÝĄĆĘŁŃÓŚŹŻ])\S*\s+\S)", re.IGNORECASE)
# A role before a person's name ("Rechtsanwalt Sebastian Einbock", "FOCUS-Online-Experte
# Robin Tschöpe", "Senior Editor Jane Doe"): the name is what follows, when it is two
# words the first of which is a capital.
_ROLE = re.compile(
    r"^(?:(?:senior|chief|contributing|staff)\s+)?(?:[\w-]+-)?(?:experte|expertin|rechtsanwalt|rechtsanwältin"
    r"|fachanwalt|fachanwältin|(?:chef)?redakteur(?:in)?|reporter(?:in)?|korrespondent(?:in)?|journalist(?:in)?"
    r"|moderator(?:in)?|kolumnist(?:in)?|gastautor(?:in)?|columnist|correspondent|editor|writer|journaliste"
    r"|rédacteur|rédactrice|periodista|redactor|redactora|dziennikarz|dziennikarka|redaktor|redaktorka)"
    r"\s+(?=(?-i:[A-ZÀ-ÝĄĆĘŁŃÓŚŹŻ])\S*\s+\S)",
    re.IGNORECASE,
)
# What a converter leaves of a date after a name ("CBS News February", "Houzz Deutschland
# vor" of "vor 3 Tagen"): the full names (not the abbreviations) of the months no name
# ends in, January, February and September to December in every language of the dates
# table (not "May", "June", "August", "April", "Mai": "Brian May"), and a stamp's
# preposition. Cut after two words or more.
_RESIDUE_MONTHS = (1, 2, 9, 10, 11, 12)
_DATE_RESIDUE = re.compile(
    r"\s+(?:"
    + "|".join(sorted(f for f, n in MONTH_NUMBER.items() if n in _RESIDUE_MONTHS and len(f) > 4))
    + r"|on|am|um|vor)$",
    re.IGNORECASE,
)
# The desk after a person's name ("Michael Rädel, Redaktion", "Jane Doe | Staff"): cut
# when the person's name (two words or more) is left. Without a separator it is a desk's
# name ("Times of Israel staff", "Greentech LIVE Redaktion"), and stays.
_DESK_AFTER = re.compile(rf"\s*[,|/]\s*(?:{_FRAGMENTS['desk']})$", re.IGNORECASE)
# A theme's or a designer's credit from a page's footer ("Theme Pirate Rogue von xwolf",
# "Fuchsy designed", "Powered by WordPress"): no author.
_SITE_CREDIT = re.compile(r"(?:^theme\b|\b(?:designed|powered|template)\b)", re.IGNORECASE)
# A label whose name is missing ("Article by", "Posted by"): no author.
_LABEL_ONLY = re.compile(r"(?:^|\s)by$", re.IGNORECASE)
# A date glued to the name by a converter ("Isabell Angele2022-12-07T10"); a name with
# digits otherwise ("On August 3", "user4711") is none.
_GLUED_STAMP = re.compile(r"(?<=[^\W\d_])\d{4}-\d{2}-\d{2}.*$")


def _without_address(words: list[str]) -> list[str] | None:
    """``words`` without an address at their end ("Lüder Hoppe info-hoppe de", "María
    Reina maria carrasquilla com pa" lose it), [] when they are an address ("Www
    Portalspozywczy Pl", "Facebook Com"), None when they hold none."""
    # Written in lower case after a name: the address an email or a link gave.
    start = len(words)
    while start > 0 and _LOWER_PART.fullmatch(words[start - 1]):
        start -= 1
    tail = [w.casefold() for w in words[start:][-2:]]
    if start >= 2 and len(words) - start >= 2 and any(w in ADDRESS_ENDINGS for w in tail):
        return words[:start]
    if len(words) >= 2 and words[-1].casefold() in ADDRESS_ENDINGS:
        return [] if len(words) <= 4 else None
    return None


def author_name(raw: str) -> str | None:
    """One author field's name, cleaned (:mod:`cleaners.authors`); None when it names no
    author. Cleaning a cleaned name changes nothing."""
    name = _trimmed(_SAID.sub("", " ".join(raw.split())))  # before the trim takes a heading's colon
    while name:
        if _NOT_AUTHOR_LABEL.match(name) or _SITE_CREDIT.search(name):
            return None
        # Labels, a role, a comment's "said", a glued date and a date's or a desk's residue,
        # as often as they come: "By Author: …".
        unlabelled = _trimmed(_BY_INSIDE.sub("", _ROLE.sub("", _LABEL.sub("", name, count=1), count=1), count=1))
        bare = _trimmed(_GLUED_STAMP.sub("", _SAID.sub("", unlabelled or name)))
        bare = _after_a_name(_DESK_AFTER, _after_a_name(_DATE_RESIDUE, bare))
        if bare == name:
            break
        name = bare
    if not name or name.casefold() in PLACEHOLDERS or any(ch.isdigit() for ch in name):
        return None
    kept = _without_address(_WORD.findall(name))
    if kept is not None:
        if not kept:
            return None
        name = " ".join(kept)
    if not any(ch.isalpha() for ch in name) or _LABEL_ONLY.search(name):
        return None
    return _cased(name)


def _after_a_name(tail: re.Pattern[str], name: str) -> str:
    """``name`` without what ``tail`` finds at its end, when two words or more are left."""
    cut = tail.sub("", name, count=1)
    return _trimmed(cut) if cut != name and len(cut.split()) >= 2 else name


_EDGES = " ,;:|/-–—·"


def _trimmed(text: str) -> str:
    return " ".join(text.split()).strip(_EDGES)


# Lower case inside a name written in capitals ("URSULA VON DER LEYEN"): its particles
# (the ``name_particle`` words of rules/fragments.toml) and the words that join names.
NAME_PARTICLES = frozenset(f"{_FRAGMENTS['name_particle']}|{_FRAGMENTS['name_join']}".split("|")) - {"&"}


MAX_NAME_WORDS = 5
# A company's legal form: "NATURSTROM AG" is no person.
_LEGAL_FORMS = "ag se sa sas sarl gmbh kg ohg ug ev e.v llc inc ltd plc corp bv nv spa srl sl"
LEGAL_FORMS = frozenset(_LEGAL_FORMS.split())
_NAME_WORD = re.compile(r"[^\W\d_]+(?:[.'’-][^\W\d_]*)*")
_LETTERS = re.compile(r"[^\W\d_]+")


def _cased(name: str) -> str:
    """A person's name written in capitals as a byline sets it ("TOVAH LAZAROFF", "J.O.
    HASELHOEF", "JEAN-PIERRE O'NEIL") in the case it is written in elsewhere. One word in
    capitals is an acronym ("AFP", "IWB"), and a known outlet ("BBC NEWS"), a company
    ("NATURSTROM AG") or a list ("DPA / AFP") is no person's name: they stay."""
    words = name.split()
    if not 2 <= len(words) <= MAX_NAME_WORDS or not name.isupper() or not all(_NAME_WORD.fullmatch(w) for w in words):
        return name
    if publisher_for_name(name) is not None or any(w.strip(".").casefold() in LEGAL_FORMS for w in words):
        return name
    cased = [_LETTERS.sub(lambda m: m.group(0).capitalize(), w) for w in words]
    return " ".join(w.lower() if i and w.lower() in NAME_PARTICLES else w for i, w in enumerate(cased))


def author_names(names: Iterable[str], *, site_names: Iterable[str | None] = ()) -> list[str]:
    """Each of ``names`` cleaned (:func:`author_name`), once (case aside), in order.

    The site's own name (its publisher, site name or domain name, compared by
    :func:`cleaners.title.site_keys`: without accents, umlauts also spelt out) and an
    outlet the registry knows are dropped when a person is named with them ("Badische
    Zeitung, Claudia Riedler", "Nada Tawfik, BBC News"); alone they stay: a blog named
    after its author ("Wolfgang Michal") or an agency's credit is the only credit the
    page gives."""
    the_site = {key for s in site_names if s for key in site_keys(s)}
    seen: dict[str, str] = {}
    for raw in names:
        name = author_name(raw)
        if name is None:
            continue
        name = _without_site_after(name, the_site)
        if not site_keys(name).isdisjoint(the_site) and _trimmed(raw).casefold() == name.casefold():
            name = _trimmed(raw)  # the site's own name in its own capitals ("AUTO ZEITUNG"): a brand, not a person
        if name.casefold() not in seen:
            seen[name.casefold()] = name
    found = list(seen.values())
    if any(len(name.split()) >= 2 for name in found):
        # Beside full names a single word is a piece of a list split at its commas
        # ("Markus M. Haefliger, London, und Beat Bumbacher") or a desk ("Redaktion").
        found = [name for name in found if len(name.split()) >= 2]
    people = [name for name in found if site_keys(name).isdisjoint(the_site) and publisher_for_name(name) is None]
    return people or found


def _without_site_after(name: str, the_site: set[str]) -> str:
    """``name`` without the site's name after a person's name of two words or more
    ("Sarah Schnieder Reiterrevue International" on reiterrevue.de, "Adam Aaronson
    PhillyVoice" on phillyvoice.com): the site is the ``publisher`` column."""
    words = name.split()
    for cut in range(2, len(words)):
        if any(len(key) >= SITE_KEY_CHARS and key in the_site for key in site_keys(words[cut])):
            person = " ".join(words[:cut])
            return person if author_name(person) == person else name
    return name


# What trafilatura splits an author field at inside a name: "&" (in markup "&amp;") and
# "und" / "and" (its ``AUTHOR_SPLIT``), as the page writes them between two words.
_CONJUNCTION = r"\s*(?:&amp;|&#0*38;|&|\s(?i:und|and)\s)\s*"


def rejoin_split_names(parts: Sequence[str], page: str) -> tuple[str, ...]:
    """``parts`` (an extractor's author field, split at every "&", "und" and "and") with
    the neighbours that are one name again: where one of two neighbours is a single word
    and ``page`` writes them joined by such a conjunction ("Fisch & Fang Seminare",
    "Bundesministerium für Wirtschaft und Klimaschutz", "Kirche und Leben"). As
    :func:`cleaners.front_matter.split_authors` reads a byline, a conjunction separates
    names only when both sides are two words or more ("Fiona Bornhöft und Mariam Hofbeck")."""
    if len(parts) < 2 or all(len(p.split()) >= 2 for p in parts):
        return tuple(parts)
    names = [parts[0]]
    for before, part in pairwise(parts):
        joined = None
        if len(before.split()) == 1 or len(part.split()) == 1:
            joined = re.search(re.escape(before) + _CONJUNCTION + re.escape(part), page)
        if joined is None:
            names.append(part)
            continue
        conjunction = " ".join(html.unescape(joined.group(0)[len(before) : -len(part)]).split())
        names[-1] = f"{names[-1]} {conjunction} {part}"
    return tuple(names)
