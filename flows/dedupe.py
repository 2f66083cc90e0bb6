"""Flagging exact and near-duplicate articles across runs, as part of the commit protocol.

The index lives beside the data, in ``<output>/_state/near_dup_index.parquet``: one row per
committed article (``doc_id``, ``text_sha256``, ``duplicate_of``, and the MinHash signature
of every first copy, see :mod:`cleaners.near_duplicates`), and in the file's metadata the
ledger position (segment number) it is up to date with. Duplicates are flagged, never
dropped: ``duplicate_of`` is the ``doc_id`` of the first copy committed, by this run or an
earlier or concurrent one; a document never matches itself.

Everything happens under the output lock (:mod:`flows.commit`), per batch:

1. after ``ledger.refresh()`` and once the plan knows which article rows will be written,
   :meth:`NearDupIndex.sync` reloads the file if another process rewrote it since this run
   read it (its inode, mtime and size are the cheap generation marker), and catches up
   with the ledger if the index is behind it (below);
2. :meth:`NearDupIndex.flag` flags the rows to be written, and only those, with the
   signatures the workers computed; the flags go into the part files;
3. the ledger segment is written: the commit point;
4. :meth:`NearDupIndex.save` rewrites the index (hidden temporary file, fsync,
   ``os.replace``), stamped with the new ledger position.

Self-healing: when the index is behind the ledger (a run killed between 3 and 4, an index
deleted, damaged or from an older version) or ahead of it (documents the ledger dropped),
:meth:`NearDupIndex.reconcile` drops entries for documents the ledger does not hold as
articles and adds the committed articles it lacks, with the ``duplicate_of`` of their rows
and signatures recomputed from their ``text`` (the ledger names each one's part file). It
reads the datasets only for documents that are missing. A damaged index file is moved to
``_state/quarantine/`` and rebuilt. :func:`open_index` does this when a run starts.

An object-store output keeps no index (as for the ledger): a run there flags copies
within itself only.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import time
from collections.abc import Mapping, Sequence

import pyarrow as pa
import pyarrow.parquet as pq
from prefect import task
from prefect.cache_policies import NO_CACHE

from cleaners.document import ArticleRecord
from cleaners.near_duplicates import Entry, Signature, SignatureIndex, flag_signed, signature
from flows import storage
from flows.ledger import QUARANTINE_DIR, Ledger, set_aside
from flows.lock import output_lock
from flows.retry import IO_RETRIES, IO_RETRY_DELAYS, on_os_error
from flows.write import read_part

log = logging.getLogger("presswash.dedupe")

STATE_DIR = "_state"
INDEX_FILE = "near_dup_index.parquet"
INDEX_VERSION = b"2"
VERSION_KEY = b"presswash.near_dup_index_version"
SEQ_KEY = b"presswash.ledger_seq"
UNKNOWN_SEQ = -2  # below any ledger position (an empty ledger is at -1)

INDEX_SCHEMA = pa.schema(
    [
        pa.field("doc_id", pa.string(), nullable=False),
        pa.field("text_sha256", pa.string(), nullable=False),
        pa.field("signature", pa.list_(pa.uint64())),
        pa.field("duplicate_of", pa.string()),
    ],
    metadata={VERSION_KEY: INDEX_VERSION},
)

# The file as last read or written: inode, mtime_ns, size. os.replace gives every write a new inode.
Marker = tuple[int, int, int]


class IndexDamaged(Exception):
    """The index file could not be read: it is quarantined and rebuilt from the datasets."""


def index_path(output: str) -> str:
    return os.path.join(storage.local_path(output), STATE_DIR, INDEX_FILE)


def read_index(output: str) -> tuple[SignatureIndex, int, Marker | None]:
    """The index file of ``output``: its entries, the ledger position it is up to date with,
    and its marker; an empty index at :data:`UNKNOWN_SEQ` when there is none.

    Raises :class:`IndexDamaged` when the file cannot be read.
    """
    path = index_path(output)
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed below; fstat and read the same file
    except FileNotFoundError:
        return SignatureIndex(), UNKNOWN_SEQ, None
    with handle:
        st = os.fstat(handle.fileno())
        try:
            table = pq.read_table(handle)
        except (OSError, pa.ArrowException) as exc:
            raise IndexDamaged(str(exc)) from exc
    marker = (st.st_ino, st.st_mtime_ns, st.st_size)
    metadata = table.schema.metadata or {}
    version = metadata.get(VERSION_KEY)
    try:
        doc_ids = table.column("doc_id").to_pylist()
        shas = table.column("text_sha256").to_pylist()
        sigs = table.column("signature").to_pylist()
        if version == b"1":  # first copies only, no position: reconciled against the ledger
            dups: list[str | None] = [None] * len(doc_ids)
            seq = UNKNOWN_SEQ
        elif version == INDEX_VERSION:
            dups = table.column("duplicate_of").to_pylist()
            seq = int(metadata[SEQ_KEY])
        else:
            raise IndexDamaged(f"unknown index version {version!r}")
    except (KeyError, ValueError) as exc:
        raise IndexDamaged(f"malformed index: {exc!r}") from exc
    entries = (
        Entry(doc_id, sha, tuple(sig) if sig is not None else None, dup)
        for doc_id, sha, sig, dup in zip(doc_ids, shas, sigs, dups, strict=True)
    )
    return SignatureIndex.of(entries), seq, marker


def load_index(output: str) -> SignatureIndex:
    """The index of ``output`` as it stands on disk (empty when missing or unreadable)."""
    if storage.is_remote(output):
        return SignatureIndex()
    try:
        return read_index(output)[0]
    except IndexDamaged:
        return SignatureIndex()


def write_index(output: str, index: SignatureIndex, seq: int) -> Marker:
    """Write the whole index atomically, stamped with ledger position ``seq``; its marker."""
    path = index_path(output)
    folder = os.path.dirname(path)
    os.makedirs(folder, exist_ok=True)
    entries = index.entries
    table = pa.table(
        {
            "doc_id": pa.array([e.doc_id for e in entries], pa.string()),
            "text_sha256": pa.array([e.text_sha256 for e in entries], pa.string()),
            "signature": pa.array([e.signature for e in entries], pa.list_(pa.uint64())),
            "duplicate_of": pa.array([e.duplicate_of for e in entries], pa.string()),
        },
        schema=INDEX_SCHEMA.with_metadata({VERSION_KEY: INDEX_VERSION, SEQ_KEY: str(seq).encode()}),
    )
    temp = os.path.join(folder, f".{INDEX_FILE}.{os.getpid()}.tmp")
    try:
        pq.write_table(table, temp, compression="zstd")
        with open(temp, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(temp, path)
    finally:
        if os.path.exists(temp):
            os.unlink(temp)
    st = os.stat(path)
    return (st.st_ino, st.st_mtime_ns, st.st_size)


def _marker(path: str) -> Marker | None:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


class NearDupIndex:
    """The near-duplicate index of one output, as one run holds it. Use under the output lock.

    A plain class, not a dataclass: Prefect does not walk it when it is a task argument.
    """

    def __init__(self, output: str) -> None:
        self.output = output
        self.persistent = not storage.is_remote(output)
        self.index = SignatureIndex()
        self.seq = UNKNOWN_SEQ  # the ledger position the entries are up to date with
        self.loaded = False  # False: read the file before using the entries
        self.marker: Marker | None = None  # the file as this process last read or wrote it

    def invalidate(self) -> None:
        """Forget the entries (a failed commit may have flagged rows it never wrote)."""
        self.index = SignatureIndex()
        self.seq = UNKNOWN_SEQ
        self.loaded = False

    def sync(self, ledger: Ledger) -> bool:
        """Catch up with the file and the ledger; True when the entries now differ from the
        file (it should be saved). Call under the lock, after ``ledger.refresh()``."""
        if not self.persistent:
            return False
        if not self.loaded or _marker(index_path(self.output)) != self.marker:
            self._load()
        if self.seq == ledger.last_seq:
            return False
        self.reconcile(ledger)
        return True

    def _load(self) -> None:
        try:
            self.index, self.seq, self.marker = read_index(self.output)
        except IndexDamaged as damage:
            log.warning("near-duplicate index of %s is damaged (%s): rebuilding it", self.output, damage)
            stamp = time.strftime("%Y%m%dT%H%M%S")
            target = os.path.join(os.path.dirname(index_path(self.output)), QUARANTINE_DIR, f"{INDEX_FILE}-{stamp}")
            set_aside(index_path(self.output), target)
            self.index, self.seq, self.marker = SignatureIndex(), UNKNOWN_SEQ, None
        self.loaded = True

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
        flagged = []
        for article in articles:
            sig = signatures[article.doc_id] if article.doc_id in signatures else signature(article.text)
            first = flag_signed(self.index, article.doc_id, sig, article.text_sha256)
            flagged.append(dataclasses.replace(article, duplicate_of=first))
        return flagged

    def forget(self, doc_ids: Sequence[str]) -> None:
        """Drop documents that are no longer articles (reprocessed into rejects)."""
        for doc_id in doc_ids:
            self.index.discard(doc_id)

    def save(self, seq: int) -> None:
        """Write the index, up to date with ledger position ``seq``. After the commit point:
        a failure is logged, not raised (the batch is committed; the next commit or run
        rebuilds what is missing from the datasets)."""
        self.seq = seq
        if not self.persistent:
            return
        try:
            self.marker = write_index(self.output, self.index, seq)
        except OSError as exc:
            log.warning("could not save the near-duplicate index of %s (%s): it is rebuilt later", self.output, exc)


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
    return near_dups


@task(
    name="open-near-dup-index",
    cache_policy=NO_CACHE,
    retries=IO_RETRIES,
    retry_delay_seconds=IO_RETRY_DELAYS,
    retry_condition_fn=on_os_error,
)
def open_index_task(ledger: Ledger) -> NearDupIndex:
    """:func:`open_index` as a task: retried on transient I/O errors, visible in the run's graph."""
    return open_index(ledger)
