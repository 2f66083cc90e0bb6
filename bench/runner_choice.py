"""Why the local runner is a thread-pool task runner over a process pool: a measurement.

Runs only discovery + the ``process-batch`` task (no writing, no ledger, no dedupe) over
one corpus, in one Prefect flow per mechanism, and prints documents/s:

- ``threads + process pool``: ThreadPoolTaskRunner; each task hands its batch to the
  run's DocumentPool (what ``presswash run`` does);
- ``ProcessPoolTaskRunner``: Prefect's process-pool task runner; each task processes its
  batch inline in a spawned worker (which starts its own Prefect engine);
- ``threads only``: ThreadPoolTaskRunner, batches processed inline in threads (GIL-bound).

Usage: ``python -m bench.runner_choice [CORPUS] [--batch-size 500] [--workers 2]``
(default corpus: bench/out/corpus/text-10000, generated if missing).
"""

from __future__ import annotations

import argparse
import os
import time
from typing import Any

from bench.corpus import ensure_corpus


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", nargs="?")
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--workers", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--only", choices=("pool", "prefect-process", "threads"), action="append")
    args = parser.parse_args(argv)
    corpus = args.corpus or str(ensure_corpus("text", 10_000))

    from presswash import prefect_env

    prefect_env.configure()
    from prefect import flow
    from prefect.task_runners import ProcessPoolTaskRunner, ThreadPoolTaskRunner

    from cleaners.document import Limits
    from flows.discover import walk_inputs
    from flows.process import BatchOutcome, batched
    from flows.process_task import batch_submitter, process_batch
    from flows.runner import bounded

    workers: int = args.workers
    window = 2 * workers

    def count(outcomes: Any) -> int:
        total = 0
        for _batch, future in outcomes:
            outcome: BatchOutcome = future.result()
            total += len(outcome.articles) + len(outcome.rejects)
        return total

    @flow(name="bench-pool")
    def with_pool() -> int:
        with batch_submitter(Limits(), "fast", None, workers) as submit:
            return count(bounded(submit, batched(walk_inputs(corpus), args.batch_size), window))

    @flow(name="bench-inline")
    def inline() -> int:
        def submit(batch: list[Any]) -> Any:
            return process_batch.submit(batch, Limits(), "fast", None, None)

        return count(bounded(submit, batched(walk_inputs(corpus), args.batch_size), window))

    threads: Any = ThreadPoolTaskRunner(max_workers=window)
    processes: Any = ProcessPoolTaskRunner(max_workers=workers)
    mechanisms = {
        "pool": (
            "threads + process pool (presswash)",
            with_pool.with_options(task_runner=threads),
        ),
        "prefect-process": (
            "Prefect ProcessPoolTaskRunner",
            inline.with_options(task_runner=processes),
        ),
        "threads": ("ThreadPoolTaskRunner only", inline.with_options(task_runner=threads)),
    }
    print(f"corpus {corpus}, batch size {args.batch_size}, {workers} workers")
    print("| mechanism | documents | wall s | docs/s |")
    print("| --- | ---: | ---: | ---: |")
    for key in args.only or list(mechanisms):
        label, run = mechanisms[key]
        start = time.perf_counter()
        documents = run()
        wall = time.perf_counter() - start
        print(f"| {label} | {documents:,} | {wall:.1f} | {documents / wall:,.0f} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
