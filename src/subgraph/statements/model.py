"""What statement analysis reads and answers: immutable, typed once.

A statement is personal data. None of these types is ever written to disk or
logged by the package; they live as long as the answer they make.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal, get_args

__all__ = [
    "Format",
    "Cadence",
    "Status",
    "Evidence",
    "FORMATS",
    "CADENCES",
    "STATUSES",
    "EVIDENCE",
    "StatementError",
    "Transaction",
    "SkippedRow",
    "Statement",
    "Match",
    "PriceChange",
    "Stream",
    "StatementAnalysis",
]

#: The export formats read, by the name ``--format`` and the API take.
Format = Literal["csv", "ofx", "camt"]
#: The cadences a stream can recur at.
Cadence = Literal["weekly", "monthly", "quarterly", "annual"]
#: ``active``: charged when expected; ``lapsed``: missed its next date by more than its tolerance.
Status = Literal["active", "lapsed"]
#: The facts a match rests on (see :class:`Match`).
Evidence = Literal["pattern", "name", "domain", "similarity", "amount"]
FORMATS: tuple[Format, ...] = get_args(Format)
CADENCES: tuple[Cadence, ...] = get_args(Cadence)
STATUSES: tuple[Status, ...] = get_args(Status)
EVIDENCE: tuple[Evidence, ...] = get_args(Evidence)


class StatementError(ValueError):
    """A statement that cannot be read at all, with a stable problem kind.

    ``kind`` is one of ``unreadable`` (not the format it claims or seems to
    be), ``unknown-format`` (no reader recognises it), ``too-large`` and
    ``too-many-rows`` (over the documented limits), ``empty`` (no
    transaction could be read). The message names the format problem and
    never quotes the statement's content.
    """

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True, slots=True)
class Transaction:
    """One line of a statement, normalised.

    ``amount`` is positive for money paid out (a charge) and negative for
    money received (a refund, a salary): each reader decides which side of
    its file is spending.
    """

    line: int
    posted: date
    description: str
    amount: Decimal
    currency: str | None = None
    #: Not yet booked: a card hold, a pre-authorisation.
    pending: bool = False
    #: The bank marked it as reversing an earlier entry.
    reversal: bool = False


@dataclass(frozen=True, slots=True)
class SkippedRow:
    """A row that could not be read, with its line number and why (never its content)."""

    line: int
    reason: str


@dataclass(frozen=True, slots=True)
class Statement:
    """The transactions of one export, what was skipped, and what was assumed."""

    format: Format
    transactions: tuple[Transaction, ...]
    skipped: tuple[SkippedRow, ...] = ()
    #: What the reader had to decide about the file ("dates read day-first: ...").
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Match:
    """Who a descriptor names: the biller charging, the service, and how sure that is.

    ``biller`` and ``service`` are graph ids or None. A descriptor naming
    only an aggregator (``APPLE.COM/BILL``) has a biller, no service, and
    ``candidates``: the services that biller sells at about that amount,
    each ``(service id, price, currency)``. ``evidence`` says which facts the
    match rests on: ``pattern`` (a biller's statement descriptor),
    ``name`` (a service or biller name or alias), ``domain`` (its web
    address), ``similarity`` (the resolver), ``amount`` (a price the
    graph holds).
    """

    key: str
    biller: str | None = None
    service: str | None = None
    confidence: float = 0.0
    evidence: tuple[Evidence, ...] = ()
    candidates: tuple[tuple[str, Decimal, str], ...] = ()
    merchant: str = ""

    @property
    def matched(self) -> bool:
        return self.biller is not None or self.service is not None


@dataclass(frozen=True, slots=True)
class PriceChange:
    """The day a new price took hold (two consecutive charges agreed on it)."""

    on: date
    old: Decimal
    new: Decimal


@dataclass(frozen=True, slots=True)
class Stream:
    """A recurring charge: what it is, who bills it, how often, how much, and whether it still runs."""

    descriptor: str
    descriptors: tuple[str, ...]
    match: Match
    cadence: Cadence
    currency: str | None
    dates: tuple[date, ...]
    amounts: tuple[Decimal, ...]
    average: Decimal
    last_amount: Decimal
    first: date
    last: date
    next_date: date
    next_amount: Decimal
    status: Status
    price_changes: tuple[PriceChange, ...] = ()
    #: A zero or small first charge followed by the full price.
    trial: bool = False
    #: Money given back by the same merchant: (date, amount).
    refunds: tuple[tuple[date, Decimal], ...] = ()
    #: How regular the gaps are (share of gaps within the cadence's tolerance), 0..1.
    regularity: float = 1.0

    @property
    def occurrences(self) -> int:
        return len(self.dates)


@dataclass(frozen=True, slots=True)
class StatementAnalysis:
    """The recurring streams of one statement, newest first, and how the file was read."""

    format: Format
    rows: int
    streams: tuple[Stream, ...]
    skipped: tuple[SkippedRow, ...] = ()
    notes: tuple[str, ...] = ()
    #: Pending holds left out of detection (``GOOGLE *TEMPORARY HOLD``, bank-pending lines).
    holds: int = 0
    as_of: date | None = None
