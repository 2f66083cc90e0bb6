"""``presswash split-records``: a file of many JSON records as one file per record.

presswash reads one document per file (the ledger skips an unchanged file by its path,
size and time, and an ingested document by the digest of its bytes). A scraper's dump of
many records (JSON lines, or a JSON array) is refused with the reason
``many_documents``; this command writes its records out as ``<stem>-<n>.json`` files,
which a run then ingests like any other. The same record always becomes the same bytes,
so splitting a dump again after lines were appended to it writes only the new records'
files, and a run reads only those.
"""

from __future__ import annotations

import gzip
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, cast

# At most this many line numbers of lines that are not records are listed.
LISTED_BAD_LINES = 10


@dataclass
class SplitReport:
    written: int = 0  # record files written
    unchanged: int = 0  # record files already there with the same bytes
    bad_lines: list[int] = field(default_factory=list)  # line numbers (1-based) that hold no JSON object
    bad_count: int = 0


def _open(path: Path) -> IO[bytes]:
    if path.name.lower().endswith(".gz"):
        return cast(IO[bytes], gzip.open(path, "rb"))
    return path.open("rb")


def _records(path: Path, report: SplitReport) -> Iterator[tuple[int, dict[str, Any]]]:
    """The JSON objects of a JSON-lines file (a line at a time), each with its line
    number, or of a JSON array, each with its position (both from 1)."""
    with _open(path) as handle:
        head = handle.read(1024).lstrip()
    if head.startswith(b"["):
        with _open(path) as handle:
            value = json.load(handle)
        for number, item in enumerate(value if isinstance(value, list) else [value], start=1):
            if isinstance(item, dict):
                yield number, item
            else:
                _bad(report, number)
        return
    with _open(path) as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except (ValueError, RecursionError):
                item = None
            if isinstance(item, dict):
                yield number, item
            else:
                _bad(report, number)


def _bad(report: SplitReport, number: int) -> None:
    report.bad_count += 1
    if len(report.bad_lines) < LISTED_BAD_LINES:
        report.bad_lines.append(number)


def split_records(path: Path, folder: Path) -> SplitReport:
    """Write each record of ``path`` to ``folder/<stem>-<n>.json``, ``n`` its line number
    (its position in an array), six digits: appending to a dump never renumbers its earlier
    records. A file already there with the same bytes is left alone."""
    report = SplitReport()
    stem = path.name.removesuffix(".gz").removesuffix(".GZ").rsplit(".", 1)[0] or "record"
    folder.mkdir(parents=True, exist_ok=True)
    for n, record in _records(path, report):
        data = json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n"
        target = folder / f"{stem}-{n:06d}.json"
        if target.exists() and target.read_bytes() == data:
            report.unchanged += 1
            continue
        temp = folder / f".{target.name}.{os.getpid()}.tmp"
        temp.write_bytes(data)
        os.replace(temp, target)
        report.written += 1
    return report
