"""Writing record batches as Parquet files of the versioned schemas.

Each call writes one complete file under ``<output>/<dataset>/ingest_date=…/`` through a
hidden temporary name and an atomic rename, so a reader listing the dataset never sees
a half-written file (names starting with ``.`` are ignored by pyarrow, DuckDB globs
``*.parquet`` never match ``.tmp``).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.parquet as pq

import schemas
from flows import storage
from flows.ledger_tables import encode_path
from flows.paths import below, check_component
from flows.run import RunContext, pipeline_version

if TYPE_CHECKING:  # the records' types only: reading the ledger needs no cleaners
    from cleaners.document import ArticleRecord, RejectRecord

COMPRESSION = "zstd"

# The datasets of records, written in part files that the ledger (flows/ledger.py) tracks.
DATA_DATASETS = ("articles", "rejects")
PART_PREFIX = "part-"


def is_part_file(name: str) -> bool:
    """A data file this pipeline wrote (and manages): ``part-….parquet``."""
    return name.startswith(PART_PREFIX) and name.endswith(".parquet")


def part_name(run_id: str, part: int) -> str:
    return check_component(f"{PART_PREFIX}{run_id}-{part:05d}.parquet")


def articles_table(records: Sequence[ArticleRecord], run: RunContext) -> pa.Table:
    """Article records as rows of :data:`schemas.ARTICLES`, stamped with the run."""
    stamp = {"ingested_at": run.started_at, "run_id": run.run_id, "pipeline_version": pipeline_version()}
    return records_table(records, schemas.ARTICLES, stamp)


def rejects_table(records: Sequence[RejectRecord], run: RunContext) -> pa.Table:
    """Reject records as rows of :data:`schemas.REJECTS`, stamped with the run."""
    return records_table(records, schemas.REJECTS, {"ingested_at": run.started_at, "run_id": run.run_id})


def records_table(records: Sequence[Any], schema: pa.Schema, stamp: dict[str, Any]) -> pa.Table:
    """Dataclass records as a table of ``schema``, built a column at a time.

    Each column is one list handed to Arrow, read off the records' attributes; the
    ``stamp`` columns hold one value for every row. (A dict per row, as
    ``dataclasses.asdict`` makes them, deep-copies every record's lists of removals and
    authors first: most of the cost of writing a batch.)
    """
    count = len(records)
    columns = [
        _column(
            [stamp[field.name]] * count if field.name in stamp else [getattr(r, field.name) for r in records],
            field.type,
        )
        for field in schema
    ]
    return pa.Table.from_arrays(columns, schema=schema)


def _column(values: list[Any], type: pa.DataType) -> pa.Array:
    """``values`` as an Arrow array; a text that is not UTF-8 (a file name whose bytes
    ``os.walk`` kept as surrogate escapes) is written with those bytes as Python shows
    them, ``caf\\xe9.txt``: readable, and valid text for every reader of the dataset."""
    try:
        return pa.array(values, type)
    except UnicodeEncodeError:
        return pa.array([escape_undecodable(v) if isinstance(v, str) else v for v in values], type)


def escape_undecodable(text: str) -> str:
    """``text`` with each byte that a surrogate escape stands for written ``\\xNN``."""
    return encode_path(text).decode("utf-8", "backslashreplace")


def partition_dir(output: str, dataset: str, run: RunContext) -> str:
    return below(output, dataset, f"{schemas.PARTITION_COLUMN}={run.ingest_date}")


def write_table_atomically(table: pa.Table, folder: str, name: str) -> str:
    """Write ``table`` to ``folder/name`` so the file appears whole or not at all."""
    check_component(name)
    if storage.is_remote(folder):  # an object store: one PUT, the object appears whole
        return storage.write_table_remote(table, folder, name, COMPRESSION)
    with replaced_atomically(folder, name) as temp:
        pq.write_table(table, temp, compression=COMPRESSION)
    return os.path.join(folder, name)


def write_batches_atomically(batches: Iterable[pa.RecordBatch], schema: pa.Schema, folder: str, name: str) -> str:
    """Like :func:`write_table_atomically`, a batch at a time: only one batch is in memory."""
    check_component(name)
    if storage.is_remote(folder):
        return write_table_atomically(pa.Table.from_batches(list(batches), schema=schema), folder, name)
    with replaced_atomically(folder, name) as temp, pq.ParquetWriter(temp, schema, compression=COMPRESSION) as writer:
        for batch in batches:
            writer.write_batch(batch)
    return os.path.join(folder, name)


@contextmanager
def replaced_atomically(folder: str, name: str) -> Iterator[str]:
    """A temporary path to write in ``folder``; once written, it becomes ``name`` durably."""
    os.makedirs(folder, exist_ok=True)
    temp = os.path.join(folder, f".{name}.{os.getpid()}.tmp")
    try:
        yield temp
        with open(temp, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(temp, os.path.join(folder, name))
        _fsync_dir(folder)
    finally:
        if os.path.exists(temp):
            os.unlink(temp)


def _fsync_dir(folder: str) -> None:
    """Make the rename itself durable, so files reach the disk in the order they were named."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_records(
    articles: Sequence[ArticleRecord],
    rejects: Sequence[RejectRecord],
    output: str,
    run: RunContext,
    part: int,
) -> list[str]:
    """One Parquet file per non-empty dataset for one batch; the paths written."""
    written: list[str] = []
    name = part_name(run.run_id, part)
    if articles:
        written.append(
            write_table_atomically(articles_table(articles, run), partition_dir(output, "articles", run), name)
        )
    if rejects:
        written.append(write_table_atomically(rejects_table(rejects, run), partition_dir(output, "rejects", run), name))
    return written


def read_part(output: str, rel: str) -> pa.Table:
    """One part file, by its path below the output root, with the schema it was written with."""
    return pq.read_table(below(output, rel))


def write_part(output: str, rel_folder: str, name: str, table: pa.Table) -> str:
    """Write a part file into a folder below the output root; its path below the root."""
    write_table_atomically(table, below(output, rel_folder), name)
    return f"{rel_folder}/{name}"
