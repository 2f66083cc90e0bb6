"""Taking the bulk out of an HTML page before the parser sees it.

Enormous pages are mostly not text: inline scripts holding the app's state, inline
styles, images inlined as ``data:`` URIs. libxml2 refuses a text node over 10 MB (it
would need ``huge_tree``, which also lifts its protections), so one such script makes
the whole page unparseable, and trafilatura crawls over a multi-megabyte attribute.
:func:`defuse_html` empties the scripts and styles, and drops the ``data:`` URIs,
that are longer than a cap, leaving the markup around them intact. Small scripts stay:
trafilatura reads its metadata from JSON-LD.

The scan is linear in the page's length whatever the page holds (no regex that an
unclosed tag or quote could send back over the rest of the page).
"""

from __future__ import annotations

import re

# Inline script or style bodies, and data: URIs, longer than this are dropped.
MAX_INLINE_CHARS = 100_000

_OPEN_BULKY = re.compile(r"<(script|style)\b", re.I)
_CLOSE_BULKY = {"script": re.compile(r"</script", re.I), "style": re.compile(r"</style", re.I)}
# A data: URI in a quoted attribute value: the quote, then ``data:``.
_QUOTED_DATA_URI = re.compile(r"""["']data:""", re.I)


def defuse_html(html: str, max_inline: int = MAX_INLINE_CHARS) -> str:
    """``html`` without script/style bodies and ``data:`` URIs longer than ``max_inline``."""
    if len(html) <= max_inline:
        return html
    return _drop_data_uris(_empty_bulky_elements(html, max_inline), max_inline)


def _empty_bulky_elements(html: str, max_inline: int) -> str:
    pieces: list[str] = []
    pos = search = 0
    while True:
        m = _OPEN_BULKY.search(html, search)
        if m is None:
            break
        open_end = html.find(">", m.end())
        if open_end < 0:
            break
        body_start = open_end + 1
        close = _CLOSE_BULKY[m.group(1).lower()].search(html, body_start)
        body_end = len(html) if close is None else close.start()
        if body_end - body_start > max_inline:
            pieces.append(html[pos:body_start])
            pos = body_end
        if close is None:
            break
        search = body_end + 2
    if not pieces:
        return html
    pieces.append(html[pos:])
    return "".join(pieces)


def _drop_data_uris(html: str, max_inline: int) -> str:
    pieces: list[str] = []
    pos = search = 0
    while True:
        m = _QUOTED_DATA_URI.search(html, search)
        if m is None:
            break
        start = m.start() + 1
        end = html.find(html[m.start()], start)
        if end < 0:
            end = len(html)
        if end - start > max_inline:
            pieces.append(html[pos:start])
            pos = end
        search = end  # the closing quote may open the next one, as in ``"data:a"data:b"``
    if not pieces:
        return html
    pieces.append(html[pos:])
    return "".join(pieces)
