"""Whether a line is a date stamp: a publication date or time with at most a label and a
name around it ("17 Feb 2020", "Dienstag, 1. Februar 2022", "Published: 30 January 2017",
"CBS News February 24, 2020, 7:57 AM", "Georg Quaas, 21. Jan. 2015").

Scraped text often has such a line right above or below the headline. It is short,
capitalised and unterminated, so it reads like a headline to a shape test; this tells it
apart, in the languages of the corpus. A headline that only names a year or a month
("Konzert-Highlights im November 2022") is no date stamp: a stamp names a day or a time.
"""

from __future__ import annotations

import re

# Month names and their usual abbreviations, by language (Polish with its genitive forms).
_MONTH_NAMES = {
    "en": "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec",
    "de": "januar jänner februar märz april mai juni juli august september oktober november dezember "
    "jan feb mär apr jun jul aug sep okt nov dez",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre "
    "janv févr fév avr juil sept oct déc",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre diciembre "
    "ene abr ago dic",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre "
    "gen mag giu lug ott",
    "pt": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro fev set out",
    "nl": "januari februari maart april mei juni juli augustus september oktober november december mrt",
    "pl": "styczeń stycznia luty lutego marzec marca kwiecień kwietnia maj maja czerwiec czerwca lipiec lipca "
    "sierpień sierpnia wrzesień września październik października listopad listopada grudzień grudnia",
    "da/no/sv": "januar januari februar februari mars april mai maj juni juli august augusti september "
    "oktober november desember december",
}
_WEEKDAY_NAMES = {
    "en": "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun",
    "de": "montag dienstag mittwoch donnerstag freitag samstag sonnabend sonntag mo di mi do fr sa so",
    "fr": "lundi mardi mercredi jeudi vendredi samedi dimanche",
    "es": "lunes martes miércoles jueves viernes sábado domingo",
    "it": "lunedì martedì mercoledì giovedì venerdì sabato domenica",
    "pt": "segunda terça quarta quinta sexta feira sábado domingo",
    "nl": "maandag dinsdag woensdag donderdag vrijdag zaterdag zondag",
    "pl": "poniedziałek wtorek środa czwartek piątek sobota niedziela",
}
# The words a stamp puts around its date: labels, prepositions, clock words, time zones.
_STAMP_WORDS = {
    "en": "published posted updated update last modified on at by date the of and",
    "de": "veröffentlicht aktualisiert erschienen zuletzt geändert stand am um uhr von datum und",
    "fr": "publié mis à jour le par du et h",
    "es": "publicado actualizado el de por a las y",
    "it": "pubblicato aggiornato il",
    "nl": "gepubliceerd bijgewerkt op door om",
    "pl": "opublikowano zaktualizowano aktualizacja dnia przez godz r",
    "clock": "am pm gmt utc cet cest est edt pst pdt bst ist",
    "ordinals": "st nd rd th er",
}
MONTHS = frozenset(word for names in _MONTH_NAMES.values() for word in names.split())
WEEKDAYS = frozenset(word for names in _WEEKDAY_NAMES.values() for word in names.split())
STAMP_WORDS = frozenset(word for names in _STAMP_WORDS.values() for word in names.split())
_VOCABULARY = MONTHS | WEEKDAYS | STAMP_WORDS
# At most this many other words: a label's rest, a name, a place ("CBS News", "Georg Quaas").
MAX_OTHER_WORDS = 2

# "28.01.2022", "01/23/2020", "2022-04-28"
_NUMERIC_DATE = re.compile(
    r"(?<!\d)(\d{1,2})[./-](\d{1,2})[./-](\d{4}|\d{2})(?![\d.])|(?<!\d)\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?!\d)"
)
# What may stand between a day and its month.
_DAY_LINKS = frozenset({"de", "st", "nd", "rd", "th", "er", "of"})
_TOKEN = re.compile(r"\d+|[^\W\d_]+")  # numbers and words, punctuation dropped
# "9:52", "15.30 Uhr", "10.08 am"
_CLOCK = re.compile(r"(?<![\d.])\d{1,2}:\d{2}(?![\d.])|(?<![\d.])\d{1,2}[.:]\d{2}\s*(?:uhr|h|am|pm)\b", re.IGNORECASE)


def _names_a_day(line: str, tokens: list[str]) -> bool:
    """A full date (a day with its month, or a numeric date) or a clock time; ``tokens``
    are the line's, lowercased."""
    for m in _NUMERIC_DATE.finditer(line):
        if m[1] is None:
            return True  # 2022-04-28
        a, b = int(m[1]), int(m[2])
        if (1 <= a <= 31 and 1 <= b <= 12) or (1 <= a <= 12 and 1 <= b <= 31):
            return True
    for i, token in enumerate(tokens):
        if token not in MONTHS:
            continue
        # "14 March", "March 14", "14 de marzo", "6th May"
        linked = i >= 2 and tokens[i - 1] in _DAY_LINKS
        if _is_day(tokens, i - 1) or _is_day(tokens, i + 1) or (linked and _is_day(tokens, i - 2)):
            return True
    return _CLOCK.search(line) is not None


def _is_day(tokens: list[str], i: int) -> bool:
    """Whether ``tokens[i]`` is a day of the month (one or two digits, 1-31)."""
    return 0 <= i < len(tokens) and tokens[i].isdigit() and len(tokens[i]) <= 2 and 1 <= int(tokens[i]) <= 31


def looks_like_date_stamp(line: str) -> bool:
    """A line that names a day or a time, with at most :data:`MAX_OTHER_WORDS` words
    besides month and weekday names and a stamp's labels."""
    line = line.replace("\\", "")  # html2text escapes "3\. April"
    tokens = _TOKEN.findall(line.lower())
    if not _names_a_day(line, tokens):
        return False
    others = [t for t in tokens if not t.isdigit() and t not in _VOCABULARY]
    return len(others) <= MAX_OTHER_WORDS
