"""Flagging exact and near-duplicate articles across runs, as part of the commit protocol.

The index lives beside the data, in ``<output>/_state/near_dup_index/``: one entry per
committed article (``doc_id``, ``text_sha256``, ``duplicate_of``, the MinHash signature of
every first copy and its band hashes, see :mod:`cleaners.near_duplicates`) in Arrow IPC
files, read memory-mapped: lookups keep only compact numpy arrays in memory and read a
candidate's signature from the mapped file. Like the ledger's (:mod:`flows.ledger`):

- ``seg-<gen>.arrow``: what one save changed (entries added, and in the file's metadata
  the doc_ids dropped), written after each committed batch;
- ``base-<gen>.arrow``: the whole index, written when none exists, when the index had to
  be rebuilt, or once ``COMPACT_AFTER_SEGMENTS`` segments piled up (older files then go).

``gen`` numbers the files in the order they were written; each file's metadata holds the
ledger position (segment number) the index is up to date with once it is applied.
Duplicates are flagged, never dropped: ``duplicate_of`` is the ``doc_id`` of the first copy
committed, by this run or an earlier or concurrent one; a document never matches itself.

Everything happens under the output lock (:mod:`flows.commit`), per batch:

1. after ``ledger.refresh()`` and once the plan knows which article rows will be written,
   :meth:`NearDupIndex.sync` applies the files other processes wrote since (or reloads,
   if one wrote a new base), and catches up with the ledger if the index is behind (below);
2. :meth:`NearDupIndex.flag` flags the rows to be written, and only those, with the
   signatures the workers computed; the flags go into the part files;
3. the ledger segment is written: the commit point;
4. :meth:`NearDupIndex.save` writes the changes as a new segment (hidden temporary file,
   fsync, ``os.replace``), stamped with the new ledger position.

Self-healing: when the index is behind the ledger (a run killed between 3 and 4, an index
deleted, damaged or from an older version) or ahead of it (documents the ledger dropped),
:meth:`NearDupIndex.reconcile` drops entries for documents the ledger does not hold as
articles and adds the committed articles it lacks, with the ``duplicate_of`` of their rows
and signatures recomputed from their ``text`` (the ledger names each one's part file). It
reads the datasets only for documents that are missing. A damaged index is moved to
``_state/quarantine/`` and rebuilt. The single-file index of earlier versions
(``near_dup_index.parquet``, other signatures) is rebuilt the same way, then removed.
:func:`open_index` does this when a run starts.

An object-store output keeps no index (as for the ledger): a run there flags copies
within itself only.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import logging
import mmap
import os
import re
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence

import pyarrow as pa

from cleaners.document import ArticleRecord
from cleaners.near_duplicates import (
    ENTRY_SCHEMA,
    SIGNATURE_VERSION,
    Entry,
    Signature,
    SignatureIndex,
    flag_many,
    signature,
)
from flows import storage
from flows.ledger import QUARANTINE_DIR, Ledger, set_aside
from flows.lock import output_lock, state_dir
from flows.retry import io_task
from flows.write import read_part, replaced_atomically

log = logging.getLogger("presswash.dedupe")

INDEX_DIR = "near_dup_index"
OLD_INDEX_FILE = "near_dup_index.parquet"  # index versions 1 and 2: one Parquet file
INDEX_VERSION = f"3.{SIGNATURE_VERSION}".encode()
VERSION_KEY = b"presswash.near_dup_index_version"
SEQ_KEY = b"presswash.ledger_seq"
DELETED_KEY = b"presswash.deleted"
UNKNOWN_SEQ = -2  # below any ledger position (an empty ledger is at -1)
COMPACT_AFTER_SEGMENTS = 32
# Articles flagged between two releases of the mapped pages their candidates were read
# from: on a large index, one batch's candidates span most of the signatures' pages.
FLAG_CHUNK = 128
BASE_BATCH_ROWS = 8192  # a base is written (and read back) in record batches of this many entries

_FILE_RE = re.compile(r"^(base|seg)-(\d{12})\.arrow$")

# The newest file applied: (gen, name); None when none was.
Marker = tuple[int, str] | None


class IndexDamaged(Exception):
    """An index file could not be read: the index is quarantined and rebuilt from the datasets."""


def index_path(output: str) -> str:
    """The index's folder."""
    return os.path.join(state_dir(storage.local_path(output)), INDEX_DIR)


def _listing(folder: str) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    try:
        names = os.listdir(folder)
    except FileNotFoundError:
        return [], []
    found = [(m.group(1), int(m.group(2)), n) for n in names if (m := _FILE_RE.match(n))]
    bases = sorted((gen, n) for kind, gen, n in found if kind == "base")
    segments = sorted((gen, n) for kind, gen, n in found if kind == "seg")
    return bases, segments


def _map(path: str, maps: list[mmap.mmap] | None) -> pa.Buffer:
    """The file's bytes, memory-mapped (read-only); the mapping goes in ``maps``.

    A mapped page that has been read counts in the process's resident set as long as it
    stays mapped, so reading every signature once would make the index's whole file
    resident. :meth:`NearDupIndex.release` gives the pages back after each commit (the
    kernel keeps them in the page cache; the next read maps them again).
    """
    with open(path, "rb") as handle:
        mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    if maps is not None:
        maps.append(mapped)
    return pa.py_buffer(mapped)


def _read(path: str, maps: list[mmap.mmap] | None = None) -> tuple[list[pa.RecordBatch], list[str], int]:
    """One index file, memory-mapped: its record batches, the doc_ids it drops, its ledger
    position."""
    try:
        reader = pa.ipc.open_file(pa.BufferReader(_map(path, maps)))
        metadata = reader.schema.metadata or {}
        if metadata.get(VERSION_KEY) != INDEX_VERSION:
            raise IndexDamaged(f"{os.path.basename(path)}: unknown version {metadata.get(VERSION_KEY)!r}")
        if not reader.schema.remove_metadata().equals(ENTRY_SCHEMA):
            raise IndexDamaged(f"{os.path.basename(path)}: unexpected columns")
        batches = [reader.get_batch(i) for i in range(reader.num_record_batches)]
        deleted = json.loads(metadata.get(DELETED_KEY, b"[]"))
        return batches, [str(d) for d in deleted], int(metadata[SEQ_KEY])
    except (OSError, pa.ArrowException, KeyError, ValueError, IndexError) as exc:
        raise IndexDamaged(f"{os.path.basename(path)}: {exc!r}") from exc


def _apply(index: SignatureIndex, batches: Sequence[pa.RecordBatch], deleted: Sequence[str]) -> None:
    """Apply one file's record batches (and the doc_ids it drops) to ``index``."""
    if not batches:
        index.attach(_EMPTY, deleted)
        return
    index.attach(batches[0], deleted)
    for batch in batches[1:]:
        index.attach(batch)


_EMPTY = pa.RecordBatch.from_pylist([], schema=ENTRY_SCHEMA)


def _write(folder: str, name: str, batches: Iterable[pa.RecordBatch], deleted: Sequence[str], seq: int) -> str:
    """Write one index file atomically (temporary name, fsync, rename, fsync the folder)."""
    metadata = {VERSION_KEY: INDEX_VERSION, SEQ_KEY: str(seq).encode(), DELETED_KEY: json.dumps(list(deleted)).encode()}
    schema = ENTRY_SCHEMA.with_metadata(metadata)
    with (
        replaced_atomically(folder, name) as temp,
        pa.OSFile(temp, "wb") as sink,
        pa.ipc.new_file(sink, schema) as writer,
    ):
        for batch in batches:
            writer.write_batch(batch.replace_schema_metadata(metadata))
    return os.path.join(folder, name)


def read_index(output: str, maps: list[mmap.mmap] | None = None) -> tuple[SignatureIndex, int, Marker]:
    """The index of ``output``: its entries, the ledger position it is up to date with,
    and its marker; an empty index at :data:`UNKNOWN_SEQ` when there is none. The files'
    mappings go in ``maps``.

    Raises :class:`IndexDamaged` when a file cannot be read.
    """
    index = SignatureIndex()
    folder = index_path(output)
    bases, segments = _listing(folder)
    seq, marker = UNKNOWN_SEQ, None
    files = bases[-1:] + [(gen, name) for gen, name in segments if not bases or gen > bases[-1][0]]
    for gen, name in files:
        batches, deleted, seq = _read(os.path.join(folder, name), maps)
        if marker is None and bases and not deleted:
            index.attach_base(batches)  # a base holds each live entry once
        else:
            _apply(index, batches, deleted)
        marker = (gen, name)
    return index, seq, marker


class NearDupIndex:
    """The near-duplicate index of one output, as one run holds it. Use under the output lock.

    A plain class, not a dataclass: Prefect does not walk it when it is a task argument.
    """

    def __init__(self, output: str) -> None:
        self.output = output
        self.persistent = not storage.is_remote(output)
        self.index = SignatureIndex()
        self.seq = UNKNOWN_SEQ  # the ledger position the entries are up to date with
        self.loaded = False  # False: read the files before using the entries
        self.marker: Marker = None  # the newest file applied (read or written by this process)
        self.segments_since_base = 0
        self.rebuild = False  # True: the entries are not the files plus the unsaved changes
        self.maps: list[mmap.mmap] = []  # the mappings of the files the entries are read from

    def release(self) -> None:
        """Give back the mapped pages read so far (they stay in the page cache): the
        resident set then holds the lookups, not the files the index was read from."""
        for mapped in self.maps:
            with contextlib.suppress(ValueError, OSError):  # ValueError: closed
                mapped.madvise(mmap.MADV_DONTNEED)

    def invalidate(self) -> None:
        """Forget the entries (a failed commit may have flagged rows it never wrote)."""
        self.index = SignatureIndex()
        self.seq = UNKNOWN_SEQ
        self.loaded = False
        self.maps = []

    def sync(self, ledger: Ledger) -> bool:
        """Catch up with the files and the ledger; True when the entries now differ from the
        files (they should be saved). Call under the lock, after ``ledger.refresh()``."""
        if not self.persistent:
            return False
        if not self.loaded or not self._catch_up():
            self._load()
        if self.seq == ledger.last_seq:
            return False
        self.reconcile(ledger)
        return True

    def _catch_up(self) -> bool:
        """Apply the segments other processes wrote since; False when a reload is needed."""
        bases, segments = _listing(index_path(self.output))
        ours = self.marker[0] if self.marker is not None else -1
        if (bases and bases[-1][0] > ours) or self.index.dirty or self.rebuild:
            return False
        if self.marker is not None and self.marker not in bases + segments:
            return False  # our newest file is gone: another process removed or rebuilt the index
        folder = index_path(self.output)
        try:
            for gen, name in segments:
                if gen > ours:
                    batches, deleted, self.seq = _read(os.path.join(folder, name), self.maps)
                    _apply(self.index, batches, deleted)
                    self.marker = (gen, name)
                    self.segments_since_base += 1
        except IndexDamaged:
            return False
        return True

    def _load(self) -> None:
        maps: list[mmap.mmap] = []
        try:
            self.index, self.seq, self.marker = read_index(self.output, maps)
            self.maps = maps
            self.rebuild = self.marker is None
        except IndexDamaged as damage:
            log.warning("near-duplicate index of %s is damaged (%s): rebuilding it", self.output, damage)
            stamp = time.strftime("%Y%m%dT%H%M%S")
            target = os.path.join(os.path.dirname(index_path(self.output)), QUARANTINE_DIR, f"{INDEX_DIR}-{stamp}")
            set_aside(index_path(self.output), target)
            self.index, self.seq, self.marker = SignatureIndex(), UNKNOWN_SEQ, None
            self.maps = []
            self.rebuild = True
        bases, segments = _listing(index_path(self.output))
        base_gen = bases[-1][0] if bases else -1
        self.segments_since_base = sum(gen > base_gen for gen, _ in segments)
        if self.marker is None and os.path.exists(self._old_path()):
            log.warning("near-duplicate index of %s is of an older version: rebuilding it", self.output)
        self.loaded = True

    def _old_path(self) -> str:
        return os.path.join(os.path.dirname(index_path(self.output)), OLD_INDEX_FILE)

    def reconcile(self, ledger: Ledger) -> None:
        """Make the entries those of the articles the ledger holds (rows read only for
        articles the index lacks)."""
        articles = {key: entry.data_file for key, entry in ledger.entries.items() if entry.reason is None}
        stale = [doc_id for doc_id in self.index.doc_ids() if doc_id not in articles]
        for doc_id in stale:
            self.index.discard(doc_id)
        missing = [key for key in articles if key not in self.index]
        if stale or missing:
            log.warning(
                "near-duplicate index of %s: %d entries for documents not committed dropped, %d committed "
                "articles missing from it added",
                self.output,
                len(stale),
                len(missing),
            )
        if missing:
            self._recover(missing, articles)
        self.seq = ledger.last_seq

    def _recover(self, missing: Sequence[str], data_files: Mapping[str, str]) -> None:
        wanted = set(missing)
        by_file: dict[str, list[str]] = {}
        for key in missing:
            by_file.setdefault(data_files[key], []).append(key)
        found: dict[str, Entry] = {}
        for rel in by_file:
            try:
                table = read_part(self.output, rel).select(["doc_id", "text", "text_sha256", "duplicate_of"])
            except (OSError, pa.ArrowException, KeyError) as exc:
                log.warning("cannot read %s for the near-duplicate index (%s): its articles stay out", rel, exc)
                continue
            for doc_id, text, sha, dup in zip(*(c.to_pylist() for c in table.columns), strict=True):
                if doc_id in wanted:
                    found[doc_id] = Entry(doc_id, sha, signature(text) if dup is None else None, dup)
        for key in missing:  # in ledger (commit) order
            if key in found:
                self.index.add(found[key])

    def flag(
        self, articles: Sequence[ArticleRecord], signatures: Mapping[str, Signature | None]
    ) -> list[ArticleRecord]:
        """The articles with ``duplicate_of`` set, each recorded in the index in turn."""
        docs = [
            (a.doc_id, signatures[a.doc_id] if a.doc_id in signatures else signature(a.text), a.text_sha256)
            for a in articles
        ]
        firsts: list[str | None] = []
        for start in range(0, len(docs), FLAG_CHUNK):
            firsts += flag_many(self.index, docs[start : start + FLAG_CHUNK])
            self.release()  # the candidates' pages read for this chunk
        return [dataclasses.replace(a, duplicate_of=first) for a, first in zip(articles, firsts, strict=True)]

    def forget(self, doc_ids: Sequence[str]) -> None:
        """Drop documents that are no longer articles (reprocessed into rejects)."""
        for doc_id in doc_ids:
            self.index.discard(doc_id)

    def save(self, seq: int) -> None:
        """Write what changed as a segment (or the whole index as a base), up to date with
        ledger position ``seq``. After the commit point: a failure is logged, not raised
        (the batch is committed; the next commit or run rebuilds what is missing from the
        datasets)."""
        self.seq = seq
        if not self.persistent:
            return
        try:
            self._save(seq)
        except (OSError, IndexDamaged) as exc:
            log.warning("could not save the near-duplicate index of %s (%s): it is rebuilt later", self.output, exc)
        self.release()

    def _releasing(self, batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        """``batches``, giving back the mapped pages each one was copied from once it is
        written: compacting reads every signature, which must not all stay resident."""
        for batch in batches:
            yield batch
            self.release()

    def _save(self, seq: int) -> None:
        folder = index_path(self.output)
        bases, segments = _listing(folder)
        gen = max([g for g, _ in bases + segments], default=-1) + 1
        if self.rebuild or not bases or self.segments_since_base >= COMPACT_AFTER_SEGMENTS:
            name = f"base-{gen:012d}.arrow"
            _write(folder, name, self._releasing(self.index.live_batches(BASE_BATCH_ROWS)), [], seq)
            # The old lookups go before the new ones are built (not both in memory at
            # once); should the new base not read back, the next sync reloads the files.
            self.invalidate()
            index, maps = SignatureIndex(), list[mmap.mmap]()
            batches, _deleted, _seq = _read(os.path.join(folder, name), maps)
            index.attach_base(batches)  # the entries, memory-mapped, without dead positions
            self.index, self.maps, self.rebuild, self.segments_since_base = index, maps, False, 0
            self.seq, self.loaded = seq, True
            for _old_gen, old in bases + segments:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(os.path.join(folder, old))
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self._old_path())
        else:
            name = f"seg-{gen:012d}.arrow"
            batch, deleted = self.index.journal()
            _write(folder, name, [batch], deleted, seq)
            written, _deleted, _seq = _read(os.path.join(folder, name), self.maps)
            self.index.seal(written[0] if written else _EMPTY)
            self.segments_since_base += 1
        self.marker = (gen, name)


def open_index(ledger: Ledger) -> NearDupIndex:
    """The near-duplicate index of the ledger's output, reconciled with the ledger: call at
    the start of a run, after :func:`flows.ledger.open_ledger`."""
    near_dups = NearDupIndex(ledger.output)
    if not near_dups.persistent:
        return near_dups
    with output_lock(ledger.output):
        ledger.refresh()
        if near_dups.sync(ledger) and (len(near_dups.index) or near_dups.marker is not None):
            near_dups.save(ledger.last_seq)
        near_dups.release()
    return near_dups


@io_task("open-near-dup-index")
def open_index_task(ledger: Ledger) -> NearDupIndex:
    """:func:`open_index` as a task: retried on transient I/O errors, visible in the run's graph."""
    return open_index(ledger)
