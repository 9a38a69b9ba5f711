"""What the graph looked for and did not find, as answers: ``subgraph gaps``, profiles, guide pages.

A gap is graph data (``sg:KnownGap``), so it can be listed, counted and shown
beside the facts ("we do not know Kaspersky's US phone number") instead of
living in a file's comments.
"""

from dataclasses import dataclass
from datetime import date

from ..graph import model
from ..graph.loader import KnowledgeGraph

__all__ = ["Gap", "known_gaps", "gap_answer"]


@dataclass(frozen=True)
class Gap:
    """Something looked for and not found: what, for which service, when last looked for, and where."""

    id: str
    service: str
    kind: str
    description: str
    last_searched: date
    searched_in: tuple[str, ...]
    regions: tuple[str, ...]
    nodes: tuple[str, ...]


def gap_answer(gap: model.KnownGap) -> Gap:
    """A known gap as answers give it."""
    return Gap(
        gap.id, gap.service, gap.kind, gap.description, gap.last_searched, gap.searched_in, gap.regions, gap.nodes
    )


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
    return tuple(gap_answer(g) for s in services for g in cat.gaps_by_service.get(s, ()))
