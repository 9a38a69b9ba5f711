"""Text in, entities out."""

from flask import Response, jsonify
from flask_openapi3 import APIBlueprint, Tag

from .graph import current_graph
from .schemas import Problem, Resolution, ResolveQuery

api = APIBlueprint("resolve", __name__, url_prefix="/v1/resolve", abp_tags=[Tag(name="resolve")])


@api.get("", responses={200: Resolution, 400: Problem})
def resolve_text(query: ResolveQuery) -> Response:
    """The graph node a text means, with a confidence; below the threshold, candidates instead."""
    return jsonify(current_graph().resolver.meaning(query.q, query.kind))
