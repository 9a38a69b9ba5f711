"""Recommendations: cancel, downgrade, switch or keep, with the saving and how."""

from flask import Response
from flask_openapi3 import APIBlueprint, Tag

from subgraph import KnowledgeGraph
from subgraph.decide.question import Question
from subgraph.decide.recommend import recommendation_json

from .bodies import JsonBody
from .graph import answering_for_fields, current_graph
from .schemas import Problem, Recommendation

api = APIBlueprint(
    "recommendations", __name__, url_prefix="/v1/recommendations", abp_tags=[Tag(name="recommendations")]
)

#: What a recommendation is asked with.
QUESTION = JsonBody(Question)
#: The longest body whose answer is remembered by its bytes: questions are a few hundred bytes,
#: and a body padded to the megabyte it may be must not make the cache hold a megabyte per entry.
REMEMBERED_BODY = 4096


@api.post("", responses={200: Recommendation, 400: Problem, 413: Problem, 415: Problem, 422: Problem})
@QUESTION
def create_recommendation(body: bytes) -> Response:
    """Decide what to do with one subscription; the same object as `subgraph recommend --json`."""
    kg = current_graph()
    # remembered by the body's bytes: the same bytes are the same question, answered again without being parsed
    remembered = len(body) <= REMEMBERED_BODY
    encoded = kg.answers.get("encoded", _answer, kg, body) if remembered else _answer(kg, body)
    return Response(encoded, mimetype="application/json")


def _answer(kg: KnowledgeGraph, body: bytes) -> bytes:
    return answering_for_fields(recommendation_json, kg, QUESTION.parse(body))
