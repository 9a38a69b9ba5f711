"""The graph as RDF: the whole graph or one service, in the format asked for."""

from typing import Any

from flask import Response, request
from flask_openapi3 import APIBlueprint, Tag
from flask_openapi3.types import ResponseDict
from pydantic import BaseModel, Field
from werkzeug.exceptions import NotAcceptable

from subgraph.rdf.export import FORMATS, export, format_for

from .graph import current_graph, exact
from .schemas import Problem, ServicePath

api = APIBlueprint("rdf", __name__, abp_tags=[Tag(name="rdf")])

_MEDIA_TYPES = [spec[0] for spec in FORMATS.values()]
_RDF_RESPONSE: dict[str, Any] = {
    "description": "The RDF document.",
    "content": {
        media: {"schema": {"type": "object" if media.endswith("json") else "string"}} for media in _MEDIA_TYPES
    },
}
_RESPONSES: ResponseDict = {200: _RDF_RESPONSE, 400: Problem, 404: Problem, 406: Problem}


class FormatQuery(BaseModel):
    format: str | None = Field(
        None, max_length=40, description=("turtle, ntriples, jsonld, trig or nquads; overrides the Accept header.")
    )


def _negotiate(query: FormatQuery) -> str:
    """The format from ?format=, else from Accept (Turtle for */*), else 406."""
    if query.format:
        name = format_for(query.format)
        if name is None:
            raise NotAcceptable(f"We produce {', '.join(FORMATS)}; not {query.format!r}.")
        return name
    if not request.accept_mimetypes or request.accept_mimetypes.best == "*/*":
        return "turtle"
    best = request.accept_mimetypes.best_match(_MEDIA_TYPES)
    if best is None:
        raise NotAcceptable(f"We produce {', '.join(_MEDIA_TYPES)}; the Accept header asks for none of them.")
    name = format_for(best)
    assert name is not None  # best is one of our media types
    return name


def _answer(name: str, service_id: str | None) -> Response:
    media, extension = FORMATS[name][0], FORMATS[name][1]
    kg = current_graph()
    # remembered by the graph it was made from, so a reloaded graph's documents go with it
    response = Response(kg.answers.get("rdf", export, kg, name, service_id), mimetype=media)
    response.headers["Content-Disposition"] = f'inline; filename="{service_id or "subgraph"}.{extension}"'
    response.headers["Vary"] = "Accept"
    return response


@api.get("/v1/graph", responses=_RESPONSES)
def whole_graph(query: FormatQuery) -> Response:
    """The whole graph as Turtle, N-Triples, JSON-LD (schema.org context), TriG or N-Quads."""
    return _answer(_negotiate(query), None)


@api.get("/v1/services/<service_id>/graph", responses=_RESPONSES)
def service_graph(path: ServicePath, query: FormatQuery) -> Response:
    """One service and everything that describes it, as RDF."""
    service = exact("service", path.service_id)
    return _answer(_negotiate(query), service.id)
