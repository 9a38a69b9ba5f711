import json

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from subgraph.graph.answer_text import PLACEHOLDER
from subgraph.graph.namespaces import SCHEMA
from subgraph.rdf.export import service_graph, unpublish


@pytest.mark.parametrize(
    "accept,media",
    [
        ("text/turtle", "text/turtle"),
        ("application/ld+json", "application/ld+json"),
        ("application/n-triples", "application/n-triples"),
        ("application/trig", "application/trig"),
        ("*/*", "text/turtle"),
        ("text/html, application/ld+json;q=0.9", "application/ld+json"),
    ],
)
def test_format_by_accept(client, accept, media):
    response = client.get("/v1/graph", headers={"Accept": accept})
    assert response.status_code == 200 and response.mimetype == media


def test_format_parameter_wins(client):
    response = client.get("/v1/graph?format=ntriples", headers={"Accept": "text/turtle"})
    assert response.mimetype == "application/n-triples"


def test_service_graph_is_the_service_description(client, kg):
    body = client.get("/v1/services/kaspersky/graph", headers={"Accept": "text/turtle"}).data
    served = Graph().parse(data=body, format="turtle")
    # answers read as a person reads them (the sg:textTemplate beside them is what unpublish puts back)
    assert not [text for text in served.objects(None, SCHEMA.text) if PLACEHOLDER.search(text)]
    assert isomorphic(unpublish(served), service_graph(kg, "kaspersky"))
    doc = json.loads(client.get("/v1/services/kaspersky/graph?format=jsonld").data)
    assert doc["@context"]["@vocab"] == "https://schema.org/"


@pytest.mark.parametrize(
    "headers,url",
    [
        ({"Accept": "application/rdf+xml"}, "/v1/graph"),
        ({"Accept": "text/html"}, "/v1/graph"),
        ({}, "/v1/graph?format=rdfxml"),
    ],
)
def test_formats_we_do_not_produce_are_406(client, headers, url):
    response = client.get(url, headers=headers)
    assert response.status_code == 406
    assert response.content_type == "application/problem+json"


def test_unknown_service_graph(client):
    assert client.get("/v1/services/nope/graph").status_code == 404


def test_a_document_is_remembered_by_the_graph_it_was_made_from(app, client):
    """Not by the process: a reloaded graph's documents go with it."""
    kg = app.extensions["subgraph"]
    kg.answers.clear()
    first = client.get("/v1/services/mcafee/graph?format=nquads")
    assert first.status_code == 200 and kg.answers.sizes()["rdf"] == 1
    assert client.get("/v1/services/mcafee/graph?format=nquads").data == first.data
    assert kg.answers.sizes()["rdf"] == 1
