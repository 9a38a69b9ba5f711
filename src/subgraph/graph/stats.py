"""Counts that say how big and how well sourced the graph is."""

from collections import Counter
from datetime import date
from typing import Any

from .freshness import PRICE_AGES, price_age
from .loader import KnowledgeGraph

__all__ = ["graph_stats"]


def graph_stats(kg: KnowledgeGraph, *, today: date | None = None) -> dict[str, Any]:
    """Summarise a loaded graph.

    Parameters
    ----------
    kg : KnowledgeGraph
    today : datetime.date, optional
        The day prices' ages are counted to (default: today).

    Returns
    -------
    dict
        ``triples``, ``nodes``, ``edges``, ``services``, ``categories``,
        ``plans``, ``offers``, ``prices``, ``billers``, ``sales_channels``,
        ``cancel_methods``, ``caveats``, ``questions``, ``facts`` (stale-able
        facts), ``sourced_facts`` (citing a page with a URL, kind and checked
        date), ``facts_by_source_kind``, ``pages`` (distinct pages cited, the
        ``sg:Source`` nodes) and ``pages_by_source_kind``, ``price_ages`` (prices per band of
        :data:`~subgraph.graph.freshness.PRICE_AGES`, by their page's own
        date), ``known_gaps`` and ``known_gaps_by_kind`` (what was looked for
        and not found, ``sg:KnownGap``), ``oldest_source_date`` and
        ``newest_checked_date`` (ISO dates).

    Examples
    --------
    >>> from subgraph import load_graph
    >>> kg = load_graph()
    >>> stats = graph_stats(kg)
    >>> stats["services"] == len(kg.catalogue.services), stats["facts"] == stats["sourced_facts"]
    (True, True)
    >>> stats["pages"] < stats["facts"]
    True
    >>> sum(stats["price_ages"].values()) == stats["prices"]
    True
    """
    cat = kg.catalogue
    sources = list(cat.sources())
    sourced = [s for s in sources if s.url and s.kind and s.checked_on]
    pages = {s.url: s for s in sources}  # the reader shares one Source per page
    dated = [s.source_date for s in pages.values() if s.source_date]
    ages = Counter(price_age(p.source, today=today or date.today()) for p in cat.prices.values())
    return {
        "triples": kg.triples,
        "nodes": kg.nx.number_of_nodes(),
        "edges": kg.nx.number_of_edges(),
        "services": len(cat.services),
        "categories": len({c for s in cat.services.values() for c in s.categories}),
        "plans": len(cat.plans),
        "offers": len(cat.offers),
        "prices": len(cat.prices),
        "billers": len(cat.billers),
        "sales_channels": len(cat.channels),
        "cancel_methods": len(cat.methods),
        "caveats": len(cat.caveats),
        "questions": len(cat.questions),
        "facts": len(sources),
        "sourced_facts": len(sourced),
        "facts_by_source_kind": dict(sorted(Counter(s.kind for s in sources).items())),
        "pages": len(pages),
        "pages_by_source_kind": dict(sorted(Counter(s.kind for s in pages.values()).items())),
        "price_ages": {band: ages[band] for band in PRICE_AGES},
        "known_gaps": len(cat.gaps),
        "known_gaps_by_kind": dict(sorted(Counter(g.kind for g in cat.gaps.values()).items())),
        "oldest_source_date": min(dated).isoformat() if dated else None,
        "newest_checked_date": cat.newest_check.isoformat() if cat.newest_check else None,
    }
