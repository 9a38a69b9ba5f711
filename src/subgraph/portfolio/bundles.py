"""Bundles that would cover several subscriptions for less, chosen exactly.

Which bundles include a subscription is each recommendation's ``bundles``
(:func:`~subgraph.decide.recommend.bundles_including`); what a bundle costs
in a region and currency is the offer :func:`~subgraph.graph.analyses.bundles_against_parts`
compares. The choice is a small weighted set cover solved by trying every
set of candidate bundles: there are few (the graph's bundles that include a
held subscription), and :data:`MAX_CANDIDATES` bounds them.
"""

from collections.abc import Sequence
from decimal import Decimal
from itertools import combinations

from ..answers import Ref, money
from ..graph.analyses import BundleComparison, bundles_against_parts
from ..graph.loader import KnowledgeGraph
from ..graph.model import Offer
from .items import item_ref
from .model import Basis, BundleSwitch, PortfolioItem
from .overlaps import cost_basis, features_lacking

__all__ = ["bundle_switches", "MAX_CANDIDATES"]

#: Candidate bundles tried together at most (2**12 sets); past it, those covering the most money are tried.
MAX_CANDIDATES = 12


def _bundle_offers(kg: KnowledgeGraph) -> dict[tuple[str, str, str], tuple[BundleComparison, Offer]]:
    """(bundle, region, currency) -> the cheapest regular offer of the bundle there, remembered per graph."""
    return kg.answers.get("bundles", _cheapest_offers, kg)


def _cheapest_offers(kg: KnowledgeGraph) -> dict[tuple[str, str, str], tuple[BundleComparison, Offer]]:
    cheapest: dict[tuple[str, str, str], tuple[BundleComparison, Offer]] = {}
    for comparison in bundles_against_parts(kg):
        offer = kg.catalogue.offers[comparison.offer]
        key = (comparison.bundle, comparison.region, comparison.currency)
        if key not in cheapest or (offer.annual_cost, offer.id) < (cheapest[key][1].annual_cost, cheapest[key][1].id):
            cheapest[key] = (comparison, offer)
    return cheapest


def bundle_switches(
    kg: KnowledgeGraph, items: Sequence[PortfolioItem], *, region: str = "US"
) -> tuple[BundleSwitch, ...]:
    """The set of bundles that makes the subscriptions cheapest, each with what it replaces and saves.

    Parameters
    ----------
    kg : KnowledgeGraph
    items : sequence of PortfolioItem
        The subscriptions that may be replaced: those with a known annual
        cost in the region's currency. A bundle already held is no candidate
        (what it includes is an overlap, see
        :func:`~subgraph.portfolio.overlaps.included_overlaps`).
    region : str
        Where the bundle would be bought; its price there is compared.

    Returns
    -------
    tuple of BundleSwitch
        The bundles of the cheapest cover (fewest bundles among equally
        cheap ones); empty when no bundle saves money.

    Examples
    --------
    >>> from subgraph import load_graph
    >>> from subgraph.portfolio.items import answer_item
    >>> from subgraph.portfolio.model import Subscription
    >>> kg = load_graph()
    >>> held = [("apple-music", 10.99), ("apple-tv-plus", 12.99), ("icloud-plus", 2.99)]
    >>> items = [answer_item(kg, Subscription(service=s, price_paid=p, billing_cycle="monthly"), index=i)
    ...          for i, (s, p) in enumerate(held)]
    >>> (switch,) = bundle_switches(kg, items)
    >>> switch.bundle.id, switch.annual_cost_before, switch.annual_cost_after, switch.annual_saving
    ('apple-one', 323.64, 239.4, 84.24)
    """
    cat = kg.catalogue
    offers = _bundle_offers(kg)
    held = {item.service.id for item in items}
    currency = cat.currency_by_region.get(region)
    priced = [i for i in items if i.annual_cost is not None and i.currency == currency]
    candidates: dict[str, tuple[BundleComparison, Offer, frozenset[int]]] = {}
    for position, item in enumerate(priced):
        for bundle in item.recommendation.bundles:
            found = offers.get((bundle.id, region, currency or ""))
            if bundle.id in held or found is None:
                continue
            comparison, offer = found
            covered = candidates.get(bundle.id, (comparison, offer, frozenset()))[2] | {position}
            candidates[bundle.id] = (comparison, offer, covered)
    if not candidates:
        return ()
    costs = [Decimal(str(i.annual_cost)) for i in priced]
    ranked = sorted(candidates, key=lambda b: (-sum(costs[p] for p in candidates[b][2]), b))[:MAX_CANDIDATES]
    total = sum(costs, Decimal(0))
    best: tuple[Decimal, int, tuple[str, ...]] = (total, 0, ())
    for size in range(1, len(ranked) + 1):
        for chosen in combinations(ranked, size):
            covered = frozenset().union(*(candidates[b][2] for b in chosen))
            cost = sum((candidates[b][1].annual_cost for b in chosen), Decimal(0))
            cost += sum((costs[p] for p in range(len(priced)) if p not in covered), Decimal(0))
            if (cost, size) < best[:2]:
                best = (cost, size, chosen)
    switches = []
    taken: set[int] = set()
    for bundle_id in best[2]:
        comparison, offer, covered = candidates[bundle_id]
        replaced = [priced[p] for p in sorted(covered - taken)]
        taken |= covered
        before = sum((costs[p] for p in covered), Decimal(0))
        plan = cat.plans[offer.plan]
        service = cat.services[bundle_id]
        lost = sorted({f for item in replaced for f in features_lacking(cat, plan.features, item.features)})
        saving = before - offer.annual_cost
        switches.append(
            BundleSwitch(
                bundle=Ref(service.id, service.name),
                plan=plan.id,
                offer=offer.id,
                replaces=tuple(item_ref(i) for i in replaced),
                also_includes=tuple(Ref(s, cat.services[s].name) for s in service.includes if s not in held),
                annual_cost_before=money(before) or 0.0,
                annual_cost_after=money(offer.annual_cost) or 0.0,
                annual_saving=money(saving) or 0.0,
                currency=offer.regular.currency,
                features_lost=tuple(lost),
                prices_as_of=comparison.as_of,
                text=f"{plan.name} ({money(offer.annual_cost):.2f} {offer.regular.currency} a year) includes "
                + ", ".join(i.service.name or i.service.id for i in replaced)
                + f", which cost you {money(before):.2f} {offer.regular.currency} a year: "
                + f"{money(saving):.2f} {offer.regular.currency} less.",
                based_on=(
                    *(Basis("includes", service.id, f"{service.name} includes {i.service.name}") for i in replaced),
                    Basis(
                        "offer",
                        offer.regular.id,
                        f"{plan.name} costs {offer.regular.amount} {offer.regular.currency}"
                        f" every {offer.months} month{'s' if offer.months != 1 else ''} in {region}",
                    ),
                    *(cost_basis(i) for i in replaced),
                ),
            )
        )
    return tuple(switches)
