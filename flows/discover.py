"""Finding input files: a lazy, recursive walk that never builds the whole list."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class InputFile:
    path: str  # the input argument joined with the path below it, file name intact
    size: int
    mtime: float


@dataclass(frozen=True)
class Unlisted:
    """A path met during the walk that is not a usable regular file, and why."""

    path: str
    reason: str
    detail: str


def walk_inputs(root: str, *, follow_symlinks: bool = False) -> Iterator[InputFile | Unlisted]:
    """Every file under ``root`` (or ``root`` itself), depth first, names sorted.

    Links to files are followed while they stay inside ``root``; one that leaves it is
    reported (``symlink_outside``) unless ``follow_symlinks`` is set. A link to a folder
    inside ``root`` is not entered (the folder is walked under its own name), one to a
    folder outside only with ``follow_symlinks``; folders are entered once each, so link
    loops end. Anything that is not a readable regular file comes back as
    :class:`Unlisted`, for the run to record instead of losing it silently.
    """
    if not os.path.isdir(root):
        yield _entry(root)
        return
    real_root = os.path.realpath(root)
    seen_dirs: set[str] = {real_root}
    stack: list[str] = [root]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda entry: entry.name)
        except OSError as exc:
            yield Unlisted(folder, "unreadable", f"cannot list folder: {exc.strerror or exc}")
            continue
        subdirs: list[str] = []
        for entry in entries:
            path = os.path.join(folder, entry.name)
            # The entry's type comes with the listing on most filesystems: no system call
            # per name to tell links and folders from files.
            if _is_link(entry):
                target = os.path.realpath(path)
                inside = _inside(target, real_root)
                if not follow_symlinks and not inside:
                    yield Unlisted(path, "symlink_outside", "link leads out of the input folder")
                    continue
                if os.path.isdir(target):
                    # A folder inside the root is walked under its own name (a link to it
                    # would walk it twice, or forever); one outside it, only when asked.
                    if not inside and target not in seen_dirs:
                        seen_dirs.add(target)
                        subdirs.append(path)
                    continue
            elif _is_folder(entry):
                real = os.path.realpath(path)
                if real not in seen_dirs:
                    seen_dirs.add(real)
                    subdirs.append(path)
                continue
            yield _entry(path)
        stack.extend(reversed(subdirs))


def _is_link(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_symlink()
    except OSError:
        return False  # gone since the listing: _entry says so


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _entry(path: str) -> InputFile | Unlisted:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            return Unlisted(path, "dangling_symlink", "symbolic link to a missing file")
        return Unlisted(path, "missing", "no such file")
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return Unlisted(path, "symlink_loop", "symbolic link loop")
        return Unlisted(path, "unreadable", exc.strerror or str(exc))
    if not stat.S_ISREG(st.st_mode):
        return Unlisted(path, "not_a_file", "not a regular file")
    return InputFile(path, st.st_size, st.st_mtime)
