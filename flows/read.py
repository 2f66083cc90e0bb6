"""Reading an input's bytes, with the size cap applied before the whole file is read."""

from __future__ import annotations

import errno
import os
import stat

from cleaners.document import RejectRecord
from flows.discover import InputFile


def read_input(item: InputFile, max_bytes: int) -> bytes | RejectRecord:
    """The file's bytes, or a reject saying why they could not be read.

    The file is opened without blocking and checked to be a regular file on the open
    descriptor: a path that became a FIFO (or a device) after the walk listed it would
    otherwise hang the worker in ``open``.
    """
    try:
        fd = os.open(item.path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        return RejectRecord(item.path, None, None, "missing", "file vanished between discovery and reading")
    except PermissionError as exc:
        return RejectRecord(item.path, None, None, "unreadable", exc.strerror or "permission denied")
    except IsADirectoryError:
        return RejectRecord(item.path, None, None, "not_a_file", "is a folder")
    except OSError as exc:
        return _os_error(item, exc)
    try:
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                return RejectRecord(item.path, None, None, "not_a_file", "not a regular file when read")
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        return _os_error(item, exc)
    if len(data) > max_bytes:
        return RejectRecord(item.path, None, item.size, "too_large", f"over the {max_bytes}-byte cap")
    return data


def _os_error(item: InputFile, exc: OSError) -> RejectRecord:
    reason = {errno.ELOOP: "symlink_loop", errno.EISDIR: "not_a_file"}.get(exc.errno or 0, "unreadable")
    return RejectRecord(item.path, None, None, reason, exc.strerror or str(exc))
