"""What identifies one run: its id, kind, start time and the pipeline version."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from importlib import resources

from presswash import __version__


@cache
def pipeline_version() -> str:
    """Package version plus a digest of the rule tables, so new rules mean a new version."""
    digest = hashlib.sha256()
    for folder in ("rules", "publishers"):
        base = resources.files("cleaners").joinpath(folder)
        for item in sorted(base.iterdir(), key=lambda i: i.name):
            if item.name.endswith(".toml"):
                digest.update(item.name.encode())
                digest.update(item.read_bytes())
    return f"{__version__}+rules.{digest.hexdigest()[:10]}"


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
