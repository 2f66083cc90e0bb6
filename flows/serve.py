"""Serving the ``ingest`` flow on a schedule from one long-running process."""

from __future__ import annotations

import os

from prefect.types.entrypoint import EntrypointType

from flows.ingest import ingest


def serve_ingest(*, input: str, output: str, cron: str, name: str = "landing", batch_size: int = 500) -> None:
    """Create (or update) the deployment ``ingest/<name>`` and run its flow runs until stopped.

    Paths are made absolute: each flow run executes in a subprocess of the server's runner.
    """
    ingest.serve(
        name=name,
        cron=cron,
        parameters={
            "input": os.path.abspath(input),
            "output": os.path.abspath(output),
            "kind": "scheduled",
            "batch_size": batch_size,
        },
        tags=["presswash"],
        description="Ingest whatever landed in the folder since the last run (incremental, idempotent).",
        pause_on_shutdown=False,
        entrypoint_type=EntrypointType.MODULE_PATH,
    )
