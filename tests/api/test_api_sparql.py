"""The SPARQL endpoint: the protocol, formats, and every refusal before anything runs."""

import csv
import io
import json
import threading
import time
from urllib.parse import quote

import pytest
from hostile_queries import HOSTILE, HUNGRY, SLOW, hostile_queries
from rdflib import Graph

from subgraph.views.profile import service_profile
from subgraph_api import create_app

COUNT_SERVICES = "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s <https://schema.org/provider> ?p }"


@pytest.fixture(scope="module")
def sparql_client(kg):
    app = create_app(test_config={"TESTING": True, "SPARQL_TIMEOUT": 2, "SPARQL_RATE_LIMIT": None}, graph=kg)
    yield app.test_client()
    # the engine is made by the first query run: a worker of the split suite may have run none
    if (engine := app.extensions.get("subgraph.rdf.sparql")) is not None:
        engine.close()


def _get(client, query, accept=None):
    return client.get("/sparql?query=" + quote(query), headers={"Accept": accept} if accept else {})


def test_select_as_json(sparql_client, catalogue):
    response = _get(sparql_client, COUNT_SERVICES)
    assert response.status_code == 200 and response.mimetype == "application/sparql-results+json"
    value = json.loads(response.data)["results"]["bindings"][0]["n"]["value"]
    assert int(value) == len(catalogue.services)


@pytest.mark.parametrize(
    "accept,media",
    [
        ("text/csv", "text/csv"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("application/json", "application/sparql-results+json"),
    ],
)
def test_select_formats(sparql_client, accept, media):
    assert _get(sparql_client, COUNT_SERVICES, accept).mimetype == media


def test_csv_rows(sparql_client):
    query = (
        "SELECT ?name WHERE { ?s <https://w3id.org/subgraph/ns#soldThrough> ?c ; "
        "<https://schema.org/name> ?name } ORDER BY ?name"
    )
    rows = list(csv.reader(io.StringIO(_get(sparql_client, query, "text/csv").get_data(as_text=True))))
    assert rows[0] == ["name"] and "Kaspersky" in {r[0] for r in rows[1:]}


def test_ask(sparql_client):
    body = _get(sparql_client, "ASK { <https://w3id.org/subgraph/id/norton> ?p ?o }").get_json(force=True)
    assert body["boolean"] is True


def test_faq_answers_read_as_the_profile_shows_them(sparql_client, kg):
    """The endpoint holds what the exports publish: the filled sentence, its template beside it."""
    query = (
        "SELECT ?text ?template WHERE { <https://w3id.org/subgraph/id/walmart-plus-faq-annual-answer> "
        "<https://schema.org/text> ?text ; <https://w3id.org/subgraph/ns#textTemplate> ?template }"
    )
    (row,) = json.loads(_get(sparql_client, query).data)["results"]["bindings"]
    question = kg.catalogue.questions["walmart-plus-faq-annual"]
    (shown,) = [q.answer for q in service_profile(kg, "walmart-plus").faq if q.question == question.question]
    assert row["text"]["value"] == shown and "{" not in shown
    assert row["template"]["value"].startswith(shown.split("$")[0]) and "{price:" in row["template"]["value"]


def test_construct_as_turtle(sparql_client):
    query = "CONSTRUCT { ?s <https://schema.org/name> ?n } WHERE { ?s <https://schema.org/name> ?n } LIMIT 5"
    response = _get(sparql_client, query, "text/turtle")
    assert response.mimetype == "text/turtle"
    assert len(Graph().parse(data=response.data, format="turtle")) == 5


def test_post_forms(sparql_client):
    direct = sparql_client.post("/sparql", data=COUNT_SERVICES, content_type="application/sparql-query")
    form = sparql_client.post("/sparql", data={"query": COUNT_SERVICES})
    assert direct.status_code == form.status_code == 200 and direct.data == form.data


@pytest.mark.parametrize(
    "query,slug",
    [
        ("INSERT DATA { <https://a.test/x> <https://a.test/y> 1 }", "sparql-update"),
        ("DELETE WHERE { ?s ?p ?o }", "sparql-update"),
        ("LOAD <http://example.com/data.ttl>", "sparql-load"),
        ("SELECT * WHERE { SERVICE <http://example.com/sparql> { ?s ?p ?o } }", "sparql-service"),
        ("select * where { service silent <http://example.com/sparql> { ?s ?p ?o } }", "sparql-service"),
        ("SELECT * FROM <http://example.com/data.ttl> WHERE { ?s ?p ?o }", "sparql-dataset"),
        ("SELECT ?x WHERE { ?x ?p }", "sparql-syntax"),
        ("hello", "sparql-syntax"),
    ],
)
def test_refused_before_running(sparql_client, query, slug):
    response = _get(sparql_client, query)
    assert response.status_code == 400
    assert response.content_type == "application/problem+json"
    assert response.get_json()["type"].endswith("/" + slug)


def test_update_via_form_is_refused(sparql_client):
    response = sparql_client.post("/sparql", data={"update": "CLEAR ALL"})
    assert response.status_code == 400


def test_words_inside_strings_are_not_keywords(sparql_client):
    response = _get(sparql_client, 'SELECT ?s WHERE { ?s ?p "SERVICE LOAD INSERT" }')
    assert response.status_code == 200


@pytest.mark.slow
def test_slow_query_is_stopped_and_the_service_stays_healthy(sparql_client):
    response = _get(sparql_client, "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }")
    assert response.status_code == 503
    assert response.get_json()["type"].endswith("/query-timeout")
    assert sparql_client.get("/healthz").status_code == 200
    assert _get(sparql_client, COUNT_SERVICES).status_code == 200


@pytest.fixture(scope="module")
def constrained_client(kg):
    app = create_app(
        test_config={"TESTING": True, "SPARQL_MAX_RESULT_BYTES": 1000, "SPARQL_MEMORY_MB": 400, "SPARQL_TIMEOUT": 30},
        graph=kg,
    )
    yield app.test_client()
    # the engine is made by the first query run: a worker of the split suite may have run none
    if (engine := app.extensions.get("subgraph.rdf.sparql")) is not None:
        engine.close()


def test_result_size_is_bounded(constrained_client):
    response = _get(constrained_client, "SELECT * WHERE { ?s ?p ?o }")
    assert response.status_code == 400 and response.get_json()["type"].endswith("/result-too-large")


@pytest.mark.slow
def test_a_query_that_needs_too_much_memory_is_stopped(constrained_client):
    response = _get(constrained_client, HUNGRY)
    assert response.status_code == 503 and response.get_json()["type"].endswith("/query-failed")
    assert response.headers["Retry-After"]
    assert _get(constrained_client, "ASK { ?s ?p ?o }").status_code == 200


def _send(client, way, query):
    if way == "GET":
        return _get(client, query)
    if way == "form":
        return client.post("/sparql", data={"query": query})
    return client.post("/sparql", data=query.encode(), content_type="application/sparql-query")


@pytest.mark.parametrize("way", ["GET", "form", "sparql-query"])
def test_no_spelling_of_service_reaches_the_network(sparql_client, listener, way):
    for query in hostile_queries(listener.url):
        response = _send(sparql_client, way, query)
        assert response.status_code == 400, query
        assert response.content_type == "application/problem+json"
        assert str(listener.port) not in response.get_data(as_text=True).replace(query, "")
    assert listener.connections == 0
    assert len(HOSTILE) >= 40


@pytest.mark.slow
def test_beyond_the_query_slots_the_answer_is_503_at_once(sparql_client):
    _get(sparql_client, COUNT_SERVICES)  # a warm query process
    slow = threading.Thread(target=_get, args=(sparql_client, SLOW))
    slow.start()
    time.sleep(0.5)
    asked = time.monotonic()
    response = _get(sparql_client, COUNT_SERVICES)
    waited = time.monotonic() - asked
    slow.join()
    assert response.status_code == 503 and response.get_json()["type"].endswith("/sparql-busy")
    assert response.headers["Retry-After"] == "1"
    assert waited < 0.5
    assert _get(sparql_client, COUNT_SERVICES).status_code == 200


def test_not_acceptable(sparql_client):
    assert _get(sparql_client, COUNT_SERVICES, "text/turtle").status_code == 406
    assert _get(sparql_client, "CONSTRUCT WHERE { ?s ?p ?o }", "text/csv").status_code == 406


def test_wrong_post_content_type(sparql_client):
    assert sparql_client.post("/sparql", json={"query": COUNT_SERVICES}).status_code == 415


@pytest.mark.parametrize("parameter", ["default-graph-uri", "named-graph-uri", "using-graph-uri"])
def test_dataset_parameters_are_refused_wherever_they_are(sparql_client, parameter):
    dataset = {parameter: "http://x.test/"}
    answers = [
        sparql_client.get("/sparql?query=" + quote(COUNT_SERVICES) + f"&{parameter}=http://x.test/"),
        sparql_client.post("/sparql", data={"query": COUNT_SERVICES, **dataset}),
        sparql_client.post(f"/sparql?{parameter}=http://x.test/", data={"query": COUNT_SERVICES}),
        sparql_client.post(
            f"/sparql?{parameter}=http://x.test/", data=COUNT_SERVICES, content_type="application/sparql-query"
        ),
    ]
    for response in answers:
        assert response.status_code == 400 and response.get_json()["type"].endswith("/sparql-dataset")
