"""Before a run starts its flow: is there anything to read at all?

A re-run over inputs that are all ingested and unchanged reads nothing and writes no
rows, yet starting Prefect for it (its temporary API server, a flow run, the worker
pool) costs seconds: far more than the check itself. So ``presswash run`` and
``presswash backfill`` look here first. When the ledger is settled (a run would find
nothing to recover: no leftovers of a killed run, no file gone) and every selected input
is unchanged since it was ingested (and the output's files are of the current schema
version, flows/upgrade.py), the run is written to the run log as a completed run
that skipped every input, and no flow run is started. The check stops at the first input
that needs reading, so a run with work to do pays only for the walk up to it.
"""

from __future__ import annotations

import time
from typing import Any

from flows import storage
from flows.ledger import read_settled_ledger
from flows.report import RunReport
from flows.run import RunContext
from flows.runlog import record_run
from flows.select import Plan, Selection, nothing_to_read
from flows.upgrade import is_current


def check_up_to_date(
    input: str,
    output: str,
    selection: Selection,
    *,
    follow_symlinks: bool = False,
    storage_options: dict[str, Any] | None = None,
) -> Plan | None:
    """What a run would skip when it would read nothing; None when it has work to do."""
    ledger = read_settled_ledger(output)
    if ledger is None or not is_current(output):
        return None
    walk = storage.walk(input, follow_symlinks=follow_symlinks, options=storage_options)
    return nothing_to_read(walk, input, selection, ledger)


def log_up_to_date_run(output: str, kind: str, plan: Plan, parameters: dict[str, Any], started: float) -> RunReport:
    """Record a run that found nothing to read in the run log; its report."""
    run = RunContext.start(kind)
    report = RunReport(
        run.run_id, kind, output, status="completed", inputs_skipped=plan.skipped, deferred=plan.deferred
    )
    report.seconds = time.perf_counter() - started
    record_run(output, run, report, parameters)
    return report
