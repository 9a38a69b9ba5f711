"""Services: the list, one service, how to cancel it, and its alternatives."""

from typing import Any

from flask import Response, jsonify
from flask_openapi3 import APIBlueprint, Tag
from flask_openapi3.types import ResponseDict

from subgraph.decide.alternatives import alternatives
from subgraph.decide.cancel import cancel_path
from subgraph.decide.question import Question
from subgraph.graph.browse import find_services
from subgraph.text.resolve import resolve_id
from subgraph.views.profile import service_profile, service_summary

from .graph import answering_for_fields, current_graph, exact
from .schemas import (
    Alternatives,
    AlternativesQuery,
    CancelPath,
    CancelPathQuery,
    Problem,
    ServiceList,
    ServicePath,
    ServiceProfile,
    ServicesQuery,
)

api = APIBlueprint("services", __name__, url_prefix="/v1/services", abp_tags=[Tag(name="services")])
NOT_FOUND: ResponseDict = {400: Problem, 404: Problem}


@api.get("", responses={200: ServiceList, 400: Problem})
def list_services(query: ServicesQuery) -> dict[str, Any]:
    """Services, optionally of one category or matching a text; paginated."""
    kg = current_graph()
    found = find_services(kg, text=query.q, category=query.category, page=query.page, per_page=query.per_page)
    return {
        "items": [service_summary(kg.catalogue, s) for s in found.services],
        "page": found.page,
        "per_page": found.per_page,
        "total": found.total,
    }


@api.get("/<service_id>", responses={200: ServiceProfile, **NOT_FOUND})
def get_service(path: ServicePath) -> Response:
    """Everything about a service: plans and dated prices, channels and billers, cancel methods, caveats, FAQ, gaps."""
    return jsonify(service_profile(current_graph(), exact("service", path.service_id).id))


@api.get("/<service_id>/cancel-path", responses={200: CancelPath, 422: Problem, **NOT_FOUND})
def get_cancel_path(path: ServicePath, query: CancelPathQuery) -> Response:  # type: ignore[valid-type]
    """How to cancel: through whoever bills you, least effort first, with fallbacks and caveats."""
    kg = current_graph()
    service = exact("service", path.service_id)
    asked: Any = query  # a model made from the question's fields, which the type checker cannot see
    platform: str | None = None
    if asked.platform:
        platform = answering_for_fields(resolve_id, kg, asked.platform, "platform")
    return jsonify(
        cancel_path(kg, service.id, purchased_via=asked.purchased_via, platform=platform, region=asked.region)
    )


@api.get("/<service_id>/alternatives", responses={200: Alternatives, 422: Problem, **NOT_FOUND})
def get_alternatives(path: ServicePath, query: AlternativesQuery) -> Response:  # type: ignore[valid-type]
    """Every cheaper way to keep what is needed, with annual costs, savings and what is lost."""
    service = exact("service", path.service_id)
    asked: Any = query  # a model made from the question's fields, which the type checker cannot see
    question = Question(service=service.id, **asked.model_dump())
    return jsonify(answering_for_fields(alternatives, current_graph(), question))
