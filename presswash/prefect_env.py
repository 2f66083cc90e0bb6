"""Prefect settings that must be in place before ``prefect`` is first imported."""

from __future__ import annotations

import atexit
import ctypes
import importlib.util
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

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


def use_private_home(prefix: str) -> None:
    """Unless ``PREFECT_HOME`` is set: a fresh Prefect home in the temporary folder for
    this process, removed when it exits.

    For the test suite and the benchmarks: their runs' database stays out of the user's
    Prefect home, and each session's copy (a SQLite database of a few MB) does not pile up
    in /tmp. Registered before Prefect is imported, the removal runs after Prefect's own
    exit handlers (they run last-registered first) have flushed to it.
    """
    if os.environ.get("PREFECT_HOME"):
        return
    home = tempfile.mkdtemp(prefix=prefix)
    os.environ["PREFECT_HOME"] = home
    atexit.register(shutil.rmtree, home, ignore_errors=True)


# --- Prefect's temporary API server, started early ------------------------------------
#
# With no Prefect server configured, Prefect starts a temporary ("ephemeral") API server
# the first time a flow needs one: it imports the server's whole application in this
# process (~2.6 s) and then waits for a uvicorn subprocess to import it too (~3 s), one
# after the other, before the first batch. `presswash run` knows at its first line that it
# will need that server, so it starts the same subprocess at once, and the server's
# start-up overlaps presswash's own imports and the worker pool's warm-up.


class TemporaryApi:
    """Prefect's ephemeral API server, as a uvicorn subprocess on a loopback port.

    The same command Prefect's ``SubprocessASGIServer`` runs (UI off, the ephemeral
    server's settings); it dies with this process (``PR_SET_PDEATHSIG`` on Linux, and
    :meth:`stop` at exit).
    """

    def __init__(self, quiet: bool = False) -> None:
        self.process: subprocess.Popen[bytes] | None = None
        self.port = 0
        # A quiet server writes nothing to the terminal: stopped while it still records a
        # failed run's events, it can log SQLAlchemy's cancelled rollback (24 lines of
        # traceback) under the run's one-line error, whatever its log levels say.
        self.quiet = quiet
        self._launch()
        # Stopped at exit, not when the flow returns: Prefect's event and log workers
        # flush to it from their own exit handlers, which were registered later and so
        # run first.
        atexit.register(self.stop)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    def _launch(self) -> None:
        self.port = _free_loopback_port()
        spec = importlib.util.find_spec("prefect")
        assert spec is not None and spec.submodule_search_locations, "prefect is not installed"
        app_dir = str(Path(next(iter(spec.submodule_search_locations))).parent)
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "--app-dir",
                app_dir,
                "--factory",
                "prefect.server.api.server:create_app",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--log-level",
                "error",
                "--lifespan",
                "on",
            ],
            env={**_EPHEMERAL_SERVER_DEFAULTS, **os.environ, **_EPHEMERAL_SERVER_ENV},
            stderr=subprocess.DEVNULL if self.quiet else None,
            preexec_fn=_die_with_parent,
        )

    def wait_ready(self, timeout: float) -> None:
        """Block until the server answers its health check; raise if it cannot start."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process is not None
            code = self.process.poll()
            if code == _UVICORN_PORT_TAKEN:  # lost the port to someone else: another one
                self._launch()
                continue
            if code is not None:
                raise RuntimeError(f"Prefect's temporary API server exited with code {code}")
            if api_answers(self.url):
                return
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"Prefect's temporary API server did not start within {timeout:.0f} s")

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None:
            return
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def api_answers(url: str, timeout: float = 1) -> bool:
    """Whether the Prefect API at ``url`` (``…/api``) answers its health check."""
    import urllib.request  # here: a run with nothing to read never asks (~0.015 s to import)

    try:
        with urllib.request.urlopen(f"{url}/health", timeout=timeout) as response:
            return bool(response.status == 200)
    except OSError:
        return False


_EPHEMERAL_SERVER_ENV = {"PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1", "PREFECT__SERVER_FINAL": "1"}
# Unless the environment says otherwise: no registration of Prefect's block types in the
# database at start-up. Registering, or only checking that the registry did not change
# since the last registration (memoized), imports every installed Prefect collection
# (prefect-dask: dask, distributed) and hashes the block registry: ~0.5 s of CPU at the
# moment the run's own start-up needs it, for block types a run never uses (presswash
# saves no blocks; a block saved by a client registers its own type). A `prefect server
# start` on the same database still registers them.
_EPHEMERAL_SERVER_DEFAULTS = {
    "PREFECT_SERVER_REGISTER_BLOCKS_ON_START": "false",
    "PREFECT_SERVER_MEMOIZE_BLOCK_AUTO_REGISTRATION": "false",
}
# What Prefect imports when a flow is called (~0.1 s, 120 modules): its flow engine, the
# task-graph visualiser it looks at first (graphviz) and FastAPI's JSON encoder for the
# parameters. Imported before waiting for the temporary server, not after it answers.
_IMPORTED_BY_THE_FLOW_CALL = ("prefect.utilities.visualization", "prefect.flow_engine", "fastapi.encoders")
_UVICORN_PORT_TAKEN = 3  # uvicorn's exit status when it cannot bind
_early_api: TemporaryApi | None = None


def _free_loopback_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _die_with_parent() -> None:
    """In the child, before exec: get SIGTERM when the process that started it dies."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


_PR_SET_PDEATHSIG = 1


def _ephemeral_disabled_by_env() -> bool:
    for key in ("PREFECT_SERVER_EPHEMERAL_ENABLED", "PREFECT_SERVER_ALLOW_EPHEMERAL_MODE"):
        if os.environ.get(key, "").strip().lower() in {"0", "false", "no", "off"}:
            return True
    return False


def start_api_early(quiet: bool = False) -> None:
    """Start Prefect's temporary API server now if this run will need one; ``quiet``, its
    output goes nowhere (see :class:`TemporaryApi`).

    Only when no server is configured in the environment and Prefect is not imported yet
    (an imported Prefect has read its settings; it starts its own server if it needs
    one). A server configured elsewhere (a profile, ``prefect.toml``) is found once
    Prefect is imported, and the early server is then stopped unused.
    """
    global _early_api
    if _early_api is not None or "prefect" in sys.modules:
        return
    if os.environ.get("PREFECT_API_URL") or _ephemeral_disabled_by_env():
        return
    _early_api = TemporaryApi(quiet=quiet)


def stop_early_api() -> None:
    """Stop the server :func:`start_api_early` started, when the run needs none after all."""
    global _early_api
    api, _early_api = _early_api, None
    if api is not None:
        api.stop()


@contextmanager
def prefect_api() -> Iterator[None]:
    """The API a flow run talks to, for the duration of the block.

    A configured server is used as it is, flow-run heartbeats on. Otherwise the
    temporary server (started early by :func:`start_api_early`, or by Prefect itself)
    serves the run, with heartbeats off: heartbeats let a server notice a crashed flow
    run, but a temporary server dies with the run's own process, so there is nobody to
    notice, and stopping the heartbeat thread costs up to a second at the end of every
    run (it sleeps in one-second steps): most of a no-op re-run's time.
    """
    global _early_api
    from prefect.settings import (
        PREFECT_API_URL,
        PREFECT_FLOWS_HEARTBEAT_FREQUENCY,
        PREFECT_SERVER_EPHEMERAL_ENABLED,
        PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS,
        temporary_settings,
    )

    api, _early_api = _early_api, None
    if PREFECT_API_URL.value() or not PREFECT_SERVER_EPHEMERAL_ENABLED.value():
        if api is not None:  # a server is configured after all, or Prefect must say why not
            api.stop()
        yield
        return
    updates: dict[Any, Any] = {PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}
    if api is not None:
        for module in _IMPORTED_BY_THE_FLOW_CALL:  # while the server is still starting
            importlib.import_module(module)
        api.wait_ready(float(PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS.value()))
        updates[PREFECT_API_URL] = api.url
    with temporary_settings(updates=updates):
        yield
