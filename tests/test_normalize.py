"""What normalization changes before any rule looks at the text (cleaners/normalize.py)."""

from __future__ import annotations

import pytest

from cleaners.normalize import normalize_text


@pytest.mark.parametrize(
    ("given", "normalized"),
    [
        ("Thou\u00adsands of peo\u00adple", "Thousands of people"),  # a hyphenating site's soft hyphens
        ("zero\u200bwidth and word\u2060joiner", "zerowidth and wordjoiner"),
        ("\ufeffbyte-order mark", "byte-order mark"),
        ("NUL\x00 and form feed\x0c", "NUL and form feed"),
        ("line\r\nends\rhere", "line\nends\nhere"),
        ("no\u00a0break, thin\u2009space", "no break, thin space"),
        ("cafe\u0301", "caf\u00e9"),
    ],
    ids=["soft hyphens", "zero-width space and word joiner", "BOM", "control characters", "line ends", "spaces", "NFC"],
)
def test_normalization_drops_invisible_characters_and_unifies_spaces_and_forms(given: str, normalized: str) -> None:
    assert normalize_text(given) == normalized


@pytest.mark.parametrize(
    "joined",
    ["\U0001f469\u200d\U0001f4bb", "\u0915\u094d\u200d\u0937", "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"],
)
def test_joiners_that_shape_emoji_and_scripts_are_kept(joined: str) -> None:
    assert normalize_text(joined) == joined
