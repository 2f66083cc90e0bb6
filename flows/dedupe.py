"""Flagging exact and near-duplicate articles across runs.

The index of first copies lives beside the data, in
``<output>/_state/near_dup_index.parquet`` (``doc_id``, ``text_sha256`` and the MinHash
signature of every first copy, see :mod:`cleaners.near_duplicates`). A run loads it once,
flags each batch before it is written — ``duplicate_of`` is the ``doc_id`` of the first
copy seen, in this run or an earlier one — and rewrites the index after every batch that
added first copies, atomically (a hidden temporary file, fsync, ``os.replace``), so a
crash leaves the previous index whole. Duplicates are flagged, never dropped.

An object-store output keeps no index (as for the ledger): a run there flags copies
within itself only.
"""

from __future__ import annotations

import dataclasses
import os

import pyarrow as pa
import pyarrow.parquet as pq
from prefect import task
from prefect.cache_policies import NO_CACHE

from cleaners.document import ArticleRecord
from cleaners.near_duplicates import Entry, SignatureIndex, flag, flag_signed
from flows import storage
from flows.process import BatchOutcome

STATE_DIR = "_state"
INDEX_FILE = "near_dup_index.parquet"

INDEX_SCHEMA = pa.schema(
    [
        pa.field("doc_id", pa.string(), nullable=False),
        pa.field("text_sha256", pa.string(), nullable=False),
        pa.field("signature", pa.list_(pa.uint64())),
    ],
    metadata={b"presswash.near_dup_index_version": b"1"},
)


def index_path(output: str) -> str:
    return os.path.join(storage.local_path(output), STATE_DIR, INDEX_FILE)


def load_index(output: str) -> SignatureIndex:
    """The index of first copies under ``output``; empty when there is none yet."""
    path = index_path(output)
    if storage.is_remote(output) or not os.path.exists(path):
        return SignatureIndex()
    table = pq.read_table(path, schema=INDEX_SCHEMA)
    entries = (
        Entry(doc_id, sha, tuple(sig) if sig is not None else None)
        for doc_id, sha, sig in zip(
            table.column("doc_id").to_pylist(),
            table.column("text_sha256").to_pylist(),
            table.column("signature").to_pylist(),
            strict=True,
        )
    )
    return SignatureIndex.of(entries)


def save_index(output: str, index: SignatureIndex) -> str | None:
    """Write the whole index atomically; None for object-store outputs (not kept)."""
    if storage.is_remote(output):
        return None
    path = index_path(output)
    folder = os.path.dirname(path)
    os.makedirs(folder, exist_ok=True)
    table = pa.Table.from_pylist(
        [{"doc_id": e.doc_id, "text_sha256": e.text_sha256, "signature": e.signature} for e in index.entries],
        schema=INDEX_SCHEMA,
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
    return path


def flag_batch(outcome: BatchOutcome, index: SignatureIndex) -> tuple[BatchOutcome, int]:
    """The batch with ``duplicate_of`` set on its copies, and how many first copies it added."""
    before = len(index)
    signed = outcome.signatures  # computed by the workers that cleaned the batch

    def first_copy(a: ArticleRecord) -> str | None:
        if a.doc_id in signed:
            return flag_signed(index, a.doc_id, signed[a.doc_id], a.text_sha256)
        return flag(index, a.doc_id, a.text, a.text_sha256)

    articles = [dataclasses.replace(a, duplicate_of=first_copy(a)) for a in outcome.articles]
    return dataclasses.replace(outcome, articles=articles), len(index) - before


@task(name="flag-duplicates", cache_policy=NO_CACHE)
def dedupe_batch(outcome: BatchOutcome, index: SignatureIndex, output: str) -> BatchOutcome:
    """Flag the batch's copies against every first copy seen so far; persist the index."""
    flagged, added = flag_batch(outcome, index)
    if added:
        save_index(output, index)
    return flagged
