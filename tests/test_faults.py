"""A write that fails (disk full, an output that cannot be written) fails the run with a
clear message, and leaves the dataset already there readable and unchanged."""

from __future__ import annotations

import errno
import hashlib
import os
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import schemas
from tests.cli_runs import assert_one_line, presswash
from tests.conftest import SEEDS

DATASETS = ("articles", "rejects")


def snapshot(output: Path) -> dict[str, str]:
    """Every file of the data datasets, by path below the output, with its digest."""
    found: dict[str, str] = {}
    for dataset in DATASETS:
        for path in sorted((output / dataset).rglob("*")):
            if path.is_file():
                found[str(path.relative_to(output))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def rows(output: Path, dataset: str) -> int:
    files = sorted((output / dataset).glob("ingest_date=*/*.parquet"))
    return sum(pq.read_table(path).num_rows for path in files)


def stray_temporaries(output: Path) -> list[Path]:
    return [p for p in output.rglob("*") if p.name.endswith(".tmp")]


def copy_seeds(folder: Path, names: list[Path], tag: str) -> Path:
    folder.mkdir(parents=True)
    for seed in names:
        (folder / seed.name).write_bytes(seed.read_bytes() + f"\n\nEdition {tag}.\n".encode())
    return folder


def disk_full(real: Callable[..., Any], attempts: list[str] | None = None) -> Callable[..., Any]:
    """``pq.write_table`` on a disk that fills up half way through a data file (each
    attempt at a data file is appended to ``attempts``)."""

    def write_table(table: pa.Table, where: Any, *args: Any, **kwargs: Any) -> None:
        path = str(where)
        if os.sep + "articles" + os.sep in path or os.sep + "rejects" + os.sep in path:
            if attempts is not None:
                attempts.append(path)
            with open(path, "wb") as handle:
                handle.write(b"PAR1 half a file")
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), path)
        real(table, where, *args, **kwargs)

    return write_table


def test_disk_full_fails_the_run_and_leaves_the_dataset_readable_and_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from flows.ingest import ingest

    seeds = sorted(SEEDS.glob("*.txt"))
    output = tmp_path / "out"
    first = copy_seeds(tmp_path / "first", seeds[:2], "one")
    ingest(input=str(first), output=str(output))
    before, articles_before = snapshot(output), rows(output, "articles")
    assert articles_before == 2

    second = copy_seeds(tmp_path / "second", seeds[2:], "two")
    attempts: list[str] = []
    with monkeypatch.context() as patch:
        patch.setattr(pq, "write_table", disk_full(pq.write_table, attempts))
        with pytest.raises(OSError) as failure:
            ingest(input=str(second), output=str(output))
    assert failure.value.errno == errno.ENOSPC
    assert "No space left on device" in str(failure.value)
    assert len(attempts) == 1, attempts  # a full disk is not retried: one attempt, then the run fails

    assert snapshot(output) == before
    assert rows(output, "articles") == articles_before  # readable, every file whole
    assert stray_temporaries(output) == []

    # With room on the disk again, the same input goes in in full.
    ingest(input=str(second), output=str(output))
    assert rows(output, "articles") == len(seeds)


@pytest.mark.parametrize(
    "code", [errno.ENOSPC, errno.EACCES, errno.EPERM, errno.EROFS, errno.EEXIST, errno.ENOTDIR, errno.EISDIR]
)
def test_a_permanent_os_error_is_not_retried(code: int) -> None:
    from flows.retry import is_transient

    assert not is_transient(OSError(code, os.strerror(code)))
    assert not is_transient(OSError(errno.ENAMETOOLONG, "name too long"))


@pytest.mark.parametrize("code", [errno.EAGAIN, errno.EINTR, errno.EBUSY, errno.EIO, errno.ETIMEDOUT, errno.ESTALE])
def test_a_transient_os_error_is_retried(code: int) -> None:
    from flows.retry import is_transient

    assert is_transient(OSError(code, os.strerror(code)))
    assert is_transient(ConnectionResetError(errno.ECONNRESET, "reset"))
    assert is_transient(OSError("transport error from botocore, no errno"))
    assert not is_transient(ValueError("a bug is not retried"))


def migrated_prefect_home(home: Path) -> Path:
    """A private Prefect home for a child process, with a copy of this session's database
    when there is one (its migrations already run: the child's server starts sooner)."""
    home.mkdir()
    session_db = Path(os.environ.get("PREFECT_HOME", "/nonexistent")) / "prefect.db"
    if session_db.exists():
        source = sqlite3.connect(session_db)
        target = sqlite3.connect(home / "prefect.db")
        try:
            source.backup(target)  # a consistent snapshot, even while the session writes
        finally:
            source.close()
            target.close()
    return home


def test_cli_run_whose_output_cannot_be_written_exits_1_with_one_line(tmp_path: Path) -> None:
    output = tmp_path / "out"
    existing = output / "rejects" / "ingest_date=2020-01-01" / "part-earlier-00000.parquet"
    existing.parent.mkdir(parents=True)
    row = {
        "source_path": "old.txt",
        "raw_sha256": None,
        "raw_bytes": None,
        "reason": "empty",
        "detail": "no bytes",
        "ingested_at": datetime(2020, 1, 1, tzinfo=UTC),
        "run_id": "earlier",
    }
    pq.write_table(pa.Table.from_pylist([row], schema=schemas.REJECTS), existing)
    # Where today's partition folders belong, files: every data write fails (EEXIST/ENOTDIR).
    today = datetime.now(UTC).date()
    for dataset in DATASETS:
        for day in (today, today + timedelta(days=1)):
            blocker = output / dataset / f"ingest_date={day}"
            blocker.parent.mkdir(parents=True, exist_ok=True)
            blocker.write_text("not a folder")
    before = snapshot(output)

    prefect_home = str(migrated_prefect_home(tmp_path / "prefect-home"))
    inputs = copy_seeds(tmp_path / "in", sorted(SEEDS.glob("*.txt"))[:1], "cli")
    proc = presswash("run", str(inputs), "-o", str(output), "--workers", "1", timeout=240, PREFECT_HOME=prefect_home)
    line = assert_one_line(proc, 1, "ingest_date=", "--debug")
    assert line.startswith("presswash: run failed: ")

    assert snapshot(output) == before
    assert pq.read_table(existing).num_rows == 1
