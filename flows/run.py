"""What identifies one run: its id, kind, start time and the pipeline version."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable

from presswash import __version__

# What decides a document's clean text and metadata: the cleaners' code and rule data.
_CLEANING_FILES = ((".", ".py"), ("rules", ".toml"), ("publishers", ".toml"))


def cleaning_digest(package: Traversable) -> str:
    """A digest of the cleaning package's Python modules and rule tables (names and bytes,
    in name order), so that a change to either is a new pipeline version."""
    digest = hashlib.sha256()
    for folder, suffix in _CLEANING_FILES:
        base = package.joinpath(folder) if folder != "." else package
        for item in sorted(base.iterdir(), key=lambda i: i.name):
            if item.name.endswith(suffix) and item.is_file():
                digest.update(f"{folder}/{item.name}".encode())
                digest.update(item.read_bytes())
    return digest.hexdigest()[:10]


@cache
def pipeline_version() -> str:
    """Package version plus a digest of the cleaning code and rule tables
    (:func:`cleaning_digest`): rows cleaned differently carry different versions."""
    return f"{__version__}+cleaning.{cleaning_digest(resources.files('cleaners'))}"


@dataclass(frozen=True)
class RunContext:
    run_id: str
    kind: str  # manual | backfill | scheduled
    started_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @classmethod
    def start(cls, kind: str = "manual") -> RunContext:
        now = datetime.now(UTC)
        return cls(f"{now:%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}", kind, now)

    @property
    def ingest_date(self) -> str:
        return f"{self.started_at:%Y-%m-%d}"
