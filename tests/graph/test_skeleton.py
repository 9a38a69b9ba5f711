"""subgraph new-service (#16 item 6): a skeleton that validates once its markers are filled."""

import re
from datetime import date
from decimal import Decimal

import pytest
from click.testing import CliRunner

from subgraph import GraphInvalid, load_graph
from subgraph.cli import main
from subgraph.decide.cancel import cancel_path

#: What a maintainer would write in place of each marker, as Turtle.
FILLED = {
    "category": ":vpn-privacy",
    "provider-name": '"Example Inc."',
    "provider-url": "<https://example.com/>",
    "channel-name": '"Example VPN website"',
    "channel-source-url": "<https://example.com/help/billing>",
    "method-name": '"Turn off renewal in your Example account"',
    "min-minutes": "3",
    "max-minutes": "5",
    "account-page-url": "<https://example.com/account>",
    "cancel-page-url": "<https://example.com/help/cancel>",
    "step-1": '"Sign in to your account."',
    "step-2": '"Open Subscription and switch renewal off."',
    "plan-name": '"Example VPN Plus"',
    "feature": ":vpn",
    "pricing-page-url": "<https://example.com/pricing>",
    "monthly-price": "4.99",
    "question": '"What does Example VPN cost?"',
}


def _new_service(graph, *args):
    return CliRunner().invoke(main, ["--graph", str(graph), "new-service", *args], catch_exceptions=False)


def test_a_written_skeleton_is_refused_until_filled_then_validates(small_graph):
    result = _new_service(small_graph, "example-vpn", "--name", 'Example "VPN"', "--write")
    assert result.exit_code == 0, result.output
    path = small_graph / "services" / "example-vpn.ttl"
    text = path.read_text()
    assert "FILL:" in text and text.lstrip().startswith("#")

    # a marker left is an error at its file and line, so a half-filled file never loads
    with pytest.raises(GraphInvalid) as error:
        load_graph(small_graph)
    (problem,) = error.value.problems
    assert problem.file == "graph/services/example-vpn.ttl" and "FILL" in text.splitlines()[problem.line - 1]

    markers = set(re.findall(r"FILL:([a-z0-9-]+)", re.sub(r"#.*", "", text)))
    assert markers == set(FILLED) - {"service-name"}
    path.write_text(re.sub(r"FILL:([a-z0-9-]+)", lambda m: FILLED[m[1]], text))
    kg = load_graph(small_graph, compiled=False)
    assert kg.catalogue.service("example-vpn").name == 'Example "VPN"'
    assert kg.catalogue.questions["example-vpn-faq-price"].answer.startswith("$4.99 a month in the US")
    (plan,) = kg.catalogue.plans_of("example-vpn")
    assert [o.regular.amount for o in plan.offers] == [Decimal("4.99")]
    path_answer = cancel_path(kg, "example-vpn")
    assert [s.text for s in path_answer.steps] == [
        "Sign in to your account.",
        "Open Subscription and switch renewal off.",
    ]


def test_a_printed_skeleton_names_todays_check_and_the_graphs_categories(small_graph):
    result = _new_service(small_graph, "example-vpn")
    assert result.exit_code == 0
    assert f'sg:checkedOn "{date.today().isoformat()}"^^xsd:date' in result.output
    assert "schema:name FILL:service-name" in result.output and ":vpn" in result.output
    assert not (small_graph / "services" / "example-vpn.ttl").exists()


@pytest.mark.parametrize(
    ("service_id", "message"),
    [("kaspersky", "already described in graph/services/kaspersky.ttl"), ("Example VPN", "is no id")],
)
def test_a_taken_or_malformed_id_is_refused(small_graph, service_id, message):
    result = CliRunner().invoke(main, ["--graph", str(small_graph), "new-service", service_id, "--write"])
    assert result.exit_code == 1 and message in result.stderr
    assert sorted(p.name for p in (small_graph / "services").iterdir()) == ["kaspersky.ttl", "mcafee.ttl", "norton.ttl"]


def test_a_name_with_a_line_break_keeps_the_header_a_comment(small_graph):
    result = _new_service(small_graph, "example-vpn", "--name", "Example\nVPN")
    assert result.exit_code == 0
    assert result.output.splitlines()[0].startswith("# Example VPN: one service file")
    assert 'schema:name "Example VPN"' in result.output
