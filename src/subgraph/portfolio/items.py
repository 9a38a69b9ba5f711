"""Each subscription of a portfolio answered on its own, and subscriptions read off a statement."""

from collections.abc import Iterable
from datetime import date

from ..answers import Ref
from ..decide.cancel import cancel_path
from ..decide.question import currency_code
from ..decide.recommend import recommend
from ..graph.loader import KnowledgeGraph
from ..statements.answer import RecurringCharge
from ..statements.model import Stream
from .model import ItemRef, PortfolioItem, StatementCharge, Subscription

__all__ = ["answer_item", "subscriptions_from_streams", "subscriptions_from_charges", "item_ref"]

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
    found = (
        _subscription(
            s.match.service, s.match.biller, float(s.last_amount), s.currency, s.cadence, s.next_date, s.status, region
        )
        for s in streams
    )
    return tuple(s for s in found if s is not None)


def subscriptions_from_charges(
    charges: Iterable[StatementCharge | RecurringCharge], *, region: str = "US"
) -> tuple[Subscription, ...]:
    """The same subscriptions from a statement's answer (``subgraph statement --json``, ``POST /v1/statements``).

    So the statement answer feeds a portfolio unchanged, read by the same
    rule as :func:`subscriptions_from_streams`.

    Examples
    --------
    >>> from subgraph import load_graph
    >>> from subgraph.statements import analyse_statement, statement_answer
    >>> kg = load_graph()
    >>> csv = "Date,Description,Amount\\n" + "".join(f"2025-{m:02d}-05,NETFLIX.COM,-17.99\\n" for m in range(1, 5))
    >>> (s,) = subscriptions_from_charges(statement_answer(kg, analyse_statement(kg, csv.encode())).streams)
    >>> s.service, s.purchased_via, s.price_paid, s.renews_on.isoformat()
    ('netflix', 'netflix-inc', 17.99, '2025-05-05')
    """
    found = (
        _subscription(
            c.service.id if c.service else None,
            c.biller.id if c.biller else None,
            c.amounts.last,
            c.currency,
            c.cadence,
            c.next_date,
            c.status,
            region,
        )
        for c in charges
    )
    return tuple(s for s in found if s is not None)


def _subscription(
    service: str | None,
    biller: str | None,
    last: float,
    currency: str | None,
    cadence: str,
    next_date: date,
    status: str,
    region: str,
) -> Subscription | None:
    """A recurring charge as a subscription, or None when it no longer runs or its service is not known.

    The amount keeps the statement's currency where the export says it: a statement in euros read
    for a region whose prices are in dollars is not compared with those prices.
    """
    if status != "active" or service is None:
        return None
    return Subscription(
        service=service,
        purchased_via=biller,
        price_paid=last,
        currency=currency_code(currency),
        billing_cycle=_CYCLES.get(cadence),  # type: ignore[arg-type]
        region=region,
        renews_on=next_date,
    )
