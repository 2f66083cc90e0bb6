"""Exact and near copies of an article are flagged with the first copy's doc_id, across runs."""

from __future__ import annotations

from pathlib import Path

import pyarrow.dataset as ds
import pytest

from cleaners.near_duplicates import MIN_WORDS, Entry, SignatureIndex, flag, signature, similarity
from tests.conftest import seed_path

STORY = (
    "The central bank raised interest rates by half a point on Wednesday, its third increase this year, "
    "and said further rises were likely if inflation did not ease. “Inflation is still far too high,” the "
    "governor told reporters in the capital after the decision, adding that wage growth had surprised the "
    "committee. Economists had expected a smaller move, and markets fell sharply after the announcement, "
    "with the currency gaining against the dollar. The bank said it would publish new forecasts next month "
    "and that its balance sheet would keep shrinking at the pace set in the spring."
)
SYNDICATED = "LONDON (Reuters) - " + STORY.replace("on Wednesday", "on Wednesday afternoon") + " Reporting by Jane Doe."
OTHER_STORY = (
    "The central bank left interest rates unchanged on Thursday, pausing after three increases this year, "
    "and said it would watch the labour market closely before deciding on its next step. The governor said "
    "that inflation had begun to ease and that the committee was split on whether further rises would be "
    "needed. Markets rose after the announcement, and the currency weakened against the dollar as traders "
    "priced in cuts for the next year."
)


def sha(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode()).hexdigest()


def test_syndicated_copy_with_a_dateline_and_a_credit_is_a_near_copy() -> None:
    a, b = signature(STORY), signature(SYNDICATED)
    assert a is not None and b is not None
    assert similarity(a, b) >= 0.8


def test_another_story_on_the_same_topic_is_not_a_near_copy() -> None:
    a, b = signature(STORY), signature(OTHER_STORY)
    assert a is not None and b is not None
    assert similarity(a, b) < 0.5


def test_copies_point_at_the_first_copy_and_other_stories_at_nothing() -> None:
    index = SignatureIndex()
    assert flag(index, "first", STORY, sha(STORY)) is None
    assert flag(index, "exact", STORY, sha(STORY)) == "first"
    assert flag(index, "near", SYNDICATED, sha(SYNDICATED)) == "first"
    assert flag(index, "other", OTHER_STORY, sha(OTHER_STORY)) is None
    # a copy of the near copy still points at the first copy, never at a copy
    assert flag(index, "copy-of-near", SYNDICATED, sha(SYNDICATED)) == "first"


def test_the_same_document_seen_again_is_not_its_own_duplicate() -> None:
    index = SignatureIndex()
    flag(index, "doc", STORY, sha(STORY))
    assert flag(index, "doc", STORY, sha(STORY)) is None


def test_a_document_never_matches_itself_even_when_its_text_changed() -> None:
    index = SignatureIndex()
    flag(index, "doc", STORY, sha(STORY))
    # Reprocessed, its text now a little different: near itself, but itself is no first copy.
    assert flag(index, "doc", SYNDICATED, sha(SYNDICATED)) is None
    assert index.entries == [Entry("doc", sha(SYNDICATED), signature(SYNDICATED), None)]  # replaced
    # With another first copy of the story, that one is found, not itself.
    index = SignatureIndex()
    flag(index, "first", STORY, sha(STORY))
    flag(index, "doc", OTHER_STORY, sha(OTHER_STORY))
    assert flag(index, "doc", STORY, sha(STORY)) == "first"
    assert index.get("doc") == Entry("doc", sha(STORY), None, "first")


def test_copies_are_recorded_but_never_matched_and_discarded_documents_are_forgotten() -> None:
    index = SignatureIndex()
    flag(index, "first", STORY, sha(STORY))
    flag(index, "near", SYNDICATED, sha(SYNDICATED))
    assert index.doc_ids() == {"first", "near"}
    assert index.discard("first") and not index.discard("first")
    assert index.find(sha(STORY), signature(STORY)) is None  # "near" is a copy: not a first copy
    assert flag(index, "again", STORY, sha(STORY)) is None


def test_short_texts_match_only_when_identical() -> None:
    short = "Markets fell sharply on Wednesday."
    assert len(short.split()) < MIN_WORDS and signature(short) is None
    index = SignatureIndex.of([Entry("a", sha(short), None)])
    assert index.find(sha(short), None) == "a"
    assert index.find(sha(short + " Again."), signature(short + " Again.")) is None


@pytest.mark.slow
def test_a_near_copy_ingested_in_a_later_run_is_flagged_and_kept(tmp_path: Path) -> None:
    from flows.dedupe import index_path
    from flows.ingest import ingest

    output = tmp_path / "out"
    first = tmp_path / "first"
    first.mkdir()
    original = seed_path("000")
    (first / original.name).write_bytes(original.read_bytes())
    ingest(input=str(first), output=str(output))

    second = tmp_path / "second"
    second.mkdir()
    text = original.read_text(encoding="utf-8")
    (second / "syndicated.txt").write_text("JERUSALEM (AFP) - " + text.replace("Thursday", "Thursday evening", 1))
    (second / "exact.txt").write_text(text + "\n")
    ingest(input=str(second), output=str(output))

    assert Path(index_path(str(output))).exists()
    rows = ds.dataset(output / "articles", format="parquet", partitioning="hive").to_table().to_pylist()
    by_path = {Path(r["source_path"]).name: r for r in rows}
    assert set(by_path) == {original.name, "syndicated.txt", "exact.txt"}
    first_id = by_path[original.name]["doc_id"]
    assert by_path[original.name]["duplicate_of"] is None
    assert by_path["syndicated.txt"]["duplicate_of"] == first_id
    assert by_path["exact.txt"]["duplicate_of"] == first_id


def index_flags(output: Path) -> dict[str, str | None]:
    from tests.rows import near_dup_index

    return {doc: entry[1] for doc, entry in near_dup_index(output).items()}


@pytest.mark.slow
def test_a_deleted_or_damaged_index_is_rebuilt_from_the_dataset_and_reprocess_flags_nothing_as_itself(
    tmp_path: Path,
) -> None:
    from flows.dedupe import index_path
    from flows.ingest import ingest
    from tests.rows import duplicate_flags

    output = tmp_path / "out"
    original = seed_path("000")
    text = original.read_text(encoding="utf-8")

    def run(name: str, files: dict[str, str], **options: object) -> dict[str, str | None]:
        folder = tmp_path / name
        folder.mkdir(exist_ok=True)
        for file_name, body in files.items():
            (folder / file_name).write_text(body, encoding="utf-8")
        ingest(input=str(folder), output=str(output), **options)  # type: ignore[arg-type]
        by_doc = {doc: path for doc, path in _rows(output)}
        return {by_doc[doc]: by_doc.get(dup) if dup else None for doc, dup in duplicate_flags(output).items()}

    assert run("one", {"story.txt": text, "other.txt": seed_path("001").read_text(encoding="utf-8")}) == {
        "story.txt": None,
        "other.txt": None,
    }
    index = Path(index_path(str(output)))
    index.unlink()
    flags = run("two", {"syndicated.txt": "JERUSALEM (AFP) - " + text.replace("Thursday", "Thursday evening", 1)})
    assert flags["syndicated.txt"] == "story.txt"
    assert index_flags(output) == duplicate_flags(output)  # rebuilt with every committed article

    index.write_bytes(b"PAR1 not an index")
    flags = run("three", {"exact.txt": text + "\n"})
    assert flags == {"story.txt": None, "other.txt": None, "syndicated.txt": "story.txt", "exact.txt": "story.txt"}
    assert index_flags(output) == duplicate_flags(output)
    (quarantined,) = (output / "_state" / "quarantine").iterdir()
    assert quarantined.name.startswith("near_dup_index.parquet-")

    before = index_flags(output)
    assert run("one", {}, reprocess=True) == flags  # the first copy is not a copy of itself
    assert index_flags(output) == before


def _rows(output: Path) -> list[tuple[str, str]]:
    table = ds.dataset(output / "articles", format="parquet", partitioning="hive").to_table()
    paths = table["source_path"].to_pylist()
    return [(str(d), Path(str(p)).name) for d, p in zip(table["doc_id"].to_pylist(), paths, strict=True)]
