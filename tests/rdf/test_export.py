"""RDF out: nothing lost, in every format."""

import json

import pytest
from rdflib import RDF, Dataset, Graph
from rdflib.compare import isomorphic

from subgraph.graph.namespaces import ID, SCHEMA, SG
from subgraph.rdf.export import FORMATS, export, format_for, publish, service_graph, unpublish
from subgraph.views.profile import service_profile


def _read(data, name):
    """(every triple, the dataset) rdflib reads from `data` in format `name`; the dataset of quad formats only."""
    _, _, serializer, quads = FORMATS[name]
    if quads:
        dataset = Dataset()
        dataset.parse(data=data, format=serializer)
        union = Graph()
        for s, p, o, _ in dataset.quads((None, None, None, None)):
            union.add((s, p, o))
        return union, dataset
    return Graph().parse(data=data, format=serializer), None


def _parse(data, name):
    return _read(data, name)[0]


@pytest.fixture(scope="module")
def whole(kg):
    """The whole graph exported in a format and read back, once per format for this module (seconds each)."""
    read = {}

    def exported(name):
        if name not in read:
            read[name] = _read(export(kg, name), name)
        return read[name]

    return exported


@pytest.fixture(scope="module")
def published(kg):
    return publish(kg.rdf, kg.rdf)


# whole-graph serialising and parsing by rdflib takes seconds per format; one service's export
# round-trips in every format in the fast loop (test_service_export_round_trips)
@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(FORMATS))
def test_whole_graph_round_trips(whole, published, name):
    assert isomorphic(whole(name)[0], published)


@pytest.mark.slow
def test_the_published_graph_gives_back_the_graphs_own_triples(kg, published):
    assert isomorphic(unpublish(Graph() + published), kg.rdf)


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_service_export_round_trips(kg, name):
    read = _parse(export(kg, name, "walmart-plus"), name)
    assert isomorphic(unpublish(read), service_graph(kg, "walmart-plus"))


def _answer_texts(graph):
    return {answer: str(graph.value(answer, SCHEMA.text)) for answer in graph.subjects(RDF.type, SCHEMA.Answer)}


@pytest.mark.parametrize("name", ["turtle", "jsonld"])
def test_exported_faq_answers_read_as_people_see_them(kg, whole, name):
    """A consumer reads the filled sentence, the one the profile shows, with the template beside it."""
    texts = _answer_texts(whole(name)[0])
    assert len(texts) == len(kg.catalogue.questions) > 50
    assert not [text for text in texts.values() if "{" in text or "}" in text]
    question = kg.catalogue.questions["walmart-plus-faq-annual"]
    (shown,) = [q.answer for q in service_profile(kg, "walmart-plus").faq if q.question == question.question]
    answer = ID["walmart-plus-faq-annual-answer"]
    assert texts[answer] == shown and "$" in shown
    assert str(whole(name)[0].value(answer, SG.textTemplate)) == str(kg.rdf.value(answer, SCHEMA.text))
    assert "{price:walmart-plus-membership-us-p1y-regular}" in str(kg.rdf.value(answer, SCHEMA.text))
    assert kg.rdf.value(answer, SG.textTemplate) is None  # the source graph keeps the template only


def test_jsonld_and_turtle_hold_the_same_triples(whole):
    assert isomorphic(whole("jsonld")[0], whole("turtle")[0])


def test_service_export_describes_the_service_and_its_paths(kg):
    g = service_graph(kg, "kaspersky")
    cat = kg.catalogue
    for plan in cat.plans_of("kaspersky"):
        assert (ID[plan.id], SCHEMA.name, None) in g
        for offer in plan.offers:
            assert (ID[offer.regular.id], SCHEMA.price, None) in g
    for channel in cat.service("kaspersky").channels:
        biller = cat.billers[cat.channels[channel].biller]
        for method in biller.methods:
            assert (ID[method], SCHEMA.step, None) in g
    assert (ID["kaspersky"], SCHEMA.isRelatedTo, ID["norton"]) in g
    assert (ID["norton"], SCHEMA.name, None) not in g


def test_jsonld_speaks_schema_org(kg):
    doc = json.loads(export(kg, "jsonld", "norton"))
    assert doc["@context"]["@vocab"] == "https://schema.org/"
    types = {
        t
        for node in doc["@graph"]
        for t in ([node["@type"]] if isinstance(node.get("@type"), str) else node.get("@type", []))
    }
    assert {"Offer", "UnitPriceSpecification", "HowTo", "HowToStep", "Service"} <= types


def test_named_graphs_are_the_files(kg, whole):
    names = {str(g.identifier) for g in whole("trig")[1].graphs()}
    assert "https://w3id.org/subgraph/graph/services/kaspersky" in names
    assert "https://w3id.org/subgraph/graph/billers/costco" in names
    data_files = {
        path.relative_to(kg.directory.parent).with_suffix("").as_posix()
        for path in kg.directory.rglob("*.ttl")
        if path.name not in ("shapes.ttl", "ontology.ttl")
    }
    assert {f"https://w3id.org/subgraph/{name}" for name in data_files} <= names


def test_unknown_format(kg):
    with pytest.raises(ValueError, match="unknown RDF format"):
        export(kg, "rdfxml")
    assert format_for("application/rdf+xml") is None
