"""Gaps as data: ``subgraph gaps`` lists what the graph looked for and does not know; stats count price ages."""

import json
from datetime import date

import pytest
from click.testing import CliRunner

from subgraph.cli import main
from subgraph.graph.freshness import PRICE_AGES
from subgraph.graph.stats import graph_stats
from subgraph.views.gaps import known_gaps


@pytest.fixture()
def run(kg):
    runner = CliRunner()
    return lambda *args: runner.invoke(main, list(args), obj={"kg": kg}, catch_exceptions=False)


def test_every_known_gap_is_listed_with_its_service_date_and_where(run, kg):
    result = run("gaps", "--json")
    assert result.exit_code == 0
    listed = json.loads(result.output)
    assert {g["id"] for g in listed} == set(kg.catalogue.gaps)
    for gap in listed:
        assert gap["service"] in kg.catalogue.services
        assert date.fromisoformat(gap["last_searched"]) and gap["searched_in"] and gap["description"]


def test_one_services_gaps_by_a_name_a_person_types(run):
    listed = json.loads(run("gaps", "--service", "Kasperski", "--json").output)
    assert "kaspersky-gap-us-phone" in [g["id"] for g in listed]
    assert {g["service"] for g in listed} == {"kaspersky"}
    text = run("gaps", "--service", "kaspersky").output
    assert "phone number" in text and "last looked for 2026-12-01" in text
    assert text.endswith(f"{len(listed)} known gap{'s' * (len(listed) != 1)}\n")


def test_a_service_without_gaps_says_none_and_an_unknown_one_fails(run, kg):
    # Which services have no gap changes as gaps are recorded; any one of them will do.
    quiet = next(s for s in sorted(kg.catalogue.services) if s not in kg.catalogue.gaps_by_service)
    assert known_gaps(kg, service=quiet) == ()
    assert run("gaps", "--service", quiet).output == "0 known gaps\n"
    result = run("gaps", "--service", "zzqxv wobble")
    assert result.exit_code == 2 and "unknown service" in result.output


def test_stats_count_every_price_in_one_age_band(kg):
    def ages(today):
        return graph_stats(kg, today=today)["price_ages"]

    now = ages(date(2026, 12, 6))
    assert list(now) == list(PRICE_AGES) and sum(now.values()) == len(kg.catalogue.prices)
    undated = sum(1 for p in kg.catalogue.prices.values() if p.source.source_date is None)
    assert now["undated"] == undated
    # ten years on, every dated price is old; the undated stay undated
    later = ages(date(2036, 12, 6))
    assert later["older than 3 years"] == len(kg.catalogue.prices) - undated and later["undated"] == undated
