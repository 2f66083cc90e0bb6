"""flows.process.process_items: a batch cleaned first, languages and signatures after, gives
the records processing each document alone gives."""

from __future__ import annotations

from pathlib import Path

import pytest

import flows.process
from cleaners.document import ArticleRecord, Limits, process_document
from cleaners.near_duplicates import signature
from flows.discover import InputFile, Unlisted

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def seed_items() -> list[InputFile | Unlisted]:
    paths = sorted(p for p in SEEDS.iterdir() if p.is_file())
    assert paths
    return [InputFile(str(p), p.stat().st_size, p.stat().st_mtime) for p in paths]


def test_a_batch_gives_the_records_and_signatures_of_its_documents_processed_alone() -> None:
    items = seed_items()
    outcome = flows.process.process_items(items, Limits())
    alone = [process_document(Path(i.path).read_bytes(), i.path, Limits()) for i in items if isinstance(i, InputFile)]
    assert outcome.articles == [r for r in alone if isinstance(r, ArticleRecord)]
    assert all(a.language for a in outcome.articles)
    assert outcome.signatures == {a.doc_id: signature(a.text) for a in outcome.articles}


def test_a_language_identification_that_raises_is_an_internal_error_reject_in_its_place(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    items = seed_items()
    broken = items[1].path

    def with_language(record: ArticleRecord, backend: str = "fast") -> ArticleRecord:
        if record.source_path == broken:
            raise RuntimeError("fastText said no")
        return record

    monkeypatch.setattr(flows.process, "with_language", with_language)
    outcome = flows.process.process_items(items, Limits())
    assert [(r.source_path, r.reason, r.detail) for r in outcome.rejects] == [
        (broken, "internal_error", "RuntimeError: fastText said no")
    ]
    assert outcome.rejects[0].raw_sha256 and outcome.rejects[0].raw_bytes
    assert [a.source_path for a in outcome.articles] == [i.path for i in items if i.path != broken]
    assert broken not in {a.source_path for a in outcome.articles}
