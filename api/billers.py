"""Billers: who charges the card, and how to stop them."""

from typing import Any

from flask_openapi3 import APIBlueprint, Tag

from subgraph.views.profile import biller_profile

from .graph import current_graph, exact
from .schemas import BillerList, BillerPath, BillerProfile, Problem

api = APIBlueprint("billers", __name__, url_prefix="/v1/billers", abp_tags=[Tag(name="billers")])


@api.get("", responses={200: BillerList})
def list_billers() -> dict[str, Any]:
    """Every biller, with how many services the graph knows it to bill for."""
    cat = current_graph().catalogue
    billed: dict[str, int] = {}
    for service in cat.services.values():
        for biller in {cat.channels[c].biller for c in service.channels}:
            billed[biller] = billed.get(biller, 0) + 1
    return {
        "items": [
            {"id": b.id, "name": b.name, "url": b.url, "services": billed.get(b.id, 0)}
            for b in sorted(cat.billers.values(), key=lambda b: b.name.lower())
        ]
    }


@api.get("/<biller_id>", responses={200: BillerProfile, 400: Problem, 404: Problem})
def get_biller(path: BillerPath) -> dict[str, Any]:
    """A biller's cancel methods and steps, statement descriptors, policies and the services it bills."""
    return biller_profile(current_graph().catalogue, exact("biller", path.biller_id).id)
