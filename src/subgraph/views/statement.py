"""A statement answer as text for a terminal: what ``subgraph statement`` prints.

Like :mod:`.text`, the renderer takes the answer and a function that writes
one line, so it is tested without a terminal.
"""

from collections.abc import Callable
from typing import Any

from ..statements.answer import RecurringCharge, StatementAnswer
from .text import render_cancel_path

__all__ = ["render_statement"]

Echo = Callable[[str], Any]


def _money(amount: float, currency: str | None) -> str:
    return f"{amount:.2f} {currency}" if currency else f"{amount:.2f}"


def _who(charge: RecurringCharge) -> str:
    if charge.service is not None:
        name = charge.service.name or charge.service.id
        via = f", billed by {charge.biller.name}" if charge.biller and charge.biller.name else ""
        return f"{name}{via}"
    if charge.biller is not None:
        return f"something billed by {charge.biller.name}"
    return "an unknown merchant"


def render_statement(answer: StatementAnswer, echo: Echo) -> None:
    """Write the recurring charges, newest first, each active one with how to cancel it.

    Examples
    --------
    >>> from subgraph import load_graph
    >>> from subgraph.statements import analyse_statement, statement_answer
    >>> kg = load_graph()
    >>> csv = "Date,Description,Amount\\n" + "".join(f"2025-{m:02d}-05,PAYPAL *SPOTIFY,-10.99\\n" for m in range(1, 5))
    >>> lines = []
    >>> render_statement(statement_answer(kg, analyse_statement(kg, csv.encode())), lines.append)
    >>> lines[0], "Spotify, billed by PayPal: PAYPAL *SPOTIFY" in lines
    ('1 recurring charge in 4 transactions (csv, as of 2025-04-05)', True)
    """
    count = len(answer.streams)
    as_of = f", as of {answer.as_of.isoformat()}" if answer.as_of else ""
    echo(f"{count} recurring charge{'s' if count != 1 else ''} in {answer.rows} transactions ({answer.format}{as_of})")
    for note in answer.notes:
        echo(f"  note: {note}")
    if answer.skipped:
        lines = ", ".join(str(s.line) for s in answer.skipped[:10]) + (", ..." if len(answer.skipped) > 10 else "")
        echo(f"  skipped {len(answer.skipped)} unreadable line{'s' if len(answer.skipped) != 1 else ''}: {lines}")
    if answer.holds:
        echo(f"  left out {answer.holds} pending hold{'s' if answer.holds != 1 else ''}")
    for charge in answer.streams:
        _render_charge(charge, echo)


def _render_charge(charge: RecurringCharge, echo: Echo) -> None:
    amounts = charge.amounts
    echo("")
    echo(f"{_who(charge)}: {charge.descriptor}")
    trial = ", after a trial" if charge.trial else ""
    echo(
        f"  {charge.cadence}, {_money(amounts.last, charge.currency)}{trial}; {charge.occurrences} charges "
        f"{charge.first_date.isoformat()} to {charge.last_date.isoformat()}"
    )
    if charge.status == "active":
        echo(f"  active: next {_money(amounts.next, charge.currency)} on {charge.next_date.isoformat()}")
    else:
        echo(f"  lapsed: no charge since {charge.last_date.isoformat()} (was due {charge.next_date.isoformat()})")
    for change in charge.price_changes:
        echo(f"  price changed on {change.date.isoformat()}: {change.old:.2f} -> {change.new:.2f}")
    for refund in charge.refunds:
        echo(f"  refunded {refund.amount:.2f} on {refund.date.isoformat()}")
    if charge.candidates:
        echo("  one of (the biller's services at about this price):")
        for c in charge.candidates:
            echo(f"    - {c.service.name or c.service.id}: {_money(c.price, c.currency)}")
    evidence = ", ".join(charge.match.evidence) or "nothing in the graph"
    echo(f"  matched by {evidence} (confidence {charge.match.confidence:.2f})")
    if charge.cancel_path is not None:
        render_cancel_path(charge.cancel_path, lambda text: _indented(text, echo))


def _indented(text: str, echo: Echo) -> None:
    """The cancel path under its charge: the renderer's lines may hold several (a blank line before a part)."""
    for line in text.split("\n"):
        echo(f"    {line}" if line.strip() else "")
