"""The HTTP API: a thin Flask layer over the subgraph core.

``create_app()`` loads and validates the graph once; an invalid graph stops
the application from starting. ``gunicorn "api:create_app()"`` and
``flask --app api run`` both work. The OpenAPI 3.1 document is generated
from the request and response models (``/openapi.json``), with an
interactive page served from local assets (``/docs``).
"""

from flask import redirect, request
from flask_openapi3 import Info, OpenAPI

from subgraph import load_graph

from . import billers, categories, health, rdf, recommendations, resolve, services, sparql
from .json import OrjsonProvider
from .problems import register_error_handlers, validation_problem

__all__ = ["create_app"]

#: GET answers are read-only views of a graph that changes only on deploy.
CACHE_SECONDS = 300


class _SubgraphOpenAPI(OpenAPI):
    json_provider_class = OrjsonProvider

    def generate_spec_json(self):
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
                responses["default"] = {"description": "An error, as RFC 9457 problem details.",
                                        "content": dict(problem)}


def create_app(graph_dir=None, test_config=None):
    """Create the Flask application.

    Parameters
    ----------
    graph_dir : path-like, optional
        Graph directory; default ``$SUBGRAPH_GRAPH`` or the embedded graph.
    test_config : dict, optional
        Flask settings that override the defaults (tests).
    """
    app = _SubgraphOpenAPI(
        __name__,
        info=Info(title="subgraph", version="1",
                  description="Cancel or downgrade, and exactly how: a knowledge graph of consumer subscriptions."),
        doc_prefix="/docs", doc_url="/openapi.json",
        validation_error_status=400, validation_error_callback=validation_problem,
    )
    app.config.from_mapping(MAX_CONTENT_LENGTH=1024 * 1024)
    if test_config:
        app.config.update(test_config)
    app.extensions["subgraph"] = load_graph(graph_dir)
    register_error_handlers(app)
    for module in (health, services, categories, billers, recommendations, resolve, rdf, sparql):
        app.register_api(module.api)
    app.add_url_rule("/openapi.json", "openapi_json", lambda: app.api_doc)
    app.add_url_rule("/docs", "docs", lambda: redirect("/docs/swagger"))
    app.after_request(_cache_headers)
    return app


def _cache_headers(response):
    if request.method == "GET" and response.status_code == 200 and request.path != "/healthz":
        response.headers["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
        if response.is_streamed is False and response.direct_passthrough is False:
            response.add_etag()
            response.make_conditional(request)
    elif request.method != "GET" or response.status_code >= 400 or request.path == "/healthz":
        response.headers["Cache-Control"] = "no-store"
    return response
