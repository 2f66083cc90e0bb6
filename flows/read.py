"""Reading an input's bytes, with the size cap applied before the whole file is read."""

from __future__ import annotations

import errno

from cleaners.document import RejectRecord
from flows.discover import InputFile


def read_input(item: InputFile, max_bytes: int) -> bytes | RejectRecord:
    """The file's bytes, or a reject saying why they could not be read."""
    try:
        with open(item.path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        return RejectRecord(item.path, None, None, "missing", "file vanished between discovery and reading")
    except PermissionError as exc:
        return RejectRecord(item.path, None, None, "unreadable", exc.strerror or "permission denied")
    except IsADirectoryError:
        return RejectRecord(item.path, None, None, "not_a_file", "is a folder")
    except OSError as exc:
        reason = "symlink_loop" if exc.errno == errno.ELOOP else "unreadable"
        return RejectRecord(item.path, None, None, reason, exc.strerror or str(exc))
    if len(data) > max_bytes:
        return RejectRecord(item.path, None, item.size, "too_large", f"over the {max_bytes}-byte cap")
    return data
