"""The console script: inspect explains removals, schema prints the schemas."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

import schemas
from cleaners.document import ArticleRecord, process_document
from presswash.cli import app
from tests.conftest import seed_path

runner = CliRunner()


def test_inspect_names_the_rule_of_every_removal_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    path = seed_path("004")
    result = runner.invoke(app, ["inspect", str(path)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    record = process_document(path.read_bytes(), str(path))
    assert isinstance(record, ArticleRecord)
    for removal in record.removed:
        assert str(removal["rule"]) in result.output
    assert "Business Standard" in result.output
    assert "Metered-paywall notice" in result.output  # the rule's rationale is shown
    assert list(tmp_path.iterdir()) == []


def test_inspect_shows_the_reject_reason_for_unusable_input(tmp_path: Path) -> None:
    path = tmp_path / "blank.txt"
    path.write_text("   \n\n")
    result = runner.invoke(app, ["inspect", str(path)])
    assert result.exit_code == 0
    assert "empty" in result.output


def test_inspect_shows_a_json_records_format_and_url(tmp_path: Path) -> None:
    path = tmp_path / "record.json"
    body = seed_path("000").read_text(encoding="utf-8")
    path.write_text(
        json.dumps({"title": "Putin meets Netanyahu", "maintext": body, "url": "https://example.com/a?utm_source=x"})
    )
    result = runner.invoke(app, ["inspect", str(path)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert re.search(r"format\s+json", result.output)
    assert re.search(r"url\s+https://example.com/a\s", result.output)


def test_schema_prints_every_dataset_with_its_version() -> None:
    result = runner.invoke(app, ["schema"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    for name, schema in schemas.DATASETS.items():
        assert re.search(rf"{name}\b.*schema version {schemas.SCHEMA_VERSION}", result.output)
        for field in schema:
            assert field.name in result.output


def test_cli_batch_size_default_is_the_flows() -> None:
    from flows.ingest import DEFAULT_BATCH_SIZE
    from presswash import cli

    assert cli.DEFAULT_BATCH_SIZE == DEFAULT_BATCH_SIZE
