"""Exact and near copies of an article are flagged with the first copy's doc_id, across runs."""

from __future__ import annotations

import hashlib
import random
import shutil
from pathlib import Path

import pyarrow.dataset as ds
import pytest

from cleaners.near_duplicates import MIN_WORDS, Entry, Signature, SignatureIndex, flag, signature, similarity
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
    shutil.rmtree(index)
    flags = run("two", {"syndicated.txt": "JERUSALEM (AFP) - " + text.replace("Thursday", "Thursday evening", 1)})
    assert flags["syndicated.txt"] == "story.txt"
    assert index_flags(output) == duplicate_flags(output)  # rebuilt with every committed article

    (newest,) = sorted(index.glob("*.arrow"))[-1:]
    newest.write_bytes(b"ARROW1 not an index")
    flags = run("three", {"exact.txt": text + "\n"})
    assert flags == {"story.txt": None, "other.txt": None, "syndicated.txt": "story.txt", "exact.txt": "story.txt"}
    assert index_flags(output) == duplicate_flags(output)
    (quarantined,) = (output / "_state" / "quarantine").iterdir()
    assert quarantined.name.startswith("near_dup_index-")

    before = index_flags(output)
    assert run("one", {}, reprocess=True) == flags  # the first copy is not a copy of itself
    assert index_flags(output) == before


def _rows(output: Path) -> list[tuple[str, str]]:
    table = ds.dataset(output / "articles", format="parquet", partitioning="hive").to_table()
    paths = table["source_path"].to_pylist()
    return [(str(d), Path(str(p)).name) for d, p in zip(table["doc_id"].to_pylist(), paths, strict=True)]


def _words_changed(text: str, every: int) -> str:
    """``text`` with one word in ``every`` replaced: a Jaccard similarity that falls with ``every``."""
    return " ".join(f"changed{i}" if i % every == 0 else w for i, w in enumerate(text.split()))


def test_written_entries_carry_the_band_hashes_of_first_copies_only() -> None:
    from cleaners.near_duplicates import BANDS, band_hashes, values

    index = SignatureIndex()
    for doc_id, text in [("a", STORY), ("b", SYNDICATED), ("c", "too short"), ("d", OTHER_STORY)]:
        flag(index, doc_id, text, sha(text))
    batch, _deleted = index.journal()
    bands = batch.column("bands").to_pylist()
    assert bands[1] is None and bands[2] is None  # a copy; a text without a signature
    for row in (0, 3):
        sig = batch.column("signature")[row].as_py()
        assert bands[row] == band_hashes(values(sig)).tobytes() and len(bands[row]) == BANDS * 4


def test_the_signature_is_the_same_in_another_process() -> None:
    import subprocess
    import sys

    code = f"from cleaners.near_duplicates import signature; print(signature({STORY!r}).hex())"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=Path(__file__).parents[1]
    )
    sig = signature(STORY)
    assert sig is not None and out.stdout.strip() == sig.hex()


def test_a_copy_above_the_threshold_is_flagged_and_one_below_is_not() -> None:
    base = STORY + " " + OTHER_STORY
    close, far = _words_changed(base, 80), _words_changed(base, 20)  # Jaccard about 0.88 and 0.6
    a, b, c = signature(base), signature(close), signature(far)
    assert a is not None and b is not None and c is not None
    assert similarity(a, b) >= 0.8 > similarity(a, c)
    index = SignatureIndex()
    flag(index, "first", base, sha(base))
    assert flag(index, "close", close, sha(close)) == "first"
    assert flag(index, "far", far, sha(far)) is None


def _story(i: int) -> str:
    return " ".join(f"w{i}x{j}" for j in range(60))


def test_index_segments_and_compaction_survive_a_reload(tmp_path: Path) -> None:
    import flows.dedupe as dedupe
    from flows.ledger import Ledger

    output = str(tmp_path)
    near = dedupe.NearDupIndex(output)
    near.loaded = True
    saved: dict[str, str | None] = {}
    for batch in range(dedupe.COMPACT_AFTER_SEGMENTS + 3):
        for i in range(3):
            doc, text = f"d{batch}-{i}", _story(batch * 3 + i)
            saved[doc] = flag(near.index, doc, text, sha(text))
        copy = _story(0) + " again"
        saved[f"copy{batch}"] = flag(near.index, f"copy{batch}", copy, sha(copy))
        if batch == 5:
            assert near.index.discard("d1-0")
            del saved["d1-0"]
        near.save(batch)
        assert near.loaded and near.seq == batch  # compacting keeps the index held: no reload
        segments = sorted(p.name for p in Path(dedupe.index_path(output)).iterdir())
        assert sum(name.startswith("base-") for name in segments) == 1
    assert len(segments) < dedupe.COMPACT_AFTER_SEGMENTS  # compacted: segments folded into a new base
    assert all(dup == "d0-0" for doc, dup in saved.items() if doc.startswith("copy"))

    index, seq, _marker = dedupe.read_index(output)
    assert seq == dedupe.COMPACT_AFTER_SEGMENTS + 2
    assert {e.doc_id: e.duplicate_of for e in index.entries} == saved
    assert index.entries == near.index.entries
    text = _story(7)
    assert index.find(sha(text), signature(text)) == "d2-1"
    assert index.find(sha("x"), signature(_story(7) + " plus")) == "d2-1"

    # Another process's view catches up with a new segment.
    other = dedupe.NearDupIndex(output)
    ledger = Ledger(output)
    ledger.last_seq = seq
    assert not other.sync(ledger)
    flag(near.index, "late", _story(999), sha(_story(999)))
    near.save(seq + 1)
    ledger.last_seq = seq + 1
    assert not other.sync(ledger)
    assert other.index.get("late") == near.index.get("late")


def synthetic_entries(n: int, seed: int = 0) -> object:
    """``n`` first copies with random signatures, as the index files hold them."""
    import numpy as np
    import pyarrow as pa

    from cleaners.near_duplicates import ENTRY_SCHEMA, SIG_BYTES, band_hashes, key

    sigs = np.random.default_rng(seed).integers(0, 2**32, size=(n, 128), dtype=np.uint32)
    doc_ids = [f"{i:064x}" for i in range(n)]
    shas = [f"{i + 10**9:064x}" for i in range(n)]
    return pa.record_batch(
        [
            pa.array(doc_ids, pa.string()),
            pa.array(shas, pa.string()),
            pa.nulls(n, pa.string()),
            pa.FixedSizeBinaryArray.from_buffers(pa.binary(SIG_BYTES), n, [None, pa.py_buffer(sigs.tobytes())]),
            pa.array(np.ones(n, dtype=bool)),
            pa.array([key(d) for d in doc_ids], pa.uint64()),
            pa.array([key(s) for s in shas], pa.uint64()),
            pa.FixedSizeBinaryArray.from_buffers(pa.binary(64), n, [None, pa.py_buffer(band_hashes(sigs).tobytes())]),
        ],
        schema=ENTRY_SCHEMA,
    )


def test_memory_per_entry_stays_bounded_whatever_the_size() -> None:
    per_entry = {}
    for n in (2_000, 20_000):
        index = SignatureIndex()
        index.attach(synthetic_entries(n))  # type: ignore[arg-type]
        assert len(index) == n
        per_entry[n] = index.nbytes / n
    # a state byte, 12 bytes per key (doc_id, text digest) and 8 per band: 153 bytes
    assert per_entry[20_000] <= 160
    assert per_entry[20_000] <= per_entry[2_000] * 1.1


def test_a_base_written_in_many_record_batches_reads_back_whole_and_survives_releasing_its_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pyarrow as pa

    import flows.dedupe as dedupe

    monkeypatch.setattr(dedupe, "BASE_BATCH_ROWS", 4)  # compaction writes the base 4 entries at a time
    test_index_segments_and_compaction_survive_a_reload(tmp_path)
    folder = Path(dedupe.index_path(str(tmp_path)))
    base = next(p for p in folder.iterdir() if p.name.startswith("base-"))
    assert pa.ipc.open_file(str(base)).num_record_batches > 10

    near = dedupe.NearDupIndex(str(tmp_path))
    near._load()
    assert near.maps  # read through mappings, which release() hands back page by page
    before = near.index.entries
    near.release()
    assert near.index.entries == before
    text = _story(7)
    assert near.index.find(sha(text), signature(text)) == "d2-1"


def test_a_compacted_base_that_does_not_read_back_leaves_the_index_to_be_reloaded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import flows.dedupe as dedupe
    from flows.ledger import Ledger

    output = str(tmp_path)
    near = dedupe.NearDupIndex(output)
    near.loaded = True
    for i in range(3):
        flag(near.index, f"d{i}", _story(i), sha(_story(i)))
    real_read = dedupe._read

    def damaged(path: str, maps: object = None) -> object:
        raise dedupe.IndexDamaged("cannot read it back")

    monkeypatch.setattr(dedupe, "_read", damaged)
    near.save(0)  # the first save writes a base; reading it back fails: logged, not raised
    assert not near.loaded and len(near.index) == 0  # the old entries went before the read-back
    monkeypatch.setattr(dedupe, "_read", real_read)
    ledger = Ledger(output)
    ledger.last_seq = 0
    assert not near.sync(ledger)  # reloaded from the base on disk, which is whole
    assert {e.doc_id for e in near.index.entries} == {"d0", "d1", "d2"}
    text = _story(1)
    assert near.index.find(sha(text), signature(text)) == "d1"


# 7: merged between batches and (held back) within them; 100: what earlier batches added
# is still pending when the next one is flagged.
@pytest.mark.parametrize("pending", [7, 100])
def test_flagging_a_batch_at_once_answers_and_leaves_the_index_as_flagging_one_by_one(
    monkeypatch: pytest.MonkeyPatch, pending: int
) -> None:
    from cleaners.near_duplicates import _Lookup, flag_many, flag_signed

    monkeypatch.setattr(_Lookup, "PENDING", pending)
    rng = random.Random(11)
    vocabulary = [f"w{i}" for i in range(400)]
    stories = [" ".join(rng.choice(vocabulary) for _ in range(80)) for _ in range(25)]

    def variant(text: str) -> str:
        words = text.split()
        words[rng.randrange(len(words))] = rng.choice(vocabulary)  # a near copy
        return " ".join(words)

    batches: list[list[tuple[str, Signature | None, str]]] = []
    for _batch in range(6):
        batch = []
        for _ in range(30):
            text = rng.choice([rng.choice(stories), variant(rng.choice(stories)), "too short to sign"])
            doc_id = f"doc{rng.randrange(120)}"  # some met again: replaced
            batch.append((doc_id, signature(text), hashlib.sha256(text.encode()).hexdigest()))
        batches.append(batch)
    one_by_one, at_once = SignatureIndex(), SignatureIndex()
    flagged = 0
    for batch in batches:
        expected = [flag_signed(one_by_one, doc_id, sig, sha) for doc_id, sig, sha in batch]
        assert flag_many(at_once, batch) == expected
        flagged += sum(first is not None for first in expected)
    assert at_once.entries == one_by_one.entries
    assert flagged > 20  # copies and near copies, within a batch and across batches


def test_a_commit_flagged_in_chunks_with_pages_released_between_gets_the_flags_of_one_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import dataclasses

    import flows.dedupe as dedupe

    @dataclasses.dataclass(frozen=True)
    class Article:
        doc_id: str
        text: str
        text_sha256: str
        duplicate_of: str | None = None

    texts = [_story(i % 4) if i % 3 else _story(i) for i in range(20)]
    articles = [Article(f"d{i}", t, sha(t)) for i, t in enumerate(texts)]

    def flags(chunk: int) -> list[str | None]:
        monkeypatch.setattr(dedupe, "FLAG_CHUNK", chunk)
        near = dedupe.NearDupIndex(str(tmp_path / f"out{chunk}"))
        near.loaded = True
        released = []
        monkeypatch.setattr(near, "release", lambda: released.append(1))
        flagged = near.flag(articles, {})  # type: ignore[arg-type]
        assert len(released) == -(-len(articles) // chunk)
        return [a.duplicate_of for a in flagged]

    whole = flags(1000)
    assert flags(3) == whole
    assert sum(f is not None for f in whole) >= 10  # copies found within the commit


def test_a_base_attached_at_once_is_the_index_attached_batch_by_batch() -> None:
    written = SignatureIndex()
    for i in range(12):
        flag(written, f"d{i}", _story(i % 5), sha(_story(i % 5)))
    written.discard("d3")
    batches = list(written.live_batches(4))
    assert len(batches) > 2

    at_once, one_by_one = SignatureIndex(), SignatureIndex()
    at_once.attach_base(batches)
    for batch in batches:
        one_by_one.attach(batch)
    assert at_once.entries == one_by_one.entries == written.entries
    assert at_once.nbytes == one_by_one.nbytes
    for i in range(7):
        text = _story(i)
        assert at_once.find(sha(text), signature(text)) == one_by_one.find(sha(text), signature(text))
    with pytest.raises(ValueError):
        at_once.attach_base(batches)  # only into an empty index
