import re

import pytest
from conftest import SMALL_GRAPH_SERVICES
from rdflib import Graph

from subgraph import GraphInvalid, load_graph
from subgraph.graph.loader import read_files
from subgraph.graph.namespaces import ID, SG


def _problems(directory):
    """The problems that stop `directory` from loading."""
    with pytest.raises(GraphInvalid) as error:
        load_graph(directory)
    return error.value.problems


def _node_before(text, position):
    """The node whose description `position` falls in: the last subject written before it."""
    return re.findall(r"^:(\S+) ", text[:position], re.M)[-1]


def _points_at_its_node(directory, problem):
    """The line a problem names is where its node is written: where a user opening file:line looks.

    Blank lines between are tolerated: a node written after a blank line is named at the blank line
    (``subgraph.graph.loader._line_of`` lets ``^\\s*`` run over the line break).
    """
    lines = (directory.parent / problem.file).read_text().splitlines()[problem.line - 1 :]
    written = next(line for line in lines if line.strip())
    return written.startswith(f":{problem.node} ")


def test_embedded_graph_is_valid(kg):
    # every service file is a service of the catalogue, and the graph holds what it counted
    service_files = {f"graph/services/{path.name}" for path in (kg.directory / "services").glob("*.ttl")}
    assert {kg.files[service] for service in kg.catalogue.services} == service_files
    assert {"kaspersky", "mcafee", "norton"} <= set(kg.catalogue.services)
    assert len(kg.rdf) == kg.triples


def test_every_data_file_is_read(kg):
    files = {path.name for path in kg.directory.rglob("*.ttl")} - {"shapes.ttl", "ontology.ttl"}
    assert {name.rsplit("/", 1)[-1] for name in kg.files.values()} == files


def test_small_graph_validates_on_its_own(small_graph):
    """The graph the rule tests below break: valid as it is, so each problem is the one the test made."""
    assert set(load_graph(small_graph).catalogue.services) == set(SMALL_GRAPH_SERVICES)


def test_syntax_error_names_file_and_line(small_graph):
    broken = small_graph / "services" / "kaspersky.ttl"
    lines = broken.read_text().splitlines()
    target = next(i for i, line in enumerate(lines) if line.startswith(":kaspersky a "))
    lines[target] = lines[target].replace(" a ", " a a ", 1) + " ;;; ]"
    broken.write_text("\n".join(lines))
    (problem,) = _problems(small_graph)
    assert problem.file == "graph/services/kaspersky.ttl"
    assert problem.line == target + 1
    assert re.match(r"graph/services/kaspersky\.ttl:\d+: syntax error", str(problem))


def test_shape_violation_names_file_node_and_rule(small_graph):
    path = small_graph / "services" / "norton.ttl"
    text = path.read_text()
    # a price must be an xsd:decimal: write one as a string
    price = re.search(r"schema:price (\d+\.\d+)", text)
    path.write_text(text[: price.start()] + f'schema:price "{price[1]}"' + text[price.end() :])
    (problem,) = [p for p in _problems(small_graph) if "xsd:decimal" in p.message]
    assert (problem.file, problem.node) == ("graph/services/norton.ttl", _node_before(text, price.start()))
    assert _points_at_its_node(small_graph, problem)
    assert str(problem).startswith(f"graph/services/norton.ttl:{problem.line}: {problem.node}: schema:price")


def test_a_fact_without_a_citation_is_refused_at_its_line(small_graph):
    path = small_graph / "services" / "mcafee.ttl"
    text = path.read_text()
    cited = re.search(r" ;\n\s*dcterms:source :src-[a-z0-9-]+ \.", text)  # the node's last statement
    path.write_text(text[: cited.start()] + " ." + text[cited.end() :])
    found = [p for p in _problems(small_graph) if "cites exactly one page" in p.message]
    assert [(p.file, p.node) for p in found] == [("graph/services/mcafee.ttl", _node_before(text, cited.start()))]
    assert _points_at_its_node(small_graph, found[0])


def test_a_fact_citing_a_url_or_carrying_its_own_dates_is_refused(small_graph):
    """The old form (URL, kind and dates on each fact) would let one page's re-check drift apart."""
    old_form = 'dcterms:source <https://t.test/> ;\n  sg:sourceKind :official ; sg:checkedOn "2026-01-01"^^xsd:date .'
    text = PRICES.format(monthly="5.00", annual="50.00").replace("dcterms:source :src-t .", old_form, 1)
    (small_graph / "services" / "zz-prices.ttl").write_text(text)
    messages = " | ".join(p.message for p in _problems(small_graph) if p.node == "t-m-r")
    assert "a fact cites exactly one page" in messages
    assert "sg:sourceKind belongs to the cited sg:Source" in messages
    assert "sg:checkedOn belongs to the cited sg:Source" in messages


def test_a_second_node_for_one_page_is_refused(small_graph):
    second = SRC_T.replace(":src-t ", ":src-t-again ")
    (small_graph / "services" / "zz-prices.ttl").write_text(PRICES.format(monthly="5.00", annual="50.00") + second)
    found = [p for p in _problems(small_graph) if "is already" in p.message]
    assert [(p.file, p.node) for p in found] == [("graph/services/zz-prices.ttl", "src-t-again")]
    assert "page https://t.test/ is already src-t" in found[0].message


def test_a_page_no_fact_cites_is_refused(small_graph):
    """A page nothing rests on would only send someone to re-read it: named at its line in sources.ttl."""
    path = small_graph / "sources.ttl"
    path.write_text(path.read_text() + "\n" + SRC_T)
    found = [p for p in _problems(small_graph) if "no fact cites" in p.message]
    assert [str(p) for p in found] == [
        f"graph/sources.ttl:{path.read_text().count(chr(10))}: src-t: no fact cites this page (dcterms:source): "
        "cite it from the facts read on it, or remove it"
    ]
    # cited by a fact, it loads
    (small_graph / "services" / "zz-prices.ttl").write_text(PRICES.format(monthly="5.00", annual="50.00"))
    path.write_text(path.read_text().replace(SRC_T, ""))
    load_graph(small_graph)


def test_dangling_reference_is_reported(small_graph):
    path = small_graph / "services" / "kaspersky.ttl"
    path.write_text(path.read_text() + "\n:kaspersky schema:isRelatedTo :no-such-service .\n")
    found = [p for p in _problems(small_graph) if "'no-such-service'" in p.message and "no file describes" in p.message]
    assert [(p.file, p.node) for p in found] == [("graph/services/kaspersky.ttl", "kaspersky")]
    assert _points_at_its_node(small_graph, found[0])


def test_blank_nodes_are_refused(small_graph):
    path = small_graph / "services" / "kaspersky.ttl"
    path.write_text(path.read_text() + '\n:kaspersky schema:isRelatedTo [ schema:name "x" ] .\n')
    with pytest.raises(GraphInvalid) as error:
        read_files(small_graph)
    assert [p.file for p in error.value.problems if "blank nodes" in p.message] == ["graph/services/kaspersky.ttl"]


def test_checked_date_in_the_future_is_refused(small_graph):
    path = small_graph / "sources.ttl"
    text = path.read_text()
    checked = re.search(r'sg:checkedOn "[0-9-]+"', text)
    path.write_text(text[: checked.start()] + 'sg:checkedOn "2099-01-01"' + text[checked.end() :])
    found = [p for p in _problems(small_graph) if "in the future" in p.message]
    assert [(p.file, p.node) for p in found] == [("graph/sources.ttl", _node_before(text, checked.start()))]
    assert "sg:checkedOn 2099-01-01 is in the future" in str(found[0])
    assert _points_at_its_node(small_graph, found[0])


def test_missing_directory(tmp_path):
    with pytest.raises(GraphInvalid, match="graph directory not found"):
        load_graph(tmp_path / "nope")


def test_phone_number_from_a_press_source_is_refused(small_graph):
    path = small_graph / "billers" / "best-buy.ttl"
    text = path.read_text()
    start = text.index(":best-buy-customer-service a schema:ContactPoint")
    end = text.index(" .\n", start)
    sources = Graph().parse(small_graph / "sources.ttl", format="turtle")
    press = min(str(s).removeprefix(str(ID)) for s in sources.subjects(SG.sourceKind, ID["press"]))
    block = re.sub(r"dcterms:source :src-\S+", f"dcterms:source :{press}", text[start:end])
    assert block != text[start:end]
    path.write_text(text[:start] + block + text[end:])
    found = [p for p in _problems(small_graph) if "telephone" in p.message]
    assert [(p.file, p.node) for p in found] == [("graph/billers/best-buy.ttl", "best-buy-customer-service")]
    assert _points_at_its_node(small_graph, found[0])


def test_annual_price_must_be_below_twelve_months(small_graph):
    (small_graph / "services" / "zz-prices.ttl").write_text(PRICES.format(monthly="5.00", annual="60.00"))
    found = [p for p in _problems(small_graph) if "not below 12 x the monthly" in p.message]
    assert [(p.file, p.node) for p in found] == [("graph/services/zz-prices.ttl", "t-y-r")]
    assert "annual price 60.00 is not below 12 x the monthly 5.00" in found[0].message
    assert _points_at_its_node(small_graph, found[0])
    (small_graph / "services" / "zz-prices.ttl").write_text(PRICES.format(monthly="5.00", annual="50.00"))
    load_graph(small_graph)


def test_a_second_price_for_the_same_plan_and_cycle_is_refused(small_graph):
    second = PRICES.format(monthly="5.00", annual="50.00").replace(":t-m", ":t-m2").replace(":t-y", ":t-y2")
    (small_graph / "services" / "zz-prices.ttl").write_text(PRICES.format(monthly="5.00", annual="50.00") + second)
    found = [p for p in _problems(small_graph) if "replace the older price" in p.message]
    assert [(p.file, p.node) for p in found] == [
        ("graph/services/zz-prices.ttl", "t-m2"),
        ("graph/services/zz-prices.ttl", "t-y2"),
    ]
    assert all(_points_at_its_node(small_graph, p) for p in found)


PRICES = """
@prefix : <https://w3id.org/subgraph/id/> . @prefix sg: <https://w3id.org/subgraph/ns#> .
@prefix schema: <https://schema.org/> . @prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
:t-m a schema:Offer ; schema:itemOffered :kaspersky-standard ; sg:region "GB" ; schema:priceSpecification :t-m-r ;
  sg:priceStatus :current-price .
:t-m-r a schema:UnitPriceSpecification ; schema:price {monthly} ; schema:priceCurrency "GBP" ;
  schema:billingDuration "P1M"^^xsd:duration ; sg:priceKind :regular-price ; dcterms:source :src-t .
:t-y a schema:Offer ; schema:itemOffered :kaspersky-standard ; sg:region "GB" ; schema:priceSpecification :t-y-r ;
  sg:priceStatus :current-price .
:t-y-r a schema:UnitPriceSpecification ; schema:price {annual} ; schema:priceCurrency "GBP" ;
  schema:billingDuration "P1Y"^^xsd:duration ; sg:priceKind :regular-price ; dcterms:source :src-t .
:src-t a sg:Source ; schema:url <https://t.test/> ; sg:sourceKind :official ; sg:checkedOn "2026-01-01"^^xsd:date .
"""


def test_undated_press_is_refused(small_graph):
    path = small_graph / "services" / "zz-press.ttl"
    path.write_text(
        PRICES.format(monthly="5.00", annual="50.00").replace("sg:sourceKind :official", "sg:sourceKind :press")
    )
    # the page is at fault, not the two prices resting on it: one problem, at the page's node
    assert [(p.file, p.node) for p in _problems(small_graph) if "sg:sourceDate" in p.message] == [
        ("graph/services/zz-press.ttl", "src-t")
    ]


SRC_T = (
    ":src-t a sg:Source ; schema:url <https://t.test/> ;"
    ' sg:sourceKind :official ; sg:checkedOn "2026-01-01"^^xsd:date .\n'
)


GAP = """
@prefix : <https://w3id.org/subgraph/id/> . @prefix sg: <https://w3id.org/subgraph/ns#> .
@prefix schema: <https://schema.org/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
:t-gap a sg:KnownGap ; schema:description "No phone number on any official page." ;
  sg:gapKind {kind} ; sg:gapAbout :kaspersky ; sg:region "US" ;
  sg:lastSearched "2026-01-01"^^xsd:date ; sg:searchedIn "support.kaspersky.com" .
"""


@pytest.mark.parametrize(
    ("kind", "scheme"),
    [(":contact-gap", None), (":phone", ":method-kinds"), (":no-such-kind", None)],
)
def test_a_known_gap_kind_outside_the_gap_kinds_scheme_is_refused(small_graph, kind, scheme):
    """The kinds are stated once, in concepts.ttl's :gap-kinds; the shape names the scheme, not a copy of it."""
    (small_graph / "services" / "zz-gap.ttl").write_text(GAP.format(kind=kind))
    if kind == ":contact-gap":
        assert load_graph(small_graph).catalogue.gaps  # a kind of the scheme is accepted
        return
    found = [p for p in _problems(small_graph) if p.node == "t-gap" and ":gap-kinds" in p.message]
    assert [p.message for p in found] == [
        f"sg:gapKind: a known gap needs one sg:gapKind from :gap-kinds (value: {kind[1:]})"
    ]
    assert (found[0].file, _points_at_its_node(small_graph, found[0])) == ("graph/services/zz-gap.ttl", True)
    if scheme is not None:  # a concept of another scheme is no gap kind, though it is a skos:Concept
        assert (small_graph / "concepts.ttl").read_text().count(f"{kind} a skos:Concept ; skos:inScheme {scheme}") == 1


def test_a_caveat_kind_from_another_scheme_is_refused(small_graph):
    """Caveat kinds were checked only as skos:Concept: a platform passed as a caveat kind."""
    path = small_graph / "services" / "kaspersky.ttl"
    path.write_text(path.read_text().replace("sg:caveatKind :auto-renewal ;", "sg:caveatKind :windows ;", 1))
    found = [p for p in _problems(small_graph) if "caveatKind" in p.message]
    assert [(p.file, p.message) for p in found] == [
        (
            "graph/services/kaspersky.ttl",
            "sg:caveatKind: a caveat needs one sg:caveatKind from :caveat-kinds (value: windows)",
        )
    ]
    assert _points_at_its_node(small_graph, found[0])
