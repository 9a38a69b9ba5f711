"""Categories of services."""

from typing import Any

from flask_openapi3 import APIBlueprint, Tag

from subgraph.graph.browse import services_per_category

from .graph import current_graph
from .schemas import CategoryList

api = APIBlueprint("categories", __name__, url_prefix="/v1/categories", abp_tags=[Tag(name="categories")])


@api.get("", responses={200: CategoryList})
def list_categories() -> dict[str, Any]:
    """Every category with how many services it holds."""
    return {"items": services_per_category(current_graph())}
