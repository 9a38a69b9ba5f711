"""Prometheus metrics at ``/metrics``: requests by route template, SPARQL outcomes, the graph served.

Under gunicorn the workers are separate processes, so the metrics live in prometheus-client's
multiprocess files (``PROMETHEUS_MULTIPROC_DIR``, which gunicorn.conf.py sets before anything
imports prometheus-client, and cleans of dead workers); ``/metrics`` sums them. Elsewhere (the
Flask dev server, tests) they live in the process. Routes are templates
(``/v1/services/<service_id>``), never raw paths: those would hold what people typed.
"""

import os
import time
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from flask import Flask, Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
    values,
)

from subgraph import KnowledgeGraph

from .observability import StartResponse, WsgiApp, route_of, status_of

__all__ = [
    "REQUESTS",
    "LATENCY",
    "SPARQL_QUERIES",
    "SPARQL_RUNNING",
    "RequestMetrics",
    "record_graph",
    "register_metrics",
]

#: This process's id: read once, and again in each forked child.
_PROCESS_ID = [os.getpid()]
os.register_at_fork(after_in_child=lambda: _PROCESS_ID.__setitem__(0, os.getpid()))


def _process_id() -> int:
    return _PROCESS_ID[0]


if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    # prometheus-client asks the system for the process id on every inc() and observe(), three times a
    # request, to notice a fork (os.getpid(), 3% of a new question's CPU under gunicorn). MultiProcessValue
    # takes any function giving each running process its own id (its docstring: "at your own risk"); ours
    # changes only at an os.fork, which is how gunicorn makes workers (the SPARQL query processes are new
    # interpreters that write no metrics). Set before any metric is made: each value takes the class in
    # use when it is made, and two classes would share one file without knowing it.
    values.ValueClass = values.MultiProcessValue(process_identifier=_process_id)

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


def record_graph(graph: KnowledgeGraph, seconds: float, previous: KnowledgeGraph | None = None) -> None:
    """Say which graph is served, how big it is and how long it took to load."""
    if previous is not None and previous.version != graph.version:
        GRAPH_VERSION.labels(previous.version or "unknown").set(0)
    GRAPH_VERSION.labels(graph.version or "unknown").set(1)
    GRAPH_TRIPLES.set(graph.triples)
    GRAPH_LOAD_SECONDS.set(seconds)


class RequestMetrics:
    """WSGI middleware: every request counted by method, route template and status, and timed.

    The outermost layer (``create_app`` wraps the others in it), so the route and
    status :class:`subgraph_api.observability.RequestIds` notes inside are known
    when the application has answered. The time is until then: it includes reading a
    chunked body (:class:`subgraph_api.bodies.BoundedBodies`), Flask's teardown
    and the answers of Flask's own error handlers, not sending the answer.
    """

    def __init__(self, app: WsgiApp) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        started = time.perf_counter()
        answer = self.app(environ, start_response)
        route = route_of(environ)
        _counter(environ.get("REQUEST_METHOD", ""), route, status_of(environ)).inc()
        _latency(route).observe(time.perf_counter() - started)
        return answer


# a metric's child per label values, found once: ``labels()`` checks and joins its arguments on every call,
# and the routes, methods and statuses an app answers with are few
@lru_cache(maxsize=1024)
def _counter(method: str, route: str, status: str) -> Any:
    return REQUESTS.labels(method, route, status)


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
    """Serve ``/metrics`` (outside the OpenAPI document); :class:`RequestMetrics` counts the requests."""
    app.add_url_rule("/metrics", "metrics", _metrics)
