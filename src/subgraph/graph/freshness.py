"""How old the graph's facts are: which need checking again."""

from datetime import date
from typing import Any, Protocol

from .loader import KnowledgeGraph

__all__ = ["stale_facts", "FACT_KINDS", "PRICE_AGES", "price_age"]

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


def stale_facts(kg: KnowledgeGraph, days: int, today: date | None = None) -> list[dict[str, Any]]:
    """Facts last checked more than `days` days ago, oldest check first.

    Parameters
    ----------
    kg : KnowledgeGraph
    days : int
        How many days a check stays good.
    today : datetime.date, optional

    Returns
    -------
    list of dict
        ``id``, ``kind``, ``file``, ``checked_on``, ``days_since_check``,
        ``source_url``, ``source_kind`` and ``source_date`` (the age of the
        fact itself, which a new check does not change).

    Examples
    --------
    >>> from datetime import date, timedelta
    >>> from subgraph import load_graph
    >>> kg = load_graph()
    >>> stale_facts(kg, days=36500)
    []
    >>> far_future = date.today() + timedelta(days=10000)
    >>> len(stale_facts(kg, days=0, today=far_future)) == sum(1 for _ in kg.catalogue.facts())
    True
    """
    if days < 0:
        raise ValueError("days must be 0 or more")
    today = today or date.today()
    stale = []
    for table, node in kg.catalogue.facts():
        age = (today - node.source.checked_on).days
        if age > days:
            stale.append(
                {
                    "id": node.id,
                    "kind": FACT_KINDS[table],
                    "file": kg.files.get(node.id),
                    "checked_on": node.source.checked_on.isoformat(),
                    "days_since_check": age,
                    "source_url": node.source.url,
                    "source_kind": node.source.kind,
                    "source_date": node.source.source_date.isoformat() if node.source.source_date else None,
                }
            )
    stale.sort(key=lambda f: (f["checked_on"], f["file"] or "", f["id"]))
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
