"""Browsing the catalogue: services a page at a time, and how many services each biller and category has.

The API's lists, the CLI and guide pages all show these, so they are
answered here once rather than in each view.
"""

from dataclasses import dataclass

from ..text.resolve import resolve_id
from .loader import KnowledgeGraph
from .model import Service

__all__ = [
    "PER_PAGE",
    "MAX_PER_PAGE",
    "ServicePage",
    "BillerCount",
    "CategoryCount",
    "find_services",
    "services_per_biller",
    "services_per_category",
]


#: How many services a page holds unless asked otherwise, and the most a page may hold (API and CLI alike).
PER_PAGE = 20
MAX_PER_PAGE = 100


@dataclass(frozen=True)
class ServicePage:
    """One page of the services that match a search, in name order.

    Attributes
    ----------
    services : tuple of Service
        The services on this page; empty past the last page.
    page : int
        Which page, counting from 1.
    per_page : int
        How many services a full page holds.
    total : int
        How many services match, on every page together.
    """

    services: tuple[Service, ...]
    page: int
    per_page: int
    total: int


@dataclass(frozen=True)
class BillerCount:
    """A biller and how many services the graph knows it to bill for."""

    id: str
    name: str
    url: str | None
    services: int


@dataclass(frozen=True)
class CategoryCount:
    """A category and how many services it holds."""

    id: str
    label: str
    services: int


def find_services(
    kg: KnowledgeGraph,
    *,
    text: str | None = None,
    category: str | None = None,
    page: int = 1,
    per_page: int = PER_PAGE,
) -> ServicePage:
    """Find services by text and category, one page at a time, in name order.

    Parameters
    ----------
    kg : KnowledgeGraph
    text : str, optional
        Matches a service whose id, name or an alias contains it (in any
        case), and the service the text resolves to, so a misspelling
        ("kaspersy") still finds it. None or empty: every service.
    category : str, optional
        A category id: only the services in it. None or empty: every category.
    page : int
        Which page, counting from 1. A page past the last one is empty.
    per_page : int
        How many services a page holds, at least 1.

    Returns
    -------
    ServicePage

    Raises
    ------
    UnknownId
        If `category` is not a category id; it carries what was probably meant.
    ValueError
        If `page` or `per_page` is below 1.

    Examples
    --------
    >>> from subgraph import load_graph
    >>> kg = load_graph()
    >>> found = find_services(kg, category="security-software", per_page=3)
    >>> [s.id for s in found.services], found.total
    (['kaspersky', 'mcafee', 'microsoft-defender-antivirus'], 4)
    >>> [s.id for s in find_services(kg, category="security-software", page=2, per_page=3).services]
    ['norton']
    >>> [s.id for s in find_services(kg, text="kaspersy").services]
    ['kaspersky']
    """
    if page < 1 or per_page < 1:
        raise ValueError(f"page and per_page start at 1, not page={page}, per_page={per_page}")
    cat = kg.catalogue
    services = sorted(cat.services.values(), key=lambda s: s.name.lower())
    if category:
        category = resolve_id(kg, category, "category", exact=True)
        services = [s for s in services if category in s.categories]
    if text:
        lowered = text.lower()
        # a misspelt name contains nothing, but the resolver still knows what it means
        meant = kg.resolver.resolve(text, "service").id
        services = [
            s for s in services if s.id == meant or any(lowered in name.lower() for name in (s.id, s.name, *s.aliases))
        ]
    start = (page - 1) * per_page
    return ServicePage(tuple(services[start : start + per_page]), page, per_page, len(services))


def services_per_biller(kg: KnowledgeGraph) -> tuple[BillerCount, ...]:
    """Every biller with how many services it bills for, in name order.

    A service counts once for a biller however many of its sales channels
    that biller bills (the App Store on iPhone and on Mac). A biller no
    channel leads to counts 0.

    Parameters
    ----------
    kg : KnowledgeGraph

    Returns
    -------
    tuple of BillerCount

    Examples
    --------
    >>> from subgraph import load_graph
    >>> counts = {b.id: b.services for b in services_per_biller(load_graph())}
    >>> counts["apple-app-store"] > counts["paypal"] > counts["netflix-inc"] == 1
    True
    """
    cat = kg.catalogue
    billed: dict[str, int] = {}
    for service in cat.services.values():
        for biller in {cat.channels[c].biller for c in service.channels}:
            billed[biller] = billed.get(biller, 0) + 1
    return tuple(
        BillerCount(b.id, b.name, b.url, billed.get(b.id, 0))
        for b in sorted(cat.billers.values(), key=lambda b: b.name.lower())
    )


def services_per_category(kg: KnowledgeGraph) -> tuple[CategoryCount, ...]:
    """Every category with how many services it holds, in label order.

    Parameters
    ----------
    kg : KnowledgeGraph

    Returns
    -------
    tuple of CategoryCount

    Examples
    --------
    >>> from subgraph import load_graph
    >>> [c.services for c in services_per_category(load_graph()) if c.id == "security-software"]
    [4]
    """
    cat = kg.catalogue
    return tuple(
        CategoryCount(c.id, c.label, len(cat.services_by_category.get(c.id, ())))
        for c in sorted(cat.categories.values(), key=lambda c: c.label)
    )
