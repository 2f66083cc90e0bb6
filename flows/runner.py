"""How batches run: in a pool of worker processes on this machine, or on a Dask cluster.

``local`` (the default): Prefect's thread-pool task runner drives one ``process-batch``
task per batch, and each task hands its batch to a :class:`DocumentPool`, a
``concurrent.futures`` process pool of ``workers`` processes started once per run, which
cuts it into slices run on all workers at once. The per-document work therefore runs in
the *main thread* of a worker process (so a SIGALRM-style time limit works there),
Prefect starts once (not once per worker), and only the file paths go to a worker and
only the records come back. A worker that crashes or is killed breaks the pool: the pool
is replaced, each slice it broke under is tried once more, and if it breaks the pool
again each of that slice's documents is run alone, the ones that still kill their worker
becoming ``worker_crashed`` rejects. The run goes on.

``dask``: prefect-dask's ``DaskTaskRunner`` sends each ``process-batch`` task to a Dask
worker, which processes the batch itself; ``dask_address`` names an existing scheduler
(``tcp://host:8786``), otherwise a local cluster of ``workers`` single-threaded worker
processes is started for the run.

Either way at most ``window`` batches are in flight: the flow submits batch *n + window*
only once batch *n* has been written, so memory does not grow with the number of inputs.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Literal, TypeVar, cast, get_args

from presswash.prefect_env import prefect_api

TaskRunnerKind = Literal["local", "dask"]
TASK_RUNNERS: tuple[TaskRunnerKind, ...] = get_args(TaskRunnerKind)

WORKER_CRASHED = "worker_crashed"
# After this many inputs in a row lost with their worker, check that a worker can run at all.
PROBE_AFTER = 3

T = TypeVar("T")
R = TypeVar("R")


def default_workers() -> int:
    """One worker process per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def check_task_runner(name: str) -> TaskRunnerKind:
    for kind in TASK_RUNNERS:
        if name == kind:
            return kind
    raise ValueError(f"unknown task runner {name!r}; choose one of {', '.join(TASK_RUNNERS)}")


def _worker_start(environment: dict[str, str]) -> None:
    """Each pool worker takes the environment of the run that opened the pool.

    Workers are forked from the forkserver, which holds the environment of the moment it
    started; the run's own (``AWS_*`` credentials and endpoint, for one) is set here.
    """
    os.environ.update(environment)


def _noop(_: object) -> int:
    return os.getpid()


def _worker_context() -> Any:
    # forkserver: workers are forked from a clean server process that has imported the
    # cleaners once, not from this process with Prefect's threads running.
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["cleaners.document", "flows.process", "flows.warm"])
        return ctx
    return multiprocessing.get_context("spawn")  # pragma: no cover - not Linux


def start_forkserver() -> None:
    """Start the workers' forkserver now (it is started at the first batch otherwise).

    It spends a second or two importing the cleaners and loading the language model;
    started before the flow, that happens while this process imports Prefect.
    """
    if "forkserver" in multiprocessing.get_all_start_methods():
        from multiprocessing import forkserver

        _worker_context()
        forkserver.ensure_running()


class WorkersUnusable(RuntimeError):
    """The pool's worker processes die before running anything (an environment fault)."""


class DocumentPool:
    """A process pool that survives its workers dying.

    ``run(fn, batch)`` calls ``fn(batch)`` in a worker and returns its result; when the
    pool breaks under it, see the module docstring. ``split(batch)`` and
    ``crashed(item)`` tell it how to retry a batch one item at a time and what a lost
    item becomes.
    """

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._lock = threading.Lock()
        self._generation = 0
        self._executor: ProcessPoolExecutor | None = None
        self.replacements = 0

    def _context(self) -> Any:
        return _worker_context()

    def _new_executor(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=self._context(),
            initializer=_worker_start,
            initargs=(dict(os.environ),),
        )

    def _current(self) -> tuple[int, ProcessPoolExecutor]:
        with self._lock:
            if self._executor is None:
                self._executor = self._new_executor()
            return self._generation, self._executor

    def _replace(self, generation: int) -> None:
        """Swap a broken executor for a new one (once, whoever notices first)."""
        with self._lock:
            if generation != self._generation or self._executor is None:
                return
            broken = self._executor
            self._executor = None
            self._generation += 1
            self.replacements += 1
        broken.shutdown(wait=False, cancel_futures=True)

    def _call(self, fn: Callable[[T], R], arg: T) -> R:
        generation, executor = self._current()
        try:
            future: Future[R] = executor.submit(fn, arg)
            return future.result()
        except BrokenProcessPool:
            self._replace(generation)
            raise

    def run(
        self,
        fn: Callable[[list[T]], R],
        batch: list[T],
        *,
        merge: Callable[[list[R]], R],
        crashed: Callable[[T], R],
    ) -> R:
        """``fn`` over ``batch`` in the workers; on a broken pool, see the module docstring.

        The batch is cut into up to two slices per worker, run at once: a lone batch
        (a run of one batch, or the last of a run) keeps every core busy, and a slow
        slice does not hold the others up. ``merge`` puts the slices' results back in
        the batch's order.
        """
        slices = _slices(batch, 2 * self.workers)
        attempts: list[tuple[int, Future[R]] | None] = []
        for piece in slices:
            generation, executor = self._current()
            try:
                attempts.append((generation, executor.submit(fn, piece)))
            except BrokenProcessPool:
                self._replace(generation)
                attempts.append(None)
        results: list[R] = []
        for piece, attempt in zip(slices, attempts, strict=True):
            if attempt is not None:
                generation, future = attempt
                try:
                    results.append(future.result())
                    continue
                except BrokenProcessPool:
                    self._replace(generation)
            results.append(self._run_alone(fn, piece, merge=merge, crashed=crashed))
        return merge(results)

    def _run_alone(
        self,
        fn: Callable[[list[T]], R],
        piece: list[T],
        *,
        merge: Callable[[list[R]], R],
        crashed: Callable[[T], R],
    ) -> R:
        """A slice the pool broke under: tried whole once more, then item by item."""
        try:
            return self._call(fn, piece)
        except BrokenProcessPool:
            pass
        results: list[R] = []
        lost_in_a_row = 0
        for item in piece:
            if lost_in_a_row == PROBE_AFTER:
                self._probe()
            try:
                results.append(self._call(fn, [item]))
                lost_in_a_row = 0
            except BrokenProcessPool:
                results.append(crashed(item))
                lost_in_a_row += 1
        return merge(results)

    def _probe(self) -> None:
        """Fail the run when the pool cannot run even a no-op: that is no input's fault."""
        try:
            self._call(_noop, None)
        except BrokenProcessPool:
            raise WorkersUnusable(
                f"worker processes die before doing any work ({self.replacements} pools lost); "
                "see the workers' errors above"
            ) from None

    def close(self) -> None:
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> DocumentPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# Pools of the runs going on in this process, by id: a task finds its run's pool here
# (tasks of the local runner run in threads of the flow's process).
_pools: dict[str, DocumentPool] = {}


def open_pool(workers: int) -> str:
    pool_id = uuid.uuid4().hex
    _pools[pool_id] = DocumentPool(workers)
    return pool_id


def get_pool(pool_id: str) -> DocumentPool:
    try:
        return _pools[pool_id]
    except KeyError:
        raise RuntimeError(f"no document pool {pool_id} in process {os.getpid()}") from None


def close_pool(pool_id: str) -> None:
    pool = _pools.pop(pool_id, None)
    if pool is not None:
        pool.close()


def make_task_runner(kind: TaskRunnerKind, *, window: int, workers: int, dask_address: str | None = None) -> Any:
    """The Prefect task runner for ``kind``."""
    if kind == "dask":
        if os.environ.get("PREFECT_LOGGING_LEVEL", "WARNING").upper() != "INFO":
            # Dask's INFO chatter (scheduler and worker start/stop) only with -v; the
            # variable reaches the worker processes of a local cluster too.
            os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", "warning")
            logging.getLogger("distributed").setLevel(logging.WARNING)
        from prefect_dask.task_runners import DaskTaskRunner

        if dask_address:
            return DaskTaskRunner(address=dask_address)
        return DaskTaskRunner(
            cluster_class="distributed.LocalCluster",
            cluster_kwargs={
                "n_workers": workers,
                "threads_per_worker": 1,
                "processes": True,
                "host": "127.0.0.1",
                "dashboard_address": None,
            },
        )
    from prefect.task_runners import ThreadPoolTaskRunner

    return ThreadPoolTaskRunner(max_workers=window)


def _slices(items: list[T], count: int) -> list[list[T]]:
    """``items`` in at most ``count`` consecutive slices of nearly equal length."""
    count = max(1, min(count, len(items)))
    size, extra = divmod(len(items), count)
    out: list[list[T]] = []
    start = 0
    for i in range(count):
        end = start + size + (i < extra)
        out.append(items[start:end])
        start = end
    return out


def untracked(value: T) -> T:
    """``value`` passed to a task without Prefect walking it.

    To link task runs to their inputs Prefect visits every element of every argument,
    recursively, twice per call; for a batch of records (or an index of signatures) that
    is slower than the task itself. Quoted arguments reach the task unchanged.
    """
    from prefect.utilities.annotations import quote

    return cast(T, quote(value))


def bounded(submit: Callable[[T], Any], items: Iterable[T], window: int) -> Iterator[tuple[T, Any]]:
    """Submit ``items`` in order, at most ``window`` unfinished at once; yield in order.

    ``submit`` returns a future-like object; each is yielded (with its item) once it is
    the oldest, and the next item is submitted only after the caller has taken one.
    """
    pending: deque[tuple[T, Any]] = deque()
    for item in items:
        pending.append((item, submit(item)))
        if len(pending) >= window:
            yield pending.popleft()
    while pending:
        yield pending.popleft()


def run_ingest(
    *,
    task_runner: str = "local",
    dask_address: str | None = None,
    workers: int | None = None,
    window: int | None = None,
    **params: Any,
) -> Any:
    """The ``ingest`` flow run on the chosen task runner; ``params`` are the flow's."""
    kind = check_task_runner(task_runner)
    if kind == "local":
        start_forkserver()  # its imports overlap the flow's (and the API server's start)
    from flows.ingest import ingest

    workers = workers or default_workers()
    window = window or 2 * workers
    runner = make_task_runner(kind, window=window, workers=workers, dask_address=dask_address)
    with prefect_api():
        return ingest.with_options(task_runner=runner)(workers=workers, window=window, **params)
