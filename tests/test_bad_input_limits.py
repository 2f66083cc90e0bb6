"""The per-document time limit: it interrupts the work, in the main thread and in others,
and a document over it becomes a ``timeout`` reject while the batch goes on."""

from __future__ import annotations

import contextlib
import re
import signal
import threading
import time
from pathlib import Path

import pytest

from cleaners.document import ArticleRecord, Limits, RejectRecord
from cleaners.engine import CleanResult
from flows.discover import InputFile
from flows.limits import TimeLimitExceeded, time_limit

ARTICLE = (
    "Council approves the budget\n\n"
    "The city council approved the new budget on Tuesday after a debate that lasted four hours.\n\n"
    "The mayor said the plan would fund schools, buses and the renovation of public housing.\n"
)


def spin() -> None:
    while True:
        pass


def catastrophic_regex() -> None:
    re.match(r"(a+)+$", "a" * 64 + "b")  # 2**64 steps: never ends on its own


def test_time_limit_interrupts_python_code_in_the_main_thread() -> None:
    with pytest.raises(TimeLimitExceeded) as exc, time_limit(0.2):
        spin()
    assert exc.value.seconds == 0.2


def test_time_limit_interrupts_a_catastrophic_regex_in_the_main_thread() -> None:
    with pytest.raises(TimeLimitExceeded), time_limit(0.2):
        catastrophic_regex()


def test_time_limit_is_not_caught_by_except_exception() -> None:
    def swallowing() -> None:
        while True:
            with contextlib.suppress(Exception):  # what trafilatura does in many places
                spin()

    with pytest.raises(TimeLimitExceeded), time_limit(0.2):
        swallowing()


def test_time_limit_gives_back_the_alarm_it_found() -> None:
    """pytest-timeout arms ITIMER_REAL around each test: its timer and handler survive."""
    previous_handler = signal.getsignal(signal.SIGALRM)
    previous_left, _ = signal.getitimer(signal.ITIMER_REAL)
    with time_limit(5):
        pass
    left, _ = signal.getitimer(signal.ITIMER_REAL)
    assert signal.getsignal(signal.SIGALRM) is previous_handler
    if previous_left:
        assert previous_left - 1 < left <= previous_left
    else:
        assert left == 0.0


def test_inner_time_limit_fires_first_and_the_outer_one_still_holds() -> None:
    with pytest.raises(TimeLimitExceeded) as outer, time_limit(0.6):
        with pytest.raises(TimeLimitExceeded) as inner, time_limit(0.1):
            spin()
        assert inner.value.seconds == 0.1
        spin()
    assert outer.value.seconds == 0.6


def test_outer_time_limit_that_fires_sooner_stays_in_charge() -> None:
    with pytest.raises(TimeLimitExceeded) as exc, time_limit(0.2), time_limit(30):
        spin()
    assert exc.value.seconds == 0.2


def test_no_limit_when_seconds_is_zero_or_none() -> None:
    for seconds in (0, None):
        with time_limit(seconds):
            time.sleep(0.01)


def test_time_limit_interrupts_python_code_in_another_thread() -> None:
    outcome: list[str] = []

    def work() -> None:
        try:
            with time_limit(0.2):
                spin()
        except TimeLimitExceeded as exc:
            outcome.append(f"interrupted after {exc.seconds:g}")
        with time_limit(0.1):
            pass
        time.sleep(0.3)  # a withdrawn watchdog must not fire later
        outcome.append("went on")

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(30)
    assert outcome == ["interrupted after 0.2", "went on"]


def slow_or_real(
    data: bytes, path: str, limits: Limits, **kwargs: object
) -> tuple[ArticleRecord | RejectRecord, CleanResult | None]:
    from cleaners.document import inspect_document

    if b"SPIN" in data:
        spin()
    if b"BREAK" in data:
        raise ValueError("lxml said no")
    return inspect_document(data, path, limits)


def batch(tmp_path: Path, contents: dict[str, str]) -> list[InputFile]:
    items = []
    for name, text in contents.items():
        path = tmp_path / name
        path.write_text(text)
        items.append(InputFile(str(path), path.stat().st_size, path.stat().st_mtime))
    return items


def test_document_over_the_time_limit_is_a_timeout_reject_and_the_batch_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import flows.process

    monkeypatch.setattr(flows.process, "inspect_document", slow_or_real)
    items = batch(tmp_path, {"a-slow.txt": "SPIN " + ARTICLE, "b-good.txt": ARTICLE})
    outcome = flows.process.process_items(items, Limits(max_seconds=0.3))
    assert [(r.source_path, r.reason) for r in outcome.rejects] == [(items[0].path, "timeout")]
    assert "0.3-second" in outcome.rejects[0].detail
    assert outcome.rejects[0].raw_sha256 and outcome.rejects[0].raw_bytes
    assert [a.source_path for a in outcome.articles] == [items[1].path]


def test_document_that_makes_the_cleaners_raise_is_an_internal_error_reject(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import flows.process

    monkeypatch.setattr(flows.process, "inspect_document", slow_or_real)
    items = batch(tmp_path, {"a-broken.html": "BREAK " + ARTICLE, "b-good.txt": ARTICLE})
    outcome = flows.process.process_items(items, Limits())
    assert [(r.reason, r.detail) for r in outcome.rejects] == [("internal_error", "ValueError: lxml said no")]
    assert len(outcome.articles) == 1
