"""The ledger's steps as Prefect tasks: opened at the start of a run, compacted at its end.

Apart from :mod:`flows.ledger` so that reading the ledger (``presswash run``'s up-to-date
check, ``backfill --dry-run``) does not import Prefect.
"""

from __future__ import annotations

from flows.ledger import Ledger, open_ledger
from flows.lock import output_lock
from flows.memory import release_unused
from flows.retry import io_task
from flows.upgrade import upgrade_output


@io_task("open-ledger")
def open_ledger_task(output: str) -> Ledger:
    """:func:`open_ledger` as a task: retried on I/O errors, visible in the run's graph.
    An output written by an older presswash is then brought to the current schema."""
    ledger = open_ledger(output)
    upgrade_output(output)
    return ledger


@io_task("compact-ledger")
def compact_ledger(ledger: Ledger) -> bool:
    """Fold the segments into a new base once enough piled up."""
    if not ledger.persistent:
        return False
    with output_lock(ledger.output):
        ledger.refresh()
        compacted = ledger.compact_if_needed()
    release_unused()
    return compacted
