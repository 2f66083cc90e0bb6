"""Whether the first line of a plain-text article is its headline."""

from __future__ import annotations

import re

from cleaners.dates import looks_like_date_stamp
from cleaners.markdown import is_bulleted

MIN_CHARS = 8
MAX_CHARS = 200
MAX_WORDS = 30
# A headline does not end like a sentence in running text, nor like a label.
_SENTENCE_END = re.compile(r"[.,;:…]$")
# What may close a sentence after its stop: quotes and brackets ('… it added.”', '… revised.)').
_CLOSERS = "\"'”’»«“)]"


def looks_like_headline(line: str, *, followed_by_text: bool) -> bool:
    """A short line, not ending in sentence punctuation, with text after it, that is
    neither a bulleted item (a menu's entry), a table's row nor a date stamp
    (:func:`cleaners.dates.looks_like_date_stamp`)."""
    line = line.strip()
    if not followed_by_text or not MIN_CHARS <= len(line) <= MAX_CHARS:
        return False
    words = line.split()
    if not 2 <= len(words) <= MAX_WORDS:
        return False
    if _SENTENCE_END.search(line.rstrip(_CLOSERS)):
        return False
    if line.startswith("|") and "|" in line.strip("|"):
        return False  # a table's row of cells ("| February 2020 | | |"), not a one-cell box
    first = next((ch for ch in line if ch.isalnum()), "")
    if not first or not (first.isupper() or first.isdigit()):
        return False
    return not is_bulleted(line) and not looks_like_date_stamp(line)
