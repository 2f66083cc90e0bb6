"""Bring an output's datasets to the current schema version.

A schema version adds columns (``schemas/__init__.py`` lists them). An output folder
written by an older presswash holds part files without them, and readers of the whole
dataset do not agree on such a mix: DuckDB takes the first file's columns, Polars refuses
a file with a column the first one lacks, pandas drops what the first file lacks. So a
run brings every older file of its output to the current schema before it writes: each
file is rewritten whole, under its own name (an atomic replace, so a reader never sees
half of it), with the new columns null. The ledger's entries point at file names, which
do not change.

``_state/schema_version`` records that the output is current, so a run reads no
footers once the upgrade is done. The file is written after the last rewrite: a run
killed half-way leaves it missing and the next run goes on where this one stopped
(files already current are not rewritten). A file of a *newer* version than this
presswash knows, or one that cannot be read or converted, is left as it is and logged;
the record is then not written, and the next run looks again.

An object-store output has no ``_state/`` and is not upgraded: read it with
``union_by_name`` (DuckDB) or a pyarrow dataset given ``schemas.ARTICLES``.
"""

from __future__ import annotations

import logging
import os

import pyarrow as pa
import pyarrow.parquet as pq

import schemas
from flows import storage
from flows.ledger import dataset_files as part_files
from flows.lock import output_lock, state_dir
from flows.runlog import RUNS_DATASET, run_files
from flows.write import replaced_atomically, write_table_atomically

log = logging.getLogger("presswash.upgrade")

VERSION_FILE = "schema_version"


def version_file(output: str) -> str:
    return os.path.join(state_dir(output), VERSION_FILE)


def is_current(output: str) -> bool:
    """Whether ``output`` is known to hold only files of the current schema version (a
    new, empty output is not known to until a run has looked)."""
    try:
        with open(version_file(output), encoding="utf-8") as handle:
            return handle.read().strip() == schemas.SCHEMA_VERSION
    except OSError:
        return False


def managed_files(output: str) -> list[tuple[str, str]]:
    """Every Parquet file presswash manages under ``output``: (dataset, path)."""
    parts, _temporary = part_files(output)
    found = [(rel.partition("/")[0], os.path.join(output, rel)) for rel in parts]
    return found + [(RUNS_DATASET, path) for path in run_files(output)]


def upgraded(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """``table`` under ``schema``: its columns in the schema's order, each cast to the
    schema's type, and a column it lacks all null. Raises ValueError when it lacks a
    column that may not be null."""
    columns: list[pa.Array | pa.ChunkedArray] = []
    for field in schema:
        if field.name in table.column_names:
            column = table.column(field.name)
            columns.append(column if column.type == field.type else column.cast(field.type))
        elif field.nullable:
            columns.append(pa.nulls(table.num_rows, field.type))
        else:
            raise ValueError(f"no column {field.name!r}, which may not be null")
    return pa.Table.from_arrays(columns, schema=schema)


def _older(schema: pa.Schema, current: pa.Schema) -> bool | None:
    """True when a file of ``schema`` needs rewriting; None when it is of a newer version."""
    version = schemas.schema_version_of(schema)
    if version is not None and version.isdigit() and int(version) > int(schemas.SCHEMA_VERSION):
        return None
    return not schema.remove_metadata().equals(current.remove_metadata())


def upgrade_output(output: str) -> int:
    """Rewrite the older files of ``output`` under the current schemas (under the output
    lock) and record that it is current; the number of files rewritten."""
    if storage.is_remote(output) or is_current(output):
        return 0
    rewritten = 0
    left_alone = 0
    with output_lock(output):
        for dataset, path in managed_files(output):
            current = schemas.DATASETS[dataset]
            try:
                older = _older(pq.read_schema(path), current)
                if older is None:
                    log.warning("%s is of a newer schema version than %s: left as it is", path, schemas.SCHEMA_VERSION)
                    left_alone += 1
                    continue
                if older:
                    table = upgraded(pq.read_table(path), current)
                    write_table_atomically(table, os.path.dirname(path), os.path.basename(path))
                    rewritten += 1
            except (OSError, ValueError, pa.ArrowException) as exc:
                log.error("%s could not be brought to schema version %s: %s", path, schemas.SCHEMA_VERSION, exc)
                left_alone += 1
        if rewritten:
            log.warning("%d files of %s brought to schema version %s", rewritten, output, schemas.SCHEMA_VERSION)
        if not left_alone:
            _record_current(output)
    return rewritten


def _record_current(output: str) -> None:
    with replaced_atomically(state_dir(output), VERSION_FILE) as temp, open(temp, "w", encoding="utf-8") as handle:
        handle.write(schemas.SCHEMA_VERSION + "\n")
