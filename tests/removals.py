"""What one structural pass of the engine removed from a text, for tests that pin it."""

from __future__ import annotations

from cleaners.engine import clean_text
from cleaners.rule_tables import generic_rules


def removed_by(rule_id: str, paragraphs: list[str]) -> list[str]:
    """The texts ``rule_id`` removed when the generic rules clean ``paragraphs`` (one per
    paragraph, blank lines between them)."""
    result = clean_text("\n\n".join(paragraphs), generic_rules())
    return [r.text for r in result.removals if r.rule == rule_id]
