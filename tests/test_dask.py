"""Beyond one machine: the flow on a real Dask cluster writes the local runner's dataset."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.rows import records

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def dask_cluster() -> Iterator[str]:
    """A real distributed.LocalCluster: 2 worker processes × 1 thread, on 127.0.0.1."""
    from distributed import LocalCluster

    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None)
    try:
        yield cluster.scheduler_address
    finally:
        cluster.close()


def test_dask_runner_on_an_existing_cluster_writes_the_local_runners_dataset(
    dask_cluster: str, seeds_run: tuple[object, Path], tmp_path: Path
) -> None:
    from distributed import Client

    from flows.runner import run_ingest

    _report, local_output = seeds_run
    inputs = local_output.parent / "in"
    output = tmp_path / "out"
    report = run_ingest(
        task_runner="dask", dask_address=dask_cluster, input=str(inputs), output=str(output), batch_size=3
    )
    assert report.status == "completed"  # type: ignore[attr-defined]

    articles = records(output, "articles")
    assert len(articles) == 5
    assert articles == records(local_output, "articles")
    assert records(output, "rejects") == records(local_output, "rejects")

    # The batches really ran on the cluster's workers.
    with Client(dask_cluster) as client:
        ran = client.run(lambda dask_worker: len(dask_worker.data) + dask_worker.state.executed_count)
    assert sum(ran.values()) >= 3


def test_cli_without_an_address_starts_and_stops_a_local_dask_cluster(tmp_path: Path) -> None:
    import subprocess
    import sys

    from tests.conftest import SEEDS

    cli = [sys.executable, "-m", "presswash.cli", "run", str(SEEDS), "-o", str(tmp_path / "out")]
    result = subprocess.run(
        [*cli, "--task-runner", "dask", "--workers", "1"],
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "5 inputs → 5 articles, 0 rejects" in result.stdout
    assert "distributed.scheduler" not in result.stderr  # Dask's INFO chatter only with -v
    assert len(records(tmp_path / "out", "articles")) == 5
