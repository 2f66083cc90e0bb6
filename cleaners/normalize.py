"""Unicode and whitespace normalization applied before any rule looks at the text.

Removal offsets refer to the normalized text. What normalization changes, and
nothing else, is the documented difference between input and output:

- line endings ``\\r\\n`` and ``\\r`` become ``\\n``;
- a byte-order mark and C0/C1 control characters other than tab and newline are dropped
  (NUL bytes from broken encoders, form feeds from PDF converters), and so are the
  invisible characters that sit inside words: soft hyphens (a hyphenating site's
  "Thou\u00adsands" is "Thousands"), zero-width spaces and word joiners;
- the text is put in Unicode NFC form (a composed ``é``, whichever way it arrived);
- non-breaking and other exotic spaces become plain spaces.
"""

from __future__ import annotations

import re
import unicodedata

# Control characters and the invisible ones inside words (soft hyphen, zero-width space,
# word joiner): dropped.
_DROPPED = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\xad\ufeff\u200b\u2060]")
_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000]")


def normalize_text(text: str) -> str:
    """The canonical form of ``text`` that cleaning and offsets work on."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _DROPPED.sub("", text)
    text = _SPACES.sub(" ", text)
    return unicodedata.normalize("NFC", text)


def match_key(text: str) -> str:
    """A line as the cleaners look it up among another text's lines (a stricter pass's,
    a page's link texts): whitespace collapsed."""
    return " ".join(text.split())


def tidy_whitespace(text: str) -> str:
    """Whitespace left behind by removals: trailing spaces, runs of blank lines, ends.

    Every line loses its trailing whitespace, runs of blank lines become one blank line,
    and the text loses its leading and trailing whitespace. Line by line, in linear time:
    a regex for trailing spaces retries at every space of a long run (quadratic).
    """
    out: list[str] = []
    blank = False
    for line in text.split("\n"):
        line = line.rstrip()
        if line:
            out.append(line)
            blank = False
        elif not blank:
            out.append("")
            blank = True
    return "\n".join(out).strip()
