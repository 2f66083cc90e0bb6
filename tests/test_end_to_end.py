"""The ingest flow on the seeds: the datasets it writes and who can read them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pyarrow.parquet as pq
import pytest

import schemas


def parquet_files(output: Path, dataset: str) -> list[Path]:
    return sorted((output / dataset).glob("ingest_date=*/*.parquet"))


@pytest.fixture(scope="module")
def output(seeds_run: tuple[Any, Path]) -> Path:
    return seeds_run[1]


def test_flow_report_counts_articles_and_rejects(seeds_run: tuple[Any, Path]) -> None:
    report = seeds_run[0]
    assert report.articles_written == 5
    assert report.rejects_written == 2
    assert dict(report.rejects_by_reason) == {"empty": 1, "binary": 1}


def test_articles_are_hive_partitioned_by_ingest_date_and_zstd_compressed(output: Path) -> None:
    files = parquet_files(output, "articles")
    assert files, "no article files written"
    for path in files:
        assert path.parent.name.startswith("ingest_date=")
        meta = pq.ParquetFile(path).metadata
        assert meta.row_group(0).column(0).compression == "ZSTD"


def test_written_schema_is_the_one_in_schemas_with_its_version(output: Path) -> None:
    for dataset, expected in schemas.DATASETS.items():
        for path in parquet_files(output, dataset):
            written = pq.read_schema(path)
            assert written.remove_metadata().equals(expected.remove_metadata()), dataset
            assert schemas.schema_version_of(written) == schemas.SCHEMA_VERSION


def test_duckdb_reads_articles_with_nothing_but_the_path(output: Path) -> None:
    rows = duckdb.sql(
        f"SELECT source_path, title, publisher, language, ingest_date FROM '{output}/articles/**/*.parquet' "
        "ORDER BY source_path"
    ).fetchall()
    assert len(rows) == 5
    names = [Path(r[0]).name for r in rows]
    assert names == sorted(p.name for p in Path("seeds").glob("*.txt"))
    assert {r[2] for r in rows} == {"The Times of Israel", "Worthy News", "Arutz Sheva", "Business Standard"}
    assert {r[3] for r in rows} == {"en"}
    assert all(r[4] is not None for r in rows)  # the hive partition column is discovered


def test_duckdb_sees_removals_as_a_list_of_structs(output: Path) -> None:
    rows = duckdb.sql(
        f"SELECT r.rule, r.kind FROM (SELECT unnest(removed) AS r FROM '{output}/articles/**/*.parquet') "
        "WHERE r.kind = 'paywall'"
    ).fetchall()
    assert rows == [("paywall.limit_reached", "paywall")]


def test_rejects_get_rows_with_reason_and_detail(output: Path) -> None:
    rows = duckdb.sql(
        f"SELECT source_path, reason, detail, raw_bytes FROM '{output}/rejects/**/*.parquet' ORDER BY reason"
    ).fetchall()
    assert [(Path(r[0]).name, r[1]) for r in rows] == [("picture.png", "binary"), ("empty.txt", "empty")]
    assert all(r[2] for r in rows)
    assert rows[1][3] == 0


def test_polars_and_pandas_read_the_dataset_from_its_folder(output: Path) -> None:
    import pandas as pd
    import polars as pl

    frame = pd.read_parquet(output / "articles")
    assert len(frame) == 5 and "ingest_date" in frame.columns
    lazy = pl.scan_parquet(output / "articles" / "**" / "*.parquet")
    assert lazy.select(pl.len()).collect().item() == 5
    authors = pl.read_parquet(output / "articles" / "**" / "*.parquet").get_column("authors").to_list()
    assert ["Times of Israel staff"] in authors


def test_published_at_is_a_utc_timestamp_column(output: Path) -> None:
    kinds = duckdb.sql(
        f"SELECT DISTINCT typeof(published_at), typeof(ingested_at) FROM '{output}/articles/**/*.parquet'"
    ).fetchall()
    assert kinds == [("TIMESTAMP WITH TIME ZONE", "TIMESTAMP WITH TIME ZONE")]


def test_no_temporary_files_are_left_in_the_dataset(output: Path) -> None:
    leftovers = [p for p in output.rglob("*") if p.name.endswith(".tmp")]
    assert leftovers == []
