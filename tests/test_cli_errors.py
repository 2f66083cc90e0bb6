"""``presswash`` fails in one readable line and a non-zero exit, with a traceback only
under ``--debug``."""

from __future__ import annotations

from pathlib import Path

import pytest

from presswash import cli
from tests.cli_runs import assert_one_line, environment, presswash, run_python


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["run", "--no-such-option"], ["No such option", "--no-such-option", "presswash run --help"]),
        (["run", "seeds", "--batch-size", "0"], ["--batch-size"]),
        (["run", "seeds", "--max-seconds", "-1"], ["--max-seconds"]),
        (["--no-such-global"], ["No such option"]),
        (["no-such-command"], ["No such command"]),
        (["backfill", "seeds"], ["Missing option '--since'"]),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else None,
)
def test_usage_errors_exit_2_with_one_line(args: list[str], words: list[str]) -> None:
    assert_one_line(presswash(*args), 2, *words)


def test_missing_input_exits_non_zero_with_one_line(tmp_path: Path) -> None:
    assert_one_line(presswash("run", str(tmp_path / "nowhere"), "-o", str(tmp_path / "out")), 2, "input not found")


def test_output_that_is_a_file_exits_non_zero_with_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "out"
    blocker.write_text("a file where the output folder should be")
    line = assert_one_line(presswash("run", "seeds", "-o", str(blocker)), 2, "cannot write output", str(blocker))
    assert "not a folder" in line
    assert blocker.read_text() == "a file where the output folder should be"


def test_output_below_a_file_exits_non_zero_with_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert_one_line(presswash("run", "seeds", "-o", str(blocker / "out")), 2, "cannot write output", "Not a directory")


def test_unreadable_inspect_target_exits_non_zero_with_one_line(tmp_path: Path) -> None:
    assert_one_line(presswash("inspect", str(tmp_path)), 2, "cannot read")


def test_no_arguments_shows_the_help_and_exits_2() -> None:
    proc = presswash()
    assert proc.returncode == 2
    assert "Usage" in proc.stderr + proc.stdout
    assert "Traceback" not in proc.stderr


def test_help_exits_0() -> None:
    proc = presswash("run", "--help", columns=200)
    assert proc.returncode == 0
    for option in ("--max-raw-bytes", "--max-decompressed-bytes", "--max-text-chars", "--max-seconds"):
        assert option in proc.stdout


def _explode(*args: object, **kwargs: object) -> object:
    raise RuntimeError("the cleaners broke\non two lines")


def test_unexpected_failure_is_one_line_that_points_to_debug(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import cleaners.document

    monkeypatch.setattr(cleaners.document, "inspect_document", _explode)
    monkeypatch.setattr(cli.options, "debug", False)
    page = tmp_path / "a.txt"
    page.write_text("text")
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["inspect", str(page)])
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert err.splitlines() == [
        "presswash: inspect failed: RuntimeError: the cleaners broke on two lines (--debug shows the traceback)"
    ]


def test_debug_shows_the_traceback_of_an_unexpected_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import cleaners.document

    monkeypatch.setattr(cleaners.document, "inspect_document", _explode)
    page = tmp_path / "a.txt"
    page.write_text("text")
    try:
        with pytest.raises(RuntimeError, match="the cleaners broke"):
            cli.main(["--debug", "inspect", str(page)])
    finally:
        cli.options.debug = False


def test_os_errors_are_described_in_the_systems_words_with_the_path() -> None:
    error = OSError(28, "No space left on device", "/data/out/articles/part-1.parquet")
    assert cli.describe_failure(error) == "No space left on device: /data/out/articles/part-1.parquet"


_LIBRARY_ERROR_AFTER_PREFECT_LOGGING = """
import logging, sys
from presswash import cli
cli.options.debug = sys.argv[1] == "debug"
cli.quiet_prefect_unless_debug()
from prefect.logging.configuration import setup_logging
setup_logging()
logging.getLogger("sqlalchemy.pool.impl.AsyncAdaptedQueuePool").error("Exception during reset or similar")
"""


@pytest.mark.parametrize(("mode", "printed"), [("quiet", False), ("debug", True)])
def test_another_librarys_error_log_is_printed_only_under_debug(mode: str, printed: bool) -> None:
    # Prefect's logging sends every library's records to the terminal through the root
    # logger: the temporary server, stopped under load, logged SQLAlchemy's cancelled
    # rollback under a failed run's one line.
    proc = run_python("-c", _LIBRARY_ERROR_AFTER_PREFECT_LOGGING, mode, env=environment(drop="PREFECT_LOGGING"))
    assert proc.returncode == 0, proc.stderr
    assert ("Exception during reset" in proc.stderr) is printed
