import re

import pytest

from subgraph import GraphInvalid, load_graph
from subgraph.loader import read_files


def test_embedded_graph_is_valid(kg):
    assert len(kg.rdf) > 1000
    assert {"kaspersky", "mcafee", "norton"} <= set(kg.catalogue.services)


def test_every_data_file_is_read(kg):
    files = {path.name for path in kg.directory.rglob("*.ttl")} - {"shapes.ttl", "ontology.ttl"}
    assert {name.rsplit("/", 1)[-1] for name in kg.files.values()} == files


def test_syntax_error_names_file_and_line(graph_copy):
    broken = graph_copy / "services" / "kaspersky.ttl"
    lines = broken.read_text().splitlines()
    target = next(i for i, line in enumerate(lines) if line.startswith(":kaspersky a "))
    lines[target] = lines[target].replace(" a ", " a a ", 1) + " ;;; ]"
    broken.write_text("\n".join(lines))
    with pytest.raises(GraphInvalid) as error:
        load_graph(graph_copy)
    (problem,) = error.value.problems
    assert problem.file == "graph/services/kaspersky.ttl"
    assert problem.line is not None and abs(problem.line - (target + 1)) <= 2
    assert re.match(r"graph/services/kaspersky\.ttl:\d+: syntax error", str(problem))


def test_shape_violation_names_file_node_and_rule(graph_copy):
    path = graph_copy / "services" / "norton.ttl"
    text = path.read_text()
    # a price must be an xsd:decimal: write one as a string
    changed, count = re.subn(r"schema:price (\d+\.\d+)", r'schema:price "\1"', text, count=1)
    assert count == 1
    path.write_text(changed)
    with pytest.raises(GraphInvalid) as error:
        load_graph(graph_copy)
    messages = [str(p) for p in error.value.problems]
    assert any(m.startswith("graph/services/norton.ttl:") and "xsd:decimal" in m for m in messages), messages


def test_missing_source_is_a_violation(graph_copy):
    path = graph_copy / "services" / "mcafee.ttl"
    text = path.read_text()
    changed, count = re.subn(r"\n\s*sg:checkedOn \"[0-9-]+\"\^\^xsd:date\s*;", "\n", text, count=1)
    if count == 0:
        changed, count = re.subn(r";\s*sg:checkedOn \"[0-9-]+\"\^\^xsd:date", "", text, count=1)
    assert count == 1
    path.write_text(changed)
    with pytest.raises(GraphInvalid) as error:
        load_graph(graph_copy)
    assert any("checkedOn" in p.message and p.file == "graph/services/mcafee.ttl" for p in error.value.problems)


def test_dangling_reference_is_reported(graph_copy):
    path = graph_copy / "services" / "kaspersky.ttl"
    path.write_text(path.read_text() + "\n:kaspersky schema:isRelatedTo :no-such-service .\n")
    with pytest.raises(GraphInvalid) as error:
        load_graph(graph_copy)
    assert any("no-such-service" in str(p) and p.file == "graph/services/kaspersky.ttl" for p in error.value.problems)


def test_blank_nodes_are_refused(graph_copy):
    path = graph_copy / "services" / "kaspersky.ttl"
    path.write_text(path.read_text() + "\n:kaspersky schema:isRelatedTo [ schema:name \"x\" ] .\n")
    with pytest.raises(GraphInvalid) as error:
        read_files(graph_copy)
    assert any("blank nodes" in str(p) for p in error.value.problems)


def test_checked_date_in_the_future_is_refused(graph_copy):
    path = graph_copy / "services" / "norton.ttl"
    path.write_text(path.read_text().replace('sg:checkedOn "2026-11-28"', 'sg:checkedOn "2099-01-01"', 1))
    with pytest.raises(GraphInvalid) as error:
        load_graph(graph_copy)
    assert any("in the future" in str(p) for p in error.value.problems)


def test_missing_directory(tmp_path):
    with pytest.raises(GraphInvalid, match="graph directory not found"):
        load_graph(tmp_path / "nope")


def test_phone_number_from_a_press_source_is_refused(graph_copy):
    path = graph_copy / "billers" / "best-buy.ttl"
    text = path.read_text()
    start = text.index(":best-buy-customer-service a schema:ContactPoint")
    end = text.index(" .\n", start)
    block = text[start:end].replace("sg:sourceKind :official", "sg:sourceKind :press")
    path.write_text(text[:start] + block + text[end:])
    with pytest.raises(GraphInvalid) as error:
        load_graph(graph_copy)
    assert any("telephone" in str(p) and p.node == "best-buy-customer-service" for p in error.value.problems)


def test_annual_price_must_be_below_twelve_months(graph_copy):
    (graph_copy / "services" / "zz-prices.ttl").write_text(PRICES.format(monthly="5.00", annual="60.00"))
    with pytest.raises(GraphInvalid) as error:
        load_graph(graph_copy)
    assert any("not below 12 x the monthly" in str(p) for p in error.value.problems)
    (graph_copy / "services" / "zz-prices.ttl").write_text(PRICES.format(monthly="5.00", annual="50.00"))
    load_graph(graph_copy)


def test_a_second_price_for_the_same_plan_and_cycle_is_refused(graph_copy):
    second = PRICES.format(monthly="5.00", annual="50.00").replace(":t-m", ":t-m2").replace(":t-y", ":t-y2")
    (graph_copy / "services" / "zz-prices.ttl").write_text(PRICES.format(monthly="5.00", annual="50.00") + second)
    with pytest.raises(GraphInvalid) as error:
        load_graph(graph_copy)
    assert sum("replace the older price" in str(p) for p in error.value.problems) == 2


PRICES = """
@prefix : <https://w3id.org/subgraph/id/> . @prefix sg: <https://w3id.org/subgraph/ns#> .
@prefix schema: <https://schema.org/> . @prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
:t-m a schema:Offer ; schema:itemOffered :kaspersky-standard ; sg:region "GB" ; schema:priceSpecification :t-m-r .
:t-m-r a schema:UnitPriceSpecification ; schema:price {monthly} ; schema:priceCurrency "GBP" ;
  schema:billingDuration "P1M"^^xsd:duration ; sg:priceKind :regular-price ; dcterms:source <https://t.test/> ;
  sg:sourceKind :official ; sg:checkedOn "2026-01-01"^^xsd:date .
:t-y a schema:Offer ; schema:itemOffered :kaspersky-standard ; sg:region "GB" ; schema:priceSpecification :t-y-r .
:t-y-r a schema:UnitPriceSpecification ; schema:price {annual} ; schema:priceCurrency "GBP" ;
  schema:billingDuration "P1Y"^^xsd:duration ; sg:priceKind :regular-price ; dcterms:source <https://t.test/> ;
  sg:sourceKind :official ; sg:checkedOn "2026-01-01"^^xsd:date .
"""


def test_undated_press_is_refused(graph_copy):
    path = graph_copy / "services" / "zz-press.ttl"
    path.write_text(PRICES.format(monthly="5.00", annual="50.00").replace(
        'sg:sourceKind :official ; sg:checkedOn "2026-01-01"^^xsd:date .\n:t-y ',
        'sg:sourceKind :press ; sg:checkedOn "2026-01-01"^^xsd:date .\n:t-y ', 1))
    with pytest.raises(GraphInvalid) as error:
        load_graph(graph_copy)
    assert [p.node for p in error.value.problems if "sg:sourceDate" in p.message] == ["t-m-r"]
