"""A read-only SPARQL 1.1 endpoint (the query part of the SPARQL 1.1 Protocol)."""

import os

from flask import Response, current_app, request
from flask_openapi3 import APIBlueprint, Tag
from pydantic import BaseModel, Field
from werkzeug.exceptions import NotAcceptable, UnsupportedMediaType

from subgraph.sparql import (GRAPH_FORMATS, RESULT_FORMATS, QueryRefused, QueryTimeout, ResultTooLarge, SparqlEngine,
                             check_query)

from subgraph.remote import RemoteSparqlEngine

from .graph import current_graph
from .problems import problem

api = APIBlueprint("sparql", __name__, abp_tags=[Tag(name="sparql")])

MAX_QUERY_CHARS = 20_000
_ALL_MEDIA = [*RESULT_FORMATS, *GRAPH_FORMATS]
_RESPONSES = {
    200: {"description": "Query results (SELECT, ASK) or an RDF graph (CONSTRUCT, DESCRIBE).",
          "content": {media: {"schema": {"type": "object" if media.endswith("json") else "string"}}
                      for media in _ALL_MEDIA}},
    400: {"description": "Not a query we run: syntax, update, LOAD, SERVICE, FROM, or a result too large."},
    406: {"description": "No acceptable result format for this query form."},
    415: {"description": "POST bodies are application/sparql-query or an HTML form."},
    503: {"description": "The query ran past the time limit and was stopped."},
}


class SparqlQuery(BaseModel):
    query: str = Field(min_length=1, max_length=MAX_QUERY_CHARS, description="A SPARQL 1.1 query.")


def engine():
    """The application's query engine, made on first use in each worker process.

    With ``SUBGRAPH_SPARQL_ENDPOINT`` set, queries go to that external store;
    otherwise to an embedded pyoxigraph copy of the graph.
    """
    app = current_app
    if "subgraph.sparql" not in app.extensions:
        timeout = float(app.config.get("SPARQL_TIMEOUT", os.environ.get("SUBGRAPH_SPARQL_TIMEOUT", 5)))
        limit = int(app.config.get("SPARQL_MAX_RESULT_BYTES", 16 * 1024 * 1024))
        remote = app.config.get("SPARQL_ENDPOINT", os.environ.get("SUBGRAPH_SPARQL_ENDPOINT"))
        app.extensions["subgraph.sparql"] = (
            RemoteSparqlEngine(remote, timeout=timeout, max_result_bytes=limit) if remote
            else SparqlEngine(current_graph().rdf, timeout=timeout, max_result_bytes=limit))
    return app.extensions["subgraph.sparql"]


def _media_type(form):
    formats = GRAPH_FORMATS if form in ("CONSTRUCT", "DESCRIBE") else RESULT_FORMATS
    offered = list(formats) + (["application/json"] if formats is RESULT_FORMATS else [])
    accept = request.accept_mimetypes
    if not accept or accept.best == "*/*":
        return next(iter(formats))
    best = accept.best_match(offered)
    if best is None:
        raise NotAcceptable(f"A {form} query answers as {', '.join(formats)}.")
    return "application/sparql-results+json" if best == "application/json" else best


def _run(text):
    if request.args.get("default-graph-uri") or request.args.get("named-graph-uri"):
        return problem(400, "sparql-dataset-refused", "Dataset selection not supported",
                       "default-graph-uri and named-graph-uri are not supported: query the default graph.")
    try:
        form = check_query(text)
        body, media = engine().query(text, _media_type(form))
    except QueryRefused as error:
        if error.reason == "not-acceptable":
            raise NotAcceptable(str(error)) from None
        return problem(400, f"sparql-{error.reason}", "Query refused", str(error))
    except QueryTimeout as error:
        response = problem(503, "query-timeout", "Query stopped", f"{error}. Narrow it or add a LIMIT.")
        response.headers["Retry-After"] = "1"
        return response
    except ResultTooLarge as error:
        return problem(400, "result-too-large", "Result too large", str(error))
    response = Response(body, mimetype=media)
    response.headers["Vary"] = "Accept"
    return response


@api.get("/sparql", responses=_RESPONSES)
def sparql_get(query: SparqlQuery):
    """Run a read-only SPARQL query given as ?query=."""
    return _run(query.query)


@api.post("/sparql", responses=_RESPONSES)
def sparql_post():
    """Run a read-only SPARQL query sent as application/sparql-query or as a form field `query`."""
    if request.mimetype == "application/sparql-query":
        text = request.get_data(as_text=True)
    elif request.mimetype == "application/x-www-form-urlencoded":
        if "update" in request.form:
            return problem(400, "sparql-update", "Query refused", "updates are not allowed: this endpoint is read-only")
        text = request.form.get("query", "")
    else:
        raise UnsupportedMediaType("Send the query as application/sparql-query, or as the form field 'query'.")
    if not text.strip() or len(text) > MAX_QUERY_CHARS:
        return problem(400, "validation-error", "Invalid request",
                       f"query must be 1 to {MAX_QUERY_CHARS} characters.",
                       errors=[{"field": "query", "message": "missing, empty or too long"}])
    return _run(text)
