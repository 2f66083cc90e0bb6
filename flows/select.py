"""Choosing what a run reads: a date window and a glob over the walk, minus what is in.

An input's date is the date written in its path when the layout has one (the last of
``2019/09/12/…``, ``2019-09-12``, ``2019_09_12``, ``2019.09.12`` or a standalone
``20190912`` below the input root), else the UTC date of its modification time. A copy
made years later keeps the date its folder names; a flat landing folder falls back on
mtimes. Both bounds of the window are inclusive days.
"""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from itertools import islice

from flows.discover import InputFile, Unlisted
from flows.ledger import Ledger

LOOKUP_CHUNK = 1024  # inputs of the walk looked up in the ledger at once

_SEPARATED = re.compile(r"(?<!\d)((?:19|20)\d\d)([-/_.])(0?[1-9]|1[0-2])\2(0?[1-9]|[12]\d|3[01])(?!\d)")
_COMPACT = re.compile(r"(?<![0-9A-Za-z])((?:19|20)\d\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?![0-9A-Za-z])")


def parse_day(text: str) -> date:
    """A day given on the command line: ``2019-09-12``, ``20190912``, ``2019-09-12T08:00``…"""
    try:
        return datetime.fromisoformat(text.strip()).date()  # ISO 8601: 2019-09-12, 20190912, …
    except ValueError as exc:
        raise ValueError(f"not a date: {text!r} (use YYYY-MM-DD)") from exc


def path_date(relative: str) -> date | None:
    """The last plausible date written in a path (below the input root), if any."""
    found: list[tuple[int, date]] = []
    for pattern, groups in ((_SEPARATED, (1, 3, 4)), (_COMPACT, (1, 2, 3))):
        for match in pattern.finditer(relative):
            try:
                found.append((match.start(), date(*(int(match.group(g)) for g in groups))))
            except ValueError:
                continue  # 2019-02-30
    return max(found)[1] if found else None


def mtime_date(mtime: float) -> date:
    return datetime.fromtimestamp(mtime, UTC).date()


@dataclass(frozen=True)
class Selection:
    """Which inputs under the root a run considers. The defaults take everything."""

    since: date | None = None
    until: date | None = None
    glob: str | None = None
    limit: int | None = None  # at most this many inputs read (skipped ones do not count)

    @classmethod
    def of(cls, since: str | None, until: str | None, glob: str | None, limit: int | None) -> Selection:
        """A selection from flow parameters (days as ISO strings)."""
        return cls(parse_day(since) if since else None, parse_day(until) if until else None, glob or None, limit)

    @property
    def dated(self) -> bool:
        return self.since is not None or self.until is not None

    @property
    def everything(self) -> bool:
        """No date window and no glob: every input of the walk is wanted (no path to look at)."""
        return not self.dated and not self.glob

    def input_date(self, item: InputFile | Unlisted, relative: str) -> date | None:
        found = path_date(relative)
        if found is None and isinstance(item, InputFile):
            found = mtime_date(item.mtime)
        return found

    def wants(self, item: InputFile | Unlisted, relative: str) -> bool:
        if self.glob and not (
            fnmatch.fnmatchcase(relative, self.glob) or fnmatch.fnmatchcase(os.path.basename(relative), self.glob)
        ):
            return False
        if not self.dated:
            return True
        day = self.input_date(item, relative)
        if day is None:
            return False  # an entry with neither a dated path nor an mtime cannot be placed
        return (self.since is None or day >= self.since) and (self.until is None or day <= self.until)


def relative_to(path: str, root: str) -> str:
    """``path`` below ``root``, "/"-separated (just the name when the root is the file)."""
    if path == root:
        return os.path.basename(path)
    rel = os.path.relpath(path, root)
    return rel.replace(os.sep, "/")


def select_inputs(
    items: Iterable[InputFile | Unlisted], root: str, selection: Selection
) -> Iterator[InputFile | Unlisted]:
    """The inputs of the walk that the selection wants (its date window and glob)."""
    for item in items:
        if selection.everything or selection.wants(item, relative_to(item.path, root)):
            yield item


@dataclass
class SkipCount:
    unchanged: int = 0
    limited: int = 0


def skip_unchanged(
    items: Iterable[InputFile | Unlisted], ledger: Ledger, reprocess: bool, limit: int | None, count: SkipCount
) -> Iterator[InputFile | Unlisted]:
    """The inputs to read: files unchanged since they were ingested are dropped unread.

    ``limit`` caps the inputs passed on; the rest of the walk is counted, not read. The
    walk is looked up in the ledger :data:`LOOKUP_CHUNK` inputs at a time.
    """
    passed = 0
    it = iter(items)
    while chunk := list(islice(it, LOOKUP_CHUNK)):
        files = [item for item in chunk if isinstance(item, InputFile)]
        unchanged = iter([False] * len(files) if reprocess else ledger.unchanged_many(files))
        for item in chunk:
            if isinstance(item, InputFile) and next(unchanged):
                count.unchanged += 1
                continue
            if limit is not None and passed >= limit:
                count.limited += 1
                continue
            passed += 1
            yield item


@dataclass
class Plan:
    """What a run would do with the inputs under a root: counts only, nothing read or written."""

    outside: int = 0  # not in the date window or not matching the glob
    skipped: int = 0  # unchanged since they were ingested
    to_read: int = 0  # new or changed: would be read (and cleaned unless their bytes are in)
    to_reject: int = 0  # of those, rejected without reading: not a usable file, over the size cap
    deferred: int = 0  # over --limit: left for a later run

    @property
    def selected(self) -> int:
        return self.skipped + self.to_read + self.deferred


def plan_inputs(
    items: Iterable[InputFile | Unlisted],
    root: str,
    selection: Selection,
    ledger: Ledger,
    reprocess: bool,
    max_raw_bytes: int,
) -> Plan:
    """Count what :func:`select_inputs` and :func:`skip_unchanged` would let through."""
    plan = Plan()
    for item in _to_read(items, root, selection, ledger, reprocess, plan):
        plan.to_read += 1
        if isinstance(item, Unlisted) or item.size > max_raw_bytes:
            plan.to_reject += 1
    return plan


def nothing_to_read(
    items: Iterable[InputFile | Unlisted], root: str, selection: Selection, ledger: Ledger
) -> Plan | None:
    """The plan of a run that would read nothing, or None at the first input it would read."""
    plan = Plan()
    for _item in _to_read(items, root, selection, ledger, False, plan):
        return None
    return plan


def _to_read(
    items: Iterable[InputFile | Unlisted], root: str, selection: Selection, ledger: Ledger, reprocess: bool, plan: Plan
) -> Iterator[InputFile | Unlisted]:
    """What a run would read of ``items``; ``plan`` counts the rest once the walk is done."""
    skips = SkipCount()
    yield from skip_unchanged(_Counting(items, selection, root, plan), ledger, reprocess, selection.limit, skips)
    plan.skipped, plan.deferred = skips.unchanged, skips.limited


class _Counting:
    """The selected inputs of a walk, counting the ones left out."""

    def __init__(self, items: Iterable[InputFile | Unlisted], selection: Selection, root: str, plan: Plan) -> None:
        self.items, self.selection, self.root, self.plan = items, selection, root, plan

    def __iter__(self) -> Iterator[InputFile | Unlisted]:
        if self.selection.everything:
            yield from self.items
            return
        for item in self.items:
            if self.selection.wants(item, relative_to(item.path, self.root)):
                yield item
            else:
                self.plan.outside += 1
