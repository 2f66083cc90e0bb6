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
    number, or of a JSON array, each with its position (both from 1); anything else is
    counted in ``report``."""
    with _open(path) as handle:
        for number, item in _numbered_values(handle):
            if isinstance(item, dict):
                yield number, item
            else:
                _bad(report, number)


def _numbered_values(handle: IO[bytes]) -> Iterator[tuple[int, object]]:
    """The values of a JSON array (read whole) or of JSON lines (a line at a time; a line
    that is no JSON is None), numbered from 1."""
    is_array = handle.read(1024).lstrip().startswith(b"[")
    handle.seek(0)
    if is_array:
        value = json.load(handle)
        yield from enumerate(value if isinstance(value, list) else [value], start=1)
        return
    for number, line in enumerate(handle, start=1):
        if line.strip():
            try:
                yield number, json.loads(line)
            except (ValueError, RecursionError):
                yield number, None


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
