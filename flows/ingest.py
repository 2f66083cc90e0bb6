"""The ``ingest`` Prefect flow: raw files in, Parquet datasets out.

Read top to bottom it is the table of contents of a run: walk the input, cut it into
batches, turn each batch into records, write each batch, report.
"""

from __future__ import annotations

import time
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE

from cleaners.document import Limits
from cleaners.language import DEFAULT_BACKEND, check_backend
from flows import storage
from flows.process import BatchOutcome, batch_submitter, batched
from flows.report import RunReport
from flows.run import RunContext
from flows.runner import bounded, default_workers
from flows.write import write_records

DEFAULT_BATCH_SIZE = 500


@task(name="write-batch", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=1)
def write_batch(outcome: BatchOutcome, output: str, run: RunContext, part: int) -> list[str]:
    """Write one batch's articles and rejects as Parquet files."""
    return write_records(outcome.articles, outcome.rejects, output, run, part)


@flow(name="ingest")
def ingest(
    input: str = "seeds",
    output: str = "output",
    batch_size: int = DEFAULT_BATCH_SIZE,
    kind: str = "manual",
    follow_symlinks: bool = False,
    max_raw_bytes: int = Limits.max_raw_bytes,
    max_decompressed_bytes: int = Limits.max_decompressed_bytes,
    language_backend: str = DEFAULT_BACKEND,
    workers: int | None = None,
    window: int | None = None,
    storage_options: dict[str, Any] | None = None,
) -> RunReport:
    """Ingest every file under ``input`` into the Parquet datasets under ``output``."""
    started = time.perf_counter()
    run = RunContext.start(kind)
    report = RunReport(run.run_id, kind, output)
    limits = Limits(max_raw_bytes=max_raw_bytes, max_decompressed_bytes=max_decompressed_bytes)
    logger = get_run_logger()

    backend = check_backend(language_backend)
    workers = workers or default_workers()
    storage.set_options(storage_options)  # for the writers in this process
    inputs = storage.walk(input, follow_symlinks=follow_symlinks, options=storage_options)

    # At most `window` batches in flight (default: two per worker), written in order.
    with batch_submitter(limits, backend, storage_options, workers) as submit:
        for part, (_batch, future) in enumerate(bounded(submit, batched(inputs, batch_size), window or 2 * workers)):
            outcome = future.result()
            report.files_written += write_batch(outcome, output, run, part)
            report.add(outcome.articles, outcome.rejects)
            logger.info("batch %d: %d articles, %d rejects", part, len(outcome.articles), len(outcome.rejects))

    report.seconds = time.perf_counter() - started
    create_markdown_artifact(markdown=report.markdown(), key="ingest-report", description="presswash run report")
    return report
