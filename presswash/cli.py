"""The ``presswash`` command line."""

from __future__ import annotations

import atexit
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from click.exceptions import ClickException, NoArgsIsHelpError, UsageError

from cleaners.options import Limits
from presswash import __version__, prefect_env

if TYPE_CHECKING:
    from rich.console import Console

    from flows.select import Plan


app = typer.Typer(add_completion=False, no_args_is_help=True, help="Clean news articles into Parquet.")


@cache
def _console(stderr: bool = False) -> Console:
    """rich's console for stdout or stderr, made on first use: importing rich costs a run
    with nothing to read a twentieth of its time."""
    from rich.console import Console

    return Console(stderr=stderr)


DEFAULT_INPUT = "seeds"
DEFAULT_OUTPUT = "output"


def fail(message: str, code: int = 2) -> typer.Exit:
    _console(stderr=True).print(f"[red]presswash: {message}[/red]", highlight=False, soft_wrap=True)
    return typer.Exit(code)


class _Options:
    debug = False


options = _Options()


@app.callback()
def _global_options(
    debug: Annotated[
        bool, typer.Option("--debug", help="On failure show the traceback and Prefect's own error logs.")
    ] = False,
) -> None:
    """Clean news articles into Parquet."""
    options.debug = debug


def quiet_prefect_unless_debug() -> None:
    """Without --debug a failed run is one line from us, not Prefect's logged tracebacks.

    The API server's own loggers too: it writes to the same terminal, and a run that
    fails early stops it while it is still recording the run's events. And the root
    logger Prefect configures, which prints other libraries' records: a server stopped
    under load logged SQLAlchemy's cancelled rollback, 24 lines of traceback.
    """
    if not options.debug:
        os.environ.setdefault("PREFECT_LOGGING_LEVEL", "CRITICAL")
        os.environ.setdefault("PREFECT_SERVER_LOGGING_LEVEL", "CRITICAL")
        os.environ.setdefault("PREFECT_LOGGING_ROOT_LEVEL", "CRITICAL")


def start_prefect(verbose: bool) -> None:
    """Prefect's environment, and its temporary API server started now, in the background.

    Called by ``run`` and ``backfill`` as soon as their arguments are known to be usable,
    before the checks and the planning that touch the input and output, so the server's
    start-up (seconds) overlaps them and the imports that follow.
    """
    quiet_prefect_unless_debug()
    prefect_env.configure(verbose)
    prefect_env.start_api_early(quiet=not options.debug)


def check_output(output: str) -> None:
    """Fail now, in one line, when OUTPUT cannot take the datasets (local outputs)."""
    from flows import storage

    if storage.is_remote(output):
        return
    try:
        os.makedirs(output, exist_ok=True)
        with tempfile.TemporaryFile(dir=output, prefix=".presswash-probe-"):
            pass
    except FileExistsError:
        raise fail(f"cannot write output {output}: it is not a folder") from None
    except OSError as exc:
        raise fail(f"cannot write output {output}: {exc.strerror or exc}") from None


# Options that several commands share.
OutputOption = Annotated[str, typer.Option("--output", "-o", help="Folder for the Parquet datasets.")]
BatchSize = Annotated[int, typer.Option(help="Documents per task.", min=1)]
FollowSymlinks = Annotated[bool, typer.Option(help="Follow links that lead out of INPUT.")]
Verbose = Annotated[bool, typer.Option("--verbose", "-v", help="Show Prefect's INFO logs.")]
Reprocess = Annotated[bool, typer.Option(help="Clean inputs already ingested again; replace their rows.")]
DEFAULT_BATCH_SIZE = 2000  # flows.ingest's default; not imported, to keep Prefect out of start-up
MaxRawBytes = Annotated[int, typer.Option(help="Skip (too_large) files bigger than this many bytes.", min=1)]
MaxDecompressedBytes = Annotated[
    int, typer.Option(help="Skip (too_large) gzip inputs that inflate past this many bytes.", min=1)
]
MaxTextChars = Annotated[
    int, typer.Option(help="Skip (too_large) documents with more text than this many characters.", min=1)
]
MaxSeconds = Annotated[
    float, typer.Option(help="Give up (timeout) on a document after this many seconds; 0: no limit.", min=0)
]
HtmlModeOption = Annotated[
    str,
    typer.Option(
        "--html-mode",
        help="HTML extraction: fast (one trafilatura pass) or precise (three passes; about 3x the CPU per page).",
    ),
]


LearnLines = Annotated[
    bool,
    typer.Option(
        "--learn-lines/--no-learn-lines",
        help="Learn each outlet's repeated lines from what is ingested, and remove those learned before the run.",
    ),
]


def _check_html_mode(mode: str) -> None:
    from cleaners.options import check_html_mode

    try:
        check_html_mode(mode)
    except ValueError as exc:
        raise fail(str(exc)) from None


@app.command()
def run(
    input: Annotated[
        str, typer.Argument(help="A file or folder of raw articles (walked recursively).")
    ] = DEFAULT_INPUT,
    output: OutputOption = DEFAULT_OUTPUT,
    batch_size: BatchSize = DEFAULT_BATCH_SIZE,
    follow_symlinks: FollowSymlinks = False,
    verbose: Verbose = False,
    language_backend: Annotated[
        str, typer.Option(help="Language identification: fast (fastText, bundled model) or langdetect.")
    ] = "fast",
    workers: Annotated[
        int | None, typer.Option(help="Worker processes (local) or Dask workers (local cluster); default: cores.")
    ] = None,
    window: Annotated[int | None, typer.Option(help="Batches in flight at once; default: 2 per worker.", min=1)] = None,
    task_runner: Annotated[
        str, typer.Option(help="local (process pool on this machine) or dask (prefect-dask).")
    ] = "local",
    dask_address: Annotated[
        str | None, typer.Option(help="Scheduler of an existing Dask cluster; default: start a local one.")
    ] = None,
    storage_option: Annotated[
        list[str] | None,
        typer.Option(help="KEY=VALUE for s3:// (or other fsspec) inputs and outputs; repeatable."),
    ] = None,
    reprocess: Reprocess = False,
    max_raw_bytes: MaxRawBytes = Limits.max_raw_bytes,
    max_decompressed_bytes: MaxDecompressedBytes = Limits.max_decompressed_bytes,
    max_text_chars: MaxTextChars = Limits.max_text_chars,
    max_seconds: MaxSeconds = Limits.max_seconds,
    html_mode: HtmlModeOption = "fast",
    learn_lines: LearnLines = True,
) -> None:
    """Ingest INPUT into OUTPUT through the Prefect ``ingest`` flow.

    INPUT and OUTPUT may be object-store URLs (s3://bucket/prefix); credentials and
    endpoint come from the AWS_* variables, or --storage-option.
    """
    from cleaners.language import check_backend
    from flows import storage
    from flows.runner import check_task_runner

    started = time.perf_counter()
    _check_html_mode(html_mode)
    try:
        check_backend(language_backend)
        check_task_runner(task_runner)
        options = storage.parse_storage_options(storage_option or [])
    except ValueError as exc:
        raise fail(str(exc)) from None
    start_prefect(verbose)
    try:
        found = storage.exists(input, options)
    except Exception as exc:  # credentials, endpoint, network: say so instead of a traceback
        raise fail(f"cannot reach input {input}: {exc}") from None
    if not found:
        raise fail(f"input not found: {input}")
    check_output(output)
    params = {
        "input": input,
        "output": output,
        "batch_size": batch_size,
        "follow_symlinks": follow_symlinks,
        "language_backend": language_backend,
        "html_mode": html_mode,
        "storage_options": options or None,
        "reprocess": reprocess,
        "max_raw_bytes": max_raw_bytes,
        "max_decompressed_bytes": max_decompressed_bytes,
        "max_text_chars": max_text_chars,
        "max_seconds": max_seconds,
        "learn_lines": learn_lines,
    }
    if not reprocess and _finish_if_up_to_date(params, "manual", started):
        return
    from flows.runner import run_ingest

    report = run_ingest(task_runner=task_runner, dask_address=dask_address, workers=workers, window=window, **params)
    print_report(report)


def _finish_if_up_to_date(params: dict[str, Any], kind: str, started: float) -> bool:
    """When the run would read nothing: log it, report it, and start no flow run."""
    from flows.select import Selection
    from flows.up_to_date import check_up_to_date

    plan = check_up_to_date(
        params["input"],
        params["output"],
        Selection(),  # `run` takes every input
        follow_symlinks=params["follow_symlinks"],
        storage_options=params.get("storage_options"),
    )
    if plan is None:
        return False
    _report_up_to_date(plan, params, kind, started)
    return True


def _report_up_to_date(plan: Plan, params: dict[str, Any], kind: str, started: float) -> None:
    from flows.up_to_date import log_up_to_date_run

    prefect_env.stop_early_api()  # not needed after all
    report = log_up_to_date_run(params["output"], kind, plan, params, started)
    print_report(report)
    print("  nothing new to read: no flow run started", flush=True)


def print_report(report: object) -> None:
    """The run's summary, plain text (no markup: paths may hold brackets)."""
    from flows.report import RunReport

    assert isinstance(report, RunReport)
    out = report.output.rstrip("/")
    query = f"SELECT title, publisher, language, word_count FROM '{out}/articles/**/*.parquet'"
    lines = [
        f"presswash run {report.run_id}: {report.inputs_seen} inputs → "
        f"{report.articles_written} articles, {report.rejects_written} rejects in {report.seconds:.1f}s",
        f"  {report.inputs_new} new, {report.inputs_replaced} replaced, {report.inputs_skipped} already in, "
        f"{report.duplicates} duplicates, {report.inputs_rejected} rejected"
        + (f", {report.deferred} left for a later run" if report.deferred else ""),
        *(f"  rejected {count} × {reason}" for reason, count in report.rejects_by_reason.most_common()),
        *(
            [
                f"  cleaned with {report.learned_lines} learned boilerplate lines of {report.learned_outlets} "
                + ("outlet" if report.learned_outlets == 1 else "outlets")
            ]
            if report.learned_lines
            else []
        ),
        *(
            [
                f"  {report.learned_lines_after} lines are now learned as outlets' boilerplate (were "
                f"{report.learned_lines}): later runs remove them, and --reprocess from what is already in"
            ]
            if report.learned_lines_after > report.learned_lines
            else []
        ),
        f"  articles: {out}/articles/   rejects: {out}/rejects/",
        "  read it with DuckDB:",
        f'    .venv/bin/python -c "import duckdb; duckdb.sql(\\"{query}\\").show()"',
    ]
    print("\n".join(lines), flush=True)


@app.command()
def inspect(
    file: Annotated[Path, typer.Argument(help="One raw article file.")],
    learned_from: Annotated[
        Path | None,
        typer.Option(
            "--learned-from",
            help="An output folder: also remove the lines its runs learned as the outlet's boilerplate, "
            "as the next run there would.",
        ),
    ] = None,
) -> None:
    """Show what the cleaners keep and remove in FILE, and why. Writes nothing."""
    from cleaners.document import inspect_document
    from presswash.inspect_view import render

    try:
        raw = file.read_bytes()
    except OSError as exc:
        raise fail(f"cannot read {file}: {exc.strerror or exc}") from None
    repeated = None
    if learned_from is not None:
        from flows.line_counts import learned_lines

        if not learned_from.is_dir():
            raise fail(f"{learned_from} is not a folder")
        repeated = learned_lines(str(learned_from))
    record, result = inspect_document(raw, str(file), repeated=repeated)
    _console().print(render(record, result))


@app.command("split-records")
def split_records(
    file: Annotated[Path, typer.Argument(help="A JSON-lines file or a JSON array of records (optionally .gz).")],
    folder: Annotated[Path, typer.Argument(help="Where to write one .json file per record.")],
) -> None:
    """Write each record of a scraper's dump to a file of its own, for `presswash run`
    (one file is one document). Splitting again writes only records that are new."""
    from presswash.split_records import split_records as split

    try:
        report = split(file, folder)
    except OSError as exc:
        raise fail(f"cannot split {file}: {exc.strerror or exc}") from None
    except (ValueError, RecursionError) as exc:
        raise fail(f"{file} is not a JSON array or JSON lines: {exc}") from None
    line = f"{report.written} records written to {folder}, {report.unchanged} already there"
    if report.bad_count:
        shown = ", ".join(map(str, report.bad_lines)) + (", …" if report.bad_count > len(report.bad_lines) else "")
        line += f"; {report.bad_count} lines hold no JSON object (lines {shown})"
    _console().print(line, highlight=False, soft_wrap=True)


@app.command()
def schema() -> None:
    """Print the Arrow schemas of the datasets, with their version."""
    import schemas

    for name, sch in schemas.DATASETS.items():
        _console().print(f"[bold]{name}[/bold] (schema version {schemas.schema_version_of(sch)})")
        _console().print(sch.to_string(show_schema_metadata=False), highlight=False, soft_wrap=True)
        _console().print()


@app.command()
def version() -> None:
    """Print the presswash and pipeline versions."""
    from flows.run import pipeline_version

    _console().print(f"presswash {__version__} (pipeline {pipeline_version()})", highlight=False, soft_wrap=True)


@app.command()
def backfill(
    input: Annotated[str, typer.Argument(help="A folder of older raw articles (walked recursively).")],
    since: Annotated[str, typer.Option(help="First day to take (YYYY-MM-DD), inclusive.")],
    until: Annotated[str | None, typer.Option(help="Last day to take (YYYY-MM-DD), inclusive.")] = None,
    glob: Annotated[
        str | None, typer.Option("--glob", help="Only inputs whose path below INPUT (or name) matches, e.g. '*.html'.")
    ] = None,
    limit: Annotated[
        int | None, typer.Option(help="Read at most this many inputs (skipped ones not counted).", min=1)
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Count what would be read, skipped, rejected.")] = False,
    reprocess: Reprocess = False,
    output: OutputOption = DEFAULT_OUTPUT,
    batch_size: BatchSize = DEFAULT_BATCH_SIZE,
    workers: Annotated[int | None, typer.Option(help="Worker processes; default: cores.")] = None,
    follow_symlinks: FollowSymlinks = False,
    verbose: Verbose = False,
    html_mode: HtmlModeOption = "fast",
    learn_lines: LearnLines = True,
) -> None:
    """Ingest the inputs of INPUT dated between --since and --until (path date, else mtime).

    Inputs already ingested are skipped, so a backfill can be stopped and started again.
    """
    from cleaners.options import Limits
    from flows.discover import walk_inputs
    from flows.ledger import read_ledger, read_settled_ledger
    from flows.select import Selection, parse_day, plan_inputs

    started = time.perf_counter()
    _check_html_mode(html_mode)
    try:
        first, last = parse_day(since), parse_day(until) if until else None
    except ValueError as exc:
        raise fail(str(exc)) from None
    if last is not None and last < first:
        raise fail(f"--until {last} is before --since {first}")
    if not Path(input).exists():
        raise fail(f"input not found: {input}")
    if not dry_run:
        start_prefect(verbose)
    selection = Selection(first, last, glob, limit)
    walk = walk_inputs(input, follow_symlinks=follow_symlinks)
    settled = read_settled_ledger(output)
    plan = plan_inputs(walk, input, selection, settled or read_ledger(output), reprocess, Limits.max_raw_bytes)
    window = f"{first} … {last or 'today'}" + (f", matching {glob}" if glob else "")
    _console().print(
        f"backfill {input} ({window}): {plan.selected} selected, {plan.outside} outside; "
        f"would read {plan.to_read}, skip {plan.skipped} already ingested, reject {plan.to_reject} unread"
        + (f", leave {plan.deferred} for later (--limit)" if plan.deferred else ""),
        highlight=False,
        soft_wrap=True,
    )
    if dry_run:
        return
    check_output(output)
    params: dict[str, Any] = {
        "input": input,
        "output": output,
        "batch_size": batch_size,
        "kind": "backfill",
        "follow_symlinks": follow_symlinks,
        "reprocess": reprocess,
        "since": first.isoformat(),
        "until": last.isoformat() if last else None,
        "glob": glob,
        "limit": limit,
        "html_mode": html_mode,
        "learn_lines": learn_lines,
    }
    if plan.to_read == 0 and settled is not None and not reprocess:
        _report_up_to_date(plan, params, "backfill", started)
        return
    from flows.runner import run_ingest
    from presswash.progress_view import show_progress

    with show_progress(_console(stderr=True), plan.to_read, "backfill"):
        report = run_ingest(workers=workers, **params)
    print_report(report)


@app.command()
def serve(
    input: Annotated[str, typer.Argument(help="The landing folder each scheduled run ingests.")],
    cron: Annotated[str, typer.Option(help="When to run (cron, UTC).")] = "*/15 * * * *",
    output: OutputOption = DEFAULT_OUTPUT,
    name: Annotated[str, typer.Option(help="Deployment name (the flow is `ingest`).")] = "landing",
    batch_size: BatchSize = DEFAULT_BATCH_SIZE,
    verbose: Verbose = False,
) -> None:
    """Serve the ``ingest`` flow over INPUT on a schedule, from this process (``flow.serve``).

    Needs a Prefect server: ``prefect server start``, then ``PREFECT_API_URL`` pointing
    at it (http://127.0.0.1:4200/api). Runs also start from its UI or with
    ``prefect deployment run ingest/NAME``.
    """
    import os

    if not Path(input).is_dir():
        raise fail(f"landing folder not found: {input}")
    prefect_env.configure(verbose)
    if not os.environ.get("PREFECT_API_URL"):
        from prefect.settings import PREFECT_API_URL

        if not PREFECT_API_URL.value():
            raise fail("serving needs a Prefect server: run `prefect server start` and set PREFECT_API_URL")
    from flows.serve import serve_ingest

    serve_ingest(input=input, output=output, cron=cron, name=name, batch_size=batch_size)


@app.command()
def runs(
    output: Annotated[str, typer.Argument(help="The output folder whose run log to list.")] = DEFAULT_OUTPUT,
    limit: Annotated[int, typer.Option(help="How many runs, newest first.", min=1)] = 20,
) -> None:
    """List recent runs from OUTPUT's run log (``runs/``)."""
    from flows.runlog import read_runs
    from presswash.runs_view import runs_table

    rows = read_runs(output, limit)
    if not rows:
        raise fail(f"no runs logged under {output}", code=1)
    _console().print(runs_table(rows))


def main(argv: Sequence[str] | None = None) -> None:
    """The console script: any failure ends in one readable line and a non-zero exit.

    Usage errors exit 2, failures of a command 1, an interrupt 130; ``--debug`` shows
    the traceback of an unexpected failure instead of its one-line summary. As the
    console script (no ``argv``), the process ends without the interpreter's teardown
    (see :func:`_exit_after_exit_handlers`).
    """
    if argv is None:
        atexit.register(_exit_after_exit_handlers)
    try:
        _main(list(sys.argv[1:] if argv is None else argv))
    except SystemExit as exc:
        if exc.code is None or isinstance(exc.code, int):  # (any other is printed by Python on its way out)
            _exit_status.append(exc.code or 0)
        raise


# The status the console script exits with, once main has decided it.
_exit_status: list[int] = []


def _exit_after_exit_handlers() -> None:
    """End the process once every exit handler has run, skipping the interpreter's teardown.

    Registered by the console script before anything else registers one, so it runs
    last: after Prefect's event and log workers flushed to the API and the temporary
    server was stopped (and every other exit handler). What is left is freeing each of
    the ~2,000 modules a run imports and every object they hold, ~0.45 s after each run
    that nothing needs: the datasets, the ledger and the run log are written, fsynced
    and closed by then. Only when main returned a status and both streams flush;
    otherwise (an uncaught exception under --debug, a closed pipe) Python ends as usual.
    """
    if not _exit_status:
        return
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except Exception:
        return
    os._exit(_exit_status[0])


def _main(args: list[str]) -> None:
    try:
        result = typer.main.get_command(app).main(args=args, prog_name="presswash", standalone_mode=False)
    except NoArgsIsHelpError as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except UsageError as exc:
        where = exc.ctx.command_path if exc.ctx else "presswash"
        error_line(f"{exc.format_message()} (see '{where} --help')")
        sys.exit(exc.exit_code)
    except ClickException as exc:
        error_line(exc.format_message())
        sys.exit(exc.exit_code)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except (typer.Abort, KeyboardInterrupt):
        error_line("interrupted")
        sys.exit(130)
    except Exception as exc:
        if options.debug or "--debug" in args:
            raise
        command = next((arg for arg in args if not arg.startswith("-")), "presswash")
        error_line(f"{command} failed: {describe_failure(exc)} (--debug shows the traceback)")
        sys.exit(1)
    sys.exit(result if isinstance(result, int) else 0)


def error_line(message: str) -> None:
    """One line on stderr, whatever the message holds."""
    _console(stderr=True).print(f"[red]presswash: {' '.join(message.split())}[/red]", highlight=False, soft_wrap=True)


def describe_failure(exc: BaseException) -> str:
    """What went wrong, for a person: the OS's words and the path for I/O errors."""
    if isinstance(exc, OSError) and exc.strerror:
        where = f": {exc.filename}" if exc.filename else ""
        return f"{exc.strerror}{where}"
    return f"{type(exc).__name__}: {exc}"


if __name__ == "__main__":
    main()
