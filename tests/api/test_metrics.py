"""Prometheus metrics: requests by route template, SPARQL outcomes and the graph served, across workers."""

import ast
import os
import subprocess
import sys
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


_FORKED_COUNTS = """
import os
from prometheus_client import CollectorRegistry, multiprocess
from subgraph_api.metrics import REQUESTS

REQUESTS.labels("GET", "/healthz", "200").inc()
child = os.fork()
if child == 0:
    REQUESTS.labels("GET", "/healthz", "200").inc(2)
    os._exit(0)
os.waitpid(child, 0)
registry = CollectorRegistry()
multiprocess.MultiProcessCollector(registry)
print(registry.get_sample_value(
    "subgraph_http_requests_total", {"method": "GET", "route": "/healthz", "status": "200"}
))
print(sorted(name for name in os.listdir(os.environ["PROMETHEUS_MULTIPROC_DIR"])))
print(os.getpid(), child)
"""


def test_a_forked_worker_counts_in_files_of_its_own(tmp_path):
    # as gunicorn forks its workers from the process that imported the metrics
    environment = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}
    ran = subprocess.run([sys.executable, "-c", _FORKED_COUNTS], env=environment, capture_output=True, text=True)
    assert ran.returncode == 0, ran.stderr
    total, files, pids = ran.stdout.splitlines()
    parent, child = pids.split()
    assert float(total) == 3.0
    counters = [name for name in ast.literal_eval(files) if name.startswith("counter_")]
    assert counters == sorted([f"counter_{parent}.db", f"counter_{child}.db"])


_VALUE_CLASSES = """
from prometheus_client import REGISTRY, values
from prometheus_client.metrics import MetricWrapperBase
from subgraph_api import create_app  # every module the app imports, imported

def value_classes(metric):
    if metric._labelnames:  # its values are made with each label set, under the class in use then
        return set()
    parts = [getattr(metric, "_value", None), getattr(metric, "_sum", None), *getattr(metric, "_buckets", ())]
    return {type(part) for part in parts if part is not None}

made = [c for c in list(REGISTRY._collector_to_names) if isinstance(c, MetricWrapperBase)]
print(len(made))
print(all(cls is values.ValueClass for m in made for cls in value_classes(m)))
"""


def test_every_metric_writes_through_the_one_value_class(tmp_path):
    """Metrics made before api/metrics.py installs its value class would write this process's files through
    another class, unaware of the first: each worker's counts would corrupt each other's."""
    environment = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}
    ran = subprocess.run([sys.executable, "-c", _VALUE_CLASSES], env=environment, capture_output=True, text=True)
    assert ran.returncode == 0, ran.stderr
    made, same = ran.stdout.splitlines()
    assert int(made) >= 7 and same == "True", ran.stdout
