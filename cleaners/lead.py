"""The article's lead (standfirst) on the HTML path, put back where trafilatura left it out.

trafilatura often drops the paragraph a page sets between the headline and the body: its
markup says "teaser", "intro" or "lead", or it stands in the article's header. The page's
meta description says which text that is: most CMSs fill it with the lead, word for word
or cut short. :func:`with_lead` finds the element that shows it and opens the text with
it. A pure function of the parsed page and the extracted text.
"""

from __future__ import annotations

import re
from html import unescape
from typing import Any

from lxml import etree

from cleaners.normalize import match_key, normalize_text

# The page's own summary, as its meta tags give it (in its head; a broken page's parse
# may have moved them into the body).
_DESCRIPTION_META = "meta[@name='description' or @property='og:description' or @name='twitter:description']/@content"
_HEAD_DESCRIPTIONS = etree.XPath(f"/html/head/{_DESCRIPTION_META}", smart_strings=False)
_DESCRIPTIONS = etree.XPath(f"//{_DESCRIPTION_META}", smart_strings=False)
# Text nodes of the page's body that hold $word: where a lead's text may be.
_TEXT_HOLDING = etree.XPath("//body//text()[contains(., $word)][not(ancestor::script or ancestor::style)]")
# A lead is the article's: not a link or a headline, and not in the page's menus,
# sidebars, forms or footer.
_OUTSIDE_ARTICLE = etree.XPath(
    "ancestor-or-self::*[self::a or self::h1 or self::nav or self::footer or self::aside or self::form"
    " or self::button or self::noscript]"
)
_TRUNCATION = re.compile(r"\s*(?:…|\.\.\.|\[…\]|\[\.\.\.\])\s*$")
_MARKUP = re.compile(r"<[^<>]*>")
# A description and the page may write one dash or quote two ways ("-" / "–", "\"" / "„").
_TYPOGRAPHY = str.maketrans(dict.fromkeys("–—‑", "-") | dict.fromkeys("“”„«»", '"') | dict.fromkeys("‘’‚", "'"))
LEAD_MIN_WORDS = 8
LEAD_MAX_CHARS = 1500
# A text holds the lead when it holds this many of its first characters.
LEAD_KEY_CHARS = 80
# How far above a text node of the lead its element may stand ("<p><b>Berlin.</b> …").
LEAD_DEPTH = 3
# A text node is a piece of the lead when its first characters are in the description.
LEAD_PART_CHARS = 40
# Text nodes looked at per description, in page order: a bound on a hostile page's cost.
LEAD_NODES = 50


def _lead_key(text: str) -> str:
    """``text`` as a lead and a description are compared: normalized as the cleaners
    normalize (a page may hyphenate one and not the other with soft hyphens), whitespace
    collapsed, one form of each dash and quote."""
    return match_key(normalize_text(text)).translate(_TYPOGRAPHY)


def _shown_from(node: Any, core: str) -> str | None:
    """The text of the element that shows the description ``core`` (a :func:`_lead_key`)
    around the text node ``node``: the smallest element holding the node (at most
    :data:`LEAD_DEPTH` levels up) whose text starts with ``core``, or else the largest
    whose text is the start of ``core`` (a description that runs on past the lead) in
    :data:`LEAD_MIN_WORDS` words or more; None when there is none, it is longer than
    :data:`LEAD_MAX_CHARS` or it stands outside the article (:data:`_OUTSIDE_ARTICLE`)."""
    start = _lead_key(str(node))
    if start[:LEAD_PART_CHARS] not in core and core[:LEAD_PART_CHARS] not in start:
        return None  # the node is not a piece of the lead: no element above it to read
    el = node.getparent()
    if node.is_tail:
        el = el.getparent()
    found = None
    for _ in range(LEAD_DEPTH):
        if el is None:
            break
        text = match_key(el.text_content())
        key = text.translate(_TYPOGRAPHY)
        if key.startswith(core):
            found = el, text
            break
        if core.startswith(key) and len(key.split()) >= LEAD_MIN_WORDS:
            found = el, text
        el = el.getparent()
    if found is None or len(found[1]) > LEAD_MAX_CHARS or _OUTSIDE_ARTICLE(found[0]):
        return None
    return found[1]


def _descriptions(tree: Any) -> list[str]:
    """The page's meta descriptions as text: a CMS may leave markup or an escaped entity
    in them ("<p>…", "&nbsp;"); a trailing ellipsis is cut."""
    found = _HEAD_DESCRIPTIONS(tree) or _DESCRIPTIONS(tree)
    return list(dict.fromkeys(_TRUNCATION.sub("", _lead_key(unescape(_MARKUP.sub(" ", str(c))))) for c in found))


def with_lead(text: str, tree: Any, title: str | None = None) -> str:
    """``text`` opened by the article's lead when the text lacks it; ``tree`` is the
    page's parse.

    The lead (standfirst, teaser paragraph) is the smallest element of the page's body
    whose text starts with one of the page's meta descriptions (or is the start of a
    description that runs on), outside links, headlines, menus, sidebars, forms and the
    footer. trafilatura often leaves it out (its markup says "teaser" or "intro", or it
    stands in the article's header); the description says which text it is. A
    description of fewer than :data:`LEAD_MIN_WORDS` words, or that is the headline
    (``title``), names no lead; nor does one the text already holds."""
    have = _lead_key(text)
    headline = _lead_key(title) if title else None
    for core in _descriptions(tree):
        words = core.split()
        if len(words) < LEAD_MIN_WORDS or (headline and headline.startswith(core)) or core[:LEAD_KEY_CHARS] in have:
            continue
        # The longest of its first words (letters and digits alone: the page may write a
        # quote or a dash another way): a text node of the lead holds it.
        bare = (w.strip(".,;:!?()[]") for w in words[:LEAD_MIN_WORDS])
        marker = max((w for w in bare if w.isalnum()), key=len, default=words[0])
        for node in _TEXT_HOLDING(tree, word=marker)[:LEAD_NODES]:
            shown = _shown_from(node, core)
            if shown is not None:
                return text if _lead_key(shown)[:LEAD_KEY_CHARS] in have else f"{shown}\n{text}"
    return text
