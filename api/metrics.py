"""Prometheus metrics at ``/metrics``: requests by route template, SPARQL outcomes, the graph served.

Under gunicorn the workers are separate processes, so the metrics live in prometheus-client's
multiprocess files (``PROMETHEUS_MULTIPROC_DIR``, which gunicorn.conf.py sets before anything
imports prometheus-client, and cleans of dead workers); ``/metrics`` sums them. Elsewhere (the
Flask dev server, tests) they live in the process. Routes are templates
(``/v1/services/<service_id>``), never raw paths: those would hold what people typed.
"""

import os
import time
from functools import lru_cache
from typing import Any

from flask import Flask, Response, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)

from subgraph import KnowledgeGraph

__all__ = ["REQUESTS", "LATENCY", "SPARQL_QUERIES", "SPARQL_RUNNING", "record_graph", "register_metrics"]

REQUESTS = Counter("subgraph_http_requests", "Requests answered.", ["method", "route", "status"])
LATENCY = Histogram("subgraph_http_request_duration_seconds", "Time to answer a request.", ["route"])
SPARQL_QUERIES = Counter(
    "subgraph_sparql_queries",
    "SPARQL queries by outcome: answered, refused, busy, timeout, failed, abandoned, unavailable.",
    ["outcome"],
)
SPARQL_RUNNING = Gauge("subgraph_sparql_queries_running", "SPARQL queries running now.", multiprocess_mode="livesum")
GRAPH_VERSION = Gauge(
    "subgraph_graph_version_info",
    "1 for the graph version served (its newest checked date).",
    ["version"],
    multiprocess_mode="max",
)
GRAPH_TRIPLES = Gauge("subgraph_graph_triples", "Triples in the graph served.", multiprocess_mode="mostrecent")
GRAPH_LOAD_SECONDS = Gauge(
    "subgraph_graph_load_seconds", "Seconds the last load of the graph took.", multiprocess_mode="mostrecent"
)
_STARTED = "subgraph.started"


def record_graph(graph: KnowledgeGraph, seconds: float, previous: KnowledgeGraph | None = None) -> None:
    """Say which graph is served, how big it is and how long it took to load."""
    if previous is not None and previous.version != graph.version:
        GRAPH_VERSION.labels(previous.version or "unknown").set(0)
    GRAPH_VERSION.labels(graph.version or "unknown").set(1)
    GRAPH_TRIPLES.set(graph.triples)
    GRAPH_LOAD_SECONDS.set(seconds)


def _start_timer() -> None:
    request.environ[_STARTED] = time.perf_counter()


def _record_request(response: Response) -> Response:
    environ = request.environ
    rule = request.url_rule
    route = rule.rule if rule else "(no route)"
    _counter(request.method, route, response.status_code).inc()
    started = environ.get(_STARTED)
    if started is not None:
        _latency(route).observe(time.perf_counter() - started)
    return response


# a metric's child per label values, found once: ``labels()`` checks and joins its arguments on every call,
# and the routes, methods and statuses an app answers with are few
@lru_cache(maxsize=1024)
def _counter(method: str, route: str, status: int) -> Any:
    return REQUESTS.labels(method, route, str(status))


@lru_cache(maxsize=256)
def _latency(route: str) -> Any:
    return LATENCY.labels(route)


def _metrics() -> Response:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    response = Response(generate_latest(registry), mimetype=CONTENT_TYPE_LATEST.split(";")[0])
    response.headers["Cache-Control"] = "no-store"
    return response


def register_metrics(app: Flask) -> None:
    """Time and count every request, and serve ``/metrics`` (outside the OpenAPI document)."""
    app.before_request(_start_timer)
    app.after_request(_record_request)
    app.add_url_rule("/metrics", "metrics", _metrics)
