"""Recommendations: cancel, downgrade, switch or keep, with the saving and how."""

from flask import Response
from flask_openapi3 import APIBlueprint, Tag

from subgraph.decide.question import Question
from subgraph.decide.recommend import recommendation_json

from .bodies import json_body
from .graph import answering_for_fields, current_graph
from .schemas import Problem, Recommendation

api = APIBlueprint(
    "recommendations", __name__, url_prefix="/v1/recommendations", abp_tags=[Tag(name="recommendations")]
)


@api.post("", responses={200: Recommendation, 400: Problem, 413: Problem, 415: Problem, 422: Problem})
@json_body
def create_recommendation(body: Question) -> Response:
    """Decide what to do with one subscription; the same object as `subgraph recommend --json`."""
    kg = current_graph()
    encoded = answering_for_fields(kg.answers.get, "encoded", recommendation_json, kg, body)
    return Response(encoded, mimetype="application/json")
