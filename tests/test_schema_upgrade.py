"""An output written by an older presswash is brought to the current schema version by
the next run (flows/upgrade.py): every reader then sees one set of columns."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import schemas
from flows.select import Selection
from flows.up_to_date import check_up_to_date
from flows.upgrade import is_current, upgrade_output, upgraded, version_file
from tests.conftest import SEEDS
from tests.rows import article_rows, make_corpus, part_files

OLD_VERSION = str(int(schemas.SCHEMA_VERSION) - 1)


def ingest(input: Path, output: Path, **options: Any) -> Any:
    from flows.ingest import ingest as flow

    return flow(input=str(input), output=str(output), batch_size=3, workers=1, **options)


def _as_written_by(version: str, path: Path, without: tuple[str, ...] = ("url",)) -> None:
    """Rewrite a part file as an older presswash wrote it: without the newer columns,
    its version in the metadata."""
    table = pq.read_table(path).drop_columns(list(without))
    meta = {**(table.schema.metadata or {}), schemas.METADATA_KEY: version.encode()}
    pq.write_table(table.replace_schema_metadata(meta), path)


@pytest.fixture()
def older_output(tmp_path: Path) -> tuple[Path, Path]:
    """Six articles ingested, their part files then turned into the previous version's,
    and the record that the output is current gone (as an older presswash leaves it)."""
    corpus, out = tmp_path / "in", tmp_path / "out"
    make_corpus(corpus, SEEDS, 6)
    ingest(corpus, out)
    for path in part_files(out, "articles"):
        _as_written_by(OLD_VERSION, path)
    Path(version_file(str(out))).unlink()
    return corpus, out


def test_a_run_brings_older_part_files_to_the_current_schema(older_output: tuple[Path, Path]) -> None:
    corpus, out = older_output
    (corpus / "late.txt").write_text("A late article.\n\nIt arrived after the first run, with news of the day.\n")
    report = ingest(corpus, out)
    assert (report.inputs_new, report.inputs_skipped) == (1, 6)  # the ledger still knows every file
    for path in part_files(out, "articles"):
        schema = pq.read_schema(path)
        assert schemas.schema_version_of(schema) == schemas.SCHEMA_VERSION
        assert schema.remove_metadata().equals(schemas.ARTICLES.remove_metadata())
    assert len(article_rows(out)) == 7
    assert is_current(str(out))


def test_after_the_upgrade_duckdb_and_polars_read_every_row_with_the_new_column(
    older_output: tuple[Path, Path],
) -> None:
    _, out = older_output
    upgrade_output(str(out))
    glob = str(out / "articles" / "**" / "*.parquet")
    assert duckdb.sql(f"SELECT count(*), count(url) FROM '{glob}'").fetchall() == [(6, 0)]
    assert pl.read_parquet(glob).get_column("url").null_count() == 6


def test_an_older_output_is_not_up_to_date_until_a_run_upgraded_it(older_output: tuple[Path, Path]) -> None:
    corpus, out = older_output
    assert check_up_to_date(str(corpus), str(out), Selection()) is None
    report = ingest(corpus, out)
    assert report.inputs_skipped == 6
    plan = check_up_to_date(str(corpus), str(out), Selection())
    assert plan is not None and plan.skipped == 6


def test_files_already_current_are_not_rewritten(older_output: tuple[Path, Path]) -> None:
    _, out = older_output
    assert upgrade_output(str(out)) == len(part_files(out, "articles"))
    Path(version_file(str(out))).unlink()  # a run killed before it recorded the upgrade
    assert upgrade_output(str(out)) == 0
    assert is_current(str(out))


def test_a_file_of_a_newer_version_is_left_alone_and_the_output_not_recorded_current(
    older_output: tuple[Path, Path], caplog: pytest.LogCaptureFixture
) -> None:
    _, out = older_output
    newer = part_files(out, "articles")[0]
    _as_written_by(str(int(schemas.SCHEMA_VERSION) + 1), newer, without=())
    before = newer.read_bytes()
    with caplog.at_level(logging.WARNING, logger="presswash.upgrade"):
        upgrade_output(str(out))
    assert newer.read_bytes() == before
    assert "newer schema version" in caplog.text
    assert not is_current(str(out))


def test_a_missing_column_that_may_not_be_null_is_an_error_not_a_guess() -> None:
    table = pa.table({"doc_id": ["a"]})
    with pytest.raises(ValueError, match="source_path"):
        upgraded(table, schemas.ARTICLES)


def test_a_new_output_is_recorded_current_by_its_first_run(tmp_path: Path) -> None:
    corpus, out = tmp_path / "in", tmp_path / "out"
    make_corpus(corpus, SEEDS, 2)
    ingest(corpus, out)
    assert Path(version_file(str(out))).read_text().strip() == schemas.SCHEMA_VERSION
