"""Imported by the worker pool's forkserver: load what every document needs, once.

Workers are forked from the forkserver, so they start with the rule tables compiled,
the language model loaded and the extraction libraries' lazy set-up done (shared
copy-on-write between them), instead of each paying for it on its first documents, and
again after every pool replacement. A page and a text made up here go through the whole
of :func:`cleaners.document.process_document` for that: trafilatura, htmldate and
justext build their tables and compile their patterns on first use (a worker's first
25 pages cost ~2.5 times the next ones without it).
"""

from __future__ import annotations

from cleaners.document import process_document
from cleaners.near_duplicates import signature

_PARAGRAPHS = [
    "The city council approved the new budget on Tuesday after a long debate about "
    "the cost of repairing the old harbour bridge and the future of the night buses.",
    "Members of the opposition said the plan left too little for schools, while the "
    "mayor argued that the bridge could not wait another winter without repairs.",
    "The vote was twelve to nine. The budget takes effect at the start of next month, "
    "and the first contracts for the bridge are expected to be signed in the spring.",
]

WARM_TEXT = "\n\n".join(
    [
        "Council approves budget after long debate",
        "By Jane Doe, Staff Reporter",
        *_PARAGRAPHS,
        "Source: City Desk",
        "Subscribe now to keep reading. Share this article on Facebook.",
    ]
)

WARM_PAGE = (
    "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
    "<title>Council approves budget after long debate</title>"
    "<meta name='author' content='Jane Doe'>"
    "<meta property='article:published_time' content='2024-03-05T10:00:00Z'>"
    "<link rel='canonical' href='https://news.example.com/2024/03/05/budget'></head><body>"
    "<nav><ul><li><a href='/'>Home</a></li><li><a href='/politics'>Politics</a></li></ul></nav>"
    "<article><h1>Council approves budget after long debate</h1>"
    "<p class='byline'>By Jane Doe</p>"
    + "".join(f"<p>{p}</p>" for p in _PARAGRAPHS)
    + "<p>Subscribe now to keep reading.</p></article>"
    "<footer><p>© 2024 Example News. All rights reserved.</p></footer></body></html>"
)


def warm_up() -> None:
    """Rule tables, language model, extraction libraries (both documents), MinHash tables."""
    process_document(WARM_TEXT.encode(), "warm-up.txt")
    process_document(WARM_PAGE.encode(), "warm-up.html")
    signature(WARM_TEXT)  # the workers sign what they clean


warm_up()
