"""The markdown a page converter writes around lines (html2text and the markdown that
scraping services return), read in one place: headings, blockquotes, emphasis, list
bullets and numbers. Pure functions over one stripped line."""

from __future__ import annotations

import re

# Around a whole line: an ATX heading's hashes, a blockquote's marker, emphasis.
_HEADING_MARKS = re.compile(r"(?:>\s*)*#{1,6}\s+|(?:>\s*)+")
_CLOSING_HASHES = re.compile(r"\s+#+$")
_EMPHASIS_MARKS = ("***", "___", "**", "__", "*", "_")
_HEADING = re.compile(r"(#{1,6})\s+\S")
# Before a list item: bullets ("* ", "- ", "• ", nested "* * "), or a number ("3. ",
# "3) ", and html2text's escaped "16\. ").
_BULLETS = re.compile(r"(?:[*+\-•]\s+)+")
_BULLET = re.compile(r"[*+\-•]\s")
_NUMBER = re.compile(r"\d{1,3}\\?[.)]\s")


# An inline link or image, "[text](address)" / "![alt](address)": scraping services'
# markdown keeps them, and a menu item reads "* [Impressum](https://…/impressum)".
_LINK = re.compile(r"!?\[([^\]\n]*)\]\([^)\s]*(?:\s+\"[^\"]*\")?\)")


# Characters a markdown writer escapes at a line's start, lest they read as markup.
_ESCAPED_MARKS = frozenset("-+")


def markdown_bare(text: str) -> str:
    """``text`` without the markdown decoration around it, for whole-line rules:
    "### Kommentare" and "**Share this:**" read as "Kommentare" and "Share this:", and a
    link reads as its text ("[Impressum](/impressum)" as "Impressum"). List bullets stay:
    a bulleted line is a list item, not a heading."""
    if "](" in text:
        text = _LINK.sub(r"\1", text).strip() or text
    if text[:1] == "\\" and text[1:2] in _ESCAPED_MARKS:
        text = text[1:]  # html2text writes a line's leading "-" as "\\-", lest it read as a list item
    if not text or (text[0] not in "#>*_" and text[-1] not in "#*_"):
        return text
    bare = text
    found = _HEADING_MARKS.match(bare)
    if found:
        bare = _CLOSING_HASHES.sub("", bare[found.end() :])
    for mark in _EMPHASIS_MARKS:
        if len(bare) > 2 * len(mark) and bare.startswith(mark) and bare.endswith(mark):
            bare = bare[len(mark) : -len(mark)].strip()
            break
    return bare or text


def item_text(bare: str) -> str:
    """A line's :func:`markdown_bare` text without its list bullets: what ``line`` rules
    match (a menu item "* Impressum" is "Impressum")."""
    bulleted = _BULLETS.match(bare) if bare[:1] in "*+-•" else None
    return bare[bulleted.end() :] if bulleted else bare


def heading_level(text: str) -> int:
    """The level of a markdown ATX heading ("## Title": 2), 0 for any other line."""
    found = _HEADING.match(text) if text[:1] == "#" else None
    return len(found.group(1)) if found else 0


def is_bulleted(text: str) -> bool:
    """Whether the line is a bulleted list item."""
    return _BULLET.match(text) is not None


def is_numbered(text: str) -> bool:
    """Whether the line starts with an item number ("3. ", "3) ", "16\\. ")."""
    return _NUMBER.match(text) is not None


def is_list_item(text: str) -> bool:
    """Whether the line is a bulleted or numbered list item."""
    return is_bulleted(text) or is_numbered(text)
