"""When a task is worth retrying: it failed on a transient I/O error, not on a bug or a
condition that another attempt a few seconds later cannot change.

Retried: an ``OSError`` whose errno says "try again" (a busy or flaky device, a network
mount or connection that dropped, an interrupted call), and an ``OSError`` with no errno
at all (how fsspec, s3fs and botocore report transport failures). Not retried: a full
disk, a permission or read-only-filesystem refusal, a path that cannot exist as asked
(a file where a folder should be, a name too long), and every exception that is not an
``OSError``. Those fail the run at once rather than after ``sum(IO_RETRY_DELAYS)``
seconds of pointless attempts.
"""

from __future__ import annotations

import errno
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from prefect import Task, task
from prefect.cache_policies import NO_CACHE
from prefect.client.schemas.objects import State, TaskRun

P = ParamSpec("P")
R = TypeVar("R")

IO_RETRIES = 3
IO_RETRY_DELAYS = [1.0, 2.0, 4.0]

TRANSIENT_ERRNOS = frozenset(
    {
        errno.EAGAIN,  # also EWOULDBLOCK
        errno.EINTR,
        errno.EBUSY,
        errno.EIO,
        errno.ETIMEDOUT,
        errno.ESTALE,  # NFS handle gone stale: reopening usually works
        errno.ECONNRESET,
        errno.ECONNABORTED,
        errno.ECONNREFUSED,
        errno.EPIPE,
        errno.ENETDOWN,
        errno.ENETUNREACH,
        errno.ENETRESET,
        errno.EHOSTUNREACH,
        errno.ENOBUFS,
        errno.ENOLCK,
    }
)


def is_transient(exc: BaseException) -> bool:
    """``exc`` is an I/O failure that may well not happen again on the next attempt."""
    if not isinstance(exc, OSError):
        return False
    if exc.errno is None:
        return True  # no errno: a transport error from fsspec/botocore, or a timeout
    return exc.errno in TRANSIENT_ERRNOS


def on_os_error(task: Task[..., Any], task_run: TaskRun, state: State[Any]) -> bool:
    """A ``retry_condition_fn``: retry after a transient ``OSError``, fail at once otherwise."""
    try:
        state.result()
    except Exception as exc:
        return is_transient(exc)
    return False


def io_task(name: str) -> Callable[[Callable[P, R]], Task[P, R]]:
    """A Prefect task that does I/O: never cached, retried on transient OS errors only."""
    return task(
        name=name,
        cache_policy=NO_CACHE,
        retries=IO_RETRIES,
        retry_delay_seconds=IO_RETRY_DELAYS,
        retry_condition_fn=on_os_error,
    )
