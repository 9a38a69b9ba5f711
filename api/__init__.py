"""The HTTP API: a thin Flask layer over the subgraph core.

``create_app()`` loads and validates the graph once; an invalid graph stops
the application from starting. ``gunicorn "subgraph_api:create_app()"`` and
``flask --app subgraph_api run`` both work. The OpenAPI 3.1 document is generated
from the request and response models (``/openapi.json``), with an
interactive page served from local assets (``/docs``).
"""

import os
import time
from collections.abc import Callable, Mapping
from typing import Any, TypeVar
from weakref import WeakSet

from flask import Response, redirect, request
from flask_openapi3 import Info, OpenAPI

from subgraph import KnowledgeGraph, load_graph
from subgraph.rdf.sparql import DEFAULT_MAX_RESULT_BYTES, DEFAULT_TIMEOUT, QuerySlots

from . import billers, categories, health, portfolio, rdf, recommendations, resolve, services, sparql, statements
from .bodies import BoundedBodies, BoundedRequest
from .headers import SecurityHeaders, page_policies
from .json import OrjsonProvider
from .metrics import RequestMetrics, record_graph, register_metrics
from .observability import RequestIds
from .pages import STATEMENT_PATH, pages
from .problems import register_error_handlers, validation_problem

__all__ = ["create_app"]

#: GET answers are read-only views of a graph that changes only on deploy.
CACHE_SECONDS = 300

_Number = TypeVar("_Number", int, float)


class _SubgraphOpenAPI(OpenAPI):
    json_provider_class = OrjsonProvider
    request_class = BoundedRequest

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # the functions known not to be coroutine functions, held weakly: one made for one request
        # (a closure, a bound method) is not kept
        self._plain: WeakSet[Callable[..., Any]] = WeakSet()

    def ensure_sync(self, func: Callable[..., Any]) -> Callable[..., Any]:
        # Flask asks of every hook and view, on every request, whether it is a coroutine
        # function (an ``inspect`` call each); the answer never changes, so each is asked once
        try:
            if func in self._plain:
                return func
        except TypeError:  # not weakly referable: asked every time, as Flask does
            return super().ensure_sync(func)
        synced = super().ensure_sync(func)
        if synced is func:
            self._plain.add(func)
        return synced

    def generate_spec_json(self) -> None:
        super().generate_spec_json()
        # every error of every operation is a problem-details document
        problem = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
        components = self.spec_json["components"]
        components["schemas"].pop("ValidationErrorModel", None)
        if components.get("securitySchemes") is None:  # the API has no authentication
            components.pop("securitySchemes", None)
        for path_item in self.spec_json["paths"].values():
            for operation in path_item.values():
                responses = operation.setdefault("responses", {})
                for status, response in responses.items():
                    if str(status)[0] in "45":
                        response["content"] = dict(problem)
                responses["default"] = {
                    "description": "An error, as RFC 9457 problem details.",
                    "content": dict(problem),
                }


def create_app(
    graph_dir: str | os.PathLike[str] | None = None,
    test_config: Mapping[str, Any] | None = None,
    *,
    graph: KnowledgeGraph | None = None,
) -> OpenAPI:
    """Create the Flask application.

    Parameters
    ----------
    graph_dir : path-like, optional
        Graph directory; default ``$SUBGRAPH_GRAPH`` or the embedded graph.
    test_config : dict, optional
        Flask settings that override the defaults (tests).
    graph : KnowledgeGraph, optional
        An already loaded graph to serve instead of loading ``graph_dir``
        (tests share one this way).
    """
    app = _SubgraphOpenAPI(
        __name__,
        info=Info(
            title="subgraph",
            version="1",
            description="Cancel or downgrade, and exactly how: a knowledge graph of consumer subscriptions.",
        ),
        doc_prefix="/docs",
        doc_url="/openapi.json",
        validation_error_status=400,
        validation_error_callback=validation_problem,
    )
    app.config.from_mapping(
        MAX_CONTENT_LENGTH=1024 * 1024,
        # routes that take files, with the larger bound each needs (path -> bytes)
        BODY_LIMITS={statements.PATH: statements.BODY_LIMIT, STATEMENT_PATH: statements.BODY_LIMIT},
        # the graph directory, read at start and again on reload (None: $SUBGRAPH_GRAPH or the embedded one)
        GRAPH_DIR=graph_dir,
        # an external SPARQL 1.1 store to read the graph from and forward queries to (None: embedded)
        SPARQL_ENDPOINT=os.environ.get("SUBGRAPH_SPARQL_ENDPOINT") or None,
        # seconds a query may take, its answer serialised; then it is stopped and answered 503
        SPARQL_TIMEOUT=_setting("SUBGRAPH_SPARQL_TIMEOUT", DEFAULT_TIMEOUT, float),
        # queries at once across every worker; more are answered 503 at once, never queued
        SPARQL_CONCURRENCY=_setting("SUBGRAPH_SPARQL_CONCURRENCY", 1, int),
        # address space of each query process; a query needing more is stopped and answered 503
        SPARQL_MEMORY_MB=_setting("SUBGRAPH_SPARQL_MEMORY_MB", 1024, int),
        SPARQL_MAX_RESULT_BYTES=DEFAULT_MAX_RESULT_BYTES,
        # queries per client ("60/minute", "off"); over it the answer is 429 with Retry-After
        SPARQL_RATE_LIMIT=_rate("SUBGRAPH_SPARQL_RATE_LIMIT", "60/minute"),
        # the same for the heavy POSTs: a bank statement read, a portfolio of subscriptions decided
        STATEMENTS_RATE_LIMIT=_rate("SUBGRAPH_STATEMENTS_RATE_LIMIT", "30/minute"),
        PORTFOLIO_RATE_LIMIT=_rate("SUBGRAPH_PORTFOLIO_RATE_LIMIT", "60/minute"),
        # where rate limits count: memory:// (each worker) or redis://host:port (all of them)
        RATE_LIMIT_STORAGE=os.environ.get("SUBGRAPH_RATE_LIMIT_STORAGE") or "memory://",
    )
    if test_config:
        app.config.update(test_config)
    started = time.perf_counter()
    app.extensions["subgraph"] = graph or load_graph(
        app.config["GRAPH_DIR"], sparql_endpoint=app.config["SPARQL_ENDPOINT"]
    )
    record_graph(app.extensions["subgraph"], time.perf_counter() - started)
    # made here, before gunicorn forks its workers, so that all of them share one bound
    app.extensions["subgraph.rdf.sparql.slots"] = QuerySlots(app.config["SPARQL_CONCURRENCY"])
    register_metrics(app)
    register_error_handlers(app)
    # wrapping wsgi_app is how Flask documents adding middleware; mypy sees a method replaced. Outermost
    # first: every answer, errors too, is counted, carries the security headers and a request id
    app.wsgi_app = RequestMetrics(  # type: ignore[method-assign]
        SecurityHeaders(
            BoundedBodies(
                RequestIds(app.wsgi_app),
                app.config["MAX_CONTENT_LENGTH"],
                app.config["BODY_LIMITS"],
            )
        )
    )
    for module in (health, services, categories, billers, recommendations, portfolio, statements, resolve, rdf, sparql):
        app.register_api(module.api)
    app.add_url_rule("/openapi.json", "openapi_json", lambda: app.api_doc)
    app.add_url_rule("/docs", "docs", lambda: redirect("/docs/swagger"))
    app.register_blueprint(pages)  # the guide pages: plain Flask, so not in the OpenAPI document
    app.after_request(_answer_headers)
    return app


def _setting(name: str, default: _Number, kind: type[_Number]) -> _Number:
    """A number from the environment, or a clear error naming the variable."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        number = kind(value)
    except ValueError:
        raise ValueError(f"{name} must be a {kind.__name__}, not {value!r}") from None
    if number <= 0:
        raise ValueError(f"{name} must be above zero, not {value!r}")
    return number


def _rate(name: str, default: str) -> str | None:
    """A rate limit from the environment ("30/minute"), or None for "off"."""
    value = (os.environ.get(name) or default).strip()
    return None if value.lower() == "off" else value


def _answer_headers(response: Response) -> Response:
    """The application's one ``after_request`` hook: an HTML page's content policy, then what may cache the answer.

    One hook that does both: Flask looks up and calls each hook on every request.
    """
    return _cache_headers(page_policies(response))


def _cache_headers(response: Response) -> Response:
    if request.method not in ("GET", "HEAD"):
        # said without looking first: werkzeug looks a missing header up by raising
        response.headers["Cache-Control"] = "no-store"
        return response
    if "no-store" in response.headers.get("Cache-Control", ""):
        return response  # a personal answer (a page echoing what was typed) said so itself: never cached
    if response.status_code == 200 and request.path != "/healthz":
        response.headers["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
        if response.is_streamed is False and response.direct_passthrough is False:
            response.add_etag()
            response.make_conditional(request)
    elif response.status_code >= 400 or request.path == "/healthz":
        response.headers["Cache-Control"] = "no-store"
    return response
