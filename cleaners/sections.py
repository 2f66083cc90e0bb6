"""Markdown sections that hold no prose: the blocks around an article in a page turned
into markdown ("## Mehr aus Gesundheit", "## Newsletter", "## Über uns", "### Tags").

A page converted to markdown (html2text, and the markdown most scraping services return)
keeps the page's headings: the article's own sections hold paragraphs, while the
sidebar's, the footer's and the teaser blocks' hold links, labels, dates and headlines.
A heading whose section — every line up to the next heading of its level or higher —
has no line that reads as prose (:func:`cleaners.blocks.line_features`) is furniture,
with its section. A section is the article's own, and stays, when its heading

- introduces it with a colon ("Our favourite spots on the water:"),
- is numbered ("## 16. Stephen Fry": an item of a listicle),
- or reads as prose itself (a standfirst some sites mark up as a heading),

or when its lines are

- a table (a markdown separator row),
- a list of quantities (half its lines start with a number: ingredients),
- a list of sentences (half its lines end like one: key points),
- or verse (half its lines are unbulleted, sentence-length lines: lyrics, a poem).

Nothing is removed from a text with no prose outside such sections: a page that is all
lists is not furniture around an article.

This module is pure; :func:`cleaners.engine.clean_text` calls it on the lines no rule
removed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from cleaners.blocks import line_features, sentence_like
from cleaners.markdown import heading_level, is_bulleted, is_numbered

_TABLE_RULE = re.compile(r"\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)+\|?")
_QUANTITY = re.compile(r"[\d½¼¾⅓⅔⅛]")


def proseless_sections(
    texts: Sequence[str], bare: Sequence[str], untouched: Sequence[bool], indents: Sequence[int]
) -> list[int]:
    """The indices of the lines to remove: the untouched lines of every section that
    holds no prose (see the module's docstring).

    ``texts``: a text's non-blank lines, stripped; ``bare``: the same lines without their
    markdown (heading hashes, bullets, emphasis); ``untouched``: whether no rule removed
    the line; ``indents``: how many characters of white space each line had before it.
    """
    levels = _heading_levels(texts, indents)
    prose = [free and line_features(b).prose for b, free in zip(bare, untouched, strict=True)]
    taken: list[int] = []
    i = 0
    while i < len(texts):
        level = levels[i]
        if not level:
            i += 1
            continue
        end = i + 1
        while end < len(texts) and not 0 < levels[end] <= level:
            end += 1
        body = [k for k in range(i + 1, end) if untouched[k]]
        if body and not any(prose[k] for k in body) and not _articles_own(texts, bare, i, body):
            taken += [k for k in range(i, end) if untouched[k]]
            i = end
        else:
            i += 1
    removed = set(taken)
    if not any(p for k, p in enumerate(prose) if k not in removed):
        return []
    return taken


def _heading_levels(texts: Sequence[str], indents: Sequence[int]) -> list[int]:
    """Each line's heading level, 0 for a line that is not a heading. As in CommonMark, a
    heading is indented by three spaces at most, and a "#" line inside a fenced or
    indented code block is code ("# install the package"), not a heading."""
    levels: list[int] = []
    fenced = False
    for text, indent in zip(texts, indents, strict=True):
        if text.startswith(("```", "~~~")):
            fenced = not fenced
        levels.append(0 if fenced or indent > 3 else heading_level(text))
    return levels


def _articles_own(texts: Sequence[str], bare: Sequence[str], heading: int, body: Sequence[int]) -> bool:
    """Whether a section without prose is still the article's: see the module's docstring."""
    title = bare[heading]
    if title.endswith(":") or is_numbered(title) or line_features(title).prose:
        return True
    if any(_TABLE_RULE.fullmatch(texts[k]) for k in body):
        return True
    half = len(body) / 2
    if len(body) >= 3 and sum(1 for k in body if _QUANTITY.match(bare[k])) >= half:
        return True
    features = [line_features(bare[k]) for k in body]
    if len(body) >= 2 and sum(1 for f in features if f.ends_sentence and sentence_like(f)) >= half:
        return True
    verse = sum(1 for k, f in zip(body, features, strict=True) if not is_bulleted(texts[k]) and sentence_like(f))
    return len(body) >= 3 and verse >= half
