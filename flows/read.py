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
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return RejectRecord(item.path, None, None, "not_a_file", "not a regular file when read")
        data = _read_capped(fd, info.st_size, max_bytes + 1)
    except OSError as exc:
        return _os_error(item, exc)
    finally:
        os.close(fd)
    if len(data) > max_bytes:
        return RejectRecord(item.path, None, item.size, "too_large", f"over the {max_bytes}-byte cap")
    return data


def _read_capped(fd: int, size: int, cap: int) -> bytes:
    """At most ``cap`` bytes of ``fd``, read in as few calls as its size allows.

    The first read asks for the size ``fstat`` gave plus one byte, so a file that did not
    grow is read in one call (then one more that meets the end). Asking for ``cap`` bytes
    at once instead makes Python allocate the whole cap for every small file: 30 µs a file
    against 8 at the 32 MiB default."""
    chunks: list[bytes] = []
    want, got = min(cap, size + 1), 0
    while got < cap:
        chunk = os.read(fd, want)
        if not chunk:
            break
        chunks.append(chunk)
        got += len(chunk)
        want = min(cap - got, max(want, 1 << 16))
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def _os_error(item: InputFile, exc: OSError) -> RejectRecord:
    reason = {errno.ELOOP: "symlink_loop", errno.EISDIR: "not_a_file"}.get(exc.errno or 0, "unreadable")
    return RejectRecord(item.path, None, None, reason, exc.strerror or str(exc))
