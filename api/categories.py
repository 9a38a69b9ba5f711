"""Categories of services."""

from typing import Any

from flask_openapi3 import APIBlueprint, Tag

from .graph import current_graph
from .schemas import CategoryList

api = APIBlueprint("categories", __name__, url_prefix="/v1/categories", abp_tags=[Tag(name="categories")])


@api.get("", responses={200: CategoryList})
def list_categories() -> dict[str, Any]:
    """Every category with how many services it holds."""
    cat = current_graph().catalogue
    return {
        "items": [
            {"id": c.id, "label": c.label, "services": len(cat.services_by_category.get(c.id, []))}
            for c in sorted(cat.categories.values(), key=lambda c: c.label)
        ]
    }
