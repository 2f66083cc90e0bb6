"""A batch's processing: inputs in, article and reject records out.

What the pool's workers run (:func:`process_items`), without Prefect: the workers'
forkserver preloads this module, and importing Prefect there cost a second of CPU at
every run's start, while the API server and the flow's process were starting too. The
``process-batch`` task and its submitter are in :mod:`flows.process_task`.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

import numpy as np

from cleaners.document import ArticleRecord, Limits, RejectRecord, inspect_document, sha256_hex, with_language
from cleaners.html import DEFAULT_HTML_MODE, HtmlMode
from cleaners.language import DEFAULT_BACKEND, Backend
from cleaners.near_duplicates import Signature, signature
from cleaners.repetition import RepeatedLines, line_hashes, outlet_key
from flows import storage
from flows.discover import InputFile, Unlisted
from flows.limits import TimeLimitExceeded, time_limit
from flows.read import read_input
from flows.runner import WORKER_CRASHED


@dataclass
class BatchOutcome:
    articles: list[ArticleRecord] = field(default_factory=list)
    rejects: list[RejectRecord] = field(default_factory=list)
    # MinHash signature of each article's text by doc_id, computed where the batch was
    # cleaned (a worker) rather than in the flow's process (see flows/dedupe.py).
    signatures: dict[str, Signature | None] = field(default_factory=dict)
    # The hashes of each article's short lines before cleaning, by doc_id: what the flow
    # counts to learn an outlet's repeated lines (flows/line_counts.py).
    line_hashes: dict[str, np.ndarray] = field(default_factory=dict)


def batched(items: Iterable[InputFile | Unlisted], size: int) -> Iterator[list[InputFile | Unlisted]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def process_items(
    batch: list[InputFile | Unlisted],
    limits: Limits,
    language_backend: Backend = DEFAULT_BACKEND,
    storage_options: dict[str, Any] | None = None,
    html_mode: HtmlMode = DEFAULT_HTML_MODE,
    repeated: RepeatedLines | None = None,
) -> BatchOutcome:
    """Read, decode, extract, clean and describe every input of one batch.

    ``repeated``: the lines learned as each outlet's boilerplate before the run; None
    when the run neither learns nor removes such lines (no line hashes are made).

    Plain function: it runs in a pool worker's main thread, or inline on a Dask worker.
    Every input is cleaned first, then the articles' languages are identified and their
    MinHash signatures computed, each in one loop over the batch: fastText's model and
    the MinHash tables then stay in the CPU caches instead of being evicted by each
    document's cleaning in between (on seed-size text ~0.5 ms a document less, the same
    records). Each document's time limit covers its cleaning and its language together.
    """
    outcome = BatchOutcome()
    records: list[ArticleRecord | RejectRecord] = []
    spent: list[float] = []
    for item in batch:
        if isinstance(item, Unlisted):
            records.append(RejectRecord(item.path, None, None, item.reason, item.detail))
            spent.append(0.0)
            continue
        if storage.is_remote(item.path):
            data = storage.read_remote(item, limits.max_raw_bytes, storage_options)
        else:
            data = read_input(item, limits.max_raw_bytes)
        started = time.monotonic()
        record: ArticleRecord | RejectRecord
        if isinstance(data, RejectRecord):
            record = data
        else:
            record, lines = process_one(
                data, item.path, limits, language_backend, html_mode, identify_language=False, repeated=repeated
            )
            if isinstance(record, ArticleRecord) and lines is not None:
                outcome.line_hashes[record.doc_id] = lines  # the flow counts committed articles' only
        records.append(record)
        spent.append(time.monotonic() - started)
    for record, seconds in zip(records, spent, strict=True):
        if isinstance(record, ArticleRecord):
            record = language_of(record, limits, language_backend, seconds)
        if isinstance(record, ArticleRecord):
            outcome.articles.append(record)
        else:
            outcome.rejects.append(record)
    for article in outcome.articles:
        outcome.signatures[article.doc_id] = signature(article.text)
    return outcome


TIMEOUT = "timeout"
INTERNAL_ERROR = "internal_error"


def process_one(
    data: bytes,
    path: str,
    limits: Limits,
    language_backend: Backend = DEFAULT_BACKEND,
    html_mode: HtmlMode = DEFAULT_HTML_MODE,
    identify_language: bool = True,
    repeated: RepeatedLines | None = None,
) -> tuple[ArticleRecord | RejectRecord, np.ndarray | None]:
    """One document's record, within ``limits.max_seconds``; never raises for bad input.
    With an article, the hashes of the short lines of the text that was cleaned
    (:func:`cleaners.repetition.line_hashes`).

    A document that takes longer is interrupted and becomes a ``timeout`` reject; one
    that makes the cleaners raise (a bug, or a library's limit) becomes an
    ``internal_error`` reject naming the exception. Either way the batch goes on.
    """
    try:
        with time_limit(limits.max_seconds):
            record, result = inspect_document(
                data,
                path,
                limits,
                language_backend=language_backend,
                repeated=repeated,
                html_mode=html_mode,
                identify_language=identify_language,
            )
            # Only an article with an outlet is counted (flows/line_counts.py), and only
            # while the run learns lines (``repeated`` given).
            counted = isinstance(record, ArticleRecord) and outlet_key(record.publisher_domain, record.publisher)
            lines = line_hashes(result.source) if counted and result and repeated is not None else None
            return record, lines
    except TimeLimitExceeded:
        return RejectRecord(path, sha256_hex(data), len(data), TIMEOUT, _timeout_detail(limits)), None
    except Exception as exc:
        return RejectRecord(path, sha256_hex(data), len(data), INTERNAL_ERROR, _error_detail(exc)), None


def language_of(
    article: ArticleRecord, limits: Limits, language_backend: Backend = DEFAULT_BACKEND, spent: float = 0.0
) -> ArticleRecord | RejectRecord:
    """``article`` with its language identified (:func:`process_one` with
    ``identify_language=False`` made it), within what is left of the document's time
    limit after ``spent`` seconds of cleaning; a ``timeout`` or ``internal_error`` reject
    as :func:`process_one` would have made it."""
    left = max(limits.max_seconds - spent, 1e-3) if limits.max_seconds > 0 else None
    try:
        with time_limit(left):
            return with_language(article, language_backend)
    except TimeLimitExceeded:
        reason, detail = TIMEOUT, _timeout_detail(limits)
    except Exception as exc:
        reason, detail = INTERNAL_ERROR, _error_detail(exc)
    return RejectRecord(article.source_path, article.raw_sha256, article.raw_bytes, reason, detail)


def _timeout_detail(limits: Limits) -> str:
    return f"processing took longer than the {limits.max_seconds:g}-second limit"


def _error_detail(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}"[:500]


def merge_outcomes(outcomes: list[BatchOutcome]) -> BatchOutcome:
    merged = BatchOutcome()
    for outcome in outcomes:
        merged.articles.extend(outcome.articles)
        merged.rejects.extend(outcome.rejects)
        merged.signatures.update(outcome.signatures)
        merged.line_hashes.update(outcome.line_hashes)
    return merged


def crashed_outcome(item: InputFile | Unlisted) -> BatchOutcome:
    detail = "the worker process died while processing this input (killed, or crashed in native code)"
    return BatchOutcome(rejects=[RejectRecord(item.path, None, None, WORKER_CRASHED, detail)])
