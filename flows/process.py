"""The per-batch processing task: inputs in, article and reject records out."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from prefect import task
from prefect.cache_policies import NO_CACHE

from cleaners.document import ArticleRecord, Limits, RejectRecord, process_document
from flows.discover import InputFile, Unlisted
from flows.read import read_input


@dataclass
class BatchOutcome:
    articles: list[ArticleRecord] = field(default_factory=list)
    rejects: list[RejectRecord] = field(default_factory=list)


def batched(items: Iterable[InputFile | Unlisted], size: int) -> Iterator[list[InputFile | Unlisted]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


@task(name="process-batch", cache_policy=NO_CACHE)
def process_batch(batch: list[InputFile | Unlisted], limits: Limits) -> BatchOutcome:
    """Read, decode, extract, clean and describe every input of one batch."""
    outcome = BatchOutcome()
    for item in batch:
        if isinstance(item, Unlisted):
            outcome.rejects.append(RejectRecord(item.path, None, None, item.reason, item.detail))
            continue
        data = read_input(item, limits.max_raw_bytes)
        record = data if isinstance(data, RejectRecord) else process_document(data, item.path, limits)
        if isinstance(record, ArticleRecord):
            outcome.articles.append(record)
        else:
            outcome.rejects.append(record)
    return outcome
