"""The habits the test command enforces: ruff's lint and format, and (slow) mypy over the package."""

import subprocess
import sys
from pathlib import Path

from conftest import ROOT

BIN = Path(sys.executable).parent
#: every tracked source tree; ruff reads its settings from pyproject.toml
SOURCES = ["src", "api", "tests", "benchmarks", "notebooks", "dev.py", "gunicorn.conf.py"]


def _run(*command):
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True)


def test_ruff_finds_nothing_to_fix():
    done = _run(str(BIN / "ruff"), "check", "--output-format", "concise", *SOURCES)
    assert done.returncode == 0, done.stdout + done.stderr


def test_code_is_formatted_as_ruff_formats_it():
    done = _run(str(BIN / "ruff"), "format", "--check", *SOURCES)
    assert done.returncode == 0, "run `ruff format` on:\n" + done.stdout + done.stderr
