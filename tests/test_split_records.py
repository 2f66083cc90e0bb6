"""``presswash split-records``: a scraper's dump of many JSON records becomes one file per
record, which a run ingests like any other (one file is one document)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from typer.testing import CliRunner

from presswash.cli import app
from presswash.split_records import split_records
from tests.test_front_matter import ARTICLE

runner = CliRunner()


def _record(i: int) -> str:
    return json.dumps({"title": f"Story {i}", "maintext": f"{ARTICLE} Note {i}.", "url": f"https://example.com/{i}"})


def test_each_line_of_a_json_lines_dump_becomes_a_file_named_by_its_line(tmp_path: Path) -> None:
    dump = tmp_path / "dump.jsonl"
    dump.write_text("\n".join([_record(1), _record(2), "not json", "[1, 2]", "", _record(6)]) + "\n")
    report = split_records(dump, tmp_path / "out")
    assert (report.written, report.unchanged, report.bad_count, report.bad_lines) == (3, 0, 2, [3, 4])
    files = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert files == ["dump-000001.json", "dump-000002.json", "dump-000006.json"]
    assert json.loads((tmp_path / "out" / "dump-000006.json").read_text())["title"] == "Story 6"


def test_splitting_again_after_an_append_writes_only_the_new_records(tmp_path: Path) -> None:
    dump = tmp_path / "dump.jsonl"
    dump.write_text(_record(1) + "\n" + _record(2) + "\n")
    split_records(dump, tmp_path / "out")
    first = (tmp_path / "out" / "dump-000001.json").stat().st_mtime_ns
    with dump.open("a") as handle:
        handle.write(_record(3) + "\n")
    report = split_records(dump, tmp_path / "out")
    assert (report.written, report.unchanged) == (1, 2)
    assert (tmp_path / "out" / "dump-000001.json").stat().st_mtime_ns == first


def test_a_gzipped_json_array_is_split_by_position(tmp_path: Path) -> None:
    dump = tmp_path / "dump.json.gz"
    dump.write_bytes(gzip.compress(f"[{_record(1)}, 7, {_record(3)}]".encode()))
    report = split_records(dump, tmp_path / "out")
    assert (report.written, report.bad_lines) == (2, [2])
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["dump-000001.json", "dump-000003.json"]


def test_the_command_reports_what_it_wrote_and_a_run_ingests_every_record(tmp_path: Path) -> None:
    from flows.ingest import ingest

    dump = tmp_path / "dump.jsonl"
    dump.write_text("\n".join(_record(i) for i in range(1, 4)) + "\nbroken\n")
    result = runner.invoke(app, ["split-records", str(dump), str(tmp_path / "records")])
    assert result.exit_code == 0, result.output
    assert "3 records written" in result.output and "1 lines hold no JSON object (lines 4)" in result.output
    report = ingest(input=str(tmp_path / "records"), output=str(tmp_path / "out"), workers=1)
    assert (report.articles_written, report.rejects_written) == (3, 0)


def test_a_dump_that_is_not_json_is_a_one_line_error(tmp_path: Path) -> None:
    dump = tmp_path / "dump.json"
    dump.write_text("[{broken")
    result = runner.invoke(app, ["split-records", str(dump), str(tmp_path / "records")])
    assert result.exit_code == 2
    assert "is not a JSON array or JSON lines" in result.output
