"""Running presswash's command line (and other Python one-offs) in a child process, as a
user's shell would, for the tests of what it prints and how it exits."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def environment(drop: str = "PREFECT_LOGGING_LEVEL", **extra: str) -> dict[str, str]:
    """This process's environment without the variables whose names start with ``drop``
    (the test session's own Prefect logging settings), plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(drop)}
    env.update(extra)
    return env


def run_python(
    *args: str, env: dict[str, str], cwd: Path | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """This interpreter with ``args``, from the repository root; output captured as text."""
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, cwd=cwd or ROOT, env=env, timeout=timeout, check=False
    )


def presswash(
    *args: str, cwd: Path | None = None, columns: int = 80, timeout: float = 120, **extra_env: str
) -> subprocess.CompletedProcess[str]:
    """``presswash ARGS``. A narrow terminal (``columns``) must not wrap the error line either."""
    env = environment(COLUMNS=str(columns), **extra_env)
    return run_python("-m", "presswash.cli", *args, env=env, cwd=cwd, timeout=timeout)


def assert_one_line(proc: subprocess.CompletedProcess[str], code: int, *words: str) -> str:
    """A failed command's whole stderr: one line from presswash, no traceback, naming ``words``."""
    assert proc.returncode == code, proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr
    (line,) = lines
    assert line.startswith("presswash: ")
    assert "Traceback" not in proc.stderr
    for word in words:
        assert word in line
    return line
