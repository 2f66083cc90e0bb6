"""Object storage: ingest from an S3 bucket and write back to it, on a real S3-compatible
server (moto's server mode) listening on 127.0.0.1, started and stopped here."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from flows import storage
from tests.conftest import ROOT, SEEDS

pytestmark = pytest.mark.slow

BUCKET = "presswash-test"
CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
}


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


@pytest.fixture(scope="module")
def bucket(s3_endpoint: str) -> Iterator[str]:
    """The bucket with the seeds (and one empty file) under ``in/``."""
    import s3fs

    fs = s3fs.S3FileSystem(
        key=CREDENTIALS["AWS_ACCESS_KEY_ID"],
        secret=CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
        endpoint_url=s3_endpoint,
        client_kwargs={"region_name": CREDENTIALS["AWS_DEFAULT_REGION"]},
        skip_instance_cache=True,
    )
    fs.call_s3("create_bucket", Bucket=BUCKET)
    for seed in sorted(SEEDS.glob("*.txt")):
        fs.pipe_file(f"{BUCKET}/in/seeds/{seed.name}", seed.read_bytes())
    fs.pipe_file(f"{BUCKET}/in/empty.txt", b"")
    yield BUCKET


def _env(endpoint: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(CREDENTIALS, AWS_ENDPOINT_URL=endpoint)
    return env


def _dataset(endpoint: str, path: str) -> object:
    import pyarrow.dataset as ds
    from pyarrow import fs

    s3 = fs.S3FileSystem(
        access_key=CREDENTIALS["AWS_ACCESS_KEY_ID"],
        secret_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
        region=CREDENTIALS["AWS_DEFAULT_REGION"],
        endpoint_override=endpoint,
        scheme="http",
    )
    return ds.dataset(path, filesystem=s3, format="parquet", partitioning="hive")


def test_cli_ingests_a_bucket_prefix_into_the_same_bucket_readable_with_duckdb(
    s3_endpoint: str, bucket: str, tmp_path: Path
) -> None:
    import duckdb

    result = subprocess.run(
        [sys.executable, "-m", "presswash.cli", "run", f"s3://{bucket}/in", "--output", f"s3://{bucket}/out"],
        cwd=tmp_path,
        env=_env(s3_endpoint),
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "6 inputs → 5 articles, 1 rejects" in result.stdout

    db = duckdb.connect()
    db.register("articles", _dataset(s3_endpoint, f"{bucket}/out/articles"))
    db.register("rejects", _dataset(s3_endpoint, f"{bucket}/out/rejects"))
    rows = db.sql("SELECT source_path, language, ingest_date FROM articles ORDER BY source_path").fetchall()
    assert [r[0] for r in rows] == [f"s3://{bucket}/in/seeds/{p.name}" for p in sorted(SEEDS.glob("*.txt"))]
    assert {r[1] for r in rows} == {"en"}
    assert db.sql("SELECT source_path, reason FROM rejects").fetchall() == [(f"s3://{bucket}/in/empty.txt", "empty")]


def test_bucket_objects_are_listed_lazily_in_key_order_with_sizes(
    s3_endpoint: str, bucket: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for key, value in {**CREDENTIALS, "AWS_ENDPOINT_URL": s3_endpoint}.items():
        monkeypatch.setenv(key, value)
    options = {"skip_instance_cache": True}
    listing = storage.walk(f"s3://{bucket}/in", options=options)
    first = next(listing)  # a generator: the first object comes before the rest is listed
    rest = list(listing)
    names = [item.path for item in [first, *rest]]
    assert names == sorted(names)
    assert names[0] == f"s3://{bucket}/in/empty.txt"
    sizes = {item.path.rsplit("/", 1)[-1]: item.size for item in [first, *rest]}  # type: ignore[union-attr]
    assert sizes["empty.txt"] == 0
    assert all(sizes[p.name] == p.stat().st_size for p in SEEDS.glob("*.txt"))


def test_storage_options_parse_values_and_nest_dotted_keys() -> None:
    options = storage.parse_storage_options(
        ["anon=false", "client_kwargs.region_name=eu-west-1", "endpoint_url=http://127.0.0.1:9000", "max_retries=3"]
    )
    assert options == {
        "anon": False,
        "client_kwargs": {"region_name": "eu-west-1"},
        "endpoint_url": "http://127.0.0.1:9000",
        "max_retries": 3,
    }
    with pytest.raises(ValueError, match="KEY=VALUE"):
        storage.parse_storage_options(["no-equals-sign"])


def test_only_urls_with_a_scheme_other_than_file_are_remote() -> None:
    assert storage.is_remote("s3://bucket/prefix")
    assert not storage.is_remote("output")
    assert not storage.is_remote("/abs/path")
    assert not storage.is_remote("file:///abs/path")
    assert storage.local_path("file:///abs/path") == "/abs/path"
    assert ROOT.exists()
