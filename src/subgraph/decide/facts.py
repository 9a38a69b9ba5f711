"""Graph nodes in their answer form: each converted once per graph and shared."""

from ..answers import Caveat, Source
from ..graph import model
from ..graph.loader import KnowledgeGraph

__all__ = ["source_answer", "caveat_answer"]


def source_answer(kg: KnowledgeGraph, source: model.Source) -> Source:
    """A fact's provenance as answers give it.

    Examples
    --------
    >>> from subgraph import load_graph
    >>> kg = load_graph()
    >>> caveat = kg.catalogue.caveats["norton-auto-renewal"]
    >>> source_answer(kg, caveat.source).url == caveat.source.url
    True
    """
    return kg.answers.get("fact", _source, source)


def _source(source: model.Source) -> Source:
    return Source(source.url, source.kind, source.source_date, source.checked_on)  # type: ignore[arg-type]


def caveat_answer(kg: KnowledgeGraph, caveat: model.Caveat) -> Caveat:
    """A caveat as answers give it, with its source."""
    return kg.answers.get("fact", _caveat, kg, caveat)


def _caveat(kg: KnowledgeGraph, caveat: model.Caveat) -> Caveat:
    return Caveat(
        caveat.id,
        caveat.kind,
        caveat.name,
        caveat.description,
        caveat.refund_days,
        caveat.regions,
        source_answer(kg, caveat.source),
    )
