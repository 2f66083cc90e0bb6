"""Prefect settings that must be in place before ``prefect`` is first imported."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

# There is no internet here and no reason to phone home: telemetry off, and a
# generous start-up allowance for the ephemeral server on a loaded 2-core machine.
DEFAULTS = {
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
    "PREFECT_LOGGING_LEVEL": "WARNING",
}


def configure(verbose: bool = False) -> None:
    """Set Prefect's environment defaults; the user's own settings always win."""
    for key, value in DEFAULTS.items():
        os.environ.setdefault(key, value)
    if verbose:
        os.environ["PREFECT_LOGGING_LEVEL"] = "INFO"


@contextmanager
def heartbeats_only_with_a_server() -> Iterator[None]:
    """Flow-run heartbeats off when there is no Prefect server (ephemeral mode).

    Heartbeats let a server notice a crashed flow run; an ephemeral server dies with the
    run's own process, so there is nobody to notice, and stopping the heartbeat thread
    costs up to a second at the end of every run (it sleeps in one-second steps): most of
    a no-op re-run's time. With ``PREFECT_API_URL`` set they stay on.
    """
    from prefect.settings import PREFECT_API_URL, PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    if PREFECT_API_URL.value():
        yield
        return
    with temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        yield
