"""When a task is worth retrying: it failed on I/O (a disk, a network mount), not on a bug."""

from __future__ import annotations

from typing import Any

from prefect import Task
from prefect.client.schemas.objects import State, TaskRun

IO_RETRIES = 3
IO_RETRY_DELAYS = [1.0, 2.0, 4.0]


def on_os_error(task: Task[..., Any], task_run: TaskRun, state: State[Any]) -> bool:
    """A ``retry_condition_fn``: retry after an ``OSError``, fail at once on anything else."""
    try:
        state.result()
    except OSError:
        return True
    except Exception:
        return False
    return False
