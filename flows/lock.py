"""The output lock: one writer at a time commits to an output folder.

Runs process their inputs in parallel with each other; only the short commit of a batch
(write its files, record them in the ledger) happens under the lock. The lock is an
advisory ``fcntl.flock`` on ``<output>/_state/lock``: the kernel drops it when its holder
dies, even by SIGKILL, so a crashed run never leaves the output locked.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager

from flows import storage

STATE_DIR = "_state"
LOCK_NAME = "lock"
DEFAULT_TIMEOUT_SECONDS = 600.0
_POLL_SECONDS = 0.02


class LockTimeout(TimeoutError):
    """Another process held the output lock for longer than we were willing to wait."""


def state_dir(output: str) -> str:
    return os.path.join(output, STATE_DIR)


@contextmanager
def output_lock(output: str, timeout: float = DEFAULT_TIMEOUT_SECONDS) -> Iterator[None]:
    """Hold the exclusive lock of ``output`` for the body of the ``with`` block.

    An object-store output has no lock: its runs are not protected from each other.
    """
    if storage.is_remote(output):
        yield
        return
    folder = state_dir(output)
    os.makedirs(folder, exist_ok=True)
    fd = os.open(os.path.join(folder, LOCK_NAME), os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise LockTimeout(f"{output} stayed locked for {timeout:.0f}s") from None
                time.sleep(_POLL_SECONDS)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock
