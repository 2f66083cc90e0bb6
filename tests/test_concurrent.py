"""Two runs at once on the same input and output: no corruption, no duplicates."""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from flows.lock import LockTimeout, output_lock
from tests.conftest import SEEDS
from tests.live_prefect import client_env, stop
from tests.rows import complete_files_only, dataset_state, expected_state, make_corpus

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
