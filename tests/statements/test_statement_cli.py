"""``subgraph statement``: the streams of an export on a terminal, or the API's object with --json."""

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from subgraph.answers import to_plain
from subgraph.cli import main
from subgraph.statements import analyse_statement, statement_answer

sys.path.insert(0, str(Path(__file__).parent))

from exports import camt_export, ofx_export  # noqa: E402
from exports import csv_export as _csv  # noqa: E402


@pytest.fixture()
def run(kg):
    runner = CliRunner()

    def invoke(*args, input=None):
        return runner.invoke(main, ["statement", *args], obj={"kg": kg}, input=input)

    return invoke


def test_streams_newest_first_with_the_cancel_path_of_active_ones(run, tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes(_csv())
    result = run(str(path))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "2 recurring charges in 9 transactions (csv, as of 2025-06-05)"
    netflix = lines.index("Netflix, billed by Netflix, Inc.: NETFLIX.COM")
    hulu = next(i for i, line in enumerate(lines) if line.startswith("Hulu"))
    assert netflix < hulu  # newest first
    assert "  active: next 15.49 on 2025-07-05" in lines
    assert "    Cancelling Netflix" in lines[netflix:hulu]  # the active stream's cancel path, through its biller
    assert any(line.startswith("  lapsed: no charge since 2025-03-09") for line in lines[hulu:])
    assert "Cancelling Hulu" not in result.output  # lapsed: nothing to cancel


def test_json_is_the_typed_answer_and_stdin_is_read(run, kg):
    result = run("-", "--json", input=_csv())
    assert result.exit_code == 0, result.output
    expected = to_plain(statement_answer(kg, analyse_statement(kg, _csv())))
    assert json.loads(result.output) == expected
    assert expected["streams"][0]["cancel_path"]["biller"]["id"] == "netflix-inc"


@pytest.mark.parametrize(
    ("export", "name", "fmt"), [(ofx_export, "card.qfx", "ofx"), (camt_export, "bank.xml", "camt")]
)
def test_ofx_and_camt_files(run, tmp_path, export, name, fmt):
    path = tmp_path / name
    path.write_bytes(export())
    result = run(str(path), "--json")  # the format from the file's name and content
    assert result.exit_code == 0, result.output
    answer = json.loads(result.output)
    assert answer["format"] == fmt
    spotify = next(s for s in answer["streams"] if s["service"] and s["service"]["id"] == "spotify")
    assert (spotify["biller"]["id"], spotify["service"]["id"], spotify["cadence"]) == ("paypal", "spotify", "monthly")


@pytest.mark.parametrize(
    ("data", "args", "message"),
    [
        (b"", [], "error: the file is empty"),
        (b"<html><body>hello</body></html>", [], "error: markup that is neither OFX nor CAMT.053"),
        (b"Date,Description,Amount\n2025-01-05,X,-1\n", ["--format", "ofx"], "error: "),
    ],
)
def test_a_bad_file_exits_non_zero_with_the_reason_and_no_traceback(run, data, args, message):
    result = run("-", *args, input=data)
    assert result.exit_code == 1
    assert result.output.startswith(message) and "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_a_bad_region_or_format_is_refused(run):
    assert run("-", "--region", "USA", input=_csv()).exit_code == 2
    assert run("-", "--format", "xls", input=_csv()).exit_code == 2


def test_no_progress_bar_when_piped_or_with_json(run):
    for args in ((), ("--json",)):
        result = run("-", *args, input=_csv(6000))
        assert result.exit_code == 0 and "Reading the statement" not in result.output


@pytest.mark.slow
def test_a_progress_bar_on_a_terminal_for_a_large_file(tmp_path):
    """As a person runs it: stdout is a terminal, the file has thousands of rows."""
    path = tmp_path / "big.csv"
    path.write_bytes(_csv(20_000))
    primary, secondary = pty.openpty()
    command = [sys.executable, "-m", "subgraph.cli", "statement", str(path)]
    env = {**os.environ, "COLUMNS": "100"}
    process = subprocess.Popen(command, stdout=secondary, stderr=secondary, env=env)
    os.close(secondary)
    output = b""
    while True:
        try:
            chunk = os.read(primary, 65536)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        output += chunk
    assert process.wait(timeout=120) == 0
    text = output.decode(errors="replace")
    assert "Reading the statement" in text and "Netflix, billed by Netflix, Inc." in text
