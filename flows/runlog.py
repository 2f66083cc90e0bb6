"""The run log: ``<output>/runs/``, one Parquet row per run.

A run writes its row when it starts (status ``running``) and writes it again, whole, when
it ends (``completed`` or ``failed``), each time to
``runs/ingest_date=<day it started>/run-<run_id>.parquet`` through a temporary name and a
rename. A run killed outright keeps ``running``; :func:`read_runs` reports it as
``interrupted`` once its process is gone.
"""

from __future__ import annotations

import io
import json
import os
import socket
import sys
from datetime import UTC, datetime
from typing import Any

import pyarrow as pa
import pyarrow.json as pj

import schemas
from flows.report import RunReport
from flows.run import RunContext, pipeline_version
from flows.write import write_table_atomically

RUNS_DATASET = "runs"


def run_file(output: str, run: RunContext) -> tuple[str, str]:
    folder = os.path.join(output, RUNS_DATASET, f"{schemas.PARTITION_COLUMN}={run.ingest_date}")
    return folder, f"run-{run.run_id}.parquet"


def _flow_run_id() -> str | None:
    if "prefect" not in sys.modules:
        return None  # not in a flow run (a run that found nothing to read started none)
    try:
        from prefect.runtime import flow_run

        value = flow_run.id
    except Exception:
        return None
    return str(value) if value else None


def record_run(
    output: str,
    run: RunContext,
    report: RunReport,
    parameters: dict[str, Any],
    error: str | None = None,
) -> str:
    """Write (or rewrite) this run's row in the run log; the path written."""
    finished = report.status != "running"
    row: dict[str, Any] = {
        "run_id": run.run_id,
        "kind": run.kind,
        "status": report.status,
        "parameters": json.dumps(parameters, sort_keys=True, default=str),
        "started_at": run.started_at,
        "finished_at": datetime.now(UTC) if finished else None,
        "seconds": report.seconds if finished else None,
        **report.counts(),
        "pipeline_version": pipeline_version(),
        "flow_run_id": _flow_run_id(),
        "host": socket.gethostname(),
        "pid": os.getpid(),
        "error": error,
    }
    folder, name = run_file(output, run)
    return write_table_atomically(_one_row(row, schemas.RUNS), folder, name)


def run_files(output: str) -> list[str]:
    """The run log's files under ``output``."""
    return sorted(
        os.path.join(root, name)
        for root, _, names in os.walk(os.path.join(output, RUNS_DATASET))
        for name in names
        if name.startswith("run-") and name.endswith(".parquet")
    )


def _one_row(row: dict[str, Any], schema: pa.Schema) -> pa.Table:
    """``row`` as a one-row table of ``schema``, built by Arrow's JSON reader.

    Not ``Table.from_pylist``: converting Python objects makes pyarrow import pandas
    (~0.3 s), and a run that finds nothing to read (flows/up_to_date.py) is otherwise done
    in well under a second.
    """
    line = json.dumps(row, default=lambda value: value.isoformat()).encode()
    options = pj.ParseOptions(explicit_schema=schema, unexpected_field_behavior="error")
    table = pj.read_json(io.BytesIO(line), parse_options=options)
    # The reader keeps the explicit schema's types, not its nullability or metadata: the
    # columns as they are under the schema, which spares ``cast`` importing
    # pyarrow.compute (~0.08 s).
    if [(f.name, f.type) for f in table.schema] == [(f.name, f.type) for f in schema]:
        return pa.Table.from_arrays(table.columns, schema=schema)
    return table.cast(schema)


def read_runs(output: str, limit: int | None = None) -> list[dict[str, Any]]:
    """The logged runs of ``output``, newest first; a dead ``running`` run shows ``interrupted``."""
    files = run_files(output)
    if not files:
        return []
    import pyarrow.dataset as ds  # here: it imports pandas, which writing a row does not need

    table = ds.dataset(files, schema=schemas.RUNS, format="parquet").to_table()
    rows = sorted(table.to_pylist(), key=lambda r: r["started_at"], reverse=True)
    host = socket.gethostname()
    for row in rows:
        if row["status"] == "running" and row["host"] == host and row["pid"] and not _alive(int(row["pid"])):
            row["status"] = "interrupted"
    return rows[:limit] if limit is not None else rows


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
