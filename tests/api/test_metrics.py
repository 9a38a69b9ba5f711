"""Prometheus metrics: requests by route template, SPARQL outcomes and the graph served, across workers."""

import urllib.parse

import pytest
from conftest import get
from prometheus_client.parser import text_string_to_metric_families


def _samples(text):
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def test_metrics_in_the_process(client, kg):
    client.get("/v1/services/kaspersky")
    response = client.get("/metrics")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    samples = _samples(response.get_data(as_text=True))
    route = (("method", "GET"), ("route", "/v1/services/<service_id>"), ("status", "200"))
    assert samples[("subgraph_http_requests_total", route)] >= 1
    assert samples[("subgraph_graph_triples", ())] == kg.triples


def test_each_answer_is_counted_under_its_own_status(client):
    def counted(method, route, status):
        text = client.get("/metrics").get_data(as_text=True)
        labels = (("method", method), ("route", route), ("status", status))
        return _samples(text).get(("subgraph_http_requests_total", labels), 0)

    asked = [
        ("GET", "/v1/services/<service_id>", "404", lambda: client.get("/v1/services/nope")),
        ("POST", "/v1/recommendations", "415", lambda: client.post("/v1/recommendations", data="norton")),
        ("POST", "/v1/recommendations", "200", lambda: client.post("/v1/recommendations", json={"service": "norton"})),
        ("GET", "(no route)", "404", lambda: client.get("/nowhere")),
    ]
    for method, route, status, ask in asked:
        before = counted(method, route, status)
        assert ask().status_code == int(status)
        assert counted(method, route, status) == before + 1, (method, route, status)


@pytest.mark.slow
def test_metrics_sum_every_worker_and_hold_no_typed_text(gunicorn_server):
    base = gunicorn_server
    before = _samples(get(base + "/metrics")[2].decode())
    for _ in range(20):  # enough to land on both workers
        get(base + "/v1/services/kaspersky")
    get(base + "/v1/resolve?" + urllib.parse.urlencode({"q": "my secret text", "kind": "reason"}))
    get(base + "/sparql?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"}))
    get(base + "/sparql?" + urllib.parse.urlencode({"query": "SELECT * WHERE { SERVICE <http://x.test/> {} }"}))
    text = get(base + "/metrics")[2].decode()
    samples = _samples(text)

    def counted(name, labels=()):  # by this test: the session's service has answered others before
        return samples[(name, labels)] - before.get((name, labels), 0)

    route = (("method", "GET"), ("route", "/v1/services/<service_id>"), ("status", "200"))
    assert counted("subgraph_http_requests_total", route) == 20
    assert counted("subgraph_sparql_queries_total", (("outcome", "answered"),)) == 1
    assert counted("subgraph_sparql_queries_total", (("outcome", "refused"),)) == 1
    assert samples[("subgraph_sparql_queries_running", ())] == 0
    versions = {labels: value for (name, labels), value in samples.items() if name == "subgraph_graph_version_info"}
    assert list(versions.values()) == [1.0]
    assert samples[("subgraph_graph_load_seconds", ())] > 0
    assert "secret" not in text
