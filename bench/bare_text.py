"""Text-path baseline: read each file, identify its language, write Parquet. Nothing else.

One process, the default language backend on the same first characters the pipeline
reads; rows go to one Parquet file, 500 rows a row group.
"""

from __future__ import annotations

import os
import sys

import pyarrow as pa
import pyarrow.parquet as pq

from cleaners.language import detect_language

SCHEMA = pa.schema([("path", pa.string()), ("text", pa.string()), ("language", pa.string()), ("score", pa.float32())])
ROWS_PER_GROUP = 500


def main(folder: str, output: str) -> int:
    os.makedirs(os.path.dirname(output) or ".", exist_ok=True)
    rows: list[dict[str, object]] = []
    count = 0
    with pq.ParquetWriter(output, SCHEMA, compression="zstd") as writer:
        for root, dirs, files in os.walk(folder):
            dirs.sort()
            for name in sorted(files):
                if name.startswith("."):
                    continue
                path = os.path.join(root, name)
                with open(path, "rb") as handle:
                    text = handle.read().decode("utf-8", "replace")
                guess = detect_language(text)
                rows.append({"path": path, "text": text, "language": guess.language, "score": guess.score})
                if len(rows) == ROWS_PER_GROUP:
                    writer.write_table(pa.Table.from_pylist(rows, schema=SCHEMA))
                    count += len(rows)
                    rows = []
        if rows:
            writer.write_table(pa.Table.from_pylist(rows, schema=SCHEMA))
            count += len(rows)
    print(f"{count} documents")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1], sys.argv[2]))
