"""What statement analysis answers: the streams of one export as typed, immutable values.

The CLI's ``--json``, ``POST /v1/statements`` and ``POST /v1/portfolio``
all take this one object, serialised by :func:`subgraph.answers.to_json`,
and the API's OpenAPI schema is generated from it. As everywhere in
:mod:`subgraph.answers`, money is a number with cents in the currency named
beside it and dates are ISO dates. Built per request from the analysis and
dropped with it: a statement answer is never memoised (it is personal data).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import Field

from ..answers import CancelPath, Ref, money
from ..decide.cancel import cancel_path
from ..decide.question import currency_code
from .model import Cadence, Evidence, Format, StatementAnalysis, Status, Stream

if TYPE_CHECKING:
    from ..graph.loader import KnowledgeGraph

__all__ = [
    "PricedService",
    "MatchBasis",
    "ChargeAmounts",
    "NewPrice",
    "Refund",
    "RecurringCharge",
    "SkippedLine",
    "StatementAnswer",
    "statement_answer",
]

#: A field named ``date`` hides the type inside its class: annotations there name it so.
_Date = date


@dataclass(frozen=True)
class PricedService:
    """A service the biller sells at about the charged amount, with the graph's price."""

    service: Ref
    price: float
    currency: str


@dataclass(frozen=True)
class MatchBasis:
    """How sure the biller and service are, and which facts they rest on."""

    confidence: float
    evidence: Annotated[
        tuple[Evidence, ...],
        Field(
            description="`pattern`: a biller's statement descriptor; `name`: a service or biller name or alias; "
            "`domain`: its web address; `similarity`: the resolver; `amount`: a price the graph holds."
        ),
    ]


@dataclass(frozen=True)
class ChargeAmounts:
    average: float
    last: float
    next: Annotated[float, Field(description="The amount expected at `next_date`: the last price charged.")]


@dataclass(frozen=True)
class NewPrice:
    """A price change: the first of two consecutive charges at the new price."""

    date: _Date
    old: float
    new: float


@dataclass(frozen=True)
class Refund:
    date: _Date
    amount: float


@dataclass(frozen=True)
class RecurringCharge:
    """One recurring charge: who bills it, what it pays for, how often and how much, and how to stop it."""

    descriptor: Annotated[str, Field(description="The cleaned statement text seen most often.")]
    descriptors: tuple[str, ...]
    biller: Annotated[Ref | None, Field(description="Who charges the card: where to cancel.")]
    service: Ref | None
    candidates: Annotated[
        tuple[PricedService, ...],
        Field(description="When the descriptor names only the biller: the services it sells at about this amount."),
    ]
    match: MatchBasis
    cadence: Cadence
    currency: Annotated[str | None, Field(description="ISO 4217; None where the export does not say it as a code.")]
    occurrences: int
    amounts: ChargeAmounts
    price_changes: tuple[NewPrice, ...]
    first_date: date
    last_date: date
    next_date: date
    status: Annotated[
        Status, Field(description="`lapsed`: the next charge is overdue by more than the cadence allows.")
    ]
    trial: Annotated[bool, Field(description="A zero or small first charge followed by the full price.")]
    refunds: tuple[Refund, ...]
    regularity: Annotated[float, Field(description="Share of gaps that fit the cadence, 0 to 1.")]
    cancel_path: Annotated[
        CancelPath | None,
        Field(description="For an active charge of a known service: how to cancel through the biller charging it."),
    ]


@dataclass(frozen=True)
class SkippedLine:
    """A line of the export that could not be read: its number and why, never its content."""

    line: int
    reason: str


@dataclass(frozen=True)
class StatementAnswer:
    """Who is billing me: the recurring charges of one export, newest first, and how the file was read."""

    format: Format
    rows: Annotated[int, Field(description="Transactions read.")]
    as_of: Annotated[date | None, Field(description="The export's last date: statuses are as of it.")]
    streams: tuple[RecurringCharge, ...]
    holds: Annotated[int, Field(description="Pending holds and pre-authorisations left out.")]
    skipped: tuple[SkippedLine, ...]
    notes: Annotated[tuple[str, ...], Field(description="What had to be assumed to read the file.")]


def statement_answer(kg: KnowledgeGraph, analysis: StatementAnalysis, *, region: str | None = "US") -> StatementAnswer:
    """The answer for an analysed statement, each active stream with its cancel path.

    Parameters
    ----------
    kg : KnowledgeGraph
    analysis : StatementAnalysis
        From :func:`subgraph.statements.analyse_statement`.
    region : str, optional
        ISO 3166-1 code the cancel paths are given for.

    Returns
    -------
    StatementAnswer

    Examples
    --------
    >>> from subgraph import load_graph
    >>> from subgraph.statements import analyse_statement
    >>> kg = load_graph()
    >>> csv = "Date,Description,Amount\\n" + "".join(f"2025-{m:02d}-05,NETFLIX.COM,-15.49\\n" for m in range(1, 5))
    >>> charge = statement_answer(kg, analyse_statement(kg, csv.encode())).streams[0]
    >>> charge.service.id, charge.amounts.next, charge.cancel_path.biller.id
    ('netflix', 15.49, 'netflix-inc')
    """
    return StatementAnswer(
        format=analysis.format,
        rows=analysis.rows,
        as_of=analysis.as_of,
        streams=tuple(_charge(kg, s, region) for s in analysis.streams),
        holds=analysis.holds,
        skipped=tuple(SkippedLine(r.line, r.reason) for r in analysis.skipped),
        notes=analysis.notes,
    )


def _ref(table: Mapping[str, Any], node_id: str | None) -> Ref | None:
    return None if node_id is None else Ref(node_id, table[node_id].name)


def _money(value: Decimal) -> float:
    amount = money(value)
    assert amount is not None  # only None for None
    return amount


def _charge(kg: KnowledgeGraph, s: Stream, region: str | None) -> RecurringCharge:
    cat, m = kg.catalogue, s.match
    return RecurringCharge(
        descriptor=s.descriptor,
        descriptors=s.descriptors,
        biller=_ref(cat.billers, m.biller),
        service=_ref(cat.services, m.service),
        candidates=tuple(PricedService(Ref(c, cat.services[c].name), _money(p), cur) for c, p, cur in m.candidates),
        match=MatchBasis(round(m.confidence, 3), m.evidence),
        cadence=s.cadence,
        currency=currency_code(s.currency),
        occurrences=s.occurrences,
        amounts=ChargeAmounts(_money(s.average), _money(s.last_amount), _money(s.next_amount)),
        price_changes=tuple(NewPrice(c.on, _money(c.old), _money(c.new)) for c in s.price_changes),
        first_date=s.first,
        last_date=s.last,
        next_date=s.next_date,
        status=s.status,
        trial=s.trial,
        refunds=tuple(Refund(on, _money(amount)) for on, amount in s.refunds),
        regularity=s.regularity,
        cancel_path=_cancel_path(kg, s, region),
    )


def _cancel_path(kg: KnowledgeGraph, s: Stream, region: str | None) -> CancelPath | None:
    """The one call into :mod:`subgraph.decide`: the service's cancel path through the biller charging it."""
    if s.match.service is None or s.status != "active":
        return None
    return cancel_path(kg, s.match.service, purchased_via=s.match.biller, region=region)
