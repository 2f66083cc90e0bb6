"""Language identification: ISO 639-1 code and a confidence score for one text.

langdetect is the default backend, made deterministic with a fixed seed. It reads only
the first ``SAMPLE_CHARS`` characters: on news text the verdict does not change past
that, and it is the costliest step of the text path.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from langdetect import DetectorFactory, detect_langs
from langdetect.lang_detect_exception import LangDetectException

SAMPLE_CHARS = 2000
SEED = 0


@dataclass(frozen=True)
class LanguageGuess:
    language: str | None
    score: float | None


@cache
def _seeded() -> None:
    DetectorFactory.seed = SEED


def detect_language(text: str) -> LanguageGuess:
    """langdetect's best guess, or (None, None) for text with no letters to go on."""
    sample = text[:SAMPLE_CHARS]
    if not any(ch.isalpha() for ch in sample):
        return LanguageGuess(None, None)
    _seeded()
    try:
        best = detect_langs(sample)[0]
    except LangDetectException:
        return LanguageGuess(None, None)
    # langdetect says zh-cn / zh-tw; ISO 639-1 is the part before the region.
    return LanguageGuess(best.lang.split("-")[0], round(float(best.prob), 4))
