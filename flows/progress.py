"""Progress of a run, for whoever started it: a listener the flow tells how far it got.

The flow calls :func:`advance` after each batch. The CLI installs a listener (a rich
progress bar on a terminal, plain log lines otherwise); a deployment run has none, and
the calls cost nothing.
"""

from __future__ import annotations

from typing import Protocol


class Listener(Protocol):
    def start(self) -> None:
        """Reading starts now (the clock of rates and ETAs)."""

    def advance(self, inputs: int) -> None:
        """``inputs`` more inputs were read and committed (or found already in)."""


_listener: Listener | None = None


def listen(listener: Listener | None) -> None:
    """Install ``listener`` for runs started by this process (``None`` removes it)."""
    global _listener
    _listener = listener


def start() -> None:
    if _listener is not None:
        _listener.start()


def advance(inputs: int) -> None:
    if _listener is not None and inputs:
        _listener.advance(inputs)
