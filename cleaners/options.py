"""The choices a run makes for every document: its per-document caps and the HTML mode.

Apart from the cleaners that use them so the command line can name and check them
without importing trafilatura and the rule tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

MiB = 1024 * 1024

# See cleaners/html.py for what each mode does.
HtmlMode = Literal["fast", "precise"]
HTML_MODES: tuple[HtmlMode, ...] = get_args(HtmlMode)
DEFAULT_HTML_MODE: HtmlMode = "fast"


@dataclass(frozen=True)
class Limits:
    """Per-document caps that keep one input from stalling or swamping a run.

    Each cap turns an input that would cost too much into a reject (the README lists
    them with their defaults):

    - ``max_raw_bytes``: a file larger than this is not read past the cap (``too_large``);
    - ``max_decompressed_bytes``: gzip input that inflates past this (``too_large``):
      gzip bombs;
    - ``max_text_chars``: the text to clean, i.e. the decoded text of a plain-text input
      or the main text extracted from a page, longer than this (``too_large``): it bounds
      the time and memory of cleaning, whatever the rule tables hold;
    - ``max_seconds``: wall-clock time for one document (``timeout``); not enforced here,
      where everything is pure, but by the flow around each call, with
      :func:`flows.limits.time_limit`. 0 means no limit.
    """

    max_raw_bytes: int = 32 * MiB
    max_decompressed_bytes: int = 32 * MiB
    max_text_chars: int = 1_000_000
    max_seconds: float = 30.0


def check_html_mode(mode: str) -> HtmlMode:
    """``mode`` as an :data:`HtmlMode`; ValueError naming the choices otherwise."""
    for known in HTML_MODES:
        if mode == known:
            return known
    raise ValueError(f"unknown HTML mode {mode!r}: choose one of {', '.join(HTML_MODES)}")
