"""What a person typed, as graph ids: the first step of every question."""

from collections.abc import Iterable
from typing import Any

from ..graph.loader import KnowledgeGraph
from ..text.resolve import resolve_id

__all__ = ["resolve_inputs"]


def resolve_inputs(
    kg: KnowledgeGraph,
    service: str,
    plan: str | None = None,
    reasons: Iterable[str] = (),
    needs: Iterable[str] = (),
    platform: str | None = None,
) -> dict[str, Any]:
    """Resolve every text input of a question to graph ids.

    Parameters
    ----------
    kg : KnowledgeGraph
    service : str
        Service id or free text.
    plan : str, optional
        Plan id or free text, looked up among the service's plans only.
    reasons, needs : iterable of str
        Reason and feature ids or free text.
    platform : str, optional

    Returns
    -------
    dict
        ``service``, ``plan``, ``reasons``, ``needs``, ``platform``: each
        ``{"text": ..., "id": ...}`` (lists for reasons and needs, None
        when not given), so an answer can show what it took the text to mean.

    Raises
    ------
    UnknownId
        For the first input that resolves to nothing, with suggestions.

    Examples
    --------
    >>> from subgraph import load_graph
    >>> resolved = resolve_inputs(load_graph(), "kaspersy", plan="total security", needs=["antivirus"])
    >>> resolved["service"]["id"], resolved["plan"]["id"], resolved["needs"][0]["id"]
    ('kaspersky', 'kaspersky-total-security', 'antivirus')
    """

    def one(text: str, kind: str, **options: Any) -> dict[str, str]:
        return {"text": text, "id": resolve_id(kg, text, kind, **options)}

    service_r = one(service, "service")
    return {
        "service": service_r,
        "plan": one(plan, "plan", among=set(kg.catalogue.services[service_r["id"]].plans)) if plan else None,
        "reasons": [one(r, "reason") for r in reasons],
        "needs": [one(n, "feature", label="need") for n in needs],
        "platform": one(platform, "platform") if platform else None,
    }
