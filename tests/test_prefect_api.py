"""The Prefect API a run talks to: a configured server, or a temporary one started early.

Without a configured server, ``presswash run`` starts Prefect's temporary API server as
its first step (so its start-up overlaps presswash's imports), and the server must not
outlive the run, however the run ends.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import psutil
import pytest

from tests.conftest import ROOT, SEEDS
from tests.live_prefect import stop

PRESSWASH = Path(sys.executable).parent / "presswash"


def _environment(tag: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env.update(PRESSWASH_TEST_TAG=tag, **extra)
    return env


def _tagged(tag: str) -> list[psutil.Process]:
    """Live processes whose environment carries ``tag`` (a run and all it started)."""
    found = []
    for process in psutil.process_iter():
        try:
            if process.environ().get("PRESSWASH_TEST_TAG") == tag and process.status() != psutil.STATUS_ZOMBIE:
                found.append(process)
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return found


def _api_servers(tag: str) -> list[psutil.Process]:
    return [p for p in _tagged(tag) if "prefect.server.api.server:create_app" in " ".join(p.cmdline())]


def _gone_within(tag: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not _api_servers(tag):
            return True
        time.sleep(0.2)
    return False


@contextmanager
def _cleanup(tag: str) -> Iterator[None]:
    try:
        yield
    finally:
        for process in _tagged(tag):
            with suppress(psutil.NoSuchProcess):
                process.kill()


def test_a_run_without_a_configured_server_uses_a_temporary_one_and_stops_it(tmp_path: Path) -> None:
    tag = uuid.uuid4().hex
    with _cleanup(tag):
        done = subprocess.run(
            [str(PRESSWASH), "run", str(SEEDS), "--output", str(tmp_path / "out")],
            env=_environment(tag),
            capture_output=True,
            text=True,
            timeout=600,
            cwd=ROOT,
        )
        assert done.returncode == 0, done.stderr
        assert "5 articles" in done.stdout
        assert _gone_within(tag, 10), "the temporary API server outlived the run"


def test_the_temporary_server_dies_with_a_run_killed_outright(tmp_path: Path) -> None:
    tag = uuid.uuid4().hex
    script = (
        "from presswash import prefect_env\n"
        "prefect_env.start_api_early()\n"
        "prefect_env._early_api.wait_ready(300)\n"
        "print('ready', flush=True)\n"
        "import time; time.sleep(600)\n"
    )
    with _cleanup(tag):
        process = subprocess.Popen(
            [sys.executable, "-c", script],
            env=_environment(tag),
            stdout=subprocess.PIPE,
            start_new_session=True,
            cwd=ROOT,
        )
        try:
            assert process.stdout is not None
            assert process.stdout.readline().strip() == b"ready"
            assert _api_servers(tag), "no temporary API server was started"
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=20)
            assert _gone_within(tag, 15), "the temporary API server outlived a killed run"
        finally:
            stop(process)


@pytest.mark.parametrize(
    "setting",
    [
        {"PREFECT_API_URL": "http://127.0.0.1:9/api"},
        {"PREFECT_SERVER_EPHEMERAL_ENABLED": "false"},
    ],
    ids=["a server is configured", "temporary servers are turned off"],
)
def test_no_temporary_server_is_started_when(setting: dict[str, str]) -> None:
    script = "from presswash import prefect_env\nprefect_env.start_api_early()\nprint(prefect_env._early_api)\n"
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env.update(setting)
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "None"


def test_prefect_already_imported_starts_its_own_server_as_usual() -> None:
    # An imported Prefect has read its settings: setting an API URL now would not reach
    # it, so the early start stands aside (tests and in-process callers take this path).
    import prefect  # noqa: F401

    from presswash import prefect_env

    prefect_env.start_api_early()
    assert prefect_env._early_api is None


def test_a_private_prefect_home_is_removed_when_its_process_exits(tmp_path: Path) -> None:
    # The test suite's and the benchmarks' Prefect home: a run's database in it, then gone.
    script = (
        "import os\n"
        "from presswash import prefect_env\n"
        "prefect_env.use_private_home('presswash-test-home-')\n"
        "home = os.environ['PREFECT_HOME']\n"
        "open(os.path.join(home, 'prefect.db'), 'w').write('x')\n"
        "print(home)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_HOME"}
    env["TMPDIR"] = str(tmp_path)
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    home = Path(done.stdout.strip())
    assert home.parent == tmp_path and home.name.startswith("presswash-test-home-")
    assert not home.exists()


def test_a_prefect_home_the_user_set_is_kept(tmp_path: Path) -> None:
    script = (
        "import os\n"
        "from presswash import prefect_env\n"
        "prefect_env.use_private_home('x-')\n"
        "print(os.environ['PREFECT_HOME'])\n"
    )
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "mine")}
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(tmp_path / "mine")


@pytest.mark.parametrize(("quiet", "stderr"), [(True, subprocess.DEVNULL), (False, None)])
def test_a_quiet_temporary_server_writes_nothing_to_the_terminal(
    monkeypatch: pytest.MonkeyPatch, quiet: bool, stderr: int | None
) -> None:
    # Stopped while it still records a failed run's events, the server can log a
    # cancelled database rollback under the run's one-line error: without --debug its
    # output goes nowhere, whatever its log levels.
    from presswash import prefect_env

    launched: list[dict[str, object]] = []

    class Recorded:
        def __init__(self, args: list[str], **kwargs: object) -> None:
            launched.append(kwargs)

        def terminate(self) -> None:  # the server is stopped at exit
            pass

        def wait(self, timeout: float | None = None) -> int:
            return 0

    monkeypatch.setattr(prefect_env.subprocess, "Popen", Recorded)
    prefect_env.TemporaryApi(quiet=quiet)
    assert launched and launched[0]["stderr"] == stderr
