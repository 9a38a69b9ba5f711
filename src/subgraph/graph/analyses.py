"""What the graph shows as a whole: who gatekeeps billing, what is hard to leave, what bundles save.

The analyst notebooks plot these, and guide pages and the CLI can quote
them; each is computed from the loaded graph in milliseconds.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .loader import KnowledgeGraph
from .model import CancelMethod, Offer

__all__ = [
    "GatekeepingBiller",
    "CancelEffort",
    "PricedPart",
    "BundleComparison",
    "gatekeeping_billers",
    "hardest_to_cancel",
    "bundles_against_parts",
    "SELF_SERVICE_KINDS",
]

#: Cancel method kinds a person finishes alone, now: no call, no queue, no trip to a store.
SELF_SERVICE_KINDS = frozenset({"online", "in-app", "app-store-settings", "nothing-to-cancel"})

_CENT = Decimal("0.01")


@dataclass(frozen=True)
class GatekeepingBiller:
    """A biller, how many services it bills and how much it sits between people and services.

    Attributes
    ----------
    id, name : str
    services : int
        How many services it bills for (each once, however many channels).
    betweenness : float
        Its betweenness centrality in the service-biller graph, from 0 to 1:
        the share of shortest paths between services and billers that pass
        through it.
    """

    id: str
    name: str
    services: int
    betweenness: float


@dataclass(frozen=True)
class CancelEffort:
    """How hard a service is to leave, over every way its sales channels lead to.

    Attributes
    ----------
    service, name : str
    ways : int
        How many distinct cancel methods its channels and their billers offer.
    minutes : int or None
        The most the quickest of them takes (its upper estimate); None when
        the graph knows no way to cancel.
    self_service : bool
        Whether any way is one a person finishes alone (see :data:`SELF_SERVICE_KINDS`).
    minutes_estimated : bool
        Whether `minutes` is our estimate rather than a figure a source gives
        (see :attr:`~subgraph.graph.model.CancelMethod.effort_basis`).
    """

    service: str
    name: str
    ways: int
    minutes: int | None
    self_service: bool
    minutes_estimated: bool


@dataclass(frozen=True)
class PricedPart:
    """A service a bundle includes, at its cheapest monthly price bought alone."""

    service: str
    offer: str
    monthly: Decimal


@dataclass(frozen=True)
class BundleComparison:
    """One priced bundle offer against buying the services it includes one by one.

    Attributes
    ----------
    bundle, plan, offer : str
        The bundle service, its plan and the offer compared.
    region, currency : str
        Where and in what the prices are compared.
    bundle_monthly : Decimal
        What the bundle costs a month at its regular price.
    parts_monthly : Decimal
        What the priced parts cost a month together.
    monthly_saving : Decimal
        ``parts_monthly - bundle_monthly``; negative when the bundle costs more.
        Parts without a price are left out of the sum, so the saving is
        never overstated.
    priced : tuple of PricedPart
    unpriced : tuple of str
        Included services the graph has no monthly price for in the region
        and currency.
    as_of : date
        The oldest date among the prices compared: the comparison is no
        newer than that.
    """

    bundle: str
    plan: str
    offer: str
    region: str
    currency: str
    bundle_monthly: Decimal
    parts_monthly: Decimal
    monthly_saving: Decimal
    priced: tuple[PricedPart, ...]
    unpriced: tuple[str, ...]
    as_of: date


def gatekeeping_billers(kg: KnowledgeGraph) -> tuple[GatekeepingBiller, ...]:
    """The billers that bill at least one service, most between people and services first.

    A service is linked to every biller one of its sales channels leads to;
    a biller's betweenness in that graph says how many services reach people
    only through it and the billers it shares services with. App stores and
    payment aggregators come first: they decide how many services are
    cancelled.

    Parameters
    ----------
    kg : KnowledgeGraph

    Returns
    -------
    tuple of GatekeepingBiller
        By betweenness, then services billed, both descending, then name.

    Examples
    --------
    >>> from subgraph import load_graph
    >>> [b.id for b in gatekeeping_billers(load_graph())[:3]]
    ['apple-app-store', 'google-play', 'amazon']
    """
    import networkx as nx  # here: a command that does not ask for this imports no networkx

    cat = kg.catalogue
    billing = nx.Graph()
    for service in cat.services.values():
        for channel in service.channels:
            billing.add_edge(service.id, cat.channels[channel].biller)
    centrality = nx.betweenness_centrality(billing)
    billers = [
        GatekeepingBiller(b.id, b.name, billing.degree(b.id), centrality[b.id])
        for b in cat.billers.values()
        if b.id in billing
    ]
    return tuple(sorted(billers, key=lambda b: (-b.betweenness, -b.services, b.name.lower())))


def hardest_to_cancel(kg: KnowledgeGraph) -> tuple[CancelEffort, ...]:
    """Every service by how hard it is to leave, hardest first.

    For each service, the ways to cancel that its sales channels lead to
    (the channel's own methods and its biller's), in any region or platform.

    Parameters
    ----------
    kg : KnowledgeGraph

    Returns
    -------
    tuple of CancelEffort
        Those with no self-service way first, then the slowest quickest way,
        then the fewest ways, then name. Services the graph knows no way to
        cancel come last: their effort is unknown, not low.

    Examples
    --------
    >>> from subgraph import load_graph
    >>> ranked = hardest_to_cancel(load_graph())
    >>> hardest = ranked[0]
    >>> hardest.self_service, hardest.minutes >= max(e.minutes or 0 for e in ranked if e.self_service)
    (False, True)
    >>> ranked[-1].ways, ranked[-1].minutes
    (0, None)
    """
    cat = kg.catalogue
    efforts = []
    for service in cat.services.values():
        methods: dict[str, CancelMethod] = {}
        for channel in (cat.channels[c] for c in service.channels):
            for method_id in (*channel.methods, *cat.billers[channel.biller].methods):
                methods[method_id] = cat.methods[method_id]
        minutes = min((m.max_minutes for m in methods.values()), default=None)
        quickest = [m for m in methods.values() if m.max_minutes == minutes]
        efforts.append(
            CancelEffort(
                service.id,
                service.name,
                len(methods),
                minutes,
                any(m.kind in SELF_SERVICE_KINDS for m in methods.values()),
                # one sourced figure among equally quick ways is enough to stand on
                bool(quickest) and all(m.minutes_estimated for m in quickest),
            )
        )
    return tuple(
        sorted(
            efforts,
            key=lambda e: (e.minutes is None, e.self_service, -(e.minutes or 0), e.ways, e.name.lower()),
        )
    )


def bundles_against_parts(kg: KnowledgeGraph) -> tuple[BundleComparison, ...]:
    """Each priced bundle offer against paying for each service it includes on its own.

    A part is priced at the cheapest regular monthly price of a current plan
    of that service in the bundle's region and currency (free plans left
    out: a bundle replaces a paid subscription). A family bundle is compared
    with the cheapest plan of each part, not its family plan. Only prices
    anyone in the region pays now are compared
    (:attr:`~subgraph.graph.model.Plan.offers`): a superseded price or one
    that only a single seller charges (a carrier's) is never a saving.

    Parameters
    ----------
    kg : KnowledgeGraph

    Returns
    -------
    tuple of BundleComparison
        One per bundle offer and region, in bundle, plan and offer order.

    Examples
    --------
    >>> from subgraph import load_graph
    >>> apple_one = bundles_against_parts(load_graph())[0]
    >>> apple_one.plan, apple_one.bundle_monthly, apple_one.parts_monthly, apple_one.monthly_saving
    ('apple-one-individual', Decimal('19.95'), Decimal('24.97'), Decimal('5.02'))
    """
    cat = kg.catalogue
    comparisons = []
    for bundle in sorted((s for s in cat.services.values() if s.includes), key=lambda s: s.id):
        for plan in cat.plans_of(bundle.id):
            for offer in plan.offers:
                for region in offer.regions:
                    comparisons.append(_compare(kg, bundle.id, bundle.includes, plan.id, offer, region))
    return tuple(comparisons)


def _compare(
    kg: KnowledgeGraph, bundle: str, parts: tuple[str, ...], plan: str, offer: Offer, region: str
) -> BundleComparison:
    currency = offer.regular.currency
    priced: list[PricedPart] = []
    unpriced: list[str] = []
    dates = [offer.regular.source.as_of]
    for service in parts:
        cheapest = _cheapest_monthly(kg, service, region, currency)
        if cheapest is None:
            unpriced.append(service)
            continue
        priced.append(PricedPart(service, cheapest.id, cheapest.regular.amount))
        dates.append(cheapest.regular.source.as_of)
    # rounded before subtracting, so the three figures shown add up
    bundle_monthly = (offer.regular.amount / offer.months).quantize(_CENT)
    parts_monthly = sum((p.monthly for p in priced), Decimal("0.00"))
    return BundleComparison(
        bundle=bundle,
        plan=plan,
        offer=offer.id,
        region=region,
        currency=currency,
        bundle_monthly=bundle_monthly,
        parts_monthly=parts_monthly,
        monthly_saving=parts_monthly - bundle_monthly,
        priced=tuple(priced),
        unpriced=tuple(unpriced),
        as_of=min(dates),
    )


def _cheapest_monthly(kg: KnowledgeGraph, service: str, region: str, currency: str) -> Offer | None:
    offers = [
        o
        for p in kg.catalogue.plans_of(service)
        if p.status == "current"
        for o in p.offers
        if o.months == 1 and region in o.regions and o.regular.currency == currency and o.regular.amount > 0
    ]
    return min(offers, key=lambda o: (o.regular.amount, o.id), default=None)
