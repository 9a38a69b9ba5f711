"""Liveness, and what the service has loaded."""

from flask import Blueprint, current_app

from subgraph.stats import graph_stats

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    kg = current_app.extensions["subgraph"]
    stats = graph_stats(kg)
    return {"status": "ok", "graph": {"version": kg.version, "triples": stats["triples"],
                                      "services": stats["services"], "billers": stats["billers"]}}
