"""Liveness, and what the service has loaded."""

from typing import Any

from flask_openapi3 import APIBlueprint, Tag

from subgraph.graph.stats import graph_stats

from .graph import current_graph
from .schemas import Health

api = APIBlueprint("health", __name__, abp_tags=[Tag(name="health")])


@api.get("/healthz", responses={200: Health})
def healthz() -> dict[str, Any]:
    """Liveness, and which graph is loaded."""
    kg = current_graph()
    stats = graph_stats(kg)
    return {
        "status": "ok",
        "graph": {
            "version": kg.version,
            "triples": stats["triples"],
            "services": stats["services"],
            "billers": stats["billers"],
        },
    }
