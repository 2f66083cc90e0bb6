"""Crash points for the crash-safety tests: ``PRESSWASH_KILL_AT=<point>[:<n>]``.

When the variable names a point, the process kills itself with SIGKILL the ``n``-th time
(default: the first) it reaches that point: no ``finally``, no flush, no atexit, exactly
like ``kill -9`` from outside. Unset (always, outside the tests) it costs one dict lookup.
"""

from __future__ import annotations

import os
import signal
from collections import Counter

VARIABLE = "PRESSWASH_KILL_AT"

# The points, in the order a commit reaches them.
POINTS = (
    "after-data",  # the batch's part files are written, nothing else
    "after-rewrite",  # older files holding replaced rows are rewritten too
    "after-segment",  # the ledger segment is written: the batch is committed
    "before-index",  # superseded files are deleted, the near-duplicate index not yet saved
    "after-commit",  # the near-duplicate index is saved, the lock released
    "after-base",  # compaction wrote a new base, older segments still there
    "before-finish",  # every batch committed, the run log not yet updated
)

_hits: Counter[str] = Counter()


def checkpoint(point: str) -> None:
    """Die here, by SIGKILL, when the environment asks for it."""
    wanted = os.environ.get(VARIABLE)
    if not wanted:
        return
    name, _, nth = wanted.partition(":")
    if name != point:
        return
    _hits[point] += 1
    if _hits[point] == int(nth or 1):
        os.kill(os.getpid(), signal.SIGKILL)
