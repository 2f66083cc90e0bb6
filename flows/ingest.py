"""The ``ingest`` Prefect flow: raw files in, Parquet datasets out.

Read top to bottom it is the table of contents of a run: log the run, open the ledger and
the near-duplicate index, learn each outlet's repeated lines from what is already
ingested, walk the input, keep what the selection wants and the ledger does not know, cut
it into batches, drop bytes already ingested, turn each batch into records, commit each
batch (flagging copies of earlier articles as it writes them, see flows/commit.py and
flows/dedupe.py) and count its new articles' lines, compact the ledger, save the counts,
report.
"""

from __future__ import annotations

import time
from typing import Any

from prefect import flow, get_run_logger
from prefect.artifacts import create_markdown_artifact
from prefect.futures import PrefectFuture
from prefect.runtime import flow_run

from cleaners.document import Limits
from cleaners.html import DEFAULT_HTML_MODE, check_html_mode
from cleaners.language import DEFAULT_BACKEND, check_backend
from cleaners.repetition import LineCounts
from flows import progress, storage
from flows.commit import commit_batch
from flows.dedupe import open_index_task
from flows.discover import InputFile, Unlisted
from flows.faults import checkpoint
from flows.ledger_tasks import compact_ledger, open_ledger_task
from flows.line_counts import count_committed, learned_lines, save_counts
from flows.memory import use_c_heap_for_arrow
from flows.process import BatchOutcome, batched
from flows.process_task import batch_submitter
from flows.report import RunReport
from flows.run import RunContext
from flows.runlog import record_run
from flows.runner import bounded, default_workers, untracked
from flows.select import Selection, SkipCount, select_inputs, skip_unchanged
from flows.triage import Triage, triage_batch

# Each batch costs ~0.1 s of CPU in this process and Prefect's API server (its three task
# runs, its commit, its Parquet files) whatever its size: at 1,000 seed-size texts that was
# ~5% of a 100k run's CPU. Memory holds at most `window` batches of records.
DEFAULT_BATCH_SIZE = 2000

Submitted = tuple[Triage, PrefectFuture[BatchOutcome] | None]


@flow(name="ingest")
def ingest(
    input: str = "seeds",
    output: str = "output",
    batch_size: int = DEFAULT_BATCH_SIZE,
    kind: str = "manual",
    follow_symlinks: bool = False,
    max_raw_bytes: int = Limits.max_raw_bytes,
    max_decompressed_bytes: int = Limits.max_decompressed_bytes,
    max_text_chars: int = Limits.max_text_chars,
    max_seconds: float = Limits.max_seconds,
    language_backend: str = DEFAULT_BACKEND,
    html_mode: str = DEFAULT_HTML_MODE,
    workers: int | None = None,
    window: int | None = None,
    storage_options: dict[str, Any] | None = None,
    reprocess: bool = False,
    since: str | None = None,
    until: str | None = None,
    glob: str | None = None,
    limit: int | None = None,
    learn_lines: bool = True,
) -> RunReport:
    """Ingest the inputs under ``input`` not yet in the Parquet datasets under ``output``.

    ``html_mode``: ``fast`` (one trafilatura pass per page, the default) or ``precise``
    (three; see :mod:`cleaners.html`).
    ``reprocess`` cleans inputs already ingested again and replaces their rows;
    ``since``/``until`` (ISO days, inclusive), ``glob`` and ``limit`` narrow the inputs
    (see :mod:`flows.select`).
    ``learn_lines``: count each outlet's repeated lines and remove what was learned before
    the run (:mod:`flows.line_counts`); off, the run does neither.
    """
    started = time.perf_counter()
    run = RunContext.start(kind)
    report = RunReport(run.run_id, kind, output)
    limits = Limits(
        max_raw_bytes=max_raw_bytes,
        max_decompressed_bytes=max_decompressed_bytes,
        max_text_chars=max_text_chars,
        max_seconds=max_seconds,
    )
    logger = get_run_logger()
    backend = check_backend(language_backend)
    extraction = check_html_mode(html_mode)
    workers = workers or default_workers()
    storage.set_options(storage_options)  # for the writers in this process
    use_c_heap_for_arrow()  # freed batch buffers go back to the system, whichever thread freed them
    parameters = dict(flow_run.parameters)
    record_run(output, run, report, parameters)
    run_counts = LineCounts()

    try:
        ledger = open_ledger_task(output)
        near_dups = open_index_task(ledger)
        repeated = learned_lines(output) if learn_lines else None
        if repeated is not None:
            report.learned_outlets, report.learned_lines = len(repeated.by_site), len(repeated)
        walk = storage.walk(input, follow_symlinks=follow_symlinks, options=storage_options)
        selected = select_inputs(walk, input, Selection.of(since, until, glob, limit))
        skips = SkipCount()
        to_read = skip_unchanged(selected, ledger, reprocess, limit, skips)
        progress.start()

        # At most `window` batches in flight (default: two per worker), committed in order.
        with batch_submitter(limits, backend, storage_options, workers, extraction, repeated) as submit:

            def triage_then_submit(batch: list[InputFile | Unlisted]) -> Submitted:
                triage = triage_batch(untracked(batch), ledger, limits, reprocess)
                return triage, submit(triage.todo) if triage.todo else None

            batches = bounded(triage_then_submit, batched(to_read, batch_size), window or 2 * workers)
            for part, (_batch, (triage, future)) in enumerate(batches):
                outcome = future.result() if future is not None else BatchOutcome()
                # untracked(): Prefect would walk every record, signature and input (and the
                # whole index: quadratic in the run's size) to link task inputs, on every batch.
                articles, rejects = untracked(outcome.articles), untracked(outcome.rejects)
                signatures, index = untracked(outcome.signatures), untracked(near_dups)
                committed = commit_batch(
                    articles, rejects, untracked(triage), ledger, run, part, reprocess, signatures, index
                )
                report.articles_counted += count_committed(
                    run_counts, committed.articles, committed.new_ids, outcome.line_hashes
                )
                report.add_batch(triage, committed)
                progress.advance(len(_batch))
                logger.info("batch %d: %d new, %d rejected", part, committed.new, committed.rejected)

        report.inputs_skipped += skips.unchanged
        report.deferred = skips.limited
        compact_ledger(ledger)
        checkpoint("before-finish")
        report.status = "completed"
    except BaseException as exc:
        report.status = "failed"
        report.seconds = time.perf_counter() - started
        record_run(output, run, report, parameters, error=f"{type(exc).__name__}: {exc}")
        raise
    finally:
        saved = save_counts(output, run_counts)  # what the committed batches teach, whatever failed later

    if saved is not None:
        report.learned_lines_after = len(saved.learn())  # what the next run will remove
    report.seconds = time.perf_counter() - started
    record_run(output, run, report, parameters)
    create_markdown_artifact(markdown=report.markdown(), key="ingest-report", description="presswash run report")
    return report
