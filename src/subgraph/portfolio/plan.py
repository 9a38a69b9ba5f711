"""The portfolio answer: every subscription, what only the list shows, the totals and the plan.

The plan gives each subscription at most one action, in this order:

1. dropped, when a bundle the person holds already includes it;
2. its own recommendation, when the person said why they might change it
   (reasons or usage): with nothing said, every cancel "saves" its whole
   price, so the recommendation alone is no plan (a note says so);
3. dropped, when another kept subscription does the same job;
4. replaced by a bundle, when the cheapest cover of what is left uses one.

Actions are ordered by money saved per minute of effort, the effort being
the cancel path's quickest method (its upper estimate of minutes).
"""

from collections.abc import Iterable, Sequence

from ..answers import Note, Recommendation, note
from ..graph.catalogue import UnknownId
from ..graph.loader import KnowledgeGraph
from .bundles import bundle_switches
from .items import answer_item, item_ref
from .model import (
    MAX_ITEMS,
    Basis,
    BundleSwitch,
    Overlap,
    PlannedAction,
    Portfolio,
    PortfolioItem,
    Subscription,
    Total,
    Totals,
)
from .overlaps import cost_basis, included_overlaps, money_sum, money_text, same_job_overlaps

__all__ = ["portfolio", "cancel_how", "TooManyItems"]

#: Steps of a cancel path a plan quotes: enough to start; the item's cancel path has them all.
HOW_STEPS = 3


class TooManyItems(ValueError):
    """More subscriptions than :data:`~subgraph.portfolio.model.MAX_ITEMS`."""


def portfolio(kg: KnowledgeGraph, subscriptions: Sequence[Subscription]) -> Portfolio:
    """Answer a list of subscriptions as a whole.

    Parameters
    ----------
    kg : KnowledgeGraph
    subscriptions : sequence of Subscription
        At most :data:`~subgraph.portfolio.model.MAX_ITEMS`.

    Returns
    -------
    Portfolio
        ``items`` (each recommendation and cancel path), ``overlaps``,
        ``bundles``, ``totals`` (per currency, with the subscriptions of
        unknown price or currency listed, not counted), ``plan`` (most saved per minute
        first, with deadlines) and ``notes``.

    Raises
    ------
    TooManyItems
    UnknownId
        If a subscription's text means nothing in the graph; its ``item``
        is the subscription's position.

    Examples
    --------
    >>> from subgraph import load_graph
    >>> answer = portfolio(load_graph(), [
    ...     Subscription(service="norton", price_paid=104.99, billing_cycle="annual"),
    ...     Subscription(service="kaspersky", price_paid=59.99, billing_cycle="annual")])
    >>> [(a.action, a.items[0].service.id, a.annual_saving) for a in answer.plan]
    [('drop-overlap', 'kaspersky', 59.99)]
    >>> answer.totals.by_currency[0]
    Total(currency='USD', annual_now=164.98, annual_after=104.99, annual_saving=59.99)
    """
    if len(subscriptions) > MAX_ITEMS:
        raise TooManyItems(f"a portfolio holds at most {MAX_ITEMS} subscriptions, not {len(subscriptions)}")
    items = []
    for index, subscription in enumerate(subscriptions):
        try:
            items.append(answer_item(kg, subscription, index=index))
        except UnknownId as error:
            error.item = index  # type: ignore[attr-defined]  # which subscription, for the API's field name
            raise
    actions: list[PlannedAction] = []
    acted: set[int] = set()
    notes: list[Note] = []

    included = included_overlaps(kg, items)
    for overlap in included:
        for drop in overlap.drop:
            if drop.item.index not in acted:
                acted.add(drop.item.index)
                actions.append(_drop_action(items[drop.item.index], "drop-included", overlap))

    unplanned = []
    for item, subscription in zip(items, subscriptions):
        answer = item.recommendation
        if item.index in acted or answer.decision == "keep":
            continue
        if not (subscription.reasons or subscription.usage):
            unplanned.append(item)
            continue
        acted.add(item.index)
        actions.append(_recommended_action(item, answer))
    if unplanned:
        names = ", ".join(
            f"{i.label or i.service.name} ({i.recommendation.decision.replace('_', ' ')})" for i in unplanned
        )
        notes.append(
            note(
                "recommendation-not-planned",
                f"Asked alone, the recommendation for {names} rests on the saving only: "
                "say why you would change them (reasons or usage) to make that part of the plan.",
                items=",".join(str(i.index) for i in unplanned),
            )
        )

    same_job = same_job_overlaps(kg, [i for i in items if i.index not in acted])
    for overlap in same_job:
        for drop in overlap.drop:
            acted.add(drop.item.index)
            actions.append(_drop_action(items[drop.item.index], "drop-overlap", overlap))

    switches: list[BundleSwitch] = []
    kept = [i for i in items if i.index not in acted]
    for region in dict.fromkeys(s.region for s in subscriptions):
        here = [i for i in kept if subscriptions[i.index].region == region]
        for switch in bundle_switches(kg, here, region=region):
            switches.append(switch)
            acted.update(r.index for r in switch.replaces)
            actions.append(_bundle_action(items, switch))

    unknown = [i for i in items if i.annual_cost is None]
    if unknown:
        notes.append(
            note(
                "unknown-price",
                f"{_subscriptions(len(unknown))} of unknown price "
                "(not counted in the totals): give price_paid and billing_cycle.",
                count=len(unknown),
            )
        )
    # a cost in no currency the graph knows for the region (not the graph's prices': see the item's notes)
    uncounted = [i for i in items if i.annual_cost is not None and i.currency is None]
    if uncounted:
        notes.append(
            note(
                "unknown-currency",
                f"{_subscriptions(len(uncounted))} in a currency the graph does not know for the region "
                "(not counted in the totals, which never add across currencies): give currency with price_paid.",
                count=len(uncounted),
            )
        )
    return Portfolio(
        items=tuple(items),
        overlaps=(*included, *same_job),
        bundles=tuple(switches),
        totals=Totals(
            _totals(items, actions), tuple(item_ref(i) for i in unknown), tuple(item_ref(i) for i in uncounted)
        ),
        plan=tuple(sorted(actions, key=_order)),
        notes=tuple(notes),
    )


def _subscriptions(count: int) -> str:
    return f"{count} subscription{'s' if count != 1 else ''}"


def _order(action: PlannedAction) -> tuple[bool, float, float, int]:
    per_minute = action.saving_per_minute
    return (per_minute is None, -(per_minute or 0.0), -(action.annual_saving or 0.0), action.items[0].index)


def _totals(items: Iterable[PortfolioItem], actions: Iterable[PlannedAction]) -> tuple[Total, ...]:
    now: dict[str, list[float]] = {}
    saved: dict[str, list[float]] = {}
    for item in items:
        if item.annual_cost is not None and item.currency is not None:
            now.setdefault(item.currency, []).append(item.annual_cost)
    for action in actions:
        if action.annual_saving is not None and action.currency is not None:
            saved.setdefault(action.currency, []).append(action.annual_saving)
    totals = []
    for currency in sorted(now):
        before, saving = money_sum(now[currency]), money_sum(saved.get(currency, ()))
        after = money_sum([before, -saving])
        totals.append(Total(currency, before, after, saving))
    return tuple(totals)


def cancel_how(item: PortfolioItem) -> tuple[str, ...]:
    """Where and how to cancel an item, in a few lines: its cancel path's method, first steps and contact.

    Examples
    --------
    >>> from subgraph import load_graph
    >>> from subgraph.portfolio.items import answer_item
    >>> cancel_how(answer_item(load_graph(), Subscription(service="kaspersky", purchased_via="nexway")))[0]
    'Cancel in your Nexway account (Nexway), about 5-10 minutes.'
    """
    path = item.path
    method = path.method
    if path.biller is None or method is None:
        billers = ", ".join(c.biller.name or c.biller.id for c in path.candidates[:4])
        return (
            f"Find who bills you for {item.service.name} on your statement first"
            + (f" ({billers})." if billers else "."),
        )
    lines = [f"{method.name} ({path.biller.name}), about {method.minutes.min}-{method.minutes.max} minutes."]
    lines += [f"{s.position}. {s.text}" for s in path.steps[:HOW_STEPS]]
    contact = method.contact
    where = method.url or (contact.url if contact else None)
    if contact and contact.telephone:
        lines.append(f"Call {contact.telephone}" + (f" ({contact.hours})" if contact.hours else "") + ".")
    if where:
        lines.append(f"Where: {where}")
    for caveat in item.recommendation.caveats:
        if caveat.kind == "cancellation-deadline":
            lines.append(f"Mind the deadline: {caveat.title}.")
    return tuple(lines)


def _deadline(items: Iterable[PortfolioItem]) -> tuple[object, str | None]:
    dates = [(i.trial_ends_on, "trial-end") for i in items if i.trial_ends_on]
    dates += [(i.renews_on, "renewal") for i in items if i.renews_on]
    return min(dates, key=lambda d: d[0]) if dates else (None, None)  # type: ignore[arg-type, return-value]


def _minutes(items: Iterable[PortfolioItem]) -> int | None:
    minutes = [i.path.method.minutes.max if i.path.method else None for i in items]
    return None if not minutes or None in minutes else sum(m for m in minutes if m is not None)


def _action(
    kind: str,
    items: list[PortfolioItem],
    text: str,
    saving: float | None,
    currency: str | None,
    how: tuple[str, ...],
    based_on: Iterable[Basis],
) -> PlannedAction:
    minutes = _minutes(items)
    deadline, deadline_kind = _deadline(items)
    per_minute = round(saving / minutes, 2) if saving is not None and minutes else None
    basis = list(based_on)
    for item in items:
        if item.path.method:
            m = item.path.method
            basis.append(Basis("cancel-method", m.id, f"{m.name}: {m.minutes.min}-{m.minutes.max} minutes"))
        for caveat in item.recommendation.caveats:
            if caveat.kind == "cancellation-deadline":
                basis.append(Basis("caveat", caveat.id, caveat.title))
        if deadline_kind and (item.renews_on or item.trial_ends_on):
            basis.append(Basis(deadline_kind, None, f"you said {item.service.name} {_date_words(item)}"))
    return PlannedAction(
        action=kind,  # type: ignore[arg-type]
        items=tuple(item_ref(i) for i in items),
        text=text,
        annual_saving=saving,
        currency=currency,
        minutes=minutes,
        saving_per_minute=per_minute,
        deadline=deadline,  # type: ignore[arg-type]
        deadline_kind=deadline_kind,  # type: ignore[arg-type]
        how=how,
        based_on=tuple(dict.fromkeys(basis)),
    )


def _date_words(item: PortfolioItem) -> str:
    parts = []
    if item.trial_ends_on:
        parts.append(f"ends its trial on {item.trial_ends_on.isoformat()}")
    if item.renews_on:
        parts.append(f"renews on {item.renews_on.isoformat()}")
    return " and ".join(parts)


def _drop_action(item: PortfolioItem, kind: str, overlap: Overlap) -> PlannedAction:
    name = item.label or item.service.name
    why = (
        f"{overlap.keep.service.name} already includes it"
        if kind == "drop-included"
        else f"{overlap.keep.service.name} does the same job"
    )
    drop = next(d for d in overlap.drop if d.item.index == item.index)
    lost = f"; you would lose {', '.join(drop.features_lost)}" if drop.features_lost else ""
    return _action(
        kind,
        [item],
        f"Cancel {name}: {why}{lost}. Saves {money_text(item.annual_cost, item.currency)} a year.",
        item.annual_cost,
        item.currency,
        cancel_how(item),
        overlap.based_on,
    )


def _recommended_action(item: PortfolioItem, answer: Recommendation) -> PlannedAction:
    best = answer.options[0]
    name = item.label or item.service.name
    saving = best.annual_saving if best.annual_saving is not None and best.annual_saving > 0 else None
    how = cancel_how(item) if best.action == "cancel" else ((best.how,) if best.how else ()) + cancel_how(item)[:1]
    return _action(
        best.action,
        [item],
        f"{best.action.replace('_', ' ').capitalize()} {name}"
        + (f": {best.how}" if best.how and best.action != "cancel" else ".")
        + (f" Saves {money_text(saving, best.currency)} a year." if saving else ""),
        saving,
        best.currency,
        how,
        [Basis("recommendation", w.node, w.fact + (f" ({w.detail})" if w.detail else "")) for w in best.why]
        + [cost_basis(item)],
    )


def _bundle_action(items: Sequence[PortfolioItem], switch: BundleSwitch) -> PlannedAction:
    replaced = [items[r.index] for r in switch.replaces]
    how = (f"Start {switch.bundle.name} ({switch.plan}), then cancel each of these:",) + tuple(
        line for item in replaced for line in cancel_how(item)[:1]
    )
    return _action(
        "switch-to-bundle",
        replaced,
        switch.text,
        switch.annual_saving,
        switch.currency,
        how,
        switch.based_on,
    )
