"""No-op re-run benchmark: ingest a folder, then run again over it unchanged.

The second run must find every input in the ledger by (path, size, mtime) and read none
of them, so it should cost a small fraction of the first: the target is at most 5 %.

Both runs go through the real ``ingest`` flow in this process (the re-run three times,
its median kept), after a warm-up run over an empty folder, so neither pays for
Prefect's start-up (a fresh ``presswash run`` process adds a few seconds of imports and
server start to either). Prints both times and their ratio; exits 1 when the ratio is
over ``--max-ratio``.

    .venv/bin/python -m bench.noop_rerun [--files 10000] [--max-ratio 0.05]
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench.run import REPEATS

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
PER_FOLDER = 1000


def make_inputs(folder: Path, count: int) -> Path:
    """``count`` distinct plain-text articles made from the seeds (reused when complete)."""
    marker = folder.with_name(folder.name + ".complete")
    if marker.exists():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    seeds = [p.read_bytes() for p in sorted((ROOT / "seeds").glob("*.txt"))]
    for i in range(count):
        body = seeds[i % len(seeds)] + f"\n\nCorrespondent's note number {i} for this edition.\n".encode()
        sub = folder / f"{i // PER_FOLDER:04d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"{i:06d}_{hashlib.sha1(body).hexdigest()[:8]}.txt").write_bytes(body)
    marker.write_text("ok\n")
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--max-ratio", type=float, default=0.05)
    parser.add_argument("--workers", type=int, default=None, help="worker processes (default: cores)")
    args = parser.parse_args(argv)

    from presswash import prefect_env

    prefect_env.use_private_home("presswash-bench-prefect-")
    prefect_env.configure()
    from flows.runner import run_ingest as ingest  # the CLI's own entry point

    inputs = make_inputs(OUT / f"noop-inputs-{args.files}", args.files)
    work = Path(tempfile.mkdtemp(prefix="noop-rerun-", dir=OUT))
    try:
        empty = work / "empty"
        empty.mkdir()
        ingest(input=str(empty), output=str(work / "warm-up"), workers=args.workers)  # Prefect up, imports done

        output = work / "out"
        started = time.perf_counter()
        first = ingest(input=str(inputs), output=str(output), workers=args.workers)
        first_seconds = time.perf_counter() - started

        # A re-run is as much a no-op the second time: its median, as bench.run keeps for
        # every command under REPEAT_BELOW_S (one 0.4 s sample moves by a third).
        walls = []
        for _ in range(REPEATS):
            started = time.perf_counter()
            again = ingest(input=str(inputs), output=str(output), workers=args.workers)
            walls.append(time.perf_counter() - started)
        again_seconds = statistics.median(walls)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    ratio = again_seconds / first_seconds
    print(f"no-op re-run over {args.files} files")
    print(f"  first run:  {first_seconds:8.2f} s  ({first.inputs_new} new, {first.inputs_rejected} rejected)")
    samples = ", ".join(f"{w:.2f}" for w in walls)
    print(f"  re-run:     {again_seconds:8.2f} s  (median of {samples} s)")
    print(f"              {again.inputs_skipped} skipped, {again.inputs_new} new")
    print(f"  ratio:      {ratio:8.2%}  (target ≤ {args.max_ratio:.0%})")
    if again.inputs_new or again.inputs_skipped != first.inputs_seen:
        print("  the re-run was not a no-op", file=sys.stderr)
        return 1
    return 0 if ratio <= args.max_ratio else 1


if __name__ == "__main__":
    sys.exit(main())
