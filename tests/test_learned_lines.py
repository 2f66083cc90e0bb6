"""The ingest flow learns each outlet's repeated lines from what it ingested
(flows/line_counts.py): what a run teaches the runs after it, and what it must not count."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest

from cleaners.repetition import MIN_SITE_DOCS
from flows.line_counts import counts_path, read_counts
from tests.rows import rows

FOOTER = "The Valley Courier is printed on recycled paper in Millbrook."
SOURCE = "Source: Valley Courier"
OUTLET = "name:valley courier"


def story(i: int) -> str:
    paragraphs = [
        f"Story {i} paragraph {p}: the council met for the {i * 7 + p}th time to discuss item {i}-{p}, "
        f"and the vote on the {p} proposals from district {i} was postponed again."
        for p in range(4)
    ]
    return "\n\n".join([f"Council story number {i} in the headline", *paragraphs, FOOTER, SOURCE]) + "\n"


def write_stories(folder: Path, numbers: range) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in numbers:
        (folder / f"story-{i:03d}.txt").write_text(story(i), encoding="utf-8")


def ingest(input: Path, output: Path, **options: Any) -> Any:
    from flows.ingest import ingest as flow

    options.setdefault("batch_size", 3)
    options.setdefault("workers", 1)
    return flow(input=str(input), output=str(output), **options)


def footers_kept(output: Path) -> dict[str, bool]:
    found = rows(output, "articles", ["source_path", "text"])
    return {Path(str(path)).name: FOOTER in str(text) for path, text in found}


def learned_removals(output: Path) -> set[str]:
    found = rows(output, "articles", ["source_path", "removed"])
    return {
        Path(str(path)).name
        for path, removed in found
        if any(r["rule"] == "repetition.within_site" and r["text"] == FOOTER for r in removed)  # type: ignore[attr-defined]
    }


def test_a_run_teaches_the_runs_after_it_and_reprocessing_applies_it_to_itself(tmp_path: Path) -> None:
    inputs, out = tmp_path / "in", tmp_path / "out"
    write_stories(inputs, range(MIN_SITE_DOCS + 1))
    first = ingest(inputs, out)
    # Every batch of a run is cleaned with what was learned before it started.
    assert all(footers_kept(out).values())
    assert (first.learned_lines, first.learned_lines_after) == (0, 2)  # the footer and the source line
    assert read_counts(str(out)).site_docs == {OUTLET: MIN_SITE_DOCS + 1}

    write_stories(inputs, range(MIN_SITE_DOCS + 1, MIN_SITE_DOCS + 3))
    report = ingest(inputs, out)
    assert (report.learned_outlets, report.articles_counted) == (1, 2)
    assert "| articles counted for learning | 2 |" in report.markdown()
    kept = footers_kept(out)
    assert sorted(name for name, footer in kept.items() if not footer) == ["story-005.txt", "story-006.txt"]
    assert learned_removals(out) == {"story-005.txt", "story-006.txt"}

    ingest(inputs, out, reprocess=True)
    assert not any(footers_kept(out).values())
    assert len(learned_removals(out)) == MIN_SITE_DOCS + 3
    # Reprocessed rows were counted when they were new: the outlet has 7 documents, not 14.
    assert read_counts(str(out)).site_docs == {OUTLET: MIN_SITE_DOCS + 3}


def test_copies_of_one_story_teach_nothing(tmp_path: Path) -> None:
    # Five copies of one article under different names and spacing: near-duplicates of
    # the first, which is the only one counted, so none of its lines is learned.
    inputs, out = tmp_path / "in", tmp_path / "out"
    inputs.mkdir()
    for i in range(5):
        (inputs / f"copy-{i}.txt").write_text(story(1) + "\n" * (i + 1), encoding="utf-8")
    ingest(inputs, out)
    assert read_counts(str(out)).site_docs == {OUTLET: 1.0}
    assert not read_counts(str(out)).learn()


def test_documents_without_an_outlet_teach_nothing(tmp_path: Path) -> None:
    inputs, out = tmp_path / "in", tmp_path / "out"
    inputs.mkdir()
    for i in range(6):
        (inputs / f"story-{i}.txt").write_text(story(i).replace(SOURCE, ""), encoding="utf-8")
    ingest(inputs, out)
    assert not Path(counts_path(str(out))).exists()


def test_an_unreadable_counts_file_is_reported_and_learned_again(tmp_path: Path, caplog: Any) -> None:
    inputs, out = tmp_path / "in", tmp_path / "out"
    write_stories(inputs, range(3))
    ingest(inputs, out)
    Path(counts_path(str(out))).write_bytes(b"not parquet at all")
    write_stories(inputs, range(3, 6))
    with caplog.at_level(logging.WARNING, logger="presswash.line_counts"):
        report = ingest(inputs, out)
    assert report.inputs_new == 3
    assert "could not read the line counts" in caplog.text
    # The three new stories are counted again from nothing.
    assert read_counts(str(out)).site_docs == {OUTLET: 3.0}


@pytest.mark.parametrize("workers", [1, 2])
def test_what_a_run_removes_does_not_depend_on_its_workers(tmp_path: Path, workers: int) -> None:
    inputs, out = tmp_path / "in", tmp_path / f"out-{workers}"
    write_stories(inputs, range(MIN_SITE_DOCS))
    ingest(inputs, out)
    write_stories(inputs, range(MIN_SITE_DOCS, MIN_SITE_DOCS + 9))
    ingest(inputs, out, workers=workers, batch_size=2)
    assert learned_removals(out) == {f"story-{i:03d}.txt" for i in range(MIN_SITE_DOCS, MIN_SITE_DOCS + 9)}


def test_inspect_shows_what_the_next_run_would_remove_with_what_an_output_learned(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from presswash.cli import app

    inputs, out = tmp_path / "in", tmp_path / "out"
    write_stories(inputs, range(MIN_SITE_DOCS))
    ingest(inputs, out)
    new = tmp_path / "new-story.txt"
    new.write_text(story(99), encoding="utf-8")
    runner = CliRunner()
    plain = runner.invoke(app, ["inspect", str(new)], env={"COLUMNS": "200"})
    learned = runner.invoke(app, ["inspect", str(new), "--learned-from", str(out)], env={"COLUMNS": "200"})
    missing = runner.invoke(app, ["inspect", str(new), "--learned-from", str(tmp_path / "nowhere")])
    assert plain.exit_code == learned.exit_code == 0
    assert "repetition.within_site" not in plain.output
    assert "repetition.within_site" in learned.output
    assert missing.exit_code != 0 and "is not a folder" in missing.output


def test_a_run_without_learning_neither_counts_nor_removes_learned_lines(tmp_path: Path) -> None:
    inputs, out = tmp_path / "in", tmp_path / "out"
    write_stories(inputs, range(MIN_SITE_DOCS))
    ingest(inputs, out)
    saved = Path(counts_path(str(out))).read_bytes()
    write_stories(inputs, range(MIN_SITE_DOCS, MIN_SITE_DOCS + 2))
    report = ingest(inputs, out, learn_lines=False)
    assert learned_removals(out) == set()
    assert (report.learned_lines, report.articles_counted) == (0, 0)
    assert Path(counts_path(str(out))).read_bytes() == saved
