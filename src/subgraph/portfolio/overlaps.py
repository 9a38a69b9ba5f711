"""Subscriptions that pay twice: two doing the same job, or one a held bundle already includes.

Both are derived from the graph, never listed: the same job is the same
category (``schema:category``) with features in common (``sg:feature``, a
narrower feature counting for its broader one); inclusion is a bundle's
``sg:includesService``, read through
:func:`~subgraph.decide.recommend.bundles_including` (each recommendation's
``bundles``).
"""

from collections.abc import Iterable, Sequence
from decimal import Decimal

import networkx as nx

from ..answers import money
from ..decide.alternatives import covers
from ..graph.catalogue import Catalogue
from ..graph.loader import KnowledgeGraph
from .items import item_ref
from .model import Basis, Drop, Overlap, PortfolioItem

__all__ = ["included_overlaps", "same_job_overlaps", "features_lacking", "cost_basis", "money_text", "money_sum"]


def features_lacking(cat: Catalogue, kept: Iterable[str], features: Iterable[str]) -> tuple[str, ...]:
    """The features that a subscription with `kept` features does not have (a narrower one counts).

    Examples
    --------
    >>> from subgraph import load_graph
    >>> features_lacking(load_graph().catalogue, {"antivirus", "unlimited-vpn"}, {"vpn", "firewall", "antivirus"})
    ('firewall',)
    """
    kept = tuple(kept)
    return tuple(sorted(f for f in set(features) if not covers(cat, kept, (f,))))


def cost_basis(item: PortfolioItem) -> Basis:
    """Where an item's annual cost comes from: what the person said they pay, or the graph's price."""
    current = item.recommendation.current
    name = item.service.name or item.service.id
    if item.annual_cost is None:
        return Basis("price-unknown", None, f"the price of {name} is not known: give price_paid and billing_cycle")
    cost = f"{item.annual_cost:.2f} {item.currency or ''}".rstrip()
    if item.price_paid is not None:
        return Basis("price-paid", None, f"you pay {cost} a year for {name}")
    return Basis("offer", current.offer, f"{name} costs {cost} a year (prices as of {current.prices_as_of})")


def _drop(cat: Catalogue, kept: PortfolioItem, item: PortfolioItem) -> Drop:
    return Drop(item_ref(item), item.annual_cost, item.currency, features_lacking(cat, kept.features, item.features))


def included_overlaps(kg: KnowledgeGraph, items: Sequence[PortfolioItem]) -> tuple[Overlap, ...]:
    """Each held bundle with the subscriptions it already includes, paid for separately beside it.

    Parameters
    ----------
    kg : KnowledgeGraph
    items : sequence of PortfolioItem

    Returns
    -------
    tuple of Overlap
        Of kind ``included-in-bundle``, one per held bundle that includes
        another held subscription: keep the bundle, drop the others.

    Examples
    --------
    >>> from subgraph import load_graph
    >>> from subgraph.portfolio.items import answer_item
    >>> from subgraph.portfolio.model import Subscription
    >>> kg = load_graph()
    >>> held = ["disney-plus", "disney-bundle"]
    >>> items = [answer_item(kg, Subscription(service=s), index=i) for i, s in enumerate(held)]
    >>> [(o.keep.service.id, [d.item.service.id for d in o.drop]) for o in included_overlaps(kg, items)]
    [('disney-bundle', ['disney-plus'])]
    """
    cat = kg.catalogue
    held: dict[str, PortfolioItem] = {}
    for item in items:
        held.setdefault(item.service.id, item)
    found = []
    for bundle_id, bundle in held.items():
        inside = [
            item for item in items if item is not bundle and any(b.id == bundle_id for b in item.recommendation.bundles)
        ]
        if not inside:
            continue
        names = ", ".join(item.service.name or item.service.id for item in inside)
        found.append(
            Overlap(
                kind="included-in-bundle",
                keep=item_ref(bundle),
                drop=tuple(_drop(cat, bundle, item) for item in inside),
                categories=(),
                shared_features=(),
                text=f"{bundle.service.name} already includes {names}: paying for "
                + ("it" if len(inside) == 1 else "them")
                + f" separately pays twice: dropping {'it' if len(inside) == 1 else 'them'} saves "
                + _saving_text(inside)
                + ".",
                based_on=(
                    *(
                        Basis("includes", bundle_id, f"{bundle.service.name} includes {item.service.name}")
                        for item in inside
                    ),
                    *(cost_basis(item) for item in inside),
                ),
            )
        )
    return tuple(found)


def money_text(amount: float | None, currency: str | None) -> str:
    """An amount for a sentence: ``104.99 USD``, or ``an unknown amount``."""
    if amount is None:
        return "an unknown amount"
    return f"{amount:.2f} {currency or ''}".rstrip()


def same_job_overlaps(kg: KnowledgeGraph, items: Sequence[PortfolioItem]) -> tuple[Overlap, ...]:
    """Groups of subscriptions doing the same job: one category, features in common.

    Two subscriptions overlap when they share a category and a feature; a
    group is a connected set of overlapping subscriptions. The one kept is
    the one whose loss of features is least when the others go, then the
    one keeping the most money, then the first listed; for each dropped
    one, the saving and the features the kept one lacks.

    Parameters
    ----------
    kg : KnowledgeGraph
    items : sequence of PortfolioItem
        Subscriptions of unknown features never overlap: nothing says they do.

    Returns
    -------
    tuple of Overlap
        Of kind ``same-job``, in the order of their first subscription.

    Examples
    --------
    >>> from subgraph import load_graph
    >>> from subgraph.portfolio.items import answer_item
    >>> from subgraph.portfolio.model import Subscription
    >>> kg = load_graph()
    >>> items = [answer_item(kg, Subscription(service=s), index=i) for i, s in enumerate(["norton", "kaspersky"])]
    >>> (overlap,) = same_job_overlaps(kg, items)
    >>> overlap.categories, "antivirus" in overlap.shared_features
    (('security-software',), True)
    """
    cat = kg.catalogue
    cats = [set(cat.services[i.service.id].categories) for i in items]
    have = [_with_broader(cat, i.features) for i in items]
    graph = nx.Graph()
    for a in range(len(items)):
        for b in range(a + 1, len(items)):
            if items[a].service.id != items[b].service.id and cats[a] & cats[b] and have[a] & have[b]:
                graph.add_edge(a, b)
    found = []
    for group in sorted((sorted(c) for c in nx.connected_components(graph)), key=lambda c: c[0]):
        members = [items[i] for i in group]
        keep = min(members, key=lambda k: _keep_rank(cat, k, members))
        shared = set.intersection(*(have[i] for i in group))
        categories = sorted(set.intersection(*(cats[i] for i in group))) or sorted(
            {c for a, b in graph.subgraph(group).edges for c in cats[a] & cats[b]}
        )
        dropped = [m for m in members if m is not keep]
        labels = [cat.categories[c].label if c in cat.categories else c for c in categories]
        text = (
            f"{_names(members)} do the same job ({', '.join(labels)}"
            + (f"; all have {', '.join(_label(cat, f) for f in sorted(shared))}" if shared else "")
            + f"): keeping {keep.service.name} and dropping {_names(dropped)} saves "
            + _saving_text(dropped)
            + "."
        )
        based_on = [Basis("same-category", c, f"{_names(members)}: {label}") for c, label in zip(categories, labels)]
        for i in group:
            for f in sorted(have[i] & set().union(*(have[j] for j in group if j != i))):
                if f in items[i].features:
                    based_on.append(Basis("feature", f, f"{items[i].service.name} has {_label(cat, f)}"))
        based_on += [cost_basis(m) for m in dropped]
        found.append(
            Overlap(
                kind="same-job",
                keep=item_ref(keep),
                drop=tuple(_drop(cat, keep, m) for m in dropped),
                categories=tuple(categories),
                shared_features=tuple(sorted(shared)),
                text=text,
                based_on=tuple(dict.fromkeys(based_on)),
            )
        )
    return tuple(found)


def _with_broader(cat: Catalogue, features: Iterable[str]) -> set[str]:
    have = set(features)
    for feature in features:
        have |= cat.broader.get(feature, set())
    return have


def _keep_rank(cat: Catalogue, keep: PortfolioItem, members: list[PortfolioItem]) -> tuple[int, float, int]:
    others = [m for m in members if m is not keep]
    lost = set().union(*(features_lacking(cat, keep.features, m.features) for m in others))
    kept_money = sum(m.annual_cost or 0.0 for m in others)
    return (len(lost), -kept_money, keep.index)


def _names(items: Iterable[PortfolioItem]) -> str:
    names = [i.label or i.service.name or i.service.id for i in items]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _label(cat: Catalogue, feature: str) -> str:
    return cat.features[feature].label.lower() if feature in cat.features else feature


def _saving_text(dropped: list[PortfolioItem]) -> str:
    by_currency: dict[str | None, list[float]] = {}
    unknown = 0
    for item in dropped:
        if item.annual_cost is None:
            unknown += 1
        else:
            by_currency.setdefault(item.currency, []).append(item.annual_cost)
    parts = [money_text(money_sum(v), c) + " a year" for c, v in by_currency.items()]
    if unknown:
        parts.append(f"the unknown price of {unknown}")
    return " and ".join(parts) or "an unknown amount"


def money_sum(amounts: Iterable[float]) -> float:
    """Amounts given with cents, added as decimals (floats add 0.1 + 0.2 wrong).

    Examples
    --------
    >>> money_sum([0.1, 0.2])
    0.3
    """
    return money(sum((Decimal(str(a)) for a in amounts), Decimal(0))) or 0.0
