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
from dataclasses import dataclass
from datetime import UTC, datetime

from cleaners.rule_tables import shared_fragments

# Month names and their usual abbreviations, by language, January to December ("|"
# separates a month's forms; Polish has its genitive too).
_MONTH_NAMES = {
    "en": "january|jan february|feb march|mar april|apr may june|jun july|jul august|aug september|sep|sept "
    "october|oct november|nov december|dec",
    "de": "januar|jänner|jan februar|feb märz|mär april|apr mai juni|jun juli|jul august|aug september|sep|sept "
    "oktober|okt november|nov dezember|dez",
    "fr": "janvier|janv février|févr|fév mars avril|avr mai juin juillet|juil août septembre|sept octobre|oct "
    "novembre|nov décembre|déc",
    "es": "enero|ene febrero|feb marzo|mar abril|abr mayo junio|jun julio|jul agosto|ago septiembre|setiembre|sep "
    "octubre|oct noviembre|nov diciembre|dic",
    "it": "gennaio|gen febbraio|feb marzo|mar aprile|apr maggio|mag giugno|giu luglio|lug agosto|ago settembre "
    "ottobre|ott novembre|nov dicembre|dic",
    "pt": "janeiro|jan fevereiro|fev março|mar abril|abr maio junho|jun julho|jul agosto|ago setembro outubro "
    "novembro|nov dezembro|dez",
    "nl": "januari|jan februari|feb maart|mrt april|apr mei juni|jun juli|jul augustus|aug september|sep "
    "oktober|okt november|nov december|dec",
    "pl": "styczeń|stycznia luty|lutego marzec|marca kwiecień|kwietnia maj|maja czerwiec|czerwca lipiec|lipca "
    "sierpień|sierpnia wrzesień|września październik|października listopad|listopada grudzień|grudnia",
    "da/no/sv": "januar|januari februar|februari mars april mai|maj juni juli august|augusti september oktober "
    "november desember|december",
}
MONTH_NUMBER = {
    form: number
    for months in _MONTH_NAMES.values()
    for number, forms in enumerate(months.split(), start=1)
    for form in forms.split("|")
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
# A stamp labelled an update and not a publication gives the day of an update ("Last
# updated on 20 Feb, 2020", "Aktualisiert am 17.01.2021"): the rule tables' labels.
_UPDATED = re.compile(rf"(?<!\w)(?:{shared_fragments()['updated_word']})(?!\w)", re.IGNORECASE)
_PUBLISHED = re.compile(rf"(?<!\w)(?:{shared_fragments()['published_word']})(?!\w)", re.IGNORECASE)
_WEEKDAYS = frozenset(word for names in _WEEKDAY_NAMES.values() for word in names.split())
# The words a stamp may hold besides a name: months, weekdays, labels.
_VOCABULARY = frozenset(MONTH_NUMBER) | _WEEKDAYS | {w for words in _STAMP_WORDS.values() for w in words.split()}
# An embedded post's signature names its account ("— Minuto30.com (@minuto30com) May 5,
# 2022"): the post's date, not the article's.
_HANDLE = re.compile(r"(?<![\w.])@\w")
# A stamp is short: a longer line is text (and is not looked at, which keeps this cheap).
STAMP_MAX_CHARS = 80
# At most this many other words: a label's rest, a name, a place ("CBS News", "Georg Quaas").
MAX_OTHER_WORDS = 2

# "28.01.2022", "01/23/2020", "19.10.19"; "2022-04-28"
_NUMERIC_DATE = re.compile(
    r"(?<!\d)(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})(?![\d.])|(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)"
)
# What may stand between a day and its month.
_DAY_LINKS = frozenset({"de", "st", "nd", "rd", "th", "er", "of"})
_DIGIT = re.compile(r"\d")
_TOKEN = re.compile(r"\d+|[^\W\d_]+")  # numbers and words, punctuation dropped
# "9:52", "15.30 Uhr", "10.08 am"
_CLOCK = re.compile(r"(?<![\d.])\d{1,2}:\d{2}(?![\d.])|(?<![\d.])\d{1,2}[.:]\d{2}\s*(?:uhr|h|am|pm)\b", re.IGNORECASE)
# A stamp's year: in this range, the web's (a two-digit year is this century's). An
# older year is history the article tells, or digits run together ("28.09.1916:03" for
# "28.09.19 16:03"); htmldate, the HTML path's, starts at 1995.
_YEARS = range(1990, 2100)
# A numeric date whose order the US and Europe read differently (01/02/2020).
_AMBIGUOUS = "ambiguous"


@dataclass(frozen=True)
class _Stamp:
    """A date stamp read once: its text (html2text's escapes dropped), its tokens
    (lowercased, in order) and its numeric date."""

    line: str
    tokens: list[str]
    numeric: tuple[int, int, int] | str | None  # (year, month, day), _AMBIGUOUS or None


def _numeric_day(line: str) -> tuple[int, int, int] | str | None:
    """(year, month, day) of the first valid numeric date in ``line`` (a day and a month
    in range, a year in :data:`_YEARS`); :data:`_AMBIGUOUS` when the only ones write their
    day and month in an order the line does not settle; None when there is none. Dots
    and dashes put the day first unless the month would be over 12."""
    ambiguous = False
    for m in _NUMERIC_DATE.finditer(line):
        if m[5] is not None:
            year, month, day = int(m[5]), int(m[6]), int(m[7])
        else:
            a, b, year = int(m[1]), int(m[3]), int(m[4])
            year += 2000 if len(m[4]) == 2 else 0
            if m[2] == "/" and a <= 12 and b <= 12 and a != b:
                ambiguous = True
                continue
            day, month = (b, a) if b > 12 else (a, b)
        if 1 <= month <= 12 and 1 <= day <= 31 and year in _YEARS:
            return year, month, day
    return _AMBIGUOUS if ambiguous else None


def _named_day(tokens: list[str]) -> tuple[int, int] | None:
    """(month, day) of the first month name with its day next to it ("14 March", "March
    14", "14 de marzo", "6th May")."""
    for i, token in enumerate(tokens):
        month = MONTH_NUMBER.get(token)
        if month is None:
            continue
        linked = i >= 2 and tokens[i - 1] in _DAY_LINKS
        for j in (i - 1, i + 1, i - 2 if linked else -1):
            if _is_day(tokens, j):
                return month, int(tokens[j])
    return None


def _is_day(tokens: list[str], i: int) -> bool:
    """Whether ``tokens[i]`` is a day of the month (one or two digits, 1-31)."""
    return 0 <= i < len(tokens) and tokens[i].isdigit() and len(tokens[i]) <= 2 and 1 <= int(tokens[i]) <= 31


def _read_stamp(line: str, *, any_words: bool = False) -> _Stamp | None:
    """``line`` read as a date stamp: at most :data:`STAMP_MAX_CHARS`, naming a day (a
    numeric date, a day with its month) or a time, with at most :data:`MAX_OTHER_WORDS`
    words besides month and weekday names and a stamp's labels (with ``any_words``, as
    many as it has); None when it is none."""
    if len(line) > STAMP_MAX_CHARS or _DIGIT.search(line) is None or _HANDLE.search(line):
        return None
    line = line.replace("\\", "")  # html2text escapes "3\\. April"
    tokens = _TOKEN.findall(line.lower())
    numeric = _numeric_day(line)
    if numeric is None and _named_day(tokens) is None and _CLOCK.search(line) is None:
        return None
    if any_words:
        return _Stamp(line, tokens, numeric)
    # Words as spaces separate them: a hyphenated name ("Engels-Krone") is one.
    others = [
        w for w in line.lower().split() if any(not t.isdigit() and t not in _VOCABULARY for t in _TOKEN.findall(w))
    ]
    return _Stamp(line, tokens, numeric) if len(others) <= MAX_OTHER_WORDS else None


def looks_like_date_stamp(line: str) -> bool:
    """Whether ``line`` is a date stamp (:func:`_read_stamp`)."""
    return _read_stamp(line) is not None


def looks_like_stamp_label(line: str) -> bool:
    """Whether ``line`` holds nothing but a date stamp's words with no date ("Posted on",
    "Veröffentlicht am"): a stamp's label whose date stands on another line."""
    tokens = _TOKEN.findall(line.lower())
    return bool(tokens) and all(t in _VOCABULARY for t in tokens)


def _year_of(stamp: _Stamp) -> int | None:
    """The year a stamp names: its numeric date's, else its first four-digit year in
    :data:`_YEARS`."""
    if isinstance(stamp.numeric, tuple):
        return stamp.numeric[0]
    return next((int(t) for t in stamp.tokens if len(t) == 4 and t.isdigit() and int(t) in _YEARS), None)


def as_utc(moment: datetime) -> datetime:
    """``moment`` as an aware UTC datetime; a naive one is taken as UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def parse_timestamp(raw: str | None) -> datetime | None:
    """An ISO date or timestamp as an aware UTC datetime (:func:`as_utc`)."""
    if not raw:
        return None
    try:
        return as_utc(datetime.fromisoformat(raw))
    except ValueError:
        return None


def stamped_day(line: str) -> datetime | None:
    """The day a date stamp names, at midnight UTC (the HTML path's dates carry no time of
    day either); None when ``line`` is no date stamp, names no year, or writes its date in
    an ambiguous order ("01/02/2020")."""
    stamp = _read_stamp(line)
    return _day_of(stamp) if stamp else None


def byline_day(line: str) -> datetime | None:
    """The day a byline names ("6. Dezember 2022 von Fatima in Gefühle, Popkultur"): read
    as :func:`stamped_day` reads a stamp, whatever other words the line has (a rule took
    the line for a byline: its names and filing words are no sentence around a date)."""
    stamp = _read_stamp(line, any_words=True)
    return _day_of(stamp) if stamp else None


def _day_of(stamp: _Stamp) -> datetime | None:
    if _UPDATED.search(stamp.line) and not _PUBLISHED.search(stamp.line):
        return None
    if stamp.numeric == _AMBIGUOUS:
        return None
    if isinstance(stamp.numeric, tuple):
        year, month, day = stamp.numeric
    else:
        named, named_year = _named_day(stamp.tokens), _year_of(stamp)
        if named is None or named_year is None:
            return None
        (month, day), year = named, named_year
    try:
        return datetime(year, month, day, tzinfo=UTC)
    except ValueError:  # 31 April
        return None


# A person's name as the rule tables write it ("Anna Schmidt", "Alexa von Heyden").
_PERSON = re.compile(shared_fragments()["person"])
# How many words a name a stamp gives may have, once its labels are trimmed.
NAME_WORDS = range(2, 5)
# A section or a genre over the date ("21.01.2022 Aktuelle Meldung"): capitalised words,
# no name.
_GENRE = re.compile(rf"(?<!\w)(?:{shared_fragments()['genre_label']})(?!\w)", re.IGNORECASE)


def stamp_author(line: str) -> str | None:
    """The name a date stamp gives with its date ("Bettina Kugler 19.10.2019, 05:00 Uhr",
    "04.02.2022 | 15:33 Uhr | Dennis Steimels", "Par Matthieu Hy le 07 Mai 2020"): the one
    run of capitalised words in it, its labels, months and weekdays trimmed from both
    ends, of two to four words; None when the line is no date stamp, names no year, or
    has no such name, or more than one. A stamp without a year dates an event, not the
    article ("Warm Up 19:30 Uhr", "Combate de Iquique 21 de mayo")."""
    stamp = _read_stamp(line)
    return _author_of(stamp) if stamp else None


def _author_of(stamp: _Stamp) -> str | None:
    if stamp.numeric is None and _year_of(stamp) is None:
        return None
    names = []
    for found in _PERSON.finditer(stamp.line):
        words = found[0].split()
        while words and words[0].lower() in _VOCABULARY:
            words.pop(0)
        while words and words[-1].lower() in _VOCABULARY:
            words.pop()
        if len(words) in NAME_WORDS and not _GENRE.search(name := " ".join(words)):
            names.append(name)
    return names[0] if len(names) == 1 else None


@dataclass(frozen=True)
class DateStamp:
    """What the date stamps over a plain text's article tell."""

    day: datetime | None  # the publication day (:func:`stamped_day`)
    author: str | None  # the name a stamp gives (:func:`stamp_author`)


# How far into a text its date stamp may stand: under the headline, over the article.
STAMP_LINES = 8


def head_lines(text: str) -> list[str]:
    """The first :data:`STAMP_LINES` non-blank lines of ``text``, read without splitting
    the rest."""
    lines: list[str] = []
    start = 0
    while len(lines) < STAMP_LINES and start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        if text[start:end].strip():
            lines.append(text[start:end])
        start = end + 1
    return lines


def date_stamp(text: str) -> DateStamp:
    """The publication day and the author that the date stamps among the first
    :data:`STAMP_LINES` non-blank lines of a plain text give: the first of each found."""
    day: datetime | None = None
    author: str | None = None
    for line in head_lines(text):
        stamp = _read_stamp(line)
        if stamp is not None:
            day = day or _day_of(stamp)
            author = author or _author_of(stamp)
    return DateStamp(day, author)
