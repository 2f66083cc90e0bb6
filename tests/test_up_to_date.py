"""A run with nothing to read is logged and reported without starting Prefect or a flow run."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from flows.select import Selection
from flows.up_to_date import check_up_to_date
from tests.conftest import SEEDS
from tests.rows import dataset_state, make_corpus, part_files

PRESSWASH = str(Path(sys.executable).with_name("presswash"))


def ingest(input: Path, output: Path, **options: Any) -> Any:
    from flows.ingest import ingest as flow

    options.setdefault("batch_size", 3)
    options.setdefault("workers", 1)
    return flow(input=str(input), output=str(output), **options)


@pytest.fixture()
def ingested(tmp_path: Path) -> tuple[Path, Path]:
    """A corpus of six articles and an output that holds them all."""
    corpus = tmp_path / "in"
    make_corpus(corpus, SEEDS, 6)
    out = tmp_path / "out"
    ingest(corpus, out)
    return corpus, out


def up_to_date(corpus: Path, out: Path, selection: Selection | None = None) -> Any:
    return check_up_to_date(str(corpus), str(out), selection or Selection())


def test_every_input_unchanged_since_it_was_ingested_is_up_to_date(ingested: tuple[Path, Path]) -> None:
    corpus, out = ingested
    plan = up_to_date(corpus, out)
    assert plan is not None and (plan.skipped, plan.to_read) == (6, 0)


def test_a_new_or_touched_input_is_work_to_do(ingested: tuple[Path, Path]) -> None:
    corpus, out = ingested
    first = sorted(corpus.iterdir())[0]
    stat = first.stat()
    os.utime(first, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert up_to_date(corpus, out) is None
    os.utime(first, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert up_to_date(corpus, out) is not None
    (corpus / "late.txt").write_text("A late article.\n\nIt arrived after the first run.\n")
    assert up_to_date(corpus, out) is None


def test_an_input_outside_the_selection_does_not_count_as_work(ingested: tuple[Path, Path]) -> None:
    corpus, out = ingested
    (corpus / "late.html").write_text("<html><body><p>Not selected by the glob.</p></body></html>")
    plan = up_to_date(corpus, out, Selection(glob="*.txt"))
    assert plan is not None and (plan.skipped, plan.outside) == (6, 1)


def test_an_output_without_a_ledger_or_with_leftovers_of_a_killed_run_is_not_up_to_date(
    ingested: tuple[Path, Path], tmp_path: Path
) -> None:
    corpus, out = ingested
    assert up_to_date(corpus, tmp_path / "never-written") is None
    existing = part_files(out, "articles")[0]
    stray = existing.with_name("part-20000101T000000Z-deadbeef-00000.parquet")
    shutil.copy(existing, stray)  # a batch written by a run killed before its commit
    assert up_to_date(corpus, out) is None  # a run must start to remove it
    stray.unlink()
    (existing.parent / ".part-x.parquet.123.tmp").write_bytes(b"half")
    assert up_to_date(corpus, out) is None


def test_a_damaged_ledger_is_not_up_to_date(ingested: tuple[Path, Path]) -> None:
    corpus, out = ingested
    for segment in (out / "_state" / "ledger").iterdir():
        segment.write_bytes(b"PAR1 this is not a parquet file")
    assert up_to_date(corpus, out) is None


def test_cli_rerun_over_unchanged_inputs_logs_a_run_without_starting_a_flow(ingested: tuple[Path, Path]) -> None:
    from flows.runlog import read_runs

    corpus, out = ingested
    before = dataset_state(out)
    env = {**os.environ, "PREFECT_API_URL": "http://127.0.0.1:9/api"}  # nothing listens: a flow run would fail
    proc = subprocess.run(
        [PRESSWASH, "run", str(corpus), "-o", str(out)], capture_output=True, text=True, env=env, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    assert "6 already in" in proc.stdout and "no flow run started" in proc.stdout
    assert dataset_state(out) == before
    newest = read_runs(str(out))[0]
    assert (newest["status"], newest["inputs_skipped"], newest["inputs_new"]) == ("completed", 6, 0)
    assert newest["flow_run_id"] is None


def test_cli_backfill_over_ingested_days_starts_no_flow(ingested: tuple[Path, Path]) -> None:
    corpus, out = ingested
    env = {**os.environ, "PREFECT_API_URL": "http://127.0.0.1:9/api"}
    proc = subprocess.run(
        [PRESSWASH, "backfill", str(corpus), "--since", "2000-01-01", "-o", str(out)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "skip 6 already ingested" in proc.stdout and "no flow run started" in proc.stdout


def test_reprocess_always_starts_a_flow(ingested: tuple[Path, Path]) -> None:
    corpus, out = ingested
    env = {**os.environ, "PREFECT_API_URL": "http://127.0.0.1:9/api"}
    proc = subprocess.run(
        [PRESSWASH, "run", str(corpus), "-o", str(out), "--reprocess"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode != 0  # it tried to reach the (absent) Prefect API
    assert "no flow run started" not in proc.stdout
