"""Billers: who charges the card, and how to stop them."""

from typing import Any

from flask import Response, jsonify
from flask_openapi3 import APIBlueprint, Tag

from subgraph.graph.browse import services_per_biller
from subgraph.views.profile import biller_profile

from .graph import current_graph, exact
from .schemas import BillerList, BillerPath, BillerProfile, Problem

api = APIBlueprint("billers", __name__, url_prefix="/v1/billers", abp_tags=[Tag(name="billers")])


@api.get("", responses={200: BillerList})
def list_billers() -> dict[str, Any]:
    """Every biller, with how many services the graph knows it to bill for."""
    return {"items": services_per_biller(current_graph())}


@api.get("/<biller_id>", responses={200: BillerProfile, 400: Problem, 404: Problem})
def get_biller(path: BillerPath) -> Response:
    """A biller's cancel methods and steps, statement descriptors, policies and the services it bills."""
    return jsonify(biller_profile(current_graph(), exact("biller", path.biller_id).id))
