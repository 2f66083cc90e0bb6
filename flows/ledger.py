"""The ledger: which inputs are already in the datasets, and which file holds each row.

It lives in ``<output>/_state/ledger/`` as small Parquet files of operations:

- ``seg-<seq>-<run_id>-<part>.parquet``: one per committed batch. Writing it (atomically,
  after the batch's data files) *is* the commit of that batch.
- ``base-<seq>.parquet``: the whole state up to ``seq``, written by compaction; segments
  numbered at or below the newest base are already folded into it.

Three kinds of operation:

- ``put key → data_file`` — the one row for ``key`` lives in ``data_file`` (a path below
  the output root). ``key`` is the ``doc_id`` (sha256 of the raw bytes) for articles and for
  rejects of bytes that were read, ``path:<source_path>`` for inputs that could not be
  read at all (those are retried by every run).
- ``del key`` — ``key`` has no row any more.
- ``seen source_path (size, mtime) → key`` — an input file as last seen, so an unchanged
  file is skipped without reading it.

Every ``articles/`` and ``rejects/`` part file that no live entry points at is garbage: the
uncommitted output of a run that died, or a file a later commit superseded. Opening the
ledger (under the output lock) deletes it. A ledger that is missing or unreadable is
rebuilt from the datasets themselves.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from flows import storage
from flows.discover import InputFile
from flows.faults import checkpoint
from flows.ledger_tables import Entries, Entry, KeySet, Seen, decode_path, digest, encode_path, hex_array, path_hash
from flows.lock import output_lock, state_dir
from flows.write import (
    DATA_DATASETS,
    is_part_file,
    read_part,
    write_batches_atomically,
    write_part,
    write_table_atomically,
)

log = logging.getLogger("presswash.ledger")

LEDGER_DIR = "ledger"
QUARANTINE_DIR = "quarantine"
LEDGER_VERSION = b"1"
COMPACT_AFTER_SEGMENTS = 32  # PRESSWASH_COMPACT_AFTER overrides it (and the rule below)
# ... or sooner, once the segments hold this share of the base's operations: replaying a
# segment costs an operation at a time, loading a base goes in bulk (~3-4 times faster),
# so the ledger loads in at most about twice the time of its base alone, and each
# operation is rewritten about three times over the ledger's life (the bases grow
# geometrically).
COMPACT_GROWTH = 0.5
BASE_CHUNK_ROWS = 16_384  # a base is written and read this many operations at a time

PUT, DEL, SEEN = "put", "del", "seen"
PATH_KEY_PREFIX = "path:"

SEGMENT_SCHEMA = pa.schema(
    [
        pa.field("op", pa.string(), nullable=False),
        pa.field("key", pa.string(), nullable=False),
        pa.field("data_file", pa.string()),
        pa.field("reason", pa.string()),
        pa.field("source_path", pa.string()),
        pa.field("size", pa.int64()),
        pa.field("mtime", pa.float64()),
    ],
    metadata={b"presswash.ledger_version": LEDGER_VERSION},
)
_SEGMENT_RE = re.compile(r"^seg-(\d{12})-(.+)-(\d{5})\.parquet$")
_BASE_RE = re.compile(r"^base-(\d{12})\.parquet$")


class LedgerDamaged(Exception):
    """A ledger file could not be read: the ledger is rebuilt from the datasets."""


@dataclass(frozen=True)
class Op:
    op: str
    key: str
    data_file: str | None = None
    reason: str | None = None
    source_path: str | None = None
    size: int | None = None
    mtime: float | None = None


__all__ = ["Entry", "Ledger", "Op"]


def path_key(source_path: str) -> str:
    return PATH_KEY_PREFIX + source_path


def is_path_key(key: str) -> bool:
    return key.startswith(PATH_KEY_PREFIX)


def reject_key(raw_sha256: str | None, source_path: str) -> str:
    """Rejects of bytes that were read are keyed by content; the rest by path."""
    return raw_sha256 if raw_sha256 else path_key(source_path)


def seen_path(path: str) -> str:
    """The key of the stat cache: absolute, so a run from another folder still matches."""
    return path if storage.is_remote(path) else os.path.abspath(path)


def keys_of(table: pa.Table, dataset: str) -> list[str]:
    """The ledger key of every row of an ``articles`` or ``rejects`` table."""
    if dataset == "articles":
        return [str(k) for k in table.column("doc_id").to_pylist()]
    shas = table.column("raw_sha256").to_pylist()
    paths = table.column("source_path").to_pylist()
    return [reject_key(sha, str(path)) for sha, path in zip(shas, paths, strict=True)]


def ledger_dir(output: str) -> str:
    return os.path.join(state_dir(output), LEDGER_DIR)


class Ledger:
    """The in-memory state of the ledger, replayed from its files.

    ``entries``, ``seen`` and ``run_keys`` are compact tables (:mod:`flows.ledger_tables`):
    ~200 bytes a document rather than the ~550 of Python dicts, so a run's memory does not
    climb with the size of the output it adds to.
    """

    def __init__(self, output: str) -> None:
        self.output = output
        # An object-store output keeps no ledger: a run there dedupes only within itself.
        self.persistent = not storage.is_remote(output)
        self.run_keys = KeySet()  # keys committed by the run holding this ledger
        self._reset()

    def _reset(self) -> None:
        self.entries = Entries()
        self.seen = Seen()
        self.file_refs: Counter[str] = Counter()
        self.base_seq = -1  # -1: no base read yet (a missing ledger)
        self.last_seq = -1
        self.segments_since_base = 0
        self.ops_since_base = 0  # operations in those segments
        self.base_ops = 0  # operations in the base
        self.committed_parts: set[tuple[str, int]] = set()

    # -- queries -------------------------------------------------------------------------

    def unchanged(self, item: InputFile) -> bool:
        """``item`` is a file already ingested, unchanged since: skip it unread."""
        known = self.seen.get(seen_path(item.path))
        return known is not None and known[0] == item.size and known[1] == item.mtime and known[2] in self.entries

    def unchanged_many(self, items: Sequence[InputFile]) -> list[bool]:
        """:meth:`unchanged` for each of ``items``, looked up together (a chunk of a walk)."""
        paths = [seen_path(item.path) for item in items]
        hit, rows = self.seen.lookup_many(paths)
        where = np.flatnonzero(hit)
        sizes = np.array([items[i].size for i in where.tolist()], np.int64)
        mtimes = np.array([items[i].mtime for i in where.tolist()], np.float64)
        same = (rows["size"] == sizes) & (rows["mtime"] == mtimes) & self.entries.map.contains_many(rows["key"])
        result = [False] * len(items)
        for i in where[same].tolist():
            result[i] = True
        for i, path in enumerate(paths):
            if path in self.seen.other:  # seen under a key that is no digest: the few of those one by one
                result[i] = self.unchanged(items[i])
        return result

    def __contains__(self, key: object) -> bool:
        return key in self.entries

    def __len__(self) -> int:
        return len(self.entries)

    # -- replay --------------------------------------------------------------------------

    def apply(self, ops: Iterable[Op]) -> None:
        for op in ops:
            self._apply(op.op, op.key, op.data_file, op.reason, op.source_path, op.size, op.mtime)

    def _apply(
        self,
        op: str,
        key: str,
        data_file: str | None,
        reason: str | None,
        source_path: str | None,
        size: int | None,
        mtime: float | None,
    ) -> None:
        if op == SEEN:
            assert source_path is not None and size is not None and mtime is not None
            self.seen.put(source_path, size, mtime, key)
            return
        old = self.entries.pop(key)
        if old is not None:
            self._unref(old.data_file)
        if op == PUT:
            assert data_file is not None
            self.entries.put(key, Entry(data_file, reason))
            self.file_refs[data_file] += 1

    def _apply_base(self, path: str) -> None:
        """Replay a base file into the empty state, a chunk at a time (no list of every
        operation at once). A base holds each key once and no ``del``: its rows go into
        the tables in bulk; one that does not (not written by :meth:`write_base`) is
        replayed an operation at a time instead."""
        try:
            parquet = pq.ParquetFile(path)
            if not parquet.schema_arrow.remove_metadata().equals(SEGMENT_SCHEMA.remove_metadata()):
                raise LedgerDamaged(f"{os.path.basename(path)}: unexpected columns")
            bulk = all(self._load_chunk(batch) for batch in parquet.iter_batches(batch_size=BASE_CHUNK_ROWS))
            if not bulk or self.entries.map.has_duplicates() or self.seen.map.has_duplicates():
                self._reset()
                for batch in parquet.iter_batches(batch_size=BASE_CHUNK_ROWS):
                    for row in zip(*_columns(batch), strict=True):
                        self._apply(*row)
        except (OSError, pa.ArrowException) as exc:
            raise LedgerDamaged(f"{os.path.basename(path)}: {exc}") from exc

    def _load_chunk(self, batch: pa.RecordBatch) -> bool:
        """Add a chunk of a base in bulk; False when it holds a ``del`` (not a base's row)."""
        entries, seen = self.entries, self.seen
        put_keys: list[bytes] = []
        put_rows: list[tuple[int, int]] = []
        seen_keys: list[bytes] = []
        seen_rows: list[tuple[int, float, bytes, int, int]] = []
        refs: Counter[str] = Counter()
        for op, key, data_file, reason, source_path, size, mtime in zip(*_columns(batch), strict=True):
            d = digest(key)
            if op == PUT and d is not None and data_file is not None:
                put_keys.append(d)
                put_rows.append((entries.files.id(data_file), -1 if reason is None else entries.reasons.id(reason)))
                refs[data_file] += 1
            elif op == SEEN and d is not None and source_path is not None and size is not None and mtime is not None:
                raw = encode_path(source_path)
                seen_keys.append(path_hash(source_path))
                seen_rows.append((size, mtime, d, len(seen.paths), len(raw)))
                seen.paths += raw
            elif op == DEL:
                return False
            else:  # a key that is no digest: the few of those go one at a time
                self._apply(op, key, data_file, reason, source_path, size, mtime)
        entries.map.extend(put_keys, put_rows)
        seen.map.extend(seen_keys, seen_rows)
        self.file_refs.update(refs)
        return True

    def _unref(self, data_file: str) -> None:
        self.file_refs[data_file] -= 1
        if self.file_refs[data_file] <= 0:
            del self.file_refs[data_file]

    def load(self) -> None:
        """Replay the newest base and the segments after it; :class:`LedgerDamaged` if unreadable."""
        self._reset()
        if not self.persistent:
            return
        bases, segments = _listing(ledger_dir(self.output))
        if bases:
            seq, name = bases[-1]
            self._apply_base(os.path.join(ledger_dir(self.output), name))
            self.base_seq = self.last_seq = seq
            self.base_ops = len(self.entries) + len(self.seen)
        self._apply_segments(segments)

    def refresh(self) -> None:
        """Catch up with what other runs committed since this ledger was read."""
        if not self.persistent:
            return
        bases, segments = _listing(ledger_dir(self.output))
        if bases and bases[-1][0] > self.last_seq:
            self.load()  # another run compacted past our position: start from its base
            return
        self._apply_segments(segments)

    def _apply_segments(self, segments: Sequence[tuple[int, str]]) -> None:
        folder = ledger_dir(self.output)
        for seq, name in segments:
            if seq <= self.last_seq:
                continue
            ops = _read_ops(os.path.join(folder, name))
            self.apply(ops)
            self.last_seq = seq
            self.segments_since_base += 1
            self.ops_since_base += len(ops)
            match = _SEGMENT_RE.match(name)
            assert match is not None
            self.committed_parts.add((match.group(2), int(match.group(3))))

    # -- writing (callers hold the output lock) ------------------------------------------

    def commit(self, ops: Sequence[Op], run_id: str, part: int) -> str:
        """Write one segment: the commit point of a batch. Call under the output lock."""
        seq = self.last_seq + 1
        name = f"seg-{seq:012d}-{run_id}-{part:05d}.parquet"
        if self.persistent:
            write_table_atomically(_ops_table(ops), ledger_dir(self.output), name)
        self.apply(ops)
        self.last_seq = seq
        self.segments_since_base += 1
        self.ops_since_base += len(ops)
        self.committed_parts.add((run_id, part))
        return name

    def write_base(self) -> str:
        """Fold the whole state into ``base-<seq>`` and drop what it replaces. Under the lock."""
        seq = max(self.last_seq, 0)
        if not self.persistent:
            return ""
        name = f"base-{seq:012d}.parquet"
        folder = ledger_dir(self.output)
        write_batches_atomically(self.state_batches(), SEGMENT_SCHEMA, folder, name)
        checkpoint("after-base")
        bases, segments = _listing(folder)
        for old_seq, old in [*bases, *segments]:
            if old_seq <= seq and old != name:
                _unlink(os.path.join(folder, old))
        self.base_seq = self.last_seq = seq
        self.segments_since_base = self.ops_since_base = 0
        self.base_ops = len(self.entries) + len(self.seen)
        return name

    def state_ops(self) -> Iterator[Op]:
        """The whole state as operations (the rows of a base), one Python object at a time."""
        for batch in self.state_batches():
            for row in zip(*_columns(batch), strict=True):
                yield Op(*row)

    def state_batches(self) -> Iterator[pa.RecordBatch]:
        """The whole state as record batches of at most ``BASE_CHUNK_ROWS`` operations: a
        ``put`` per entry, then a ``seen`` per path whose key has an entry. Built from the
        compact tables directly, so writing a base costs a chunk of memory, not the ledger
        over again in Python objects."""
        entries, seen = self.entries, self.seen
        other_puts = list(entries.other.items())
        if other_puts:
            yield _ops_table(
                [
                    Op(PUT, key, entries.files.names[f], None if r < 0 else entries.reasons.names[r])
                    for key, (f, r) in other_puts
                ]
            ).to_batches()[0]
        keys, rows = entries.map.settled()
        files = pa.array(entries.files.names, pa.string())
        reasons = pa.array(entries.reasons.names, pa.string())
        for start in range(0, len(keys), BASE_CHUNK_ROWS):
            chunk = rows[start : start + BASE_CHUNK_ROWS]
            reason_ids = chunk["reason"]
            n = len(chunk)
            yield _batch(
                op=pa.array(np.full(n, PUT, dtype=object), pa.string()),
                key=hex_array(keys[start : start + BASE_CHUNK_ROWS]),
                data_file=files.take(pa.array(chunk["file"])),
                reason=reasons.take(pa.array(np.maximum(reason_ids, 0), mask=reason_ids < 0)),
            )
        other_seen = [
            Op(SEEN, key, source_path=path, size=size, mtime=mtime)
            for path, (size, mtime, key) in seen.other.items()
            if key in entries
        ]
        if other_seen:
            yield _ops_table(other_seen).to_batches()[0]
        _paths, rows = seen.map.settled()
        for start in range(0, len(rows), BASE_CHUNK_ROWS):
            chunk = rows[start : start + BASE_CHUNK_ROWS]
            chunk = chunk[entries.map.contains_many(chunk["key"])]
            n = len(chunk)
            if n:
                yield _batch(
                    op=pa.array(np.full(n, SEEN, dtype=object), pa.string()),
                    key=hex_array(chunk["key"]),
                    source_path=seen.path_array(chunk),
                    size=pa.array(chunk["size"], pa.int64()),
                    mtime=pa.array(chunk["mtime"], pa.float64()),
                )

    def compact_if_needed(self) -> bool:
        """Compact when enough segments piled up since the last base, or enough of their
        operations (:data:`COMPACT_GROWTH`). Under the lock."""
        fixed = os.environ.get("PRESSWASH_COMPACT_AFTER")  # set: after that many segments, no sooner
        threshold = int(fixed or COMPACT_AFTER_SEGMENTS)
        grown = not fixed and self.segments_since_base > 1 and self.ops_since_base > COMPACT_GROWTH * self.base_ops
        if self.segments_since_base < threshold and not grown:
            return False
        self.write_base()
        return True


def open_ledger(output: str) -> Ledger:
    """The ledger of ``output``, recovered: call at the start of a run.

    Under the output lock it rebuilds a missing or damaged ledger from the datasets,
    forgets entries whose file is gone, and deletes part files no entry points at
    (uncommitted leftovers of killed runs, files superseded by a later commit).
    """
    ledger = Ledger(output)
    if not ledger.persistent:
        return ledger
    with output_lock(output):
        try:
            ledger.load()
        except LedgerDamaged as damage:
            log.warning("ledger of %s is damaged (%s): rebuilding it from the datasets", output, damage)
            stamp = time.strftime("%Y%m%dT%H%M%S")
            set_aside(ledger_dir(output), os.path.join(state_dir(output), QUARANTINE_DIR, f"ledger-{stamp}"))
            ledger._reset()
        if ledger.base_seq < 0 and ledger.last_seq < 0:
            rebuild(ledger)
        else:
            reconcile(ledger)
    return ledger


def read_ledger(output: str) -> Ledger:
    """The ledger as it stands, without the lock and without writing (for dry runs)."""
    ledger = Ledger(output)
    try:
        ledger.load()
    except LedgerDamaged:
        ledger._reset()
    if ledger.persistent and ledger.last_seq < 0:
        for rel in dataset_files(output)[0]:
            for key in _keys_in(output, rel) or []:
                ledger.apply([Op(PUT, key, rel)])
    return ledger


def read_settled_ledger(output: str) -> Ledger | None:
    """The ledger when a run opening it would find nothing to mend, else None.

    Read without the lock and without writing. None when there is no ledger yet, when it
    is damaged, or when the part files on disk and the ledger disagree (leftovers of a
    killed run, temporary files, files gone): what :func:`open_ledger` recovers.
    """
    ledger = Ledger(output)
    if not ledger.persistent:
        return None
    try:
        ledger.load()
    except LedgerDamaged:
        return None
    if ledger.base_seq < 0 and ledger.last_seq < 0:
        return None
    parts, temps = dataset_files(output)
    if temps or set(parts) != set(ledger.file_refs):
        return None
    return ledger


def dataset_files(output: str) -> tuple[list[str], list[str]]:
    """The part files of the data datasets (below ``output``) and leftover temporary files."""
    parts: list[str] = []
    temps: list[str] = []
    for dataset in DATA_DATASETS:
        top = os.path.join(output, dataset)
        for folder, dirs, names in os.walk(top):
            dirs[:] = sorted(d for d in dirs if not d.startswith(("_", ".")))
            for name in sorted(names):
                full = os.path.join(folder, name)
                if is_part_file(name):
                    parts.append(os.path.relpath(full, output).replace(os.sep, "/"))
                elif name.startswith(".") and name.endswith(".tmp"):
                    temps.append(full)
    return parts, temps


def reconcile(ledger: Ledger) -> None:
    """Make the ledger and the part files on disk agree. Under the lock."""
    output = ledger.output
    ledger.refresh()
    parts, temps = dataset_files(output)
    for temp in temps:
        _unlink(temp)
    on_disk = set(parts)
    gone = [f for f in ledger.file_refs if f not in on_disk and not os.path.exists(os.path.join(output, f))]
    if gone:
        log.warning("%d data files in the ledger are gone: their documents will be ingested again", len(gone))
        gone_set = set(gone)
        dels = [Op(DEL, key) for key, entry in ledger.entries.items() if entry.data_file in gone_set]
        ledger.commit(dels, "reconcile", 0)
    for rel in parts:
        if rel not in ledger.file_refs:
            log.info("removing %s: no committed entry points at it", rel)
            _unlink(os.path.join(output, rel))


def rebuild(ledger: Ledger) -> None:
    """Rebuild the ledger from the part files present. Under the lock.

    Every readable part file is adopted. When two files hold a row for the same key (a
    crash between a rewrite and its commit), the newest row wins and the older file is
    rewritten without it.
    """
    output = ledger.output
    parts, temps = dataset_files(output)
    for temp in temps:
        _unlink(temp)
    owners: dict[str, tuple[tuple[str, str], str]] = {}  # key -> ((ingested_at, file), file)
    losers: dict[str, set[str]] = {}
    reasons: dict[tuple[str, str], str | None] = {}
    for rel in parts:
        rows = _rows_in(output, rel)
        if rows is None:
            set_aside(os.path.join(output, rel), os.path.join(state_dir(output), QUARANTINE_DIR, rel))
            continue
        for key, stamp, reason in rows:
            reasons[(key, rel)] = reason
            rank = (stamp, rel)
            held = owners.get(key)
            if held is None or rank > held[0]:
                if held is not None:
                    losers.setdefault(held[1], set()).add(key)
                owners[key] = (rank, rel)
            else:
                losers.setdefault(rel, set()).add(key)
    ops = [Op(PUT, key, rel, reasons[(key, rel)]) for key, (_, rel) in owners.items()]
    ledger._reset()
    ledger.apply(ops)
    if losers:
        moved, superseded = remove_rows(ledger, losers, "rebuild", 0)
        ledger.apply(moved)
        ledger.write_base()
        for rel in superseded:
            _unlink(os.path.join(output, rel))
    else:
        ledger.write_base()
    log.info("ledger of %s rebuilt from %d part files: %d entries", output, len(parts), len(ledger))


def remove_rows(ledger: Ledger, doomed: dict[str, set[str]], run_id: str, part: int) -> tuple[list[Op], list[str]]:
    """Rewrite each file in ``doomed`` without the rows of the given keys.

    Returns the ``put`` operations that move the surviving rows to their new files, and
    the files that become garbage once those operations are committed. Nothing is
    deleted here: the old files stay live until the commit.
    """
    moved: list[Op] = []
    superseded: list[str] = []
    for index, (rel, keys) in enumerate(sorted(doomed.items())):
        superseded.append(rel)
        try:
            table = read_part(ledger.output, rel)
        except FileNotFoundError:
            log.warning("%s is gone: nothing of it to keep", rel)
            continue
        row_keys = keys_of(table, rel.split("/", 1)[0])
        # Keep the rows that stay and that this file really holds for the ledger.
        keep = [k not in keys and (e := ledger.entries.get(k)) is not None and e.data_file == rel for k in row_keys]
        if not any(keep):
            continue
        folder = rel.rsplit("/", 1)[0]
        new_rel = write_part(ledger.output, folder, f"part-{run_id}-{part:05d}-{index:03d}.parquet", table.filter(keep))
        kept = [key for key, k in zip(row_keys, keep, strict=True) if k]
        moved += [Op(PUT, key, new_rel, ledger.entries[key].reason) for key in kept]
    return moved, superseded


def _rows_in(output: str, rel: str) -> list[tuple[str, str, str | None]] | None:
    dataset = rel.split("/", 1)[0]
    columns = ["doc_id"] if dataset == "articles" else ["raw_sha256", "source_path", "reason"]
    try:
        table = pq.read_table(os.path.join(output, rel), columns=[*columns, "ingested_at"])
    except (OSError, pa.ArrowException) as exc:
        log.warning("cannot read %s (%s): moved to quarantine", rel, exc)
        return None
    keys = keys_of(table, dataset)
    stamps = [str(s) for s in table.column("ingested_at").to_pylist()]
    reasons: list[str | None] = (
        [None] * len(keys) if dataset == "articles" else [str(r) for r in table.column("reason").to_pylist()]
    )
    return list(zip(keys, stamps, reasons, strict=True))


def _keys_in(output: str, rel: str) -> list[str] | None:
    rows = _rows_in(output, rel)
    return None if rows is None else [key for key, _, _ in rows]


def _listing(folder: str) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    try:
        names = os.listdir(folder)
    except FileNotFoundError:
        return [], []
    bases = sorted((int(m.group(1)), n) for n in names if (m := _BASE_RE.match(n)))
    segments = sorted((int(m.group(1)), n) for n in names if (m := _SEGMENT_RE.match(n)))
    return bases, segments


def _read_ops(path: str) -> list[Op]:
    try:
        # ParquetFile, not read_table: read_table imports pyarrow.dataset, and with it
        # pandas (~0.4 s), which a run that finds nothing to do would otherwise spend.
        table = pq.ParquetFile(path).read()
        if table.schema.names != SEGMENT_SCHEMA.names:
            raise LedgerDamaged(f"{os.path.basename(path)}: unexpected columns {table.schema.names}")
        if not table.schema.equals(SEGMENT_SCHEMA):  # cast imports pyarrow.compute (~0.08 s)
            table = table.cast(SEGMENT_SCHEMA)
    except (OSError, pa.ArrowException) as exc:
        raise LedgerDamaged(f"{os.path.basename(path)}: {exc}") from exc
    return [Op(*row) for batch in table.to_batches() for row in zip(*_columns(batch), strict=True)]


def _columns(batch: pa.RecordBatch) -> list[list[Any]]:
    """The columns of a ledger batch as Python lists. Text is read as its bytes and
    decoded with surrogate escapes: a path that is not UTF-8 (a file name in Latin-1, as
    ``os.walk`` gives it) comes back exactly as it was written (:func:`_text_array`)."""
    out: list[list[Any]] = []
    for name in SEGMENT_SCHEMA.names:
        column = batch.column(name)
        if pa.types.is_string(column.type):
            raw = column.view(pa.binary()).to_pylist()
            out.append([None if value is None else decode_path(value) for value in raw])
        else:
            out.append(column.to_pylist())
    return out


def _text_array(values: Sequence[str | None]) -> pa.Array:
    """Strings as an Arrow string array holding each one's exact bytes: a path's
    surrogate escapes go back to the bytes they stand for, where ``pa.array`` would
    refuse them (and fail the commit of the whole batch)."""
    raw = pa.array([None if value is None else encode_path(value) for value in values], pa.binary())
    return raw.view(pa.string())


def _batch(**columns: pa.Array) -> pa.RecordBatch:
    """A record batch of :data:`SEGMENT_SCHEMA` from some of its columns (the rest null)."""
    n = len(next(iter(columns.values())))
    arrays = [columns.get(f.name, pa.nulls(n, f.type)) for f in SEGMENT_SCHEMA]
    return pa.RecordBatch.from_arrays(arrays, schema=SEGMENT_SCHEMA)


def _ops_table(ops: Sequence[Op]) -> pa.Table:
    columns = {}
    for field in SEGMENT_SCHEMA:
        values = [getattr(op, field.name) for op in ops]
        columns[field.name] = _text_array(values) if pa.types.is_string(field.type) else pa.array(values, field.type)
    return pa.table(columns, schema=SEGMENT_SCHEMA)


def _unlink(path: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)


def set_aside(path: str, target: str) -> None:
    """Move a damaged file or folder out of the way, keeping it for a post-mortem."""
    if not os.path.exists(path):
        return
    os.makedirs(os.path.dirname(target), exist_ok=True)
    if os.path.exists(target):
        target = f"{target}.{os.getpid()}"
    shutil.move(path, target)
