"""Scheduled runs on a real Prefect server: ``presswash serve`` and ``prefect.yaml``.

The server is the session's ``prefect server start`` on a free loopback port
(tests/live_prefect.py); everything started here is stopped here.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, SEEDS
from tests.live_prefect import client_env, stop
from tests.rows import article_rows, make_corpus

pytestmark = pytest.mark.slow

BIN = Path(sys.executable).parent


def deployment(api_url: str, name: str) -> dict[str, Any] | None:
    try:
        with urllib.request.urlopen(f"{api_url}/deployments/name/{name}", timeout=5) as response:
            return dict(json.load(response))
    except urllib.error.HTTPError as error:
        if error.code == 404:
            return None
        raise


def wait_for_deployment(api_url: str, name: str, process: subprocess.Popen[bytes], log: Path) -> dict[str, Any]:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        found = deployment(api_url, name)
        if found is not None:
            return found
        assert process.poll() is None, log.read_text()[-3000:]
        time.sleep(0.5)
    raise AssertionError(f"deployment {name} never appeared:\n{log.read_text()[-3000:]}")


def test_a_served_deployment_triggered_on_a_real_server_writes_the_dataset_and_its_report(
    prefect_server: str, tmp_path: Path
) -> None:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId
    from prefect.deployments import run_deployment
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from flows.runlog import read_runs

    landing = tmp_path / "landing"
    make_corpus(landing, SEEDS, 4)
    out = tmp_path / "out"
    log = tmp_path / "serve.log"
    args = [str(BIN / "presswash"), "serve", str(landing), "-o", str(out), "--cron", "0 3 * * *"]
    args += ["--name", "test-landing", "--batch-size", "2"]
    server = subprocess.Popen(
        args, env=client_env(prefect_server), stdout=log.open("wb"), stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        created = wait_for_deployment(prefect_server, "ingest/test-landing", server, log)
        with temporary_settings({PREFECT_API_URL: prefect_server}):
            flow_run = run_deployment("ingest/test-landing", timeout=180, poll_interval=1)
            with get_client(sync_client=True) as client:
                artifacts = client.read_artifacts(
                    artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[flow_run.id]))
                )
    finally:
        stop(server)

    assert [s["schedule"]["cron"] for s in created["schedules"]] == ["0 3 * * *"]
    assert created["parameters"]["kind"] == "scheduled"
    assert flow_run.state is not None and flow_run.state.is_completed(), log.read_text()[-3000:]
    assert len(article_rows(out)) == 4
    (run,) = read_runs(str(out))
    assert (run["kind"], run["status"], run["inputs_new"]) == ("scheduled", "completed", 4)
    assert run["flow_run_id"] == str(flow_run.id)
    (artifact,) = [a for a in artifacts if a.key == "ingest-report"]
    assert "| new | 4 |" in str(artifact.data)


def test_prefect_yaml_deploys_ingest_on_a_cron_schedule_over_the_landing_folder(prefect_server: str) -> None:
    env = client_env(prefect_server)
    for args in (["work-pool", "create", "presswash", "--type", "process"], ["--no-prompt", "deploy", "--all"]):
        done = subprocess.run([str(BIN / "prefect"), *args], env=env, cwd=ROOT, capture_output=True, text=True)
        assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]

    created = deployment(prefect_server, "ingest/ingest")
    assert created is not None
    assert created["entrypoint"] == "flows/ingest.py:ingest"
    assert created["work_pool_name"] == "presswash"
    assert [s["schedule"]["cron"] for s in created["schedules"]] == ["*/15 * * * *"]
    assert created["parameters"] == {"input": "landing", "output": "output", "kind": "scheduled"}
    (pull,) = created["pull_steps"]
    assert pull["prefect.deployments.steps.set_working_directory"]["directory"] == str(ROOT)
