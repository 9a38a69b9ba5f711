import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from subgraph.cli import main


@pytest.fixture()
def run():
    runner = CliRunner()

    def invoke(*args):
        return runner.invoke(main, list(args), catch_exceptions=False)
    return invoke


def test_validate_ok(run):
    result = run("validate")
    assert result.exit_code == 0
    assert result.output.startswith("ok: ") and "conforms" in result.output


def test_validate_broken_graph_exits_non_zero(run, graph_copy):
    path = graph_copy / "services" / "kaspersky.ttl"
    path.write_text(path.read_text() + "\n:kaspersky schema:name .\n")
    result = run("validate", "--graph", str(graph_copy))
    assert result.exit_code == 1
    assert "graph/services/kaspersky.ttl:" in result.output
    assert "invalid" in result.output and "nothing loaded" in result.output


def test_stats_json(run):
    result = run("stats", "--json")
    stats = json.loads(result.output)
    assert stats["services"] >= 4
    assert stats["facts"] == stats["sourced_facts"] > 0
    assert set(stats["facts_by_source_kind"]) <= {"official", "terms-copy", "press"}
    assert stats["oldest_source_date"] <= stats["newest_checked_date"]


def test_stats_text(run):
    result = run("stats")
    assert result.exit_code == 0 and "services" in result.output


def test_show_json_has_billers_methods_and_sources(run):
    profile = json.loads(run("show", "Kaspersky", "--json").output)
    assert profile["id"] == "kaspersky"
    billers = {b["id"]: b for b in profile["billers"]}
    assert set(billers) == {channel["biller"] for channel in profile["channels"]}
    assert "apple-app-store" in billers
    for biller in billers.values():
        for method in biller["cancel_methods"]:
            assert method["steps"] and method["source"]["url"].startswith("https://")


def test_show_text_reads_like_a_guide(run):
    output = run("show", "kaspersky").output
    assert "how to cancel:" in output and "1. " in output


def test_show_resolves_a_misspelt_service(run):
    assert json.loads(run("show", "kasperski", "--json").output)["id"] == "kaspersky"


def test_show_unknown_service_fails_clearly(run):
    result = run("show", "zzqxv wobble")
    assert result.exit_code == 2
    assert result.output.startswith("error: unknown service 'zzqxv wobble'")


def test_console_script_refuses_invalid_graph(graph_copy):
    (graph_copy / "services" / "norton.ttl").write_text("this is not turtle")
    exe = Path(sys.executable).with_name("subgraph")
    done = subprocess.run([str(exe), "--graph", str(graph_copy), "stats"], capture_output=True, text=True)
    assert done.returncode == 1
    assert "graph/services/norton.ttl:1: syntax error" in done.stderr


def test_stale_lists_facts_checked_too_long_ago(run, graph_copy):
    path = graph_copy / "billers" / "paypal.ttl"
    path.write_text(path.read_text().replace('sg:checkedOn "2026-11-28"', 'sg:checkedOn "2020-01-02"', 1))
    result = run("--graph", str(graph_copy), "stale", "--days", "365", "--json")
    facts = json.loads(result.output)
    assert facts and all(f["checked_on"] == "2020-01-02" for f in facts)
    assert facts[0]["file"] == "graph/billers/paypal.ttl" and facts[0]["source_url"].startswith("https://")
    assert json.loads(run("stale", "--days", "36500", "--json").output) == []


def test_stale_needs_days(run):
    result = CliRunner().invoke(main, ["stale"])
    assert result.exit_code == 2 and "--days" in result.output


def test_export_to_a_file_round_trips(run, tmp_path, kg):
    from rdflib import Graph
    from rdflib.compare import isomorphic

    from subgraph.export import service_graph

    target = tmp_path / "norton.ttl"
    assert run("export", "--service", "nortn", "--format", "turtle", "-o", str(target)).exit_code == 0
    assert isomorphic(Graph().parse(target), service_graph(kg, "norton"))
    assert run("export", "--format", "ntriples").output.count("\n") == len(kg.rdf)
