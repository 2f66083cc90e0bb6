"""Output paths that cannot leave the output root.

Output file names are built from run ids, part numbers, dataset names and dates, never
from input file names or document metadata. These checks make that a guarantee rather
than a habit: a path below the output root is put together from single components, and
a component that could climb out (``..``), jump elsewhere (an absolute path, a
separator), truncate a C string (NUL) or exceed a file system's name limit is refused.
"""

from __future__ import annotations

import os

MAX_NAME_BYTES = 255  # the name limit of ext4, XFS, btrfs, APFS, NTFS (in UTF-16 units)


class UnsafePath(ValueError):
    """A path component that could put a file outside the output root."""


def check_component(name: str) -> str:
    """``name`` when it is one harmless path component; :class:`UnsafePath` otherwise."""
    if name in ("", ".", ".."):
        raise UnsafePath(f"not a file name: {name!r}")
    if "/" in name or "\\" in name or "\x00" in name:
        raise UnsafePath(f"separator or NUL in a file name: {name!r}")
    if len(name.encode("utf-8", "surrogatepass")) > MAX_NAME_BYTES:
        raise UnsafePath(f"file name longer than {MAX_NAME_BYTES} bytes: {name[:40]!r}…")
    return name


def below(root: str, *relative: str) -> str:
    """``root`` joined with ``relative`` paths ('/'-separated), each part checked."""
    parts: list[str] = []
    for rel in relative:
        if rel.startswith(("/", "\\")) or os.path.isabs(rel):
            raise UnsafePath(f"absolute path where a relative one belongs: {rel!r}")
        parts += [check_component(part) for part in rel.split("/") if part]
    return os.path.join(root, *parts)
