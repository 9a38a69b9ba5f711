"""`subgraph portfolio FILE`: a JSON list, a CSV list or a bank export in; text, JSON or iCalendar out."""

import json

from click.testing import CliRunner
from test_portfolio import _statement

from subgraph.cli import main


def _run(kg, *args):
    return CliRunner().invoke(main, list(args), obj={"kg": kg, "graph": "embedded"})


def test_a_json_list_prints_the_plan_and_writes_reminders(kg, tmp_path):
    listed = tmp_path / "subs.json"
    listed.write_text(
        json.dumps(
            [
                {"service": "disney-plus", "price_paid": 9.99, "billing_cycle": "monthly", "renews_on": "2025-09-01"},
                {"service": "disney bundle"},
            ]
        )
    )
    done = _run(kg, "portfolio", str(listed), "--ics", str(tmp_path / "r.ics"))
    assert done.exit_code == 0, done.output
    assert "Disney Bundle already includes Disney+" in done.output
    assert "before 2025-09-01" in done.output
    assert (tmp_path / "r.ics").read_bytes().count(b"BEGIN:VEVENT") == 1


def test_a_csv_list_and_json_output(kg, tmp_path):
    listed = tmp_path / "subs.csv"
    listed.write_text("service,price_paid,billing_cycle\nnorton,104.99,annual\nkaspersky,59.99,annual\n")
    done = _run(kg, "portfolio", str(listed), "--json")
    assert done.exit_code == 0, done.output
    assert json.loads(done.output)["overlaps"][0]["kind"] == "same-job"


def test_a_bank_export_is_analysed_first(kg, tmp_path):
    name, data = _statement()
    (tmp_path / name).write_bytes(data)
    done = _run(kg, "portfolio", str(tmp_path / name))
    assert done.exit_code == 0, done.output
    assert "Norton and Kaspersky do the same job" in done.output


def test_the_statement_commands_json_is_read_unchanged(kg, tmp_path):
    name, data = _statement()
    (tmp_path / name).write_bytes(data)
    statement = _run(kg, "statement", str(tmp_path / name), "--json")
    assert statement.exit_code == 0, statement.output
    (tmp_path / "statement.json").write_text(statement.output)
    from_export = json.loads(_run(kg, "portfolio", str(tmp_path / name), "--json").output)
    from_answer = json.loads(_run(kg, "portfolio", str(tmp_path / "statement.json"), "--json").output)
    assert from_answer == from_export and from_answer["overlaps"][0]["kind"] == "same-job"


def test_bad_input_exits_2_saying_why(kg, tmp_path):
    listed = tmp_path / "subs.json"
    listed.write_text('[{"service": "zzqqxx"}]')
    done = _run(kg, "portfolio", str(listed))
    assert done.exit_code == 2 and "unknown service" in done.output
    done = _run(kg, "portfolio", str(listed), "--region", "USA")
    assert done.exit_code == 2 and "--region" in done.output
    listed.write_text('{"streams": [{"service": "netflix"}]}')
    done = _run(kg, "portfolio", str(listed))
    assert done.exit_code == 2 and "not a statement answer: streams.0.service" in done.output
