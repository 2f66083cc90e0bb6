"""Showing a run's progress: a rich bar on a terminal, plain log lines anywhere else."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from flows import progress


class RateColumn(ProgressColumn):
    """Inputs per second."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.1f}/s" if speed else "–/s", style="progress.data.speed")


class BarListener:
    def __init__(self, bar: Progress, task_id: int) -> None:
        self.bar, self.task_id = bar, task_id

    def start(self) -> None:
        self.bar.start_task(self.task_id)  # type: ignore[arg-type]

    def advance(self, inputs: int) -> None:
        self.bar.advance(self.task_id, inputs)  # type: ignore[arg-type]


class LogListener:
    """One line every ``every`` seconds (and at the end): done/total, rate, ETA."""

    def __init__(self, console: Console, total: int, label: str, every: float = 5.0) -> None:
        self.console, self.total, self.label, self.every = console, total, label, every
        self.done = 0
        self.started = self.last = time.monotonic()

    def start(self) -> None:
        self.started = self.last = time.monotonic()

    def advance(self, inputs: int) -> None:
        self.done += inputs
        now = time.monotonic()
        if now - self.last >= self.every or self.done >= self.total:
            self.last = now
            self.console.print(self.line(now), highlight=False, soft_wrap=True)

    def line(self, now: float) -> str:
        elapsed = max(now - self.started, 1e-9)
        rate = self.done / elapsed
        left = max(self.total - self.done, 0)
        eta = f"{left / rate:,.0f}s" if rate > 0 else "?"
        return f"{self.label}: {self.done}/{self.total} inputs, {rate:,.1f}/s, ETA {eta}"


@contextmanager
def show_progress(console: Console, total: int, label: str) -> Iterator[None]:
    """Report the progress of the runs started inside the block."""
    if console.is_terminal:
        columns = (
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            RateColumn(),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
        )
        with Progress(*columns, console=console, transient=False) as bar:
            progress.listen(BarListener(bar, int(bar.add_task(label, total=total, start=False))))
            try:
                yield
            finally:
                progress.listen(None)
        return
    progress.listen(LogListener(console, total, label))
    try:
        yield
    finally:
        progress.listen(None)
