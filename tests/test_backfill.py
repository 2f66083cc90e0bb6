"""Backfills: choosing inputs by the date in their path or their mtime, --glob, --limit, --dry-run."""

from __future__ import annotations

import os
import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flows.discover import InputFile
from flows.select import Selection, path_date
from presswash.cli import app
from tests.conftest import SEEDS
from tests.rows import article_rows, make_corpus


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("2019/09/12/story.html", date(2019, 9, 12)),
        ("feeds/afp/2019/9/2/story.txt", date(2019, 9, 2)),
        ("flat/news-2019-09-13.txt", date(2019, 9, 13)),
        ("flat/news_2019_09_13_1.txt", date(2019, 9, 13)),
        ("flat/20190914-reuters.txt", date(2019, 9, 14)),
        ("exports/2024-01-01/2019/09/15/a.txt", date(2019, 9, 15)),  # the date nearest the file wins
        ("2019/02/30/impossible.txt", None),
        ("000_2834eb0927990edf.txt", None),
        ("id20190912x.txt", None),  # eight digits inside a word are not a date
        ("story-12345678.txt", None),
    ],
)
def test_a_date_written_in_the_path_is_found(path: str, expected: date | None) -> None:
    assert path_date(path) == expected


def test_the_path_date_wins_over_the_mtime_and_the_window_is_inclusive() -> None:
    mtime_2020 = datetime(2020, 5, 1, 12, tzinfo=UTC).timestamp()
    window = Selection(since=date(2019, 9, 1), until=date(2019, 9, 30))
    assert window.wants(InputFile("in/2019/09/30/a.txt", 1, mtime_2020), "2019/09/30/a.txt")
    assert not window.wants(InputFile("in/2019/10/01/a.txt", 1, mtime_2020), "2019/10/01/a.txt")
    in_window = datetime(2019, 9, 1, 0, 30, tzinfo=UTC).timestamp()
    assert window.wants(InputFile("in/flat/a.txt", 1, in_window), "flat/a.txt")
    assert not window.wants(InputFile("in/flat/a.txt", 1, mtime_2020), "flat/a.txt")
    assert not Selection(glob="*.html").wants(InputFile("in/a.txt", 1, mtime_2020), "a.txt")
    assert Selection(glob="2019/*/*.txt").wants(InputFile("in/2019/09/a.txt", 1, mtime_2020), "2019/09/a.txt")


@pytest.fixture()
def archive(tmp_path: Path) -> Path:
    """Six September 2019 articles in dated folders, two from October, two flat ones by mtime."""
    root = tmp_path / "archive"
    made = make_corpus(tmp_path / "made", SEEDS, 10)
    for i, path in enumerate(made[:6]):
        folder = root / "2019" / "09" / f"{10 + i:02d}"
        folder.mkdir(parents=True)
        shutil.move(path, folder / path.name)
    for path in made[6:8]:
        (root / "2019" / "10" / "01").mkdir(parents=True, exist_ok=True)
        shutil.move(path, root / "2019" / "10" / "01" / path.name)
    (root / "flat").mkdir()
    for path, day in zip(made[8:], (date(2019, 9, 20), date(2021, 1, 1)), strict=True):
        shutil.move(path, root / "flat" / path.name)
        stamp = datetime(day.year, day.month, day.day, 12, tzinfo=UTC).timestamp()
        os.utime(root / "flat" / path.name, (stamp, stamp))
    (root / "flat" / "empty.txt").write_bytes(b"")
    os.utime(root / "flat" / "empty.txt", (stamp, stamp))  # 2021: outside September 2019
    return root


def test_dry_run_counts_what_would_be_read_skipped_and_rejected_and_writes_nothing(
    archive: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    runner = CliRunner()
    result = runner.invoke(
        app, ["backfill", str(archive), "--since", "2019-09-01", "--until", "2019-09-30", "-o", str(out), "--dry-run"]
    )
    assert result.exit_code == 0, result.output
    assert "7 selected, 4 outside; would read 7, skip 0 already ingested, reject 0 unread" in result.output
    assert not out.exists()

    (archive / "2019" / "09" / "10" / "broken.txt").symlink_to(archive / "nowhere")
    glob = runner.invoke(
        app,
        [
            "backfill",
            str(archive),
            "--since",
            "2019-09-12",
            "--glob",
            "2019/*",
            "-o",
            str(out),
            "--dry-run",
            "--limit",
            "2",
        ],
    )
    assert glob.exit_code == 0, glob.output
    # 2019/09/12..15 and 2019/10/01 (x2) and the dated broken link (2019/09/10: outside).
    assert "6 selected, 6 outside; would read 2, skip 0 already ingested, reject 0 unread, leave 4" in glob.output


def test_backfill_ingests_its_window_in_limited_steps_with_plain_progress_lines(archive: Path, tmp_path: Path) -> None:
    from flows.runlog import read_runs

    out = tmp_path / "out"
    window = ["backfill", str(archive), "--since", "2019-09-01", "--until", "2019-09-30", "-o", str(out)]
    runner = CliRunner()
    first = runner.invoke(app, [*window, "--limit", "5", "--workers", "1", "--batch-size", "2"])
    assert first.exit_code == 0, first.output
    assert "backfill: 5/5 inputs" in first.output  # not a terminal: log lines, not a bar
    assert len(article_rows(out)) == 5

    dry = runner.invoke(app, [*window, "--dry-run"])
    assert "7 selected, 4 outside; would read 2, skip 5 already ingested" in dry.output

    rest = runner.invoke(app, [*window, "--workers", "1"])
    assert rest.exit_code == 0, rest.output
    assert len(article_rows(out)) == 7
    runs = read_runs(str(out))
    assert [(r["kind"], r["inputs_new"], r["inputs_skipped"]) for r in runs] == [("backfill", 2, 5), ("backfill", 5, 0)]
    assert '"since": "2019-09-01"' in runs[0]["parameters"]


def test_backfill_rejects_a_window_that_ends_before_it_starts(archive: Path) -> None:
    result = CliRunner().invoke(app, ["backfill", str(archive), "--since", "2019-09-30", "--until", "2019-09-01"])
    assert result.exit_code == 2
    bad = CliRunner().invoke(app, ["backfill", str(archive), "--since", "last tuesday"])
    assert bad.exit_code == 2 and "not a date" in bad.output
