"""Imported by the worker pool's forkserver: load what every document needs, once.

Workers are forked from the forkserver, so they start with the rule tables compiled and
the language model loaded (shared copy-on-write between them), instead of each paying
for it on its first document, and again after every pool replacement.
"""

from __future__ import annotations

from cleaners.language import DEFAULT_BACKEND, detect_language
from cleaners.near_duplicates import signature
from cleaners.rule_tables import generic_rules

generic_rules()
detect_language("The pool's workers start with the language model loaded.", DEFAULT_BACKEND)
signature(" ".join(f"word{i}" for i in range(40)))
