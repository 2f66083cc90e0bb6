"""One machine used fully: batches in worker processes, a bounded window, crash tolerance."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from cleaners.document import Limits
from flows.discover import walk_inputs
from flows.process import BatchOutcome, process_items
from flows.runner import DocumentPool, WorkersUnusable, bounded
from tests.rows import RUN_COLUMNS, records

pytestmark = pytest.mark.slow


# --- worker functions: module level, so the pool can pickle them by name ------------


def where_am_i(items: list[int]) -> list[tuple[int, int, bool]]:
    return [(item, os.getpid(), threading.current_thread() is threading.main_thread()) for item in items]


def slow_where_am_i(items: list[int]) -> list[tuple[int, int, bool]]:
    time.sleep(0.3)  # long enough that one worker cannot take every slice
    return where_am_i(items)


def die_on_13(items: list[int]) -> list[int]:
    if 13 in items:
        os.kill(os.getpid(), signal.SIGKILL)
    return [item * 2 for item in items]


def always_die(items: list[int]) -> list[int]:
    os.kill(os.getpid(), signal.SIGKILL)
    return items


def refuse_to_start() -> None:
    raise SystemExit("this worker cannot start")


class UnstartablePool(DocumentPool):
    def _new_executor(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=self.workers, mp_context=self._context(), initializer=refuse_to_start)


def merge_lists(parts: list[list[int]]) -> list[int]:
    return [x for part in parts for x in part]


def lost(item: int) -> list[int]:
    return [-item]


# -------------------------------------------------------------------------------------


def test_pool_runs_batches_in_the_main_thread_of_other_processes() -> None:
    with DocumentPool(2) as pool:
        result = pool.run(where_am_i, [1, 2, 3], merge=merge_lists, crashed=lost)  # type: ignore[arg-type]
    assert [item for item, _, _ in result] == [1, 2, 3]
    assert all(pid != os.getpid() for _, pid, _ in result)
    assert all(main for _, _, main in result)


def test_a_killed_worker_costs_only_its_own_item_and_the_pool_carries_on() -> None:
    with DocumentPool(2) as pool:
        result = pool.run(die_on_13, [11, 12, 13, 14], merge=merge_lists, crashed=lost)
        assert result == [22, 24, -13, 28]
        assert pool.replacements >= 2  # broke on the whole batch, its retry, and the lone item
        assert pool.run(die_on_13, [1, 2], merge=merge_lists, crashed=lost) == [2, 4]


def test_inputs_that_kill_every_worker_all_become_lost_items_without_failing() -> None:
    with DocumentPool(2) as pool:
        assert pool.run(always_die, [1, 2, 3, 4, 5], merge=merge_lists, crashed=lost) == [-1, -2, -3, -4, -5]


def test_workers_that_cannot_start_fail_the_run_instead_of_rejecting_every_input() -> None:
    with UnstartablePool(1) as pool, pytest.raises(WorkersUnusable, match="die before doing any work"):
        pool.run(where_am_i, list(range(10)), merge=merge_lists, crashed=lost)  # type: ignore[arg-type]


def test_bounded_window_submits_lazily_and_keeps_at_most_window_in_flight() -> None:
    pulled: list[int] = []
    in_flight: set[int] = set()
    peak = 0

    def source() -> Iterator[int]:
        for i in range(20):
            pulled.append(i)
            yield i

    def submit(item: int) -> int:
        nonlocal peak
        in_flight.add(item)
        peak = max(peak, len(in_flight))
        return item * 10

    order = []
    for item, result in bounded(submit, source(), window=3):
        assert result == item * 10
        assert len(pulled) <= item + 3  # never more than the window read ahead of the writer
        in_flight.discard(item)
        order.append(item)
    assert order == list(range(20))
    assert peak == 3


def test_two_workers_small_batches_write_the_records_of_inline_processing(
    seeds_run: tuple[object, Path], tmp_path: Path
) -> None:
    from flows.runner import run_ingest

    _report, serial_output = seeds_run
    inputs = serial_output.parent / "in"
    output = tmp_path / "out"
    report = run_ingest(input=str(inputs), output=str(output), batch_size=2, workers=2, window=2)
    assert report.inputs_seen == len(list(inputs.iterdir()))

    expected = process_items(list(walk_inputs(str(inputs))), Limits())
    assert isinstance(expected, BatchOutcome)
    got = records(output, "articles", drop=(*RUN_COLUMNS, "pipeline_version"))
    assert [r["source_path"] for r in got] == sorted(a.source_path for a in expected.articles)
    by_path = {a.source_path: a for a in expected.articles}
    for row in got:
        want = by_path[str(row["source_path"])]
        assert (row["text"], row["title"], row["language"], row["doc_id"]) == (
            want.text,
            want.title,
            want.language,
            want.doc_id,
        )
    # 7 inputs in name order, 2 a batch: the 4th batch (picture.png) has no article.
    assert len(list((output / "articles").rglob("*.parquet"))) == 3
    assert records(output, "rejects") == records(serial_output, "rejects")


def test_language_backend_is_a_flow_parameter(seeds_run: tuple[object, Path], tmp_path: Path) -> None:
    from flows.ingest import ingest

    _report, serial_output = seeds_run
    inputs = serial_output.parent / "in"
    report = ingest(input=str(inputs), output=str(tmp_path / "out"), language_backend="langdetect", workers=1)
    assert report.languages == {"en": 5}  # type: ignore[attr-defined]
    with pytest.raises(ValueError, match="unknown language backend"):
        ingest(input=str(inputs), output=str(tmp_path / "out2"), language_backend="cld3")


def test_worker_computes_each_articles_near_duplicate_signature(seeds_run: tuple[object, Path]) -> None:
    from functools import partial

    from cleaners.near_duplicates import signature
    from flows.process import crashed_outcome, merge_outcomes

    _report, serial_output = seeds_run
    batch = list(walk_inputs(str(serial_output.parent / "in")))
    with DocumentPool(2) as pool:
        work = partial(process_items, limits=Limits())
        outcome = pool.run(work, batch, merge=merge_outcomes, crashed=crashed_outcome)
    assert len(outcome.articles) == 5
    assert outcome.signatures == {a.doc_id: signature(a.text) for a in outcome.articles}


def test_one_batch_is_spread_over_every_worker_and_comes_back_in_order() -> None:
    with DocumentPool(2) as pool:
        result = pool.run(slow_where_am_i, list(range(8)), merge=merge_lists, crashed=lost)  # type: ignore[arg-type]
    assert [item for item, _, _ in result] == list(range(8))
    assert len({pid for _, pid, _ in result}) == 2


def test_a_killed_worker_costs_only_its_own_item_when_the_batch_is_sliced() -> None:
    with DocumentPool(2) as pool:
        assert pool.run(die_on_13, list(range(10, 20)), merge=merge_lists, crashed=lost) == [
            2 * i if i != 13 else -13 for i in range(10, 20)
        ]
