"""The loaded graph of the running application, and id lookups that answer 404."""

from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from flask import current_app

from subgraph import KnowledgeGraph, UnknownId
from subgraph.text.resolve import TABLES, resolve_id

from .problems import UnknownInput

_P = ParamSpec("_P")
_T = TypeVar("_T")


def current_graph() -> KnowledgeGraph:
    """The KnowledgeGraph loaded by :func:`api.create_app`."""
    return current_app.extensions["subgraph"]


def exact(kind: str, node_id: str) -> Any:
    """The node of `kind` with exactly this id, or a 404 with what it might mean."""
    kg = current_graph()
    return getattr(kg.catalogue, TABLES[kind])[resolve_id(kg, node_id, kind, exact=True)]


#: Which request field an unresolved input came from.
_FIELDS = {"service": "service", "plan": "plan", "reason": "reasons", "need": "needs", "platform": "platform"}


def answering_for_fields(call: Callable[_P, _T], *args: _P.args, **kwargs: _P.kwargs) -> _T:
    """Run a core call whose text inputs may not resolve; name the field if one does not."""
    try:
        return call(*args, **kwargs)
    except UnknownId as error:
        raise UnknownInput(_FIELDS.get(error.kind, error.kind), error) from None
