"""The run log as a table, for ``presswash runs``."""

from __future__ import annotations

from typing import Any

from rich import box
from rich.table import Table

STATUS_STYLE = {"completed": "green", "failed": "red", "running": "yellow", "interrupted": "magenta"}


def runs_table(rows: list[dict[str, Any]]) -> Table:
    table = Table(title="presswash runs (newest first)", box=box.SIMPLE_HEAD, pad_edge=False, padding=(0, 1, 0, 0))
    for column in ("started (UTC)", "run", "kind", "status"):
        table.add_column(column, no_wrap=True)
    for column in ("seen", "new", "skip", "dup", "rej", "secs"):
        table.add_column(column, justify="right", no_wrap=True)
    for row in rows:
        status = str(row["status"])
        seconds = row["seconds"]
        table.add_row(
            f"{row['started_at']:%Y-%m-%d %H:%M}",
            str(row["run_id"]).rsplit("-", 1)[-1],
            str(row["kind"]),
            f"[{STATUS_STYLE.get(status, 'white')}]{status}[/]",
            str(row["inputs_seen"]),
            str(row["inputs_new"]),
            str(row["inputs_skipped"]),
            str(row["duplicates"]),
            str(row["rejected"]),
            f"{seconds:.1f}" if seconds is not None else "",
        )
    return table
