"""How old the graph's facts are: which need checking again."""

from collections import defaultdict
from datetime import date
from typing import Any, Protocol

from .loader import KnowledgeGraph

__all__ = ["stale_pages", "FACT_KINDS", "PRICE_AGES", "price_age"]

#: Catalogue tables of stale-able facts -> the name a maintainer knows them by.
FACT_KINDS = {
    "plans": "plan",
    "prices": "price",
    "channels": "sales channel",
    "methods": "cancel method",
    "caveats": "caveat",
    "contacts": "contact point",
    "descriptors": "statement descriptor",
    "availability": "availability",
}


def stale_pages(kg: KnowledgeGraph, days: int, today: date | None = None) -> list[dict[str, Any]]:
    """Pages last read more than `days` days ago, oldest read first, each with the facts resting on it.

    Re-reading one page re-checks every fact that cites it, so the list is of
    pages (``sg:Source`` nodes), not facts.

    Parameters
    ----------
    kg : KnowledgeGraph
    days : int
        How many days a reading stays good.
    today : datetime.date, optional

    Returns
    -------
    list of dict
        ``id`` (the page's node), ``file``, ``url``, ``kind``, ``source_date``
        (the page's own date, which a new reading does not change),
        ``checked_on``, ``days_since_check`` and ``facts``: the citing facts,
        each ``id``, ``kind`` and ``file``.

    Examples
    --------
    >>> from datetime import date, timedelta
    >>> from subgraph import load_graph
    >>> kg = load_graph()
    >>> stale_pages(kg, days=36500)
    []
    >>> far_future = date.today() + timedelta(days=10000)
    >>> pages = stale_pages(kg, days=0, today=far_future)
    >>> sum(len(p["facts"]) for p in pages) == sum(1 for _ in kg.catalogue.facts())
    True
    """
    if days < 0:
        raise ValueError("days must be 0 or more")
    today = today or date.today()
    resting: dict[str, list[dict[str, Any]]] = defaultdict(list)
    sources = {}
    for table, node in kg.catalogue.facts():
        sources[node.source.url] = node.source
        resting[node.source.url].append({"id": node.id, "kind": FACT_KINDS[table], "file": kg.files.get(node.id)})
    stale = []
    for url, source in sources.items():
        age = (today - source.checked_on).days
        if age > days:
            page = source.id
            stale.append(
                {
                    "id": page,
                    "file": kg.files.get(page) if page else None,
                    "url": url,
                    "kind": source.kind,
                    "source_date": source.source_date.isoformat() if source.source_date else None,
                    "checked_on": source.checked_on.isoformat(),
                    "days_since_check": age,
                    "facts": sorted(resting[url], key=lambda f: (f["file"] or "", f["id"])),
                }
            )
    stale.sort(key=lambda p: (p["checked_on"], p["id"]))
    return stale


#: How old a price is, by its page's own date: the bands answers and ``subgraph stats`` give.
#: A price whose page has no date is "undated" however recently it was checked: a check says
#: the page still said so, not since when.
PRICE_AGES = ("within 12 months", "1-3 years", "older than 3 years", "undated")


class _Dated(Protocol):
    @property
    def source_date(self) -> date | None: ...


def price_age(source: _Dated, *, today: date) -> str:
    """The band of :data:`PRICE_AGES` a price falls in, from its source's own date.

    Examples
    --------
    >>> from subgraph.answers import Source
    >>> page = Source("https://example.com/pricing", "official", date(2024, 3, 1), date(2026, 12, 1))
    >>> price_age(page, today=date(2026, 12, 6))
    '1-3 years'
    >>> price_age(Source("https://example.com", "official", None, date(2026, 12, 1)), today=date(2026, 12, 6))
    'undated'
    """
    if source.source_date is None:
        return PRICE_AGES[3]
    days = (today - source.source_date).days
    return PRICE_AGES[0] if days <= 365 else PRICE_AGES[1] if days <= 3 * 365 + 1 else PRICE_AGES[2]
