"""The ``presswash`` command line."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from presswash import __version__, prefect_env

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Clean news articles into Parquet.")
console = Console()
errors = Console(stderr=True)

DEFAULT_INPUT = "seeds"
DEFAULT_OUTPUT = "output"


def fail(message: str, code: int = 2) -> typer.Exit:
    errors.print(f"[red]presswash: {message}[/red]", highlight=False, soft_wrap=True)
    return typer.Exit(code)


@app.command()
def run(
    input: Annotated[
        str, typer.Argument(help="A file or folder of raw articles (walked recursively).")
    ] = DEFAULT_INPUT,
    output: Annotated[str, typer.Option("--output", "-o", help="Folder for the Parquet datasets.")] = DEFAULT_OUTPUT,
    batch_size: Annotated[int, typer.Option(help="Documents per task.", min=1)] = 500,
    follow_symlinks: Annotated[bool, typer.Option(help="Follow links that lead out of INPUT.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show Prefect's INFO logs.")] = False,
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
) -> None:
    """Ingest INPUT into OUTPUT through the Prefect ``ingest`` flow.

    INPUT and OUTPUT may be object-store URLs (s3://bucket/prefix); credentials and
    endpoint come from the AWS_* variables, or --storage-option.
    """
    from cleaners.language import check_backend
    from flows import storage
    from flows.runner import check_task_runner

    try:
        check_backend(language_backend)
        check_task_runner(task_runner)
        options = storage.parse_storage_options(storage_option or [])
    except ValueError as exc:
        raise fail(str(exc)) from None
    try:
        found = storage.exists(input, options)
    except Exception as exc:  # credentials, endpoint, network: say so instead of a traceback
        raise fail(f"cannot reach input {input}: {exc}") from None
    if not found:
        raise fail(f"input not found: {input}")
    prefect_env.configure(verbose)
    from flows.runner import run_ingest

    report = run_ingest(
        task_runner=task_runner,
        dask_address=dask_address,
        workers=workers,
        window=window,
        input=input,
        output=output,
        batch_size=batch_size,
        follow_symlinks=follow_symlinks,
        language_backend=language_backend,
        storage_options=options or None,
    )
    print_report(report)


def print_report(report: object) -> None:
    from flows.report import RunReport

    assert isinstance(report, RunReport)
    console.print(
        f"[bold]presswash[/bold] run {report.run_id}: {report.inputs_seen} inputs → "
        f"{report.articles_written} articles, {report.rejects_written} rejects "
        f"in {report.seconds:.1f}s",
        highlight=False,
        soft_wrap=True,
    )
    for reason, count in report.rejects_by_reason.most_common():
        console.print(f"  rejected {count} × {reason}", highlight=False, soft_wrap=True)
    out = report.output.rstrip("/")
    console.print(f"  articles: {out}/articles/   rejects: {out}/rejects/", highlight=False, soft_wrap=True)
    query = f"SELECT title, publisher, language, word_count FROM '{out}/articles/**/*.parquet'"
    console.print("  read it with DuckDB:", highlight=False, soft_wrap=True)
    console.print(
        f'    .venv/bin/python -c "import duckdb; duckdb.sql(\\"{query}\\").show()"',
        highlight=False,
        soft_wrap=True,
    )


@app.command()
def inspect(file: Annotated[Path, typer.Argument(help="One raw article file.")]) -> None:
    """Show what the cleaners keep and remove in FILE, and why. Writes nothing."""
    from cleaners.document import inspect_document
    from presswash.inspect_view import render

    try:
        raw = file.read_bytes()
    except OSError as exc:
        raise fail(f"cannot read {file}: {exc.strerror or exc}") from None
    record, result = inspect_document(raw, str(file))
    console.print(render(record, result))


@app.command()
def schema() -> None:
    """Print the Arrow schemas of the datasets, with their version."""
    import schemas

    for name, sch in schemas.DATASETS.items():
        console.print(f"[bold]{name}[/bold] (schema version {schemas.schema_version_of(sch)})")
        console.print(sch.to_string(show_schema_metadata=False), highlight=False, soft_wrap=True)
        console.print()


@app.command()
def version() -> None:
    """Print the presswash and pipeline versions."""
    from flows.run import pipeline_version

    console.print(f"presswash {__version__} (pipeline {pipeline_version()})", highlight=False, soft_wrap=True)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
