"""What the graph looked for and did not find, as answers: ``subgraph gaps``, profiles, guide pages.

A gap is graph data (``sg:KnownGap``), so it can be listed, counted and shown
beside the facts ("we do not know Kaspersky's US phone number") instead of
living in a file's comments.
"""

from ..graph import model
from ..graph.loader import KnowledgeGraph

__all__ = ["Gap", "known_gaps"]


#: A known gap as answers give it: the catalogue's own read-only record, the one type for profiles,
#: guide pages and ``subgraph gaps`` (a copy field for field had been kept beside it).
Gap = model.KnownGap


def known_gaps(kg: KnowledgeGraph, *, service: str | None = None) -> tuple[Gap, ...]:
    """Every known gap of the graph, or of one service, by service then id.

    Parameters
    ----------
    kg : KnowledgeGraph
    service : str, optional
        A service id; its gaps only.

    Raises
    ------
    UnknownId
        If `service` is given and no service has this id.

    Examples
    --------
    >>> from subgraph import load_graph
    >>> kg = load_graph()
    >>> "kaspersky-gap-us-phone" in [g.id for g in known_gaps(kg, service="kaspersky")]
    True
    >>> len(known_gaps(kg)) == len(kg.catalogue.gaps)
    True
    """
    cat = kg.catalogue
    services = [cat.service(service).id] if service is not None else sorted(cat.gaps_by_service)
    return tuple(g for s in services for g in cat.gaps_by_service.get(s, ()))
