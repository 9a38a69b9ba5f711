"""A portfolio answer as text for a terminal: what ``subgraph portfolio`` prints."""

from collections.abc import Callable
from typing import Any

from ..portfolio.model import Portfolio

__all__ = ["render_portfolio"]

Echo = Callable[[str], Any]


def _money(amount: float | None, currency: str | None) -> str:
    return "price unknown" if amount is None else f"{amount:.2f} {currency or ''}".rstrip() + " a year"


def render_portfolio(answer: Portfolio, echo: Echo) -> None:
    """Write the subscriptions, what the list shows, the totals and the plan, one line at a time.

    Examples
    --------
    >>> from subgraph import load_graph
    >>> from subgraph.portfolio import Subscription, portfolio
    >>> lines = []
    >>> render_portfolio(portfolio(load_graph(), [Subscription(service="netflix")]), lines.append)
    >>> lines[:2]
    ['Your subscriptions (1)', '  1. Netflix: price unknown; alone: keep']
    """
    echo(f"Your subscriptions ({len(answer.items)})")
    for item in answer.items:
        name = item.label or item.service.name
        decision = item.recommendation.decision.replace("_", " ")
        echo(f"  {item.index + 1}. {name}: {_money(item.annual_cost, item.currency)}; alone: {decision}")
    if answer.overlaps:
        echo("\nPaying twice:")
        for overlap in answer.overlaps:
            echo(f"  - {overlap.text}")
    if answer.bundles:
        echo("\nBundles that cost less:")
        for switch in answer.bundles:
            echo(f"  - {switch.text}")
    echo("\nTotals, a year:")
    for total in answer.totals.by_currency:
        echo(
            f"  {total.currency}: now {total.annual_now:.2f}, after the plan {total.annual_after:.2f}, "
            f"saving {total.annual_saving:.2f}"
        )
    for uncounted, why in (
        (answer.totals.unknown_price, "price unknown"),
        (answer.totals.unknown_currency, "currency unknown"),
    ):
        if uncounted:
            echo(f"  not counted, {why}: {', '.join(r.label or r.service.name or r.service.id for r in uncounted)}")
    if answer.plan:
        echo("\nPlan, most saved per minute first:")
        for number, action in enumerate(answer.plan, start=1):
            effort = f"{action.minutes} min" if action.minutes is not None else "time unknown"
            deadline = f", before {action.deadline.isoformat()}" if action.deadline else ""
            echo(f"  {number}. {action.text} ({effort}{deadline})")
            for line in action.how:
                echo(f"       {line}")
    for note in answer.notes:
        echo(f"\nnote: {note.text}")
