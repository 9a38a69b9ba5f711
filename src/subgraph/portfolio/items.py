"""Each subscription of a portfolio answered on its own, and subscriptions read off a statement."""

from collections.abc import Iterable

from ..answers import Ref
from ..decide.cancel import cancel_path
from ..decide.recommend import recommend
from ..graph.loader import KnowledgeGraph
from ..statements.model import Stream
from .model import ItemRef, PortfolioItem, Subscription

__all__ = ["answer_item", "subscriptions_from_streams", "item_ref"]

#: A stream's cadence as the billing cycle a question takes; other cadences have none, so their price stays unknown.
_CYCLES = {"monthly": "monthly", "annual": "annual"}


def answer_item(kg: KnowledgeGraph, subscription: Subscription, *, index: int = 0) -> PortfolioItem:
    """One subscription's recommendation, its cost, its features and its cancel path through its own biller.

    Parameters
    ----------
    kg : KnowledgeGraph
    subscription : Subscription
    index : int, optional
        Its position in the portfolio.

    Returns
    -------
    PortfolioItem
        ``features`` are the plan's when the plan is known (given or
        assumed by the recommender), else those of any current plan of the
        service (``features_of`` says which).

    Raises
    ------
    UnknownId
        If a text input of the subscription means nothing in the graph.

    Examples
    --------
    >>> from subgraph import load_graph
    >>> item = answer_item(load_graph(), Subscription(service="kaspersky", purchased_via="nexway"))
    >>> item.path.biller.id, item.features_of, "antivirus" in item.features
    ('nexway', 'service', True)
    """
    question = subscription.question
    answer = recommend(kg, question)
    current = answer.current
    platform = answer.resolved.platform.id if answer.resolved.platform else None
    path = cancel_path(
        kg, answer.service.id, purchased_via=question.purchased_via, platform=platform, region=question.region
    )
    features_of = None
    features: tuple[str, ...] = ()
    if current.plan is not None:
        features, features_of = current.features, "plan"
    else:
        found = {f for p in kg.catalogue.plans_of(answer.service.id) if p.status == "current" for f in p.features}
        features, features_of = tuple(sorted(found)), "service" if found else None
    return PortfolioItem(
        index=index,
        service=answer.service,
        label=subscription.label,
        renews_on=subscription.renews_on,
        trial_ends_on=subscription.trial_ends_on,
        price_paid=question.price_paid,
        annual_cost=current.annual_cost,
        currency=current.currency,
        features=features,
        features_of=features_of,  # type: ignore[arg-type]
        recommendation=answer,
        # the recommendation of a cancel or switch holds this very path already
        cancel_path=None if answer.cancel_path is not None else path,
    )


def item_ref(item: PortfolioItem) -> ItemRef:
    """The short reference to an item that findings and actions carry."""
    return ItemRef(item.index, Ref(item.service.id, item.service.name), item.label)


def subscriptions_from_streams(streams: Iterable[Stream], *, region: str = "US") -> tuple[Subscription, ...]:
    """The subscriptions a statement shows: each active stream whose service is known.

    The service is the stream's matched service, bought through the biller
    that charges it, at the last amount charged, every cadence (monthly or
    annual; other cadences leave the price unknown), renewing on the next
    expected date. Lapsed streams (no longer charged) and streams whose
    service is not known (an app store charge alone) are left out.

    Examples
    --------
    >>> from subgraph import load_graph
    >>> from subgraph.statements import analyse_statement
    >>> csv = "Date,Description,Amount\\n" + "".join(f"2025-{m:02d}-05,NETFLIX.COM,-17.99\\n" for m in range(1, 5))
    >>> (s,) = subscriptions_from_streams(analyse_statement(load_graph(), csv.encode()).streams)
    >>> s.service, s.purchased_via, s.price_paid, s.billing_cycle, s.renews_on.isoformat()
    ('netflix', 'netflix-inc', 17.99, 'monthly', '2025-05-05')
    """
    found = []
    for stream in streams:
        match = stream.match
        if stream.status != "active" or match.service is None:
            continue
        found.append(
            Subscription(
                service=match.service,
                purchased_via=match.biller,
                price_paid=float(stream.last_amount),
                billing_cycle=_CYCLES.get(stream.cadence),  # type: ignore[arg-type]
                region=region,
                renews_on=stream.next_date,
            )
        )
    return tuple(found)
