"""Committing one cleaned batch: its rows go in, the ledger records them, all or nothing.

Under the output lock, in this order:

1. catch up with the ledger (another run may have committed the same inputs meanwhile);
2. keep one record per key: a key already in the datasets is skipped, or, with
   ``reprocess``, replaced; a key met earlier in this run is a duplicate;
3. flag near and exact copies among the article rows that will be written, and only
   those, against the near-duplicate index, reloaded first if another run rewrote it
   and caught up with the ledger if it is behind (:mod:`flows.dedupe`);
4. write the batch's ``articles`` and ``rejects`` part files (temporary name, fsync,
   rename), ``duplicate_of`` included;
5. rewrite every older part file that holds a replaced row, without that row, under a
   new name;
6. write the ledger segment: **the commit point**;
7. delete the part files the commit superseded;
8. save the near-duplicate index, stamped with the new ledger position.

A run killed before 6 leaves part files no ledger entry points at: the next run deletes
them when it opens the ledger, and the old rows stay live; the index on disk never saw
the batch. Killed after 6, the next run deletes the superseded files step 7 did not get
to, and adds the batch's articles to the index from their rows (step 8 not reached: the
index is behind the ledger). Either way each key has exactly one row, and the index
holds exactly the committed articles, once a run has opened the ledger.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import schemas
from cleaners.document import ArticleRecord, RejectRecord
from cleaners.near_duplicates import Signature
from flows.dedupe import NearDupIndex
from flows.discover import InputFile
from flows.faults import checkpoint
from flows.ledger import DEL, PUT, SEEN, Ledger, Op, is_path_key, path_key, reject_key, remove_rows, seen_path
from flows.lock import output_lock
from flows.memory import release_unused
from flows.retry import io_task
from flows.run import RunContext
from flows.triage import Triage
from flows.write import articles_table, part_name, rejects_table, write_part

log = logging.getLogger("presswash.commit")

# Inputs rejected for these reasons are not cached by (path, size, mtime): the same stat
# gives the same answer. Other path-level rejects (missing, unreadable, …) are retried.
CACHEABLE_PATH_REASONS = frozenset({"too_large"})


@dataclass
class CommitResult:
    articles: list[ArticleRecord] = field(default_factory=list)  # rows written
    rejects: list[RejectRecord] = field(default_factory=list)  # rows written
    new: int = 0  # inputs whose article is new in the datasets
    new_ids: set[str] = field(default_factory=set)  # their doc_ids
    rejected: int = 0  # inputs that ended as rejects (new rows or a known failure again)
    skipped: int = 0  # inputs whose bytes were already in the datasets
    duplicates: int = 0  # inputs whose bytes an earlier input of this run had
    replaced: int = 0  # rows replaced (reprocess, or a path-level reject that changed)
    files: list[str] = field(default_factory=list)  # part files written, below the output root
    segment: str | None = None


@dataclass
class _Plan:
    articles: list[ArticleRecord] = field(default_factory=list)
    rejects: list[RejectRecord] = field(default_factory=list)
    ops: list[Op] = field(default_factory=list)
    doomed: dict[str, set[str]] = field(default_factory=dict)  # file -> keys whose rows go
    keys: set[str] = field(default_factory=set)


@io_task("commit-batch")
def commit_batch(
    articles: list[ArticleRecord],
    rejects: list[RejectRecord],
    triage: Triage,
    ledger: Ledger,
    run: RunContext,
    part: int,
    reprocess: bool,
    signatures: Mapping[str, Signature | None] | None = None,
    near_dups: NearDupIndex | None = None,
) -> CommitResult:
    """Write one batch's rows and record them in the ledger, atomically as a whole.

    With ``near_dups`` the article rows are flagged (``duplicate_of``) before they are
    written, from ``signatures`` (by doc_id, computed by the workers) where given, and the
    index is saved after the commit point.
    """
    release_unused()  # the previous batch's records and tables are garbage by now
    with output_lock(ledger.output):
        ledger.refresh()
        if (run.run_id, part) in ledger.committed_parts:
            log.warning("batch %d of run %s was already committed (a retried commit)", part, run.run_id)
            return CommitResult()
        stats = {i.path: i for i in triage.todo if isinstance(i, InputFile)}
        result = CommitResult()
        plan = _plan(articles, rejects, stats, triage.readable, ledger, reprocess, result)
        plan.ops += triage.seen
        if not (plan.ops or plan.articles or plan.rejects or plan.doomed):
            return result  # nothing new: no segment
        try:
            if near_dups is not None:
                near_dups.sync(ledger)
                plan.articles = near_dups.flag(plan.articles, signatures or {})
                near_dups.forget([r.raw_sha256 for r in plan.rejects if r.raw_sha256])
            result.files = _write_rows(plan, ledger.output, run, part)
            checkpoint("after-data")
            moved, superseded = remove_rows(ledger, plan.doomed, run.run_id, part)
            checkpoint("after-rewrite")
            # Survivors move first; this batch's own puts and deletions then win for their keys.
            ops = moved + plan.ops
            result.files += [op.data_file for op in moved if op.data_file and op.data_file not in result.files]
            result.segment = ledger.commit(ops, run.run_id, part)
        except BaseException:
            if near_dups is not None:
                near_dups.invalidate()  # it holds flags of rows that were never committed
            raise
        ledger.run_keys |= plan.keys
        checkpoint("after-segment")
        _delete_quietly(ledger.output, superseded)
        checkpoint("before-index")
        if near_dups is not None:
            near_dups.save(ledger.last_seq)
    checkpoint("after-commit")
    result.articles, result.rejects = plan.articles, plan.rejects
    return result


def _plan(
    articles: Sequence[ArticleRecord],
    rejects: Sequence[RejectRecord],
    stats: dict[str, InputFile],
    readable: Sequence[str],
    ledger: Ledger,
    reprocess: bool,
    result: CommitResult,
) -> _Plan:
    plan = _Plan()
    candidates: list[tuple[str, ArticleRecord | RejectRecord]] = [(a.doc_id, a) for a in articles]
    candidates += [(reject_key(r.raw_sha256, r.source_path), r) for r in rejects]
    for key, record in candidates:
        reason = record.reason if isinstance(record, RejectRecord) else None
        stat = stats.get(record.source_path)
        if stat is not None and (not is_path_key(key) or reason in CACHEABLE_PATH_REASONS):
            plan.ops.append(Op(SEEN, key, source_path=seen_path(stat.path), size=stat.size, mtime=stat.mtime))
        if not is_path_key(key):
            _forget_path_failure(plan, ledger, record.source_path)
        if key in plan.keys or key in ledger.run_keys:
            result.duplicates += 1
            continue
        known = ledger.entries.get(key)
        if known is not None and not is_path_key(key) and not reprocess:
            result.skipped += 1  # committed meanwhile by another run, or bytes seen under another stat
            continue
        if reason is not None:
            result.rejected += 1
            if known is not None and is_path_key(key) and known.reason == reason:
                continue  # the same failure again: its row is already there
        if known is not None:
            plan.doomed.setdefault(known.data_file, set()).add(key)
            result.replaced += reason is None
        elif reason is None:
            result.new += 1
            result.new_ids.add(key)
        plan.keys.add(key)
        _add_row(plan, key, record)
    for path in readable:
        _forget_path_failure(plan, ledger, path)
    return plan


def _add_row(plan: _Plan, key: str, record: ArticleRecord | RejectRecord) -> None:
    if isinstance(record, ArticleRecord):
        plan.articles.append(record)
    else:
        plan.rejects.append(record)


def _forget_path_failure(plan: _Plan, ledger: Ledger, source_path: str) -> None:
    """An input that once could not be read now could: its old path-level reject goes."""
    old_key = path_key(source_path)
    old = ledger.entries.get(old_key)
    if old is not None and old_key not in plan.keys:
        plan.doomed.setdefault(old.data_file, set()).add(old_key)
        plan.ops.append(Op(DEL, old_key))
        plan.keys.add(old_key)


def _write_rows(plan: _Plan, output: str, run: RunContext, part: int) -> list[str]:
    """Write the batch's part files and add a ``put`` for each of their rows to the plan."""
    written: list[str] = []
    name = part_name(run.run_id, part)
    partition = f"{schemas.PARTITION_COLUMN}={run.ingest_date}"
    if plan.articles:
        rel = write_part(output, f"articles/{partition}", name, articles_table(plan.articles, run))
        plan.ops += [Op(PUT, a.doc_id, rel) for a in plan.articles]
        written.append(rel)
    if plan.rejects:
        rel = write_part(output, f"rejects/{partition}", name, rejects_table(plan.rejects, run))
        plan.ops += [Op(PUT, reject_key(r.raw_sha256, r.source_path), rel, r.reason) for r in plan.rejects]
        written.append(rel)
    return written


def _delete_quietly(output: str, files: Sequence[str]) -> None:
    """Delete superseded files; one left behind is removed when the next run opens the ledger."""
    for rel in files:
        try:
            os.unlink(os.path.join(output, rel))
        except FileNotFoundError:
            continue
        except OSError as exc:
            log.warning("could not delete superseded %s: %s", rel, exc)
