"""What a portfolio question takes and answers: typed once, immutable.

A :class:`Subscription` is a :class:`~subgraph.decide.question.Question`
plus what only a list of subscriptions needs (a label, the renewal date, the
trial end). The answer types reuse :mod:`subgraph.answers` (a
:class:`~subgraph.answers.Ref`, a :class:`~subgraph.answers.Note`, the
:class:`~subgraph.answers.Recommendation` itself); money is computed in
:class:`~decimal.Decimal` and given as answers give it (:func:`~subgraph.answers.money`),
always with its currency beside it.
"""

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictFloat

from ..answers import CancelPath, Note, Recommendation, Ref
from ..decide.question import Question
from ..statements.model import Cadence, Status

__all__ = [
    "MAX_ITEMS",
    "Subscription",
    "StatementCharge",
    "Basis",
    "ItemRef",
    "PortfolioItem",
    "Drop",
    "Overlap",
    "BundleSwitch",
    "PlannedAction",
    "Total",
    "Totals",
    "Portfolio",
]


def _written_date(value: object) -> object:
    """A date is written as one ("2025-09-01"); a number is not a date (pydantic would read it as a timestamp)."""
    if isinstance(value, int | float):
        raise ValueError("a date is written YYYY-MM-DD, not as a number")
    return value


#: A calendar day as JSON and CSV give it.
WrittenDate = Annotated[date, BeforeValidator(_written_date), Field(json_schema_extra={"maxLength": 10})]

#: The most subscriptions one portfolio holds: more than anyone pays for, and it bounds a request's work.
MAX_ITEMS = 100


class Subscription(Question):
    """One subscription of a portfolio: the question about it, and the dates a reminder needs.

    Examples
    --------
    >>> s = Subscription(service="norton", price_paid=104.99, billing_cycle="yearly", renews_on="2025-09-01")
    >>> s.renews_on.isoformat(), s.question == Question(service="norton", price_paid=104.99, billing_cycle="annual")
    ('2025-09-01', True)
    """

    label: Annotated[str | None, Field(max_length=100, description="Your own name for it.")] = None
    renews_on: Annotated[WrittenDate | None, Field(description="The next renewal or charge date.")] = None
    trial_ends_on: Annotated[WrittenDate | None, Field(description="When a free or introductory trial ends.")] = None

    @property
    def question(self) -> Question:
        """The recommender's question alone: the same key (and cache entry) as asking about it alone."""
        values = {name: getattr(self, name) for name in Question.model_fields}
        return Question.model_construct(set(self.model_fields_set) & set(values), **values)


class _Named(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    id: Annotated[str, Field(min_length=1, max_length=200)]


class _Amounts(BaseModel):
    # NaN and Infinity, which JSON bodies may spell, are no amount charged
    model_config = ConfigDict(extra="ignore", frozen=True, allow_inf_nan=False)

    last: Annotated[StrictFloat, Field(ge=0, description="The last amount charged.")]


class StatementCharge(BaseModel):
    """One recurring charge of a statement answer, as much of it as a portfolio reads.

    The rest of the charge (its descriptors, amounts, cancel path...) is
    ignored, so a statement answer is sent to a portfolio unchanged.
    """

    model_config = ConfigDict(extra="ignore", frozen=True)

    service: _Named | None
    biller: _Named | None
    amounts: _Amounts
    currency: Annotated[
        str | None,
        Field(max_length=20, description="As the export says it; used where it is an ISO 4217 code."),
    ] = None
    cadence: Cadence
    next_date: WrittenDate
    status: Status


@dataclass(frozen=True)
class Basis:
    """One fact a claim rests on: what kind of fact, the graph node (or None for what you said), in words."""

    fact: str
    node: str | None
    detail: str


@dataclass(frozen=True)
class ItemRef:
    """A subscription of the portfolio: its position in the list, its service, its label."""

    index: int
    service: Ref
    label: str | None


@dataclass(frozen=True)
class PortfolioItem:
    """One subscription answered: its cost, its features, the recommendation and how to cancel it."""

    index: int
    service: Ref
    label: str | None
    renews_on: date | None
    trial_ends_on: date | None
    price_paid: Annotated[float | None, Field(description="What you said one billing period costs.")]
    annual_cost: Annotated[float | None, Field(description="What a year costs you; None when unknown.")]
    currency: str | None
    features: tuple[str, ...]
    features_of: Annotated[
        Literal["plan", "service"] | None,
        Field(description="`plan`: the plan's features; `service`: any current plan's (no plan was given)."),
    ]
    recommendation: Recommendation
    cancel_path: Annotated[
        CancelPath | None,
        Field(
            description="How to cancel it through whoever bills you, when the recommendation (a keep) has none: "
            "otherwise the recommendation's `cancel_path` is this path, given once."
        ),
    ]

    @property
    def path(self) -> CancelPath:
        """The cancel path through the item's own biller, wherever the answer holds it."""
        return self.recommendation.cancel_path or self.cancel_path  # type: ignore[return-value]


@dataclass(frozen=True)
class Drop:
    """A subscription that can go: what dropping it saves and what would be lost."""

    item: ItemRef
    annual_saving: Annotated[float | None, Field(description="None when its price is unknown.")]
    currency: str | None
    features_lost: Annotated[tuple[str, ...], Field(description="Its features that the kept one lacks.")]


@dataclass(frozen=True)
class Overlap:
    """Subscriptions doing the same job, or one already included in another: keep one, drop the rest."""

    kind: Literal["same-job", "included-in-bundle"]
    keep: ItemRef
    drop: tuple[Drop, ...]
    categories: tuple[str, ...]
    shared_features: tuple[str, ...]
    text: str
    based_on: tuple[Basis, ...]


@dataclass(frozen=True)
class BundleSwitch:
    """A bundle that covers several subscriptions for less than they cost apart."""

    bundle: Ref
    plan: str
    offer: str
    replaces: tuple[ItemRef, ...]
    also_includes: Annotated[tuple[Ref, ...], Field(description="What the bundle brings that you do not pay for.")]
    annual_cost_before: Annotated[float, Field(description="What the replaced subscriptions cost a year now.")]
    annual_cost_after: Annotated[float, Field(description="The bundle's regular price for a year.")]
    annual_saving: float
    currency: str
    features_lost: tuple[str, ...]
    prices_as_of: date
    text: str
    based_on: tuple[Basis, ...]


@dataclass(frozen=True)
class PlannedAction:
    """One step of the plan: what to do, what it saves, how long it takes, and by when."""

    action: Literal[
        "drop-included", "drop-overlap", "switch-to-bundle", "cancel", "downgrade", "switch_billing_cycle",
        "switch_service",
    ]  # fmt: skip
    items: tuple[ItemRef, ...]
    text: str
    annual_saving: float | None
    currency: str | None
    minutes: Annotated[
        int | None, Field(description="The most the cancel paths' quickest methods take, summed; None when unknown.")
    ]
    saving_per_minute: float | None
    deadline: date | None
    deadline_kind: Literal["renewal", "trial-end"] | None
    how: Annotated[tuple[str, ...], Field(description="Where and how: the cancel path's method and first steps.")]
    based_on: tuple[Basis, ...]


@dataclass(frozen=True)
class Total:
    """A year's cost in one currency: now, after the plan, and the difference."""

    currency: str
    annual_now: float
    annual_after: float
    annual_saving: float


@dataclass(frozen=True)
class Totals:
    """Totals per currency (never added across currencies), and what could not be counted."""

    by_currency: tuple[Total, ...]
    unknown_price: Annotated[
        tuple[ItemRef, ...], Field(description="Subscriptions whose price is unknown: not counted, never as zero.")
    ]
    unknown_currency: Annotated[
        tuple[ItemRef, ...],
        Field(description="Subscriptions whose amount is in no known currency (give `currency`): not counted."),
    ]


@dataclass(frozen=True)
class Portfolio:
    """Every subscription answered, what only the whole list shows, the totals and the plan."""

    items: tuple[PortfolioItem, ...]
    overlaps: tuple[Overlap, ...]
    bundles: tuple[BundleSwitch, ...]
    totals: Totals
    plan: Annotated[tuple[PlannedAction, ...], Field(description="Most saved per minute of effort first.")]
    notes: tuple[Note, ...]
