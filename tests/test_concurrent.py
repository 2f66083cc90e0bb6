"""Two runs at once on the same input and output: no corruption, no duplicates."""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from flows.lock import LockTimeout, output_lock
from tests.conftest import SEEDS, seed_path
from tests.live_prefect import client_env, stop
from tests.rows import complete_files_only, dataset_state, duplicate_flags, expected_state, make_corpus, near_dup_index

PRESSWASH = str(Path(sys.executable).with_name("presswash"))


@pytest.mark.slow
def test_two_runs_started_together_write_each_document_once(prefect_server: str, tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    made = make_corpus(corpus, SEEDS, 24)
    shutil.copy(made[0], corpus / "same-bytes-again.txt")
    (corpus / "empty.txt").write_bytes(b"")
    out = tmp_path / "out"
    args = [PRESSWASH, "run", str(corpus), "-o", str(out), "--batch-size", "2", "--workers", "1"]

    processes = [
        subprocess.Popen(
            args,
            env=client_env(prefect_server),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        for _ in range(2)
    ]
    try:
        outputs = [p.communicate(timeout=180)[0].decode() for p in processes]
    finally:
        for process in processes:
            stop(process)
    assert [p.returncode for p in processes] == [0, 0], outputs

    complete_files_only(out)
    assert dataset_state(out) == expected_state(corpus)
    from flows.runlog import read_runs

    runs = read_runs(str(out))
    assert [r["status"] for r in runs] == ["completed", "completed"]
    # Between them the two runs ingested each document once: what one wrote, the other skipped.
    assert sum(r["inputs_new"] for r in runs) == 24
    assert all(r["inputs_seen"] == 26 for r in runs)


def run_together(argss: list[list[str]], api_url: str) -> None:
    processes = [
        subprocess.Popen(
            args,
            # Every segment kept (no compaction): commit_order() reads the order from them.
            env=client_env(api_url, PRESSWASH_COMPACT_AFTER="1000"),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        for args in argss
    ]
    try:
        outputs = [p.communicate(timeout=180)[0].decode() for p in processes]
    finally:
        for process in processes:
            stop(process)
    assert [p.returncode for p in processes] == [0] * len(processes), outputs


def commit_order(out: Path) -> list[str]:
    """The article doc_ids in the order the ledger committed them."""
    import pyarrow.parquet as pq

    order: list[str] = []
    for segment in sorted((out / "_state" / "ledger").glob("seg-*.parquet")):
        table = pq.read_table(segment, columns=["op", "key", "reason"]).to_pylist()
        order += [r["key"] for r in table if r["op"] == "put" and r["reason"] is None]
    return order


@pytest.mark.slow
def test_two_runs_committing_near_copies_of_one_story_flag_the_later_one(prefect_server: str, tmp_path: Path) -> None:
    text = seed_path("000").read_text(encoding="utf-8")
    shared = seed_path("001").read_bytes()
    inputs = [tmp_path / "in-a", tmp_path / "in-b"]
    for folder in inputs:
        folder.mkdir()
        (folder / "shared.txt").write_bytes(shared)  # the same bytes: one run commits it, the other skips it
    (inputs[0] / "story.txt").write_text(text)
    (inputs[1] / "syndicated.txt").write_text("JERUSALEM (AFP) - " + text.replace("Thursday", "Thursday evening", 1))
    out = tmp_path / "out"
    run_together(
        [[PRESSWASH, "run", str(folder), "-o", str(out), "--batch-size", "1", "--workers", "1"] for folder in inputs],
        prefect_server,
    )

    flags = duplicate_flags(out)
    assert len(flags) == 3
    order = commit_order(out)
    assert sorted(order) == sorted(flags)  # each article committed once
    copies = {doc: dup for doc, dup in flags.items() if dup is not None}
    assert len(copies) == 1, flags  # each run saw the other's commit, not a stale index
    ((later, first),) = copies.items()
    assert order.index(first) < order.index(later)  # the first committed is the first copy
    # The index holds each committed article once: the shared one that a run skipped too.
    assert {doc: entry[1] for doc, entry in near_dup_index(out).items()} == flags


def test_the_output_lock_is_exclusive_and_a_waiter_gives_up_after_its_timeout(tmp_path: Path) -> None:
    held = threading.Event()
    release = threading.Event()

    def holder() -> None:
        with output_lock(str(tmp_path)):
            held.set()
            release.wait(10)

    thread = threading.Thread(target=holder)
    thread.start()
    try:
        assert held.wait(10)
        with pytest.raises(LockTimeout), output_lock(str(tmp_path), timeout=0.2):
            pass
    finally:
        release.set()
        thread.join()
    with output_lock(str(tmp_path), timeout=1):
        pass  # free again once its holder let go
