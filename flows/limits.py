"""A wall-clock time limit for one piece of work, e.g. processing one document.

``time_limit(seconds)`` interrupts the code inside it by raising
:class:`TimeLimitExceeded` once ``seconds`` have passed:

- in a process's main thread (the Prefect task of a sequential run, or the main thread
  of a process-pool worker) it arms ``ITIMER_REAL``; the ``SIGALRM`` handler raises in the
  interrupted code. An outer timer that would fire sooner is kept, and the previous
  handler and timer are restored on the way out, so limits nest;
- in any other thread (a thread-pool task runner) a watchdog thread raises the exception
  in the limited thread with ``PyThreadState_SetAsyncExc``.

Both interrupt Python code between two bytecodes. trafilatura's work is a long run of
Python calls around short lxml calls, and the ``re`` engine checks for signals while it
matches, so a slow page or a catastrophic pattern is stopped promptly in the main thread.
One C call that never returns to Python cannot be interrupted in-process: the watchdog's
exception waits for it. Whatever happens inside, if the limit fired the block ends with
:class:`TimeLimitExceeded`, even when the code inside swallowed the exception.

:class:`TimeLimitExceeded` derives from ``BaseException`` so that libraries' ``except
Exception`` handlers (trafilatura has many) do not mistake it for their own failure.
"""

from __future__ import annotations

import ctypes
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


class TimeLimitExceeded(BaseException):  # an interruption, like KeyboardInterrupt
    """The work inside :func:`time_limit` ran past its limit."""

    def __init__(self, seconds: float = 0.0) -> None:
        super().__init__(f"took longer than {seconds:g} s")
        self.seconds = seconds


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise :class:`TimeLimitExceeded` in the block after ``seconds``; None or <= 0: no limit."""
    if seconds is None or seconds <= 0:
        yield
        return
    if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
        with _alarm(seconds):
            yield
    else:
        with _watchdog(seconds):
            yield


@contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    fired = False

    def on_alarm(signum: int, frame: FrameType | None) -> None:
        nonlocal fired
        fired = True
        raise TimeLimitExceeded(seconds)

    outer_remaining, _ = signal.getitimer(signal.ITIMER_REAL)
    if 0 < outer_remaining <= seconds:
        # An enclosing limit fires first: it stays in charge.
        yield
        return
    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except TimeLimitExceeded:
        if fired:
            raise TimeLimitExceeded(seconds) from None
        raise
    finally:
        try:
            left, _ = signal.setitimer(signal.ITIMER_REAL, 0)
        finally:
            signal.signal(signal.SIGALRM, previous)
        if outer_remaining > 0:
            # Give the enclosing limit back what is left of its time (at least a tick).
            spent = seconds - left
            signal.setitimer(signal.ITIMER_REAL, max(outer_remaining - spent, 1e-3))
    if fired:  # the code inside caught the exception and carried on
        raise TimeLimitExceeded(seconds)


def _set_async_exc(thread_id: int, exc: type[BaseException] | None) -> None:
    """Raise ``exc`` in thread ``thread_id`` at its next bytecode; None withdraws it."""
    obj = ctypes.py_object(exc) if exc is not None else None
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), obj)


@contextmanager
def _watchdog(seconds: float) -> Iterator[None]:
    target = threading.get_ident()
    lock = threading.Lock()
    done = fired = False

    def fire() -> None:
        nonlocal fired
        with lock:
            if not done:
                fired = True
                _set_async_exc(target, TimeLimitExceeded)

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()
    try:
        yield
    except TimeLimitExceeded:
        if fired:
            raise TimeLimitExceeded(seconds) from None
        raise
    finally:
        with lock:
            done = True
            timer.cancel()
            if fired:
                _set_async_exc(target, None)  # withdraw it if it is still pending
    if fired:
        raise TimeLimitExceeded(seconds)
