"""Giving freed memory back to the operating system between batches.

A run's flow process allocates and frees a batch's worth of records, Arrow tables and
Parquet buffers per commit. Freed, that memory stays in the allocators' free lists: the
resident set of a long run then climbs with the number of batches (at 100k documents,
glibc's free-but-kept heap grew 34 → 83 MB and Arrow's pool's 8 → 60 MB), though no
more of it is in use. :func:`release_unused` hands it back after each commit.

Arrow's default pool (mimalloc) keeps a heap per thread, and commits run on whichever of
the task runner's threads is free: what one thread freed stayed in its heap whatever the
committing thread released (at 40k documents the flow process still grew 337 MB at its
peak against 305 MB with the C heap). :func:`use_c_heap_for_arrow` makes the run's
Arrow buffers come from the C heap, which ``malloc_trim`` returns whole.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
import sys
from collections.abc import Callable
from functools import cache

import pyarrow as pa

log = logging.getLogger("presswash.memory")


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim``; None elsewhere (macOS, musl, …)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        trim = libc.malloc_trim
    except (OSError, AttributeError):
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim


def use_c_heap_for_arrow() -> None:
    """Allocate Arrow's buffers with ``malloc`` from now on (see the module docstring),
    unless ``ARROW_DEFAULT_MEMORY_POOL`` asks for a pool by name."""
    if "ARROW_DEFAULT_MEMORY_POOL" not in os.environ:
        pa.set_memory_pool(pa.system_memory_pool())


def release_unused() -> None:
    """Return the free pages of Arrow's memory pool and of the C heap to the system.

    Costs a few milliseconds (it walks the heap); call it between batches, not per row.
    """
    try:
        pa.default_memory_pool().release_unused()
    except (pa.ArrowException, NotImplementedError) as exc:  # a pool without the call
        log.debug("could not release Arrow's unused memory: %s", exc)
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
