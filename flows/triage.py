"""Triage of one batch before cleaning: drop inputs whose bytes are already ingested.

A file whose path, size and mtime match the ledger never gets here (see
:func:`flows.select.skip_unchanged`). One that changed, or is new, is read and hashed
here: when its ``doc_id`` is already in the datasets (a touched file, a copy under
another name, the same article in two files) it is not cleaned again. Reading twice
(here and in :func:`flows.process_task.process_batch`) costs little next to cleaning.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cleaners.document import Limits, sha256_hex
from flows import storage
from flows.discover import InputFile, Unlisted
from flows.ledger import SEEN, Ledger, Op, seen_path
from flows.read import read_input
from flows.retry import io_task


@dataclass
class Triage:
    todo: list[InputFile | Unlisted] = field(default_factory=list)
    seen: list[Op] = field(default_factory=list)  # stat-cache entries for the inputs dropped here
    readable: list[str] = field(default_factory=list)  # paths of the inputs dropped here (they read fine)
    skipped: int = 0  # bytes ingested by an earlier run
    duplicates: int = 0  # bytes met earlier in this run


@io_task("triage-batch")
def triage_batch(batch: list[InputFile | Unlisted], ledger: Ledger, limits: Limits, reprocess: bool) -> Triage:
    """Split a batch into the inputs to clean and those whose bytes are already in."""
    out = Triage()
    batch_keys: set[str] = set()
    for item in batch:
        if isinstance(item, Unlisted):
            out.todo.append(item)
            continue
        if storage.is_remote(item.path):
            data = storage.read_remote(item, limits.max_raw_bytes)
        else:
            data = read_input(item, limits.max_raw_bytes)
        if not isinstance(data, bytes):
            out.todo.append(item)  # cleaning will turn it into the same reject
            continue
        key = sha256_hex(data)
        if key in batch_keys or key in ledger.run_keys:
            out.duplicates += 1
        elif key in ledger and not reprocess:
            out.skipped += 1
        else:
            batch_keys.add(key)
            out.todo.append(item)
            continue
        out.seen.append(Op(SEEN, key, source_path=seen_path(item.path), size=item.size, mtime=item.mtime))
        out.readable.append(item.path)
    return out
