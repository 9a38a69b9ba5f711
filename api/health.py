"""Liveness, and what the service has loaded."""

from typing import Any

from flask_openapi3 import APIBlueprint, Tag

from .graph import current_graph
from .schemas import Health

api = APIBlueprint("health", __name__, abp_tags=[Tag(name="health")])


@api.get("/healthz", responses={200: Health})
def healthz() -> dict[str, Any]:
    """Liveness, and which graph is loaded."""
    kg = current_graph()
    # read off the loaded graph, not graph_stats: a probe asked every few seconds must not count every
    # source and price, nor make the worker that answers it read the networkx projection (tens of
    # thousands of objects of its own, walked by each of its full garbage collections from then on)
    return {
        "status": "ok",
        "graph": {
            "version": kg.version,
            "triples": kg.triples,
            "services": len(kg.catalogue.services),
            "billers": len(kg.catalogue.billers),
        },
    }
