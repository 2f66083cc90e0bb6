"""A real Prefect server for the tests that start processes: loopback only, torn down after.

``prefect server start`` runs as a subprocess in its own session, with its own
``PREFECT_HOME`` (its SQLite database lives there), on a free port of 127.0.0.1. Child
processes get its URL in ``PREFECT_API_URL`` and skip the ephemeral server they would
otherwise each start (6-10 s apiece here).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from presswash.prefect_env import api_answers

ROOT = Path(__file__).resolve().parent.parent
PREFECT = str(Path(sys.executable).with_name("prefect"))
STARTUP_SECONDS = 120


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def server_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API_")}
    env.update(
        PREFECT_HOME=str(home),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        PREFECT_UI_ENABLED="false",
        DO_NOT_TRACK="1",
        PREFECT_LOGGING_LEVEL="WARNING",
    )
    return env


def client_env(api_url: str, **extra: str) -> dict[str, str]:
    """The environment for a child process that talks to the live server."""
    env = dict(os.environ)
    env.update(PREFECT_API_URL=api_url, DO_NOT_TRACK="1", PREFECT_LOGGING_LEVEL="WARNING", **extra)
    return env


def stop(process: subprocess.Popen[bytes]) -> None:
    """Stop a process started in its own session, and everything it started.

    Its group is signalled even when the leader is gone: a run killed with SIGKILL leaves
    its worker processes behind.
    """
    if process.poll() is not None:
        with suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
        return
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=20)


@contextmanager
def running_server(home: Path) -> Iterator[str]:
    """Start a server, wait for ``/api/health``, yield its API URL, stop it."""
    port = free_port()
    log = (home / "server.log").open("wb")
    process = subprocess.Popen(
        [PREFECT, "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=server_env(home),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        cwd=home,
    )
    url = f"http://127.0.0.1:{port}/api"
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"prefect server exited: {(home / 'server.log').read_text()[-2000:]}")
            if api_answers(url, timeout=2):
                break
            if time.monotonic() > deadline:
                raise RuntimeError("prefect server did not become healthy")
            time.sleep(0.5)
        yield url
    finally:
        stop(process)
        log.close()
