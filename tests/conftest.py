"""Shared test set-up: an isolated Prefect home, and paths to the sample material."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from presswash import prefect_env

# Before anything imports prefect: a private Prefect home (its ephemeral server's
# database lives there, removed at exit) and the quiet, offline defaults the CLI uses.
prefect_env.use_private_home("presswash-prefect-")
os.environ.pop("PREFECT_API_URL", None)
prefect_env.configure()

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus" / "trafilatura-eval"


def seed_path(prefix: str) -> Path:
    """The seed file whose name starts with ``prefix`` (``"004"``)."""
    (match,) = SEEDS.glob(f"{prefix}_*.txt")
    return match


@pytest.fixture(scope="session")
def seeds_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[object, Path]]:
    """The ingest flow run once on seeds/ (plus a few bad inputs) for the whole session."""
    from flows.ingest import ingest

    work = tmp_path_factory.mktemp("seeds-run")
    inputs = work / "in"
    inputs.mkdir()
    for seed in SEEDS.glob("*.txt"):
        (inputs / seed.name).write_bytes(seed.read_bytes())
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    output = work / "out"
    report = ingest(input=str(inputs), output=str(output))
    yield report, output


@pytest.fixture(scope="session")
def prefect_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Prefect server on a free 127.0.0.1 port for the whole session: its API URL.

    For tests that start presswash in child processes (see tests/live_prefect.py).
    """
    from tests.live_prefect import running_server

    with running_server(tmp_path_factory.mktemp("prefect-server")) as url:
        yield url
