import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from subgraph.cli import main


@pytest.fixture()
def run(kg):
    """The command line on the session's loaded graph, handed in through click's obj as a caller may."""
    runner = CliRunner()

    def invoke(*args):
        return runner.invoke(main, list(args), obj={"kg": kg}, catch_exceptions=False)

    return invoke


@pytest.fixture()
def run_loading():
    """The command line as a user runs it: it loads the graph itself (``--graph``, ``validate``)."""
    runner = CliRunner()

    def invoke(*args):
        return runner.invoke(main, list(args), catch_exceptions=False)

    return invoke


def test_validate_ok(run_loading, kg):
    result = run_loading("validate")
    assert result.exit_code == 0
    assert result.output == (
        f"ok: {kg.directory}: {len(set(kg.files.values()))} data files, {kg.triples} triples, "
        f"{kg.nx.number_of_nodes()} nodes; conforms to the shapes\n"
    )


def test_validate_reads_the_files_whatever_graph_is_handed_in(run, small_graph):
    path = small_graph / "services" / "kaspersky.ttl"
    path.write_text(path.read_text() + "\n:kaspersky schema:name .\n")
    assert run("validate", "--graph", str(small_graph)).exit_code == 1


def test_validate_broken_graph_exits_non_zero(run_loading, small_graph):
    path = small_graph / "services" / "kaspersky.ttl"
    broken = path.read_text() + "\n:kaspersky schema:name .\n"
    path.write_text(broken)
    line = broken.splitlines().index(":kaspersky schema:name .") + 1
    result = run_loading("validate", "--graph", str(small_graph))
    assert result.exit_code == 1
    named = re.match(r"graph/services/kaspersky\.ttl:(\d+): syntax error", result.output)
    assert named and int(named[1]) == line, result.output
    assert result.output.endswith(f"error: the graph in {small_graph} is invalid (1 problem); nothing loaded\n")


def test_stats_json(run, kg):
    result = run("stats", "--json")
    stats = json.loads(result.output)
    assert (stats["services"], stats["billers"], stats["triples"]) == (
        len(kg.catalogue.services),
        len(kg.catalogue.billers),
        kg.triples,
    )
    assert stats["facts"] == stats["sourced_facts"] == sum(stats["facts_by_source_kind"].values())
    assert set(stats["facts_by_source_kind"]) == {"official", "terms-copy", "press"}
    assert stats["oldest_source_date"] <= stats["newest_checked_date"] == kg.version


def test_stats_text(run, kg):
    result = run("stats")
    assert result.exit_code == 0
    assert re.search(rf"^services +{len(kg.catalogue.services)}$", result.output, re.M), result.output
    assert re.search(rf"^triples +{kg.triples}$", result.output, re.M), result.output


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


@pytest.mark.slow  # starts the console script in a process of its own
def test_console_script_refuses_invalid_graph(small_graph):
    (small_graph / "services" / "norton.ttl").write_text("this is not turtle")
    exe = Path(sys.executable).with_name("subgraph")
    done = subprocess.run([str(exe), "--graph", str(small_graph), "stats"], capture_output=True, text=True)
    assert done.returncode == 1
    assert "graph/services/norton.ttl:1: syntax error" in done.stderr


def test_stale_lists_pages_read_too_long_ago_with_the_facts_resting_on_them(run_loading, run, small_graph):
    paypal = (small_graph / "billers" / "paypal.ttl").read_text()
    cited = re.search(r"^:(\S+) (?:[^.]|\.(?!\n))*?dcterms:source :(src-\S+)", paypal, re.M)
    sources = small_graph / "sources.ttl"
    text = sources.read_text()
    start = text.index(f":{cited[2]} a sg:Source")
    checked = text.index("sg:checkedOn", start)
    end = text.index("^^xsd:date", checked)
    sources.write_text(text[:checked] + 'sg:checkedOn "2020-01-02"' + text[end:])
    result = run_loading("--graph", str(small_graph), "stale", "--days", "365", "--json")
    (page,) = json.loads(result.output)
    assert (page["id"], page["checked_on"], page["file"]) == (cited[2], "2020-01-02", "graph/sources.ttl")
    assert page["url"].startswith("https://")
    # every fact citing the page is listed with it, and only those
    citing = {
        (m[1], f"graph/{path.relative_to(small_graph)}")
        for path in small_graph.rglob("*.ttl")
        for m in re.finditer(
            r"^:(\S+) (?:[^.]|\.(?!\n))*?dcterms:source :" + re.escape(cited[2]) + r"\b", path.read_text(), re.M
        )
    }
    assert (cited[1], "graph/billers/paypal.ttl") in citing
    assert {(f["id"], f["file"]) for f in page["facts"]} == citing
    text_output = run_loading("--graph", str(small_graph), "stale", "--days", "365").output
    assert f"1 page read more than 365 days ago, {len(citing)} fact" in text_output
    assert json.loads(run("stale", "--days", "36500", "--json").output) == []


def test_stale_needs_days(run):
    result = CliRunner().invoke(main, ["stale"])
    assert result.exit_code == 2 and "--days" in result.output


def test_export_to_a_file_round_trips(run, tmp_path, kg):
    from rdflib import Graph
    from rdflib.compare import isomorphic

    from subgraph.graph.answer_text import PLACEHOLDER
    from subgraph.graph.namespaces import SCHEMA
    from subgraph.rdf.export import export, service_graph, unpublish

    target = tmp_path / "norton.ttl"
    assert run("export", "--service", "nortn", "--format", "turtle", "-o", str(target)).exit_code == 0
    written = Graph().parse(target)
    # answers read as a person reads them: no placeholder is left in the file
    assert not [text for text in written.objects(None, SCHEMA.text) if PLACEHOLDER.search(text)]
    assert isomorphic(unpublish(written), service_graph(kg, "norton"))
    # plumbing: the whole graph goes to standard output as the core exports it (tests/rdf checks the export)
    whole = run("export", "--format", "ntriples").output
    assert sorted(whole.splitlines()) == sorted(export(kg, "ntriples").decode().splitlines())


@pytest.mark.parametrize("command", [["show", ""], ["cancel-path", ""], ["recommend", ""]])
def test_an_empty_service_is_an_unknown_service(run, command):
    result = run(*command)
    assert result.exit_code == 2
    assert "unknown service ''" in result.output


def test_services_lists_a_category_page_by_page_and_resolves_its_name(run, kg):
    first = run("services", "--category", "antivirus", "--per-page", "3")
    assert first.exit_code == 0
    security = sorted(
        (s for s in kg.catalogue.services.values() if "security-software" in s.categories), key=lambda s: s.name.lower()
    )
    assert first.output.splitlines()[:3] == [f"{s.id:<28} {s.name}" for s in security[:3]]
    assert first.output.splitlines()[-1].startswith("page 1 of 2:")


def test_services_json_is_the_api_list(run, client):
    cli = json.loads(run("services", "netfl", "--json").output)
    assert cli == client.get("/v1/services?q=netfl").get_json() and cli["items"][0]["id"] == "netflix"


def test_services_of_an_unknown_category_fail_clearly(run):
    result = run("services", "--category", "zzzz")
    assert result.exit_code == 2 and "unknown category 'zzzz'" in result.output


def test_billers_and_categories_count_what_the_api_counts(run, client):
    billers = json.loads(run("billers", "--json").output)
    assert billers == client.get("/v1/billers").get_json()["items"]
    apple = next(b for b in billers if b["id"] == "apple-app-store")
    assert f"{apple['services']:>4}  apple-app-store" in run("billers").output
    categories = json.loads(run("categories", "--json").output)
    assert categories == client.get("/v1/categories").get_json()["items"]


@pytest.mark.parametrize("analysis", ["gatekeepers", "hardest-to-cancel", "bundles"])
def test_analyse_prints_the_notebooks_analyses(run, analysis):
    rows = json.loads(run("analyse", analysis, "--json").output)
    text = run("analyse", analysis).output.splitlines()
    assert rows and len(text) == len(rows)


def test_analyse_names_the_apple_app_store_the_first_gatekeeper(run):
    first = json.loads(run("analyse", "gatekeepers", "--json").output)[0]
    assert first["id"] == "apple-app-store" and 0 < first["betweenness"] <= 1
    assert "Apple App Store" in run("analyse", "gatekeepers").output.splitlines()[0]


@pytest.mark.slow
def test_a_warm_answer_loads_none_of_the_libraries_that_build_the_graph(run):
    """What keeps a command under a second: the snapshot answers, so validation, fitting and the projection stay
    unloaded (each was a tenth or more of a warm command's start)."""
    script = (
        "import sys\nfrom subgraph.cli import main\n"
        "try:\n    main(['recommend', 'kaspersky', '--reason', 'renewal price doubled'])\n"
        "except SystemExit:\n    pass\n"
        "heavy = ('networkx', 'pyshacl', 'sklearn', 'scipy', 'icalendar')\n"
        "print(sorted(name for name in heavy if name in sys.modules), file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    # the same answer as the session's loaded graph gives
    assert done.stdout == run("recommend", "kaspersky", "--reason", "renewal price doubled").output
    assert done.stderr.strip().splitlines()[-1] == "[]"


def test_recommend_takes_the_currency_of_the_price(run, client):
    """--currency is made from the question's field, as the API's: the same answer for the same question."""
    args = ["netflix", "--plan", "standard", "--cycle", "monthly", "--price", "10.99", "--currency", "eur"]
    printed = json.loads(run("recommend", *args, "--json").output)
    asked = {"service": "netflix", "plan": "standard", "billing_cycle": "monthly", "price_paid": 10.99}
    assert printed == client.post("/v1/recommendations", json=asked | {"currency": "EUR"}).get_json()
    assert printed["current"]["currency"] == "EUR"
    refused = run("recommend", *args[:-1], "euro")
    assert refused.exit_code == 2 and "currency" in refused.output
