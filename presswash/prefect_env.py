"""Prefect settings that must be in place before ``prefect`` is first imported."""

from __future__ import annotations

import os

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
