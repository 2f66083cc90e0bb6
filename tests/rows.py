"""Reading back what a run left in an output folder, for the incremental-run tests."""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path

import pyarrow.dataset as ds
import pyarrow.parquet as pq

# What differs between two runs that wrote the same records: the run, its time and its day
# (two runs may fall on either side of midnight).
RUN_COLUMNS = ("run_id", "ingested_at", "ingest_date")


def part_files(output: Path, dataset: str) -> list[Path]:
    return sorted((output / dataset).glob("ingest_date=*/*.parquet"))


def records(output: Path, dataset: str, drop: tuple[str, ...] = RUN_COLUMNS) -> list[dict[str, object]]:
    """Every row of ``dataset`` as a dict without the ``drop`` columns, by source path:
    what two runs over the same inputs must agree on."""
    table = ds.dataset(output / dataset, format="parquet", partitioning="hive").to_table()
    found = table.drop_columns([c for c in drop if c in table.column_names]).to_pylist()
    return sorted(found, key=lambda r: str(r["source_path"]))


def rows(output: Path, dataset: str, columns: list[str]) -> list[tuple[object, ...]]:
    found: list[tuple[object, ...]] = []
    for path in part_files(output, dataset):
        table = pq.read_table(path, columns=columns)
        found += list(zip(*(table.column(c).to_pylist() for c in columns), strict=True))
    return found


def article_rows(output: Path) -> list[tuple[object, ...]]:
    """(doc_id, text_sha256) of every article row, duplicates kept."""
    return rows(output, "articles", ["doc_id", "text_sha256"])


def reject_rows(output: Path) -> list[tuple[object, ...]]:
    """(file name, raw_sha256, reason) of every reject row, duplicates kept."""
    return [(Path(str(p)).name, s, r) for p, s, r in rows(output, "rejects", ["source_path", "raw_sha256", "reason"])]


def dataset_state(output: Path) -> tuple[Counter[tuple[object, ...]], Counter[tuple[object, ...]]]:
    """What a reader of the datasets sees, run ids and times left out: comparable across runs."""
    return Counter(article_rows(output)), Counter(reject_rows(output))


def make_corpus(folder: Path, seeds: Path, copies: int) -> list[Path]:
    """``copies`` distinct articles made from the seeds (each with its own last line)."""
    folder.mkdir(parents=True, exist_ok=True)
    sources = sorted(seeds.glob("*.txt"))
    made = []
    for i in range(copies):
        seed = sources[i % len(sources)]
        body = seed.read_bytes() + f"\n\nCorrespondent's note number {i} for this edition.\n".encode()
        path = folder / f"{i:04d}_{hashlib.sha1(body).hexdigest()[:8]}.txt"
        path.write_bytes(body)
        made.append(path)
    return made


def complete_files_only(output: Path) -> None:
    """Every Parquet file a reader can list opens whole (no half-written file is visible)."""
    for dataset in ("articles", "rejects", "runs"):
        for path in sorted((output / dataset).glob("**/*.parquet")):
            pq.read_table(path)  # raises on a truncated file


def expected_state(folder: Path) -> tuple[Counter[tuple[object, ...]], Counter[tuple[object, ...]]]:
    """The rows one uninterrupted run over ``folder`` writes, worked out without the pipeline's I/O."""
    from cleaners.document import ArticleRecord, RejectRecord, process_document
    from flows.discover import InputFile, walk_inputs

    articles: dict[object, tuple[object, ...]] = {}
    rejects: dict[object, tuple[object, ...]] = {}
    for item in walk_inputs(str(folder)):
        if not isinstance(item, InputFile):
            rejects[item.path] = (Path(item.path).name, None, item.reason)
            continue
        record = process_document(Path(item.path).read_bytes(), item.path)
        if isinstance(record, ArticleRecord):
            articles.setdefault(record.doc_id, (record.doc_id, record.text_sha256))
        elif isinstance(record, RejectRecord):
            rejects.setdefault(record.raw_sha256, (Path(record.source_path).name, record.raw_sha256, record.reason))
    return Counter(articles.values()), Counter(rejects.values())


def duplicate_flags(output: Path) -> dict[str, str | None]:
    """``duplicate_of`` of every article row, by doc_id."""
    return {
        str(doc): None if dup is None else str(dup) for doc, dup in rows(output, "articles", ["doc_id", "duplicate_of"])
    }


def near_dup_index(output: Path) -> dict[str, tuple[object, ...]]:
    """The near-duplicate index file, by doc_id: (text_sha256, duplicate_of, signature)."""
    from flows.dedupe import read_index

    index, _seq, _marker = read_index(str(output))
    return {e.doc_id: (e.text_sha256, e.duplicate_of, e.signature) for e in index.entries}
