"""``make bench``: throughput and memory of the real CLI against bare baselines.

For each text size (``--sizes``, default 1k, 10k, 100k) and each HTML size
(``--html-sizes``, default 1k) it generates the corpus (bench/corpus.py, reused when
present), then measures, each as a separate process tree:

- ``presswash run CORPUS --output OUT`` into an empty OUT (the first run);
- the same command again (the no-op re-run: nothing new to ingest);
- the baseline: bench/bare_text.py (read, language ID, Parquet) for text,
  bench/bare_html.py (bare ``trafilatura.extract``, one process) for HTML.

A command that takes under ``REPEAT_BELOW_S`` (10 s: the no-op re-runs, the 1k runs) is
run three times and its median wall time is the figure (a first run's repeats each start
from an empty output); every sample is printed and kept in results.json.

Peak RSS is that of the whole process tree (the CLI, its worker processes, Prefect's
ephemeral API server): psutil sums the resident set sizes of the process and all its
descendants every 50 ms and keeps the largest sum. Shared pages are counted once per
process, so the figure is an upper bound, measured the same way at every size.

Prints one Markdown table, and writes it with the raw figures to bench/out/results.{md,json}.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import psutil

from bench.corpus import OUT, ROOT, corpus_bytes, ensure_corpus

VENV_BIN = Path(sys.executable).parent
PRESSWASH = str(VENV_BIN / "presswash")

TEXT_DOCS_PER_S = 1000.0  # at 100k documents
HTML_RATIO = 1.6  # presswash pages/s over bare single-process trafilatura
RSS_GROWTH = 1.10  # peak RSS at 100k over peak RSS at 10k
NOOP_SHARE = 0.05  # no-op re-run wall time over the first run's
# A command that takes less than this is run REPEATS times and its median wall time kept:
# one 0.25 s no-op sample moves by a fifth with whatever else the machine does that moment.
REPEAT_BELOW_S = 10.0
REPEATS = 3


@dataclass
class Measure:
    label: str
    path: str  # text | html
    documents: int
    megabytes: float
    wall: float
    peak_rss_mb: float
    returncode: int
    samples: list[float]  # every wall time measured; ``wall`` is their median

    @property
    def docs_per_s(self) -> float:
        return self.documents / self.wall if self.wall else 0.0

    @property
    def mb_per_s(self) -> float:
        return self.megabytes / self.wall if self.wall else 0.0


def measure(cmd: list[str], env: dict[str, str], log: Path) -> tuple[float, float, int]:
    """Wall seconds, peak RSS (MB) of the process tree, and exit code of ``cmd``.

    The wall time ends when the command exits, as a thread waiting on it sees it, not at
    the sampler's next 50 ms tick: on a 0.25 s no-op run the tick alone was up to a fifth
    of the figure."""
    with log.open("w") as out:
        start = time.perf_counter()
        # Its own process group: an interrupted bench takes the whole tree down with it
        # (Prefect's server and the worker processes included).
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=ROOT, start_new_session=True)
        ended: list[float] = []
        exited = threading.Event()

        def wait_for_exit() -> None:
            proc.wait()
            ended.append(time.perf_counter())
            exited.set()

        waiter = threading.Thread(target=wait_for_exit, daemon=True)
        waiter.start()
        seen: dict[int, psutil.Process] = {}
        try:
            peak = _poll_peak(proc, seen, exited)
        except BaseException:
            os.killpg(proc.pid, signal.SIGTERM)
            raise
        waiter.join()
        wall = ended[0] - start
    # The command has returned; descendants still exiting (the workers' forkserver) would
    # take CPU from the next measured command: wait for them, untimed.
    psutil.wait_procs(list(seen.values()), timeout=15)
    return wall, peak / 1e6, proc.returncode


def measure_repeated(
    cmd: list[str], env: dict[str, str], log: Path, before: Callable[[], None] | None = None
) -> tuple[float, float, int, list[float]]:
    """:func:`measure`, repeated up to :data:`REPEATS` times while the command takes less
    than :data:`REPEAT_BELOW_S`: the median wall time, the largest peak RSS, the first
    failing exit code (else 0), and every wall time measured. ``before`` runs before each
    measurement, untimed."""
    walls: list[float] = []
    peaks: list[float] = []
    codes: list[int] = []
    while len(walls) < REPEATS and (not walls or walls[0] < REPEAT_BELOW_S):
        if before is not None:
            before()
        wall, peak, code = measure(cmd, env, log)
        walls.append(wall)
        peaks.append(peak)
        codes.append(code)
    failed = [code for code in codes if code != 0]
    return statistics.median(walls), max(peaks), failed[0] if failed else 0, walls


def _poll_peak(proc: subprocess.Popen[bytes], seen: dict[int, psutil.Process], exited: threading.Event) -> int:
    """Largest sum of resident set sizes over ``proc`` and its descendants, every 50 ms
    until ``exited`` is set; the descendants met go in ``seen``."""
    peak = 0
    root = psutil.Process(proc.pid)
    while not exited.is_set():
        total = 0
        try:
            procs = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            procs = []
        seen.update((p.pid, p) for p in procs[1:])
        for p in procs:
            try:
                total += p.memory_info().rss
            except psutil.NoSuchProcess:
                continue
        peak = max(peak, total)
        exited.wait(0.05)
    return peak


def run_path(kind: str, size: int, env: dict[str, str], results: list[Measure], quiet: bool) -> None:
    corpus = ensure_corpus(kind, size)
    mb = corpus_bytes(corpus) / 1e6
    runs = OUT / "runs"
    output = runs / f"{kind}-{size}"
    shutil.rmtree(output, ignore_errors=True)
    logs = OUT / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    cli = [PRESSWASH, "run", str(corpus), "--output", str(output)]
    steps: list[tuple[str, list[str]]] = [("presswash run", cli), ("no-op re-run", cli)]
    # Each repeat of the first run starts from an empty output, as the first one did.
    fresh = {"presswash run": lambda: shutil.rmtree(output, ignore_errors=True)}
    if kind == "text":
        steps.append(
            (
                "bare: read, language ID, Parquet",
                [sys.executable, "-m", "bench.bare_text", str(corpus), str(runs / f"bare-{kind}-{size}.parquet")],
            )
        )
    else:
        steps.append(("bare: trafilatura.extract, 1 process", [sys.executable, "-m", "bench.bare_html", str(corpus)]))
    for label, cmd in steps:
        log = logs / f"{kind}-{size}-{label.split(':')[0].replace(' ', '-')}.log"
        wall, peak, code, samples = measure_repeated(cmd, env, log, fresh.get(label))
        result = Measure(label, kind, size, mb, wall, peak, code, samples)
        results.append(result)
        if not quiet:
            status = "" if code == 0 else f"  FAILED (exit {code}, see {log})"
            spread = f"  (median of {', '.join(f'{w:.2f}' for w in samples)} s)" if len(samples) > 1 else ""
            print(
                f"  {kind:>4} {size:>7,} {label:<38} {wall:8.1f} s "
                f"{result.docs_per_s:9,.0f} docs/s {peak:8,.0f} MB{status}{spread}",
                file=sys.stderr,
            )


def table(results: list[Measure]) -> tuple[str, list[str]]:
    """The Markdown table, and the verdicts on the targets."""
    lines = [
        "| path | docs | run | wall s | docs/s | MB/s | peak RSS MB | ratio |",
        "| --- | ---: | --- | ---: | ---: | ---: | ---: | --- |",
    ]
    verdicts: list[str] = []
    by = {(m.path, m.documents, m.label.split(":")[0]): m for m in results}
    for m in results:
        ratio = ""
        first = by.get((m.path, m.documents, "presswash run"))
        bare = by.get((m.path, m.documents, "bare"))
        if m.label == "presswash run" and bare:
            ratio = f"{m.docs_per_s / bare.docs_per_s:.2f}× bare" if bare.docs_per_s else ""
        elif m.label == "no-op re-run" and first:
            ratio = f"{m.wall / first.wall:.1%} of first run"
        failed = "" if m.returncode == 0 else f" (exit {m.returncode})"
        lines.append(
            f"| {m.path} | {m.documents:,} | {m.label}{failed} | {m.wall:.1f} | {m.docs_per_s:,.0f} | "
            f"{m.mb_per_s:.2f} | {m.peak_rss_mb:,.0f} | {ratio} |"
        )
    text_runs = {m.documents: m for m in results if m.path == "text" and m.label == "presswash run"}
    if 100_000 in text_runs:
        got = text_runs[100_000].docs_per_s
        verdicts.append(
            _verdict(f"text path at 100k: {got:,.0f} docs/s (target ≥ {TEXT_DOCS_PER_S:,.0f})", got >= TEXT_DOCS_PER_S)
        )
    if 100_000 in text_runs and 10_000 in text_runs:
        growth = text_runs[100_000].peak_rss_mb / text_runs[10_000].peak_rss_mb
        verdicts.append(
            _verdict(f"peak RSS 100k / 10k: {growth:.3f} (target ≤ {RSS_GROWTH:.2f})", growth <= RSS_GROWTH)
        )
    for m in results:
        if m.path == "html" and m.label == "presswash run":
            bare = by.get(("html", m.documents, "bare"))
            if bare and bare.docs_per_s:
                r = m.docs_per_s / bare.docs_per_s
                verdicts.append(
                    _verdict(
                        f"HTML path at {m.documents:,}: {r:.2f}× bare trafilatura (target ≥ {HTML_RATIO})",
                        r >= HTML_RATIO,
                    )
                )
        if m.label == "no-op re-run":
            first = by.get((m.path, m.documents, "presswash run"))
            if first:
                share = m.wall / first.wall
                verdicts.append(
                    _verdict(
                        f"no-op re-run, {m.path} {m.documents:,}: {share:.1%} of the first run"
                        f" (target ≤ {NOOP_SHARE:.0%})",
                        share <= NOOP_SHARE,
                    )
                )
    return "\n".join(lines), verdicts


def _verdict(text: str, ok: bool) -> str:
    return f"- {'met' if ok else 'MISSED'}: {text}"


def _sizes(raw: str) -> list[int]:
    sizes = [int(s.strip().replace("_", "").replace("k", "000")) for s in raw.split(",") if s.strip()]
    return [s for s in sizes if s > 0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="presswash benchmark (see bench/run.py)")
    parser.add_argument("--sizes", default=os.environ.get("BENCH_SIZES", "1000,10000,100000"))
    parser.add_argument("--html-sizes", default=os.environ.get("BENCH_HTML_SIZES", "1000"))
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)

    env = dict(os.environ)
    # Prefect's state for the bench's runs, kept apart from the user's and fresh each time.
    prefect_home = OUT / "prefect-home"
    shutil.rmtree(prefect_home, ignore_errors=True)
    env["PREFECT_HOME"] = str(prefect_home)
    env.pop("PREFECT_API_URL", None)

    started = time.perf_counter()
    load_at_start = os.getloadavg()[0]
    (OUT / "runs").mkdir(parents=True, exist_ok=True)
    # One untimed run first: Prefect creates its database in the fresh home.
    warm = OUT / "runs" / "warm-up"
    shutil.rmtree(warm, ignore_errors=True)
    measure([PRESSWASH, "run", str(ROOT / "seeds"), "--output", str(warm)], env, OUT / "warm-up.log")
    results: list[Measure] = []
    for size in _sizes(args.sizes):
        run_path("text", size, env, results, args.quiet)
    for size in _sizes(args.html_sizes):
        run_path("html", size, env, results, args.quiet)
    body, verdicts = table(results)
    cores = len(os.sched_getaffinity(0))
    header = (
        f"`make bench BENCH_SIZES={args.sizes} BENCH_HTML_SIZES={args.html_sizes}` on {cores} cores, "
        f"{psutil.virtual_memory().total / 2**30:.0f} GiB, {time.strftime('%Y-%m-%d')}, "
        f"bench wall {time.perf_counter() - started:,.0f} s; load average at start {load_at_start:.1f}, "
        f"at end {os.getloadavg()[0]:.1f} (other work on the machine slows every figure)"
    )
    repeated = (
        f"Runs under {REPEAT_BELOW_S:.0f} s: median wall time of {REPEATS} runs (samples in bench/out/results.json)."
    )
    report = "\n".join([header, "", body, "", repeated, "", *verdicts])
    print(report)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "results.md").write_text(report + "\n")
    (OUT / "results.json").write_text(json.dumps([asdict(m) for m in results], indent=2))
    return 0 if all(m.returncode == 0 for m in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
