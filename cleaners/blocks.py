"""Where the article is in a page dumped to text: line features and the main block.

A whole-page HTML-to-text conversion puts the article between a head of navigation,
bylines, dates and teasers and a tail of related links, tag lists, comment prompts and
footers. Those lines are short, rarely end like a sentence and come in runs; article
paragraphs are long and end in sentence punctuation. An extractor's text has no such
head and tail, and its short lines are the article's lists and tables:
``looks_like_page_dump`` tells the two apart, and only a page dump is trimmed.

``main_block`` scores every line — a prose line adds its length, any other line costs a
flat penalty, a line that a rule already removed is neutral inside the article and costs
the penalty before its first prose line — and takes the contiguous
run of lines with the highest total (the maximum-subarray form of body-text
extraction). Short lines *inside* that run (subheadings, list items, quotes) stay:
they are paid for by the prose around them. Lines outside it are the page's furniture.
Teasers' excerpts read as prose, so an excerpt cut off with an ellipsis under a date
stamp, or in a run of such excerpts, is scored as a short line (``_without_teaser_excerpts``).

Everything here is a pure function of the lines' text; no HTML is needed.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from cleaners.dates import looks_like_date_stamp
from cleaners.markdown import heading_level, is_list_item

# A line is prose when it has at least PROSE_WORDS words and ends like a sentence, or is
# long whatever its ending. Scripts written without spaces count characters instead.
PROSE_WORDS = 10
LONG_WORDS = 25
CJK_PROSE_CHARS = 30
# What a non-prose line costs, in characters of prose it takes to pay for it.
SHORT_LINE_PENALTY = 5
# Page furniture is only trimmed when at least this many non-blank lines lie outside the
# main block: a short clean text with a title or a trailing credit is left to the rules.
MIN_OUTSIDE_LINES = 3

# What may close a sentence after its stop: quotes and brackets ('… it added.”', '… revised.)'),
# German and Polish quotes („…“, „…”, »…«) and French guillemets, after a space (« … »).
SENTENCE_CLOSERS = "\"'’‘”“»«›‹)]"
_SENTENCE_END = re.compile(f"[.!?…:;。！？](?: ?[{re.escape(SENTENCE_CLOSERS)}])*$")
# A sentence's stop may be followed by a short parenthesis that cites or credits it: a
# source ("… Mi visita”. (Diario 1160)"), an agency ("… gesagt. (dpa)"), a footnote mark
# ("… eyebrows.[4]"). The word before the stop ends in two lower-case letters: "e.V.
# (DGVM)" is an abbreviation and its acronym, "Untern … (fiala.de)" a link's label.
_CLOSERS = re.escape(SENTENCE_CLOSERS)
_CITED_END = re.compile(rf"(\w\w)[{_CLOSERS}]?[.!?](?: ?[{_CLOSERS}])* ?[(\[][^()\[\]]{{1,40}}[)\]]$")


def _ends_sentence(text: str) -> bool:
    if _SENTENCE_END.search(text):
        return True
    if not text.endswith((")", "]")):
        return False
    cited = _CITED_END.search(text)
    return cited is not None and cited.group(1).islower()


_SEPARATORS = re.compile(r"\s[|»›·•]\s|\s[|»›·•]$")
# A guillemet that closes a quotation (« réforme systémique ») is not a menu separator.
_GUILLEMET_QUOTE = re.compile(r"«[^«»]*»")


@dataclass(frozen=True)
class LineFeatures:
    chars: int
    words: int
    ends_sentence: bool
    separators: int  # menu and breadcrumb separators (' | ', ' » ', ' · ')
    digit_share: float
    prose: bool


# Every East-Asian wide or fullwidth letter lies in these ranges (Hangul, CJK, kana,
# fullwidth Latin, Tangut …; a test checks this against the running unicodedata): a line
# with no character in them has none, whatever its typographic quotes or accents.
_MAYBE_WIDE = re.compile(
    "[\u1100-\u115f\u3005-\ua48c\ua960-\ud7a3\uf900-\ufad9\uff21-\uff5a"
    "\U00016fe0-\U00018d08\U0001aff0-\U0001b2fb\U00020000-\U0003134a]"
)


def _cjk_share(text: str) -> float:
    if text.isascii() or _MAYBE_WIDE.search(text) is None:
        return 0.0  # no wide letter (typographic quotes and dashes, accented Latin …)
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return 0.0
    wide = sum(1 for ch in letters if unicodedata.east_asian_width(ch) in ("W", "F"))
    return wide / len(letters)


# For ASCII text the digit and alphanumeric counts are byte deletions (C loops); other
# text counts with str.isdigit, and with \W, which the re module defines as neither
# str.isalnum nor "_" (tests/test_blocks.py holds both to str's own predicates).
_NOT_DIGIT_ASCII = bytes(c for c in range(128) if not chr(c).isdigit())
_NOT_ALNUM_ASCII = bytes(c for c in range(128) if not chr(c).isalnum())
_NOT_WORD = re.compile(r"\W")


def digit_and_alnum_counts(text: str) -> tuple[int, int]:
    """How many characters of ``text`` are ``str.isdigit`` and ``str.isalnum``."""
    if text.isascii():
        raw = text.encode("ascii")
        return len(raw.translate(None, _NOT_DIGIT_ASCII)), len(raw.translate(None, _NOT_ALNUM_ASCII))
    return sum(map(str.isdigit, text)), len(_NOT_WORD.sub("", text)) - text.count("_")


@functools.lru_cache(maxsize=4096)
def line_features(text: str) -> LineFeatures:
    """Text features of one stripped line (cached: a line is scored more than once per
    document, and menu lines recur across documents)."""
    words = len(text.split())
    ends = _ends_sentence(text)
    separators = len(_SEPARATORS.findall(_GUILLEMET_QUOTE.sub("«»", text) if "«" in text else text))
    digits, alnum = digit_and_alnum_counts(text)
    alnum = alnum or 1
    if _cjk_share(text) > 0.5:
        prose = len(text) >= CJK_PROSE_CHARS
    else:
        prose = (words >= PROSE_WORDS and ends) or words >= LONG_WORDS
    prose = prose and separators < 2 and digits / alnum < 0.5
    return LineFeatures(len(text), words, ends, separators, digits / alnum, prose)


# A line of SENTENCE_WORDS or more words with no menu separators reads as a sentence
# (a lead without its full stop, a wrapped paragraph line): it earns a share of its length.
SENTENCE_WORDS = 8
SENTENCE_SHARE = 0.5


def sentence_like(feats: LineFeatures) -> bool:
    if feats.separators or feats.digit_share >= 0.3:
        return False
    return feats.words >= SENTENCE_WORDS or (feats.ends_sentence and feats.words >= 4)


def line_score(text: str, lenient: bool = False) -> int:
    """What one line adds to a block: its length when prose, a flat penalty otherwise.
    Strictly (not ``lenient``), a sentence-like line without a closing stop counts as a
    short line."""
    feats = line_features(text)
    if feats.prose:
        return feats.chars
    if sentence_like(feats) and (feats.ends_sentence or lenient):
        return int(feats.chars * SENTENCE_SHARE)
    return -SHORT_LINE_PENALTY


# A page dump with more than this many lines outside its (lenient) main block has a lot
# of furniture: its block is then cut strictly (see ``main_block``). Whether a text is a
# page dump at all is ``looks_like_page_dump``'s question.
STRICT_CUT_LINES = 15
# A page dumped whole opens with its menus and closes with its footer; an extractor's
# text opens with the headline or the first paragraph and ends with the article. On the
# tuning part, the first prose line is at line 5 or later in 91% of whole-page
# conversions and in 5-8% of extractions (readability, trafilatura): the lists, tables
# and ingredients those few start with or end with are the article's.
PAGE_DUMP_HEAD_LINES = 5
PAGE_DUMP_TAIL_LINES = 20
# Menus, teasers and footers are words; where this share of the lines or more hold a
# digit, the lines are data: ingredients, results, rankings, prices, specifications. A
# line that is only a date stamp ("EFE | Abril 21, 2022", "April 15, 2022 | 9:28 am")
# is no data: it dates a teaser in a list of other stories.
DATA_DIGIT_SHARE = 0.5


def _furniture_like(lines: Sequence[str]) -> bool:
    with_digits = sum(1 for text in lines if line_features(text).digit_share > 0 and not looks_like_date_stamp(text))
    return with_digits < DATA_DIGIT_SHARE * len(lines)


def looks_like_page_dump(texts: Sequence[str], recognized: Callable[[int], bool] | None = None) -> bool:
    """Whether the non-blank lines ``texts`` read as a whole page converted to text
    rather than an extracted article: at least :data:`PAGE_DUMP_HEAD_LINES` lines before
    the first prose line, or :data:`PAGE_DUMP_TAIL_LINES` after the last one, that are
    not mostly data (:data:`DATA_DIGIT_SHARE`).

    ``recognized`` (whether a rule already removed line *i*) tells a page's footer
    from a long list that closes an article (the universities of a petition, a vocabulary
    table, an infobox's facts): a page's footer holds some line the rules know (an
    imprint, a copyright, a share or newsletter prompt), an article's list none. So when
    the head reads as an article's, a long tail makes a page dump only if a rule
    recognized one of its lines."""
    # The first and the last prose line, each found from its end of the text: the lines
    # between are not looked at (most texts are articles, whose first line is prose).
    first = next((i for i, text in enumerate(texts) if line_features(text).prose), None)
    if first is None:
        return False
    head = texts[:first]
    if len(head) >= PAGE_DUMP_HEAD_LINES and _furniture_like(head):
        return True
    last = next(i for i in range(len(texts) - 1, first - 1, -1) if line_features(texts[i]).prose)
    tail = texts[last + 1 :]
    if len(tail) < PAGE_DUMP_TAIL_LINES or not _furniture_like(tail):
        return False
    return recognized is None or any(recognized(i) for i in range(last + 1, len(texts)))


def _first_prose(texts: Sequence[str | None]) -> int:
    """The index of the first line left that is prose; ``len(texts)`` when none is."""
    return next((i for i, t in enumerate(texts) if t is not None and line_features(t).prose), len(texts))


def _removed_line_score(i: int, first_prose: int, ends: AbstractSet[int]) -> int:
    """What a line a rule removed adds to a block: nothing inside the article (a share
    prompt between two paragraphs does not split it), a short line's cost before the
    article's first prose line, where removed menu entries are the page's head and must
    not let a tagline above them bridge into the article, and where it ended the article
    (``ends``: a comment section's heading), so that the block does not run on through it."""
    return -SHORT_LINE_PENALTY if i < first_prose or i in ends else 0


def _best_run(
    texts: Sequence[str | None], lenient: bool, first_prose: int, ends: AbstractSet[int]
) -> tuple[int, int] | None:
    best: tuple[int, int, int] | None = None  # (score, first, last)
    running = 0
    start = 0
    for i, text in enumerate(texts):
        value = _removed_line_score(i, first_prose, ends) if text is None else line_score(text, lenient)
        if running <= 0:
            running, start = value, i
        else:
            running += value
        if value > 0 and (best is None or running > best[0]):
            best = (running, start, i)
    return None if best is None else (best[1], best[2])


def _lead_in(texts: Sequence[str | None], first: int, first_prose: int, ends: AbstractSet[int]) -> int:
    """Where the best-scoring (lenient) run of lines leading into line ``first`` starts."""
    running, gain, start = 0, 0, first
    for i in range(first - 1, -1, -1):
        text = texts[i]
        running += _removed_line_score(i, first_prose, ends) if text is None else line_score(text, lenient=True)
        if running > gain:
            gain, start = running, i
    return start


# A sentence that ends inside a line: a stop after three lower-case letters, then a
# capital ("… 50 Euro. Weitere Details …"); "Dr. Müller" and "U.S. Army" are no break.
_SENTENCE_BREAK = re.compile(f"(\\w{{3}})[.!?](?:[{re.escape(SENTENCE_CLOSERS)}])* (\\w)")


def holds_a_sentence_break(text: str) -> bool:
    """Whether a sentence ends inside ``text`` and another begins after it."""
    return any(m.group(1).islower() and m.group(2).isupper() for m in _SENTENCE_BREAK.finditer(text))


def _unfinished_paragraph(text: str) -> bool:
    """A paragraph whose last sentence lost its stop: a plain line (no list item, no
    heading) of :data:`PROSE_WORDS` words or more that reads as a sentence and holds a
    whole one. A teaser's headline after the article has no sentence inside it."""
    feats = line_features(text)
    return (
        feats.words >= PROSE_WORDS
        and sentence_like(feats)
        and not is_list_item(text)
        and not heading_level(text)
        and holds_a_sentence_break(text)
    )


def _lead_out(texts: Sequence[str | None], last: int) -> int:
    """Where the article ends when the strict block ends at line ``last``: the strict
    scoring counts a line without a closing stop as a short one, so the article's last
    paragraph, written without its final stop, would go with the footer; the lines
    right after the block that are such paragraphs (:func:`_unfinished_paragraph`) join it."""
    while last + 1 < len(texts) and (text := texts[last + 1]) is not None and _unfinished_paragraph(text):
        last += 1
    return last


# A teaser's excerpt, cut off mid-word or mid-sentence: a word or a comma, then an ellipsis,
# set off by a space or not ("… to travel...", "… COVID-19,...", "… Melissa Jagessar …";
# also under a related heading, cleaners.engine).
TRUNCATED_EXCERPT = re.compile(r"[\w,;:] ?(?:\.{3}|…)$")
_ELLIPSES = ("...", "…")
# A short stand-in for a line the block scores as a short one.
_SHORT_STAND_IN = "·"


# Teasers come in lists: this many excerpts cut off with an ellipsis, each at most
# TEASER_GAP lines after the one before, are a list of them wherever no date stands.
TEASER_RUN = 3
TEASER_GAP = 3


def _without_teaser_excerpts(texts: Sequence[str | None]) -> list[str | None]:
    """``texts`` with each teaser's excerpt replaced by a short stand-in: a line cut off
    with an ellipsis ("… left the capital city on 14 April to travel...") one or two lines
    under a date stamp ("April 15, 2022 | 9:28 am" / headline / excerpt), or one of a run
    of :data:`TEASER_RUN` such lines close together (headline / excerpt, headline /
    excerpt …). Such lines read as prose, and a list of them after the article would carry
    the block on through a page's teasers; a blog's paragraph that trails off ("… so…")
    stands under no date and seldom thrice in a row."""
    cut = [
        i
        for i, text in enumerate(texts)
        if text is not None
        and text.endswith(_ELLIPSES)  # most lines end otherwise: no regex for them
        and TRUNCATED_EXCERPT.search(text)
        and line_features(text).prose
    ]
    demoted = {i for i in cut if any(t is not None and looks_like_date_stamp(t) for t in texts[max(0, i - 2) : i])}
    run: list[int] = []
    for i in [*cut, len(texts) + TEASER_GAP + 1]:
        if run and i - run[-1] > TEASER_GAP:
            if len(run) >= TEASER_RUN:
                demoted.update(run)
            run = []
        run.append(i)
    return [_SHORT_STAND_IN if i in demoted else text for i, text in enumerate(texts)]


def main_block(texts: Sequence[str | None], ends: AbstractSet[int] = frozenset()) -> tuple[int, int] | None:
    """Indexes ``(first, last)`` of the highest-scoring run of lines, or None (also when
    that run is a single line).

    ``texts`` are the non-blank lines in order; ``None`` marks a line already removed
    (:func:`_removed_line_score`: it costs a short line's penalty before the first prose
    line and nothing after it, and it still counts as a line outside the block: a page
    whose menu lines the rules removed still has that much furniture). ``ends`` are the
    indexes of removed lines that end an article (a comment section's heading), which
    cost a short line's penalty wherever they stand. None when no line is prose: nothing
    to anchor on.
    """
    texts = _without_teaser_excerpts(texts)
    first_prose = _first_prose(texts)
    if first_prose == len(texts):
        return None
    block = _best_run(texts, lenient=True, first_prose=first_prose, ends=ends)
    if block is None:
        return None
    first, last = block
    outside = len(texts) - (last - first + 1)
    if outside > STRICT_CUT_LINES:
        strict = _best_run(texts, lenient=False, first_prose=first_prose, ends=ends)
        if strict is not None:
            first, last = _lead_in(texts, strict[0], first_prose, ends), _lead_out(texts, strict[1])
    else:
        first, last = _slack(texts, first, last)
    while first < last and texts[first] is None:
        first += 1
    if first == last:
        # One line is no article found: on a page whose article is a list or a table, the
        # one prose line can be the site's tagline over its menu, and cutting to it would
        # throw the article away. The page is left to the rules.
        return None
    return first, last


# Lines next to the block are kept while they cost no more than this in all (two short
# lines): a closing signature, a last list item, a standfirst.
EDGE_SLACK = 10


def _slack(texts: Sequence[str | None], first: int, last: int) -> tuple[int, int]:
    cost = 0
    while last + 1 < len(texts) and (text := texts[last + 1]) is not None:
        cost += line_score(text, lenient=True)
        if cost < -EDGE_SLACK:
            break
        last += 1
    cost = 0
    while first > 0 and (text := texts[first - 1]) is not None:
        cost += line_score(text, lenient=True)
        if cost < -EDGE_SLACK:
            break
        first -= 1
    return first, last
