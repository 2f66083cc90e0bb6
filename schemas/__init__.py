"""The Arrow schemas of presswash's datasets: the one source of truth.

Every writer, reader and test takes its schema from here. A change to a column is
a change to ``SCHEMA_VERSION``; the version is written into each Parquet file's
key-value metadata under ``presswash.schema_version``.

Versions:

- ``1``: the v1 datasets.
- ``2``: ``articles.duplicate_of`` (string, null for a first copy): the ``doc_id`` of the
  first article seen, in this run or an earlier one on the same output, whose clean text
  is the same (``text_sha256``) or a near copy (MinHash Jaccard ≥ 0.8, see
  ``cleaners/near_duplicates.py``). Copies are flagged, never dropped.
- ``3``: ``articles.url`` (string, null when unknown): the page's own address, normalized
  (``cleaners.publisher.article_url``). A run brings the part files of an older version
  in its output to this one (``flows/upgrade.py``).
"""

from __future__ import annotations

import pyarrow as pa

SCHEMA_VERSION = "3"
METADATA_KEY = b"presswash.schema_version"

UTC_TIMESTAMP = pa.timestamp("us", tz="UTC")

REMOVAL = pa.struct(
    [
        pa.field("rule", pa.string(), nullable=False),
        pa.field("kind", pa.string(), nullable=False),
        pa.field("start", pa.int32(), nullable=False),
        pa.field("text", pa.string(), nullable=False),
    ]
)


def _with_version(fields: list[pa.Field], name: str) -> pa.Schema:
    return pa.schema(
        fields,
        metadata={METADATA_KEY: SCHEMA_VERSION.encode(), b"presswash.dataset": name.encode()},
    )


ARTICLES = _with_version(
    [
        pa.field("doc_id", pa.string(), nullable=False),
        pa.field("source_path", pa.string(), nullable=False),
        pa.field("raw_sha256", pa.string(), nullable=False),
        pa.field("raw_bytes", pa.int64(), nullable=False),
        pa.field("format", pa.string(), nullable=False),
        pa.field("title", pa.string()),
        pa.field("text", pa.string(), nullable=False),
        pa.field("publisher", pa.string()),
        pa.field("publisher_domain", pa.string()),
        pa.field("url", pa.string()),
        pa.field("authors", pa.list_(pa.string())),
        pa.field("published_at", UTC_TIMESTAMP),
        pa.field("language", pa.string()),
        pa.field("language_score", pa.float32()),
        pa.field("word_count", pa.int32(), nullable=False),
        pa.field("char_count", pa.int32(), nullable=False),
        pa.field("removed_chars", pa.int32(), nullable=False),
        pa.field("removed", pa.list_(REMOVAL)),
        pa.field("text_sha256", pa.string(), nullable=False),
        pa.field("duplicate_of", pa.string()),
        pa.field("ingested_at", UTC_TIMESTAMP, nullable=False),
        pa.field("run_id", pa.string(), nullable=False),
        pa.field("pipeline_version", pa.string(), nullable=False),
    ],
    "articles",
)

REJECTS = _with_version(
    [
        pa.field("source_path", pa.string(), nullable=False),
        pa.field("raw_sha256", pa.string()),
        pa.field("raw_bytes", pa.int64()),
        pa.field("reason", pa.string(), nullable=False),
        pa.field("detail", pa.string()),
        pa.field("run_id", pa.string(), nullable=False),
        pa.field("ingested_at", UTC_TIMESTAMP, nullable=False),
    ],
    "rejects",
)

# The run log: one row per run (written when it starts, rewritten when it ends).
RUNS = _with_version(
    [
        pa.field("run_id", pa.string(), nullable=False),
        pa.field("kind", pa.string(), nullable=False),  # manual | backfill | scheduled
        pa.field("status", pa.string(), nullable=False),  # running | completed | failed
        pa.field("parameters", pa.string(), nullable=False),  # the flow's parameters, as JSON
        pa.field("started_at", UTC_TIMESTAMP, nullable=False),
        pa.field("finished_at", UTC_TIMESTAMP),
        pa.field("seconds", pa.float64()),
        pa.field("inputs_seen", pa.int64(), nullable=False),
        pa.field("inputs_new", pa.int64(), nullable=False),
        pa.field("inputs_skipped", pa.int64(), nullable=False),
        pa.field("duplicates", pa.int64(), nullable=False),
        pa.field("rejected", pa.int64(), nullable=False),
        pa.field("replaced", pa.int64(), nullable=False),
        pa.field("articles_written", pa.int64(), nullable=False),
        pa.field("rejects_written", pa.int64(), nullable=False),
        pa.field("pipeline_version", pa.string(), nullable=False),
        pa.field("flow_run_id", pa.string()),
        pa.field("host", pa.string()),
        pa.field("pid", pa.int64()),
        pa.field("error", pa.string()),
    ],
    "runs",
)

# Partition column of articles/, rejects/ and runs/ (hive style: ingest_date=YYYY-MM-DD).
PARTITION_COLUMN = "ingest_date"

DATASETS: dict[str, pa.Schema] = {"articles": ARTICLES, "rejects": REJECTS, "runs": RUNS}


def schema_version_of(schema: pa.Schema) -> str | None:
    """The presswash schema version recorded in a schema's metadata, if any."""
    meta = schema.metadata or {}
    raw = meta.get(METADATA_KEY)
    return raw.decode() if raw is not None else None
