"""Each outlet's repeated lines, learned from what the output already holds.

The counts behind :mod:`cleaners.repetition` live in one Parquet file in the output's
state folder. A run reads them when it starts and cleans every batch with the lines
learned from them, so a run's result does not depend on its worker count or timing; the
documents a run ingests teach the runs after it (``--reprocess`` applies what a backfill
taught to the backfill itself).

What is counted: each committed article that is new in the datasets and original (not
flagged ``duplicate_of``: a syndicated copy would count one story's lines twice), under
its outlet (``publisher_domain``, else ``publisher``); the hashes of its short lines come from the worker that cleaned
it. When the run ends, failed or not, its counts are merged into the file under the
output lock: the file is read again (another run may have saved meanwhile), the run's
counts added, the window applied, and the result written atomically (temporary name,
fsync, rename). The counts are statistics, not records: a run killed before
that loses its own counts, and nothing else. An object-store output keeps no counts
between runs, as it keeps no ledger.
"""

from __future__ import annotations

import logging
import os

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from cleaners.document import ArticleRecord
from cleaners.repetition import LineCounts, RepeatedLines, outlet_key
from flows import storage
from flows.lock import output_lock, state_dir
from flows.write import write_table_atomically

log = logging.getLogger("presswash.line_counts")

COUNTS_FILE = "line_counts.parquet"


def counts_path(output: str) -> str:
    return os.path.join(state_dir(storage.local_path(output)), COUNTS_FILE)


def read_counts(output: str) -> LineCounts:
    """The counts saved under ``output``; none for a new or remote output, or an unreadable
    file (logged: the lines are learned again)."""
    path = counts_path(output)
    if storage.is_remote(output) or not os.path.exists(path):
        return LineCounts()
    try:
        return LineCounts.from_table(pq.read_table(path))
    except (OSError, pa.ArrowException, KeyError, ValueError, IndexError) as exc:
        log.warning("could not read the line counts of %s (%s): lines are learned again", output, exc)
        return LineCounts()


def learned_lines(output: str) -> RepeatedLines:
    """The lines learned as each outlet's boilerplate from the counts under ``output``."""
    return read_counts(output).learn()


def count_committed(
    counts: LineCounts, articles: list[ArticleRecord], new_ids: set[str], hashes: dict[str, np.ndarray]
) -> int:
    """Add to ``counts`` the committed ``articles`` that are new and original; how many."""
    added = 0
    for article in articles:
        lines = hashes.get(article.doc_id)
        site = outlet_key(article.publisher_domain, article.publisher)
        if lines is None or site is None or article.duplicate_of is not None or article.doc_id not in new_ids:
            continue
        counts.add(site, lines)
        added += 1
    return added


def save_counts(output: str, run_counts: LineCounts) -> LineCounts | None:
    """Merge a run's counts into the file under ``output``; the counts saved, or None when
    there was nothing to save. A failure is logged, not raised: the run's rows are
    committed; only what they would have taught is lost."""
    if storage.is_remote(output) or not run_counts.site_docs:
        return None
    try:
        with output_lock(output):
            counts = read_counts(output)
            counts.add_counts(run_counts)
            counts.window()
            write_table_atomically(counts.to_table(), state_dir(storage.local_path(output)), COUNTS_FILE)
            return counts
    except OSError as exc:
        log.warning("could not save the line counts of %s (%s)", output, exc)
        return None
