"""The ``process-batch`` Prefect task: one batch's records, in the run's worker pool."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from typing import Any

from prefect import task
from prefect.cache_policies import NO_CACHE
from prefect.futures import PrefectFuture

from cleaners.document import Limits
from cleaners.html import DEFAULT_HTML_MODE, HtmlMode
from cleaners.language import DEFAULT_BACKEND, Backend
from cleaners.repetition import RepeatedLines
from flows.discover import InputFile, Unlisted
from flows.process import BatchOutcome, crashed_outcome, merge_outcomes, process_items
from flows.runner import close_pool, get_pool, open_pool, untracked


@task(name="process-batch", cache_policy=NO_CACHE)
def process_batch(
    batch: list[InputFile | Unlisted],
    limits: Limits,
    language_backend: Backend = DEFAULT_BACKEND,
    storage_options: dict[str, Any] | None = None,
    pool: str | None = None,
    html_mode: HtmlMode = DEFAULT_HTML_MODE,
    repeated: RepeatedLines | None = None,
) -> BatchOutcome:
    """One batch's records: in the run's worker-process pool ``pool``, or right here."""
    work = partial(
        process_items,
        limits=limits,
        language_backend=language_backend,
        storage_options=storage_options,
        html_mode=html_mode,
        repeated=repeated,
    )
    if pool is None:
        return work(batch)
    return get_pool(pool).run(work, batch, merge=merge_outcomes, crashed=crashed_outcome)


@contextmanager
def batch_submitter(
    limits: Limits,
    language_backend: Backend,
    storage_options: dict[str, Any] | None,
    workers: int,
    html_mode: HtmlMode = DEFAULT_HTML_MODE,
    repeated: RepeatedLines | None = None,
) -> Iterator[Callable[[list[InputFile | Unlisted]], PrefectFuture[BatchOutcome]]]:
    """A function submitting one batch's ``process-batch`` task, for the current flow run.

    Under the thread-pool task runner (``local``) the tasks hand their batches to a
    worker-process pool opened here for the run and closed after it; under any other
    runner (Dask) each task processes its batch where the runner put it.
    """
    from prefect.context import FlowRunContext
    from prefect.task_runners import ThreadPoolTaskRunner

    context = FlowRunContext.get()
    local = context is None or isinstance(context.task_runner, ThreadPoolTaskRunner)
    pool_id = open_pool(workers) if local else None

    def submit(batch: list[InputFile | Unlisted]) -> PrefectFuture[BatchOutcome]:
        # Quoted only here: prefect-dask hands a quoted argument over as a plain tuple.
        items = untracked(batch) if local else batch
        learned = untracked(repeated) if local else repeated
        return process_batch.submit(items, limits, language_backend, storage_options, pool_id, html_mode, learned)

    try:
        yield submit
    finally:
        if pool_id is not None:
            close_pool(pool_id)
