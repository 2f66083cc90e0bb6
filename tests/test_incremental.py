"""Incremental, idempotent runs: the ledger, skips, duplicates, reprocessing, rejects."""

from __future__ import annotations

import errno
import os
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from tests.conftest import SEEDS
from tests.rows import article_rows, dataset_state, make_corpus, part_files, reject_rows


def ingest(input: Path, output: Path, **options: Any) -> Any:
    from flows.ingest import ingest as flow

    options.setdefault("batch_size", 3)
    options.setdefault("workers", 1)
    return flow(input=str(input), output=str(output), **options)


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    make_corpus(folder, SEEDS, 8)
    (folder / "empty.txt").write_bytes(b"")
    return folder


def test_running_twice_leaves_the_rows_of_running_once_and_reads_nothing_the_second_time(
    corpus: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    first = ingest(corpus, out)
    once = dataset_state(out)
    files_once = sorted(p.name for p in part_files(out, "articles"))
    second = ingest(corpus, out)

    assert (first.inputs_new, first.inputs_rejected) == (8, 1)
    assert dataset_state(out) == once
    assert sorted(p.name for p in part_files(out, "articles")) == files_once
    assert (second.inputs_skipped, second.inputs_new, second.articles_written, second.rejects_written) == (9, 0, 0, 0)


def test_same_bytes_in_two_files_are_one_row_and_the_report_counts_the_duplicate(corpus: Path, tmp_path: Path) -> None:
    first = sorted(corpus.glob("0*.txt"))[0]
    (corpus / "sub").mkdir()
    shutil.copy(first, corpus / "sub" / "again.txt")
    shutil.copy(first, corpus / "zz-again.txt")
    out = tmp_path / "out"
    report = ingest(corpus, out)

    assert report.duplicates == 2
    assert report.inputs_new == 8
    counts = Counter(doc for doc, _ in article_rows(out))
    assert len(counts) == 8 and set(counts.values()) == {1}
    assert "duplicates (same bytes as another input of this run) | 2" in report.markdown()


def test_a_copy_landing_later_is_skipped_without_cleaning_it_again(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    ingest(corpus, out)
    before = dataset_state(out)
    shutil.copy(sorted(corpus.glob("0*.txt"))[2], corpus / "copy-from-another-feed.txt")
    os.utime(sorted(corpus.glob("0*.txt"))[3], (1e9, 1e9))  # touched: new mtime, same bytes
    report = ingest(corpus, out)

    assert dataset_state(out) == before
    assert report.inputs_skipped == 10 and report.inputs_new == 0
    # Both now sit in the stat cache: a third run reads neither.
    from flows.discover import walk_inputs
    from flows.ledger import read_ledger
    from flows.select import SkipCount, skip_unchanged

    count = SkipCount()
    assert list(skip_unchanged(walk_inputs(str(corpus)), read_ledger(str(out)), False, None, count)) == []
    assert count.unchanged == 10


def test_a_file_whose_bytes_changed_is_a_new_document(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    ingest(corpus, out)
    target = sorted(corpus.glob("0*.txt"))[1]
    target.write_bytes(target.read_bytes() + b"\nA correction was appended to this story on Tuesday.\n")
    report = ingest(corpus, out)

    assert report.inputs_new == 1
    assert len(article_rows(out)) == 9


def test_reprocess_replaces_rows_and_each_doc_id_appears_once(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    ingest(corpus, out)
    old = {doc: run for doc, run in zip(*_columns(out, "doc_id", "run_id"), strict=True)}
    # Reprocess only part of the input: rows of the rest must survive the rewrite of their files.
    part = tmp_path / "part"
    part.mkdir()
    chosen = sorted(corpus.glob("0*.txt"))[:4]
    for path in chosen:
        shutil.copy(path, part / path.name)
    report = ingest(part, out, reprocess=True)

    docs, runs = _columns(out, "doc_id", "run_id")
    assert report.inputs_replaced == 4 and report.inputs_new == 0
    assert sorted(docs) == sorted(old) and len(set(docs)) == len(docs) == 8
    replaced = {d for d, r in zip(docs, runs, strict=True) if r == report.run_id}
    assert len(replaced) == 4
    assert all(old[d] != report.run_id for d in old)
    assert not list(out.rglob("*.tmp"))


def test_known_bad_bytes_are_skipped_and_a_fixed_broken_link_replaces_its_reject(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    (corpus / "link.txt").symlink_to(corpus / "zz-later.txt")  # dangling: a path-level reject, retried
    ingest(corpus, out)
    assert sorted(r[2] for r in reject_rows(out)) == ["dangling_symlink", "empty"]

    again = ingest(corpus, out)
    assert sorted(r[2] for r in reject_rows(out)) == ["dangling_symlink", "empty"]  # no second row
    assert again.inputs_rejected == 1 and again.inputs_skipped == 9  # the link retried, the empty file not

    shutil.copy(sorted(SEEDS.glob("*.txt"))[0], corpus / "zz-later.txt")
    fixed = ingest(corpus, out)
    assert (fixed.inputs_new, fixed.duplicates) == (1, 1)  # the link now reads the new file's bytes
    assert [r[2] for r in reject_rows(out)] == ["empty"]


def test_the_ledger_is_rebuilt_from_the_datasets_when_missing_or_damaged(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    ingest(corpus, out)
    state = dataset_state(out)

    shutil.rmtree(out / "_state")
    missing = ingest(corpus, out)
    assert dataset_state(out) == state and missing.inputs_skipped == 9

    for segment in (out / "_state" / "ledger").iterdir():
        segment.write_bytes(b"PAR1 this is not a parquet file")
    damaged = ingest(corpus, out)
    assert dataset_state(out) == state and damaged.inputs_skipped == 9
    assert list((out / "_state" / "quarantine").iterdir())


def test_part_files_no_commit_points_at_are_removed_when_the_ledger_opens(corpus: Path, tmp_path: Path) -> None:
    from flows.ledger import open_ledger

    out = tmp_path / "out"
    ingest(corpus, out)
    state = dataset_state(out)
    (existing,) = part_files(out, "articles")[:1]
    stray = existing.with_name("part-20000101T000000Z-deadbeef-00000.parquet")
    shutil.copy(existing, stray)  # a batch written by a run killed before its commit
    (existing.parent / ".part-x.parquet.123.tmp").write_bytes(b"half")

    open_ledger(str(out))
    assert not stray.exists() and not list(out.rglob("*.tmp"))
    assert dataset_state(out) == state


def test_a_transient_write_error_is_retried_and_the_run_completes(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import flows.write

    real = pq.write_table
    failures = {"left": 1}

    def flaky(table: Any, where: Any, **kwargs: Any) -> None:
        if "articles" in str(where) and failures["left"]:
            failures["left"] -= 1
            raise OSError(errno.EIO, "Input/output error (injected)")
        real(table, where, **kwargs)

    monkeypatch.setattr(flows.write.pq, "write_table", flaky)
    out = tmp_path / "out"
    report = ingest(corpus, out)

    assert failures["left"] == 0
    assert report.status == "completed" and report.inputs_new == 8
    assert Counter(doc for doc, _ in article_rows(out)).most_common(1)[0][1] == 1


def _columns(out: Path, *names: str) -> tuple[list[Any], ...]:
    values: list[list[Any]] = [[] for _ in names]
    for path in part_files(out, "articles"):
        table = pq.read_table(path, columns=list(names))
        for i, name in enumerate(names):
            values[i] += table.column(name).to_pylist()
    return tuple(values)


def test_files_named_in_bytes_that_are_not_utf8_are_ingested_escaped_and_skipped_when_unchanged(
    corpus: Path, tmp_path: Path
) -> None:
    """A Latin-1 file name (os.walk keeps its bytes as surrogate escapes) neither fails the
    batch's commit nor the next runs' ledger: the rows show the byte as \\xe9, the ledger
    keeps the exact path, and the next runs read nothing."""
    from tests.rows import rows

    folder = os.fsencode(corpus)
    text = sorted(SEEDS.glob("*.txt"))[0].read_bytes() + b"\n\nA closing line only this file has.\n"
    with open(folder + b"/caf\xe9.txt", "wb") as handle:
        handle.write(text)
    (corpus / "empty.txt").rename(os.fsdecode(folder + b"/vide-\xff.txt"))
    out = tmp_path / "out"
    first = ingest(corpus, out)
    second = ingest(corpus, out, batch_size=100)
    third = ingest(corpus, out)

    assert (first.inputs_new, first.inputs_rejected) == (9, 1)
    assert [Path(str(p)).name for (p,) in rows(out, "articles", ["source_path"]) if "caf" in str(p)] == ["caf\\xe9.txt"]
    assert [name for name, _sha, reason in reject_rows(out)] == ["vide-\\xff.txt"]
    assert (second.inputs_skipped, second.inputs_new) == (10, 0)
    assert (third.inputs_skipped, third.inputs_new) == (10, 0)
