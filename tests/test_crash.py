"""Crash safety: real ``presswash run`` processes killed with SIGKILL, then run again.

Deterministic kills use the crash points of :mod:`flows.faults` (the process SIGKILLs
itself at a named step of a commit); timed kills come from outside, while the run is
under way. After each kill every visible Parquet file must open whole; after the last,
uninterrupted run the datasets must hold exactly the rows of an uninterrupted run, with
the same ``duplicate_of`` flags, and the near-duplicate index must be the same (the
corpus is made of near copies of the seeds).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from tests.conftest import SEEDS
from tests.live_prefect import client_env, stop
from tests.rows import (
    article_rows,
    complete_files_only,
    dataset_state,
    duplicate_flags,
    expected_state,
    make_corpus,
    near_dup_index,
)

pytestmark = pytest.mark.slow

PRESSWASH = str(Path(sys.executable).with_name("presswash"))
RUN_TIMEOUT = 180


def run_args(corpus: Path, out: Path, *extra: str) -> list[str]:
    return [PRESSWASH, "run", str(corpus), "-o", str(out), "--batch-size", "3", "--workers", "1", *extra]


def presswash(args: list[str], api_url: str, **env: str) -> int:
    """Run the CLI to its end (or its death); clean up whatever it started; its return code."""
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            args, env=client_env(api_url, **env), stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            process.wait(timeout=RUN_TIMEOUT)
        finally:
            stop(process)
        log.seek(0)
        output = log.read().decode(errors="replace")
    if process.returncode not in (0, -signal.SIGKILL):
        raise AssertionError(f"presswash failed ({process.returncode}):\n{output[-3000:]}")
    return process.returncode


def kill_while_running(args: list[str], api_url: str, out: Path, delay: float) -> None:
    """Start a run, SIGKILL it ``delay`` seconds after its flow started (its run-log row appeared)."""
    process = subprocess.Popen(
        args, env=client_env(api_url), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        deadline = time.monotonic() + RUN_TIMEOUT
        before = set((out / "runs").glob("**/*.parquet")) if (out / "runs").exists() else set()
        while process.poll() is None and time.monotonic() < deadline:
            if (out / "runs").exists() and set((out / "runs").glob("**/*.parquet")) - before:
                break
            time.sleep(0.02)
        time.sleep(delay)
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        stop(process)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("crash") / "in"
    made = make_corpus(folder, SEEDS, 30)
    shutil.copy(made[4], folder / "same-bytes-again.txt")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "dangling.txt").symlink_to(folder / "nowhere.txt")
    return folder


@pytest.fixture(scope="module")
def uninterrupted_run(corpus: Path, prefect_server: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The output of an uninterrupted run (not to be changed: copy it first)."""
    out = tmp_path_factory.mktemp("uninterrupted") / "out"
    assert presswash(run_args(corpus, out), prefect_server) == 0
    return out


@pytest.fixture(scope="module")
def uninterrupted(uninterrupted_run: Path, corpus: Path) -> object:
    """The datasets an uninterrupted run writes (articles and rejects, run ids left out)."""
    state = dataset_state(uninterrupted_run)
    assert state == expected_state(corpus)
    return state


@pytest.fixture(scope="module")
def uninterrupted_flags(uninterrupted_run: Path) -> tuple[dict[str, str | None], dict[str, tuple[object, ...]]]:
    """The ``duplicate_of`` of each row and the near-duplicate index of an uninterrupted run."""
    flags, index = duplicate_flags(uninterrupted_run), near_dup_index(uninterrupted_run)
    assert sum(dup is not None for dup in flags.values()) >= 20  # 30 articles made from 5 seeds
    assert {doc: entry[1] for doc, entry in index.items()} == flags
    return flags, index


def test_killed_at_each_commit_step_then_rerun_gives_the_uninterrupted_dataset(
    corpus: Path, uninterrupted: object, uninterrupted_flags: object, prefect_server: str, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    # committed, index not saved (the first copies of batch 1: the next run must add them
    # from their rows, or their copies go unflagged); mid-commit; between two commits
    points = ["before-index:1", "after-data:2", "after-commit:2"]
    for point in points:
        assert presswash(run_args(corpus, out), prefect_server, PRESSWASH_KILL_AT=point) == -signal.SIGKILL, point
        complete_files_only(out)
        docs = [doc for doc, _ in article_rows(out)]
        assert len(docs) == len(set(docs)), f"duplicate rows visible after a kill at {point}"
    # The run that commits the rest dies while compacting the ledger.
    killed = presswash(
        run_args(corpus, out), prefect_server, PRESSWASH_KILL_AT="after-base", PRESSWASH_COMPACT_AFTER="2"
    )
    assert killed == -signal.SIGKILL

    assert presswash(run_args(corpus, out), prefect_server) == 0
    assert dataset_state(out) == uninterrupted
    assert (duplicate_flags(out), near_dup_index(out)) == uninterrupted_flags
    from flows.runlog import read_runs

    statuses = [r["status"] for r in read_runs(str(out))]
    assert statuses == ["completed"] + ["interrupted"] * (len(points) + 1)


def test_killed_reprocessing_then_rerun_replaces_every_row_exactly_once(
    corpus: Path,
    uninterrupted_run: Path,
    uninterrupted: object,
    uninterrupted_flags: object,
    prefect_server: str,
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    shutil.copytree(uninterrupted_run, out)
    for point in ("after-rewrite:1", "after-segment:2"):
        code = presswash(run_args(corpus, out, "--reprocess"), prefect_server, PRESSWASH_KILL_AT=point)
        assert code == -signal.SIGKILL, point
        complete_files_only(out)

    assert presswash(run_args(corpus, out, "--reprocess"), prefect_server) == 0
    assert dataset_state(out) == uninterrupted
    # No document is flagged as a copy of itself; the index is that of the first run.
    assert (duplicate_flags(out), near_dup_index(out)) == uninterrupted_flags


def test_killed_from_outside_at_random_moments_then_rerun_gives_the_uninterrupted_dataset(
    corpus: Path, uninterrupted: object, prefect_server: str, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    for delay in (0.4, 1.2):
        kill_while_running(run_args(corpus, out), prefect_server, out, delay)
        complete_files_only(out)
    assert presswash(run_args(corpus, out), prefect_server) == 0
    assert dataset_state(out) == uninterrupted
