"""The run log: one row per run in ``<output>/runs/``, listed by ``presswash runs``."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.dataset as ds
import pytest
from typer.testing import CliRunner

import schemas
from presswash.cli import app
from tests.conftest import SEEDS
from tests.rows import make_corpus


def test_each_run_logs_one_row_with_kind_parameters_counts_and_status(tmp_path: Path) -> None:
    from flows.ingest import ingest

    make_corpus(tmp_path / "in", SEEDS, 3)
    out = tmp_path / "out"
    first = ingest(input=str(tmp_path / "in"), output=str(out), workers=1)
    second = ingest(input=str(tmp_path / "in"), output=str(out), workers=1, kind="scheduled")

    files = sorted((out / "runs").glob("ingest_date=*/run-*.parquet"))
    assert len(files) == 2
    table = ds.dataset(out / "runs", format="parquet", partitioning="hive").to_table()
    assert schemas.schema_version_of(ds.dataset(files[0]).schema) == schemas.SCHEMA_VERSION
    rows = {r["run_id"]: r for r in table.to_pylist()}
    one, two = rows[first.run_id], rows[second.run_id]
    assert (one["kind"], one["status"], one["inputs_new"], one["articles_written"]) == ("manual", "completed", 3, 3)
    assert (two["kind"], two["inputs_seen"], two["inputs_skipped"], two["inputs_new"]) == ("scheduled", 3, 3, 0)
    assert json.loads(one["parameters"])["input"] == str(tmp_path / "in")
    assert one["finished_at"] >= one["started_at"] and one["seconds"] > 0


def test_a_run_that_fails_is_logged_as_failed_with_its_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from flows import ingest as ingest_module
    from flows.runlog import read_runs

    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("the rule tables are inconsistent")

    monkeypatch.setattr(ingest_module, "open_ledger_task", broken)
    make_corpus(tmp_path / "in", SEEDS, 1)
    with pytest.raises(ValueError):
        ingest_module.ingest(input=str(tmp_path / "in"), output=str(tmp_path / "out"), workers=1)
    (run,) = read_runs(str(tmp_path / "out"))
    assert run["status"] == "failed" and "the rule tables are inconsistent" in run["error"]


def test_runs_command_lists_recent_runs_newest_first(seeds_run: tuple[object, Path]) -> None:
    report, out = seeds_run
    result = CliRunner().invoke(app, ["runs", str(out)], env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    assert str(report.run_id).rsplit("-", 1)[-1] in result.output
    assert "completed" in result.output and "manual" in result.output
    empty = CliRunner().invoke(app, ["runs", str(out / "nothing-here")])
    assert empty.exit_code == 1


def test_the_pipeline_version_changes_with_the_cleaning_code_or_a_rule_table_and_nothing_else(tmp_path: Path) -> None:
    from flows.run import cleaning_digest

    package = tmp_path / "cleaners"
    (package / "rules").mkdir(parents=True)
    (package / "publishers").mkdir()
    (package / "engine.py").write_text("RULES = 1\n")
    (package / "rules" / "share.toml").write_text("[[rule]]\n")
    (package / "publishers" / "bbc.toml").write_text("name = 'BBC'\n")
    first = cleaning_digest(package)
    (package / "__pycache__").mkdir()
    (package / "__pycache__" / "engine.cpython-311.pyc").write_bytes(b"\x00")
    (package / "README.txt").write_text("notes")
    assert cleaning_digest(package) == first  # caches and other files do not count
    (package / "engine.py").write_text("RULES = 2\n")
    second = cleaning_digest(package)
    assert second != first
    (package / "publishers" / "bbc.toml").write_text("name = 'BBC News'\n")
    assert cleaning_digest(package) not in (first, second)


def test_the_pipeline_version_names_the_package_version_and_the_cleaning_digest() -> None:
    from flows.run import pipeline_version
    from presswash import __version__

    version, _, digest = pipeline_version().partition("+cleaning.")
    assert version == __version__
    assert len(digest) == 10 and int(digest, 16) >= 0
