"""make bench's repeats: a short command is measured three times and its median wall
time kept; a long one once."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from bench import run as bench_run

PYTHON = [sys.executable, "-c", "pass"]


def test_a_short_command_is_measured_three_times_each_after_its_preparation(tmp_path: Path) -> None:
    prepared: list[int] = []
    wall, peak, code, samples = bench_run.measure_repeated(
        PYTHON, dict(os.environ), tmp_path / "log", lambda: prepared.append(1)
    )
    assert len(samples) == bench_run.REPEATS == len(prepared)
    assert wall == sorted(samples)[1]
    assert code == 0 and peak > 0


def test_a_command_slower_than_the_repeat_limit_is_measured_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bench_run, "REPEAT_BELOW_S", 0.0)
    wall, _, _, samples = bench_run.measure_repeated(PYTHON, dict(os.environ), tmp_path / "log")
    assert samples == [wall]


def test_a_failing_repeat_makes_the_measure_fail(tmp_path: Path) -> None:
    _, _, code, samples = bench_run.measure_repeated(
        [sys.executable, "-c", "raise SystemExit(3)"], dict(os.environ), tmp_path / "log"
    )
    assert code == 3 and len(samples) == bench_run.REPEATS
