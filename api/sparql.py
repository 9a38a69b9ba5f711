"""A read-only SPARQL 1.1 endpoint (the query part of the SPARQL 1.1 Protocol)."""

import socket
import threading
from collections.abc import Container

from flask import Flask, Response, current_app, request
from flask_openapi3 import APIBlueprint, Tag
from flask_openapi3.types import ResponseDict
from pydantic import BaseModel, Field
from werkzeug.exceptions import NotAcceptable, UnsupportedMediaType

from subgraph.rdf.export import publish
from subgraph.rdf.remote import RemoteSparqlEngine
from subgraph.rdf.sparql import (
    GRAPH_FORMATS,
    RESULT_FORMATS,
    EngineBusy,
    QueryAbandoned,
    QueryFailed,
    QueryRefused,
    QueryTimeout,
    ResultTooLarge,
    SandboxUnavailable,
    SparqlEngine,
    check_query,
)

from .limits import limit_rate
from .metrics import SPARQL_QUERIES, SPARQL_RUNNING
from .problems import problem
from .serving import CLIENT_GONE

api = APIBlueprint("sparql", __name__, abp_tags=[Tag(name="sparql")])
limit_rate(api, "SPARQL_RATE_LIMIT")

MAX_QUERY_CHARS = 20_000
_ENGINE_LOCK = threading.Lock()
#: protocol parameters that choose another dataset (or belong to updates): refused wherever they appear
DATASET_PARAMETERS = ("default-graph-uri", "named-graph-uri", "using-graph-uri", "using-named-graph-uri")
_ALL_MEDIA = [*RESULT_FORMATS, *GRAPH_FORMATS]
_RESPONSES: ResponseDict = {
    200: {
        "description": "Query results (SELECT, ASK) or an RDF graph (CONSTRUCT, DESCRIBE).",
        "content": {
            media: {"schema": {"type": "object" if media.endswith("json") else "string"}} for media in _ALL_MEDIA
        },
    },
    400: {
        "description": "Not a query we run: syntax, update, LOAD, SERVICE, FROM or a dataset parameter, "
        "or a result too large."
    },
    406: {"description": "No acceptable result format for this query form."},
    415: {"description": "POST bodies are application/sparql-query or an HTML form."},
    429: {"description": "Too many queries from this client; see Retry-After."},
    503: {
        "description": "Every query slot is busy, or the query ran past the time limit or its memory and was "
        "stopped; see Retry-After."
    },
}


class SparqlQuery(BaseModel):
    query: str = Field(min_length=1, max_length=MAX_QUERY_CHARS, description="A SPARQL 1.1 query.")


def engine() -> SparqlEngine | RemoteSparqlEngine:
    """The application's query engine, made on first use in each worker process.

    With ``SPARQL_ENDPOINT`` set, queries go to that external store;
    otherwise to confined pyoxigraph processes holding a copy of the graph.
    Either way at most ``SPARQL_CONCURRENCY`` queries run at once across the
    workers (the slots are made by the factory, before gunicorn forks).
    """
    app = current_app
    with _ENGINE_LOCK:  # threaded workers: two first queries at once must not make two engines
        if "subgraph.rdf.sparql" not in app.extensions:
            app.extensions["subgraph.rdf.sparql"] = _make_engine(app)
    return app.extensions["subgraph.rdf.sparql"]


def _make_engine(app: Flask) -> SparqlEngine | RemoteSparqlEngine:
    config = app.config
    limits = {
        "timeout": config["SPARQL_TIMEOUT"],
        "max_result_bytes": config["SPARQL_MAX_RESULT_BYTES"],
        "memory_bytes": config["SPARQL_MEMORY_MB"] * 1024 * 1024,
        "slots": app.extensions["subgraph.rdf.sparql.slots"],
    }
    if config["SPARQL_ENDPOINT"]:
        return RemoteSparqlEngine(config["SPARQL_ENDPOINT"], **limits)
    # the same triples the exports publish (and a store loaded from them holds): FAQ answers filled in
    rdf = app.extensions["subgraph"].rdf
    return SparqlEngine(publish(rdf, rdf), **limits)


def _media_type(form: str) -> str:
    formats = GRAPH_FORMATS if form in ("CONSTRUCT", "DESCRIBE") else RESULT_FORMATS
    offered = list(formats) + (["application/json"] if formats is RESULT_FORMATS else [])
    accept = request.accept_mimetypes
    if not accept or accept.best == "*/*":
        return next(iter(formats))
    best = accept.best_match(offered)
    if best is None:
        raise NotAcceptable(f"A {form} query answers as {', '.join(formats)}.")
    return "application/sparql-results+json" if best == "application/json" else best


def _client_gone() -> bool:
    """True once the client has closed its connection (the server's socket reads end of file)."""
    gone = request.environ.get(CLIENT_GONE)  # serving.BufferedWsgi: it watches the connection itself
    if gone is not None:
        return bool(gone())
    sock = request.environ.get("gunicorn.socket") or request.environ.get("werkzeug.socket")
    if sock is None:
        return False
    try:
        return sock.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b""
    except (BlockingIOError, InterruptedError):
        return False
    except OSError:
        return True


def _unavailable(slug: str, title: str, detail: str, retry_after: int) -> Response:
    response = problem(503, slug, title, detail)
    response.headers["Retry-After"] = str(retry_after)
    return response


def _run(text: str) -> Response:
    try:
        checked = check_query(text)
        with SPARQL_RUNNING.track_inprogress():
            body, media = engine().query(checked, _media_type(checked.form), abandoned=_client_gone)
    except QueryRefused as error:
        SPARQL_QUERIES.labels("refused").inc()
        if error.reason == "not-acceptable":
            raise NotAcceptable(str(error)) from None
        return problem(400, f"sparql-{error.reason}", "Query refused", str(error))
    except EngineBusy:
        SPARQL_QUERIES.labels("busy").inc()
        return _unavailable(
            "sparql-busy",
            "Too many queries running",
            "Every query slot is busy with other queries; try again shortly.",
            1,
        )
    except QueryTimeout as error:
        SPARQL_QUERIES.labels("timeout").inc()
        return _unavailable("query-timeout", "Query stopped", f"{error}. Narrow it or add a LIMIT.", 1)
    except QueryFailed as error:
        SPARQL_QUERIES.labels("failed").inc()
        return _unavailable("query-failed", "Query stopped", f"{error}. Narrow it or add a LIMIT.", 1)
    except QueryAbandoned:
        SPARQL_QUERIES.labels("abandoned").inc()
        return _unavailable("query-abandoned", "Query stopped", "The client went away.", 1)
    except SandboxUnavailable:
        SPARQL_QUERIES.labels("unavailable").inc()
        current_app.logger.error("SPARQL is off: the query process cannot be confined on this machine")
        return _unavailable(
            "sparql-unavailable", "SPARQL unavailable", "This server cannot run queries safely, so it runs none.", 3600
        )
    except ResultTooLarge as error:
        SPARQL_QUERIES.labels("refused").inc()
        return problem(400, "result-too-large", "Result too large", str(error))
    SPARQL_QUERIES.labels("answered").inc()
    response = Response(body, mimetype=media)
    response.headers["Vary"] = "Accept"
    return response


def _dataset_refused(values: Container[str]) -> Response | None:
    named = [name for name in DATASET_PARAMETERS if name in values]
    if named:
        return problem(
            400,
            "sparql-dataset",
            "Query refused",
            f"{', '.join(named)} not supported: this endpoint has one dataset; query its default graph.",
        )
    return None


@api.get("/sparql", responses=_RESPONSES)
def sparql_get(query: SparqlQuery) -> Response:
    """Run a read-only SPARQL query given as ?query=."""
    return _dataset_refused(request.args) or _run(query.query)


@api.post("/sparql", responses=_RESPONSES)
def sparql_post() -> Response:
    """Run a read-only SPARQL query sent as application/sparql-query or as a form field `query`."""
    if request.mimetype == "application/sparql-query":
        text = request.get_data(as_text=True)
    elif request.mimetype == "application/x-www-form-urlencoded":
        if "update" in request.form:
            return problem(400, "sparql-update", "Query refused", "updates are not allowed: this endpoint is read-only")
        text = request.form.get("query", "")
    else:
        raise UnsupportedMediaType("Send the query as application/sparql-query, or as the form field 'query'.")
    refused = _dataset_refused(request.args) or _dataset_refused(request.form)
    if refused:
        return refused
    if not text.strip() or len(text) > MAX_QUERY_CHARS:
        return problem(
            400,
            "validation-error",
            "Invalid request",
            f"query must be 1 to {MAX_QUERY_CHARS} characters.",
            errors=[{"field": "query", "message": "missing, empty or too long"}],
        )
    return _run(text)
