"""The typed read API: plain, immutable dataclasses of the graph's nodes.

The recommender, the CLI and the HTTP API read these rather than RDF. Ids
are short ids (see :mod:`subgraph.graph.namespaces`); links between nodes are ids,
resolved through :class:`subgraph.graph.catalogue.Catalogue`. Each node is read
once per load, so identity is equality (``eq=False``): hashing a node, as the
JSON fragment caches do, costs nothing.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property

__all__ = [
    "Source",
    "Price",
    "Offer",
    "Plan",
    "Step",
    "Contact",
    "Caveat",
    "CancelMethod",
    "StatementDescriptor",
    "Biller",
    "SalesChannel",
    "Availability",
    "Question",
    "Service",
    "Feature",
    "Reason",
    "ReasonLink",
    "Concept",
    "Alternative",
    "KnownGap",
]


@dataclass(frozen=True, eq=False)
class Source:
    """Where a fact comes from and how old it is."""

    url: str
    kind: str  # "official" | "terms-copy" | "press"
    checked_on: date
    source_date: date | None = None
    #: The page's own node (``src-...`` in graph/sources.ttl), where it was read from the graph.
    id: str | None = None

    @property
    def as_of(self) -> date:
        """The date the fact is known true at: the source's own date, else the check."""
        return self.source_date or self.checked_on

    @property
    def as_of_basis(self) -> str:
        """What :attr:`as_of` is: ``"source date"`` (the page's own) or ``"checked"`` (undated page, day we read it)."""
        return "source date" if self.source_date else "checked"


@dataclass(frozen=True, eq=False)
class Price:
    id: str
    amount: Decimal
    currency: str
    billing_duration: str  # xsd:duration, e.g. "P1M", "P1Y"
    months: int
    kind: str  # "regular" | "intro"
    regions: tuple[str, ...]
    source: Source


@dataclass(frozen=True, eq=False)
class Offer:
    """A plan's price for one billing cycle, region and device count."""

    id: str
    plan: str
    regions: tuple[str, ...]
    devices: int | None
    regular: Price
    intro: Price | None = None
    #: "current" (the latest price found) or "superseded" (raised or replaced since: not a renewal price).
    status: str = "current"
    #: The sales channel whose own price this is (a carrier's price), or None for the region at large.
    channel: str | None = None
    #: For a superseded offer: the newer offer, where known, and the last day the old price applied.
    superseded_by: str | None = None
    valid_through: date | None = None
    #: What is known of the offer's status, in words (a superseded offer always has one).
    note: str | None = None

    @property
    def superseded(self) -> bool:
        """True if the price has been raised or replaced since its source: never a renewal price."""
        return self.status == "superseded"

    @property
    def months(self) -> int:
        return self.regular.months

    @property
    def billing_cycle(self) -> str:
        """``monthly``, ``annual`` or ``every N months``."""
        return {1: "monthly", 12: "annual"}.get(self.months, f"every {self.months} months")

    @cached_property
    def annual_cost(self) -> Decimal:
        """What a year costs at the regular (renewal) price."""
        return (self.regular.amount * 12 / self.months).quantize(Decimal("0.01"))


@dataclass(frozen=True, eq=False)
class Plan:
    id: str
    name: str
    service: str
    status: str  # "current" | "legacy"
    tier: int | None
    features: frozenset[str]
    succeeded_by: tuple[str, ...]
    offers: tuple[Offer, ...]
    source: Source
    description: str | None = None
    #: Kept out of :attr:`offers` (what anyone in the region pays now, the prices savings use):
    #: offers whose price has been raised or replaced since (the last sourced price, to show
    #: as such), and current prices that only one sales channel charges (a carrier's price).
    superseded_offers: tuple[Offer, ...] = ()
    channel_offers: tuple[Offer, ...] = ()
    #: Where the plan line-up was read (a plan seen only on one country's site), empty if not restricted.
    regions: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False)
class Step:
    position: int
    text: str
    url: str | None = None
    name: str | None = None


@dataclass(frozen=True, eq=False)
class Contact:
    id: str
    telephone: str | None
    url: str | None
    hours: str | None
    contact_type: str | None
    regions: tuple[str, ...]
    source: Source


@dataclass(frozen=True, eq=False)
class Caveat:
    id: str
    name: str
    description: str
    kind: str
    refund_days: int | None
    regions: tuple[str, ...]
    source: Source


@dataclass(frozen=True, eq=False)
class CancelMethod:
    id: str
    name: str
    kind: str
    min_minutes: int
    max_minutes: int
    steps: tuple[Step, ...]
    contacts: tuple[Contact, ...]
    platforms: tuple[str, ...]
    regions: tuple[str, ...]
    caveats: tuple[str, ...]
    source: Source
    url: str | None = None
    description: str | None = None
    #: How min/max minutes were arrived at: "our-estimate" (see :our-estimate in the graph) or "sourced-effort".
    effort_basis: str = "our-estimate"

    @property
    def minutes_estimated(self) -> bool:
        """True when the minutes are our estimate, not a figure from the source."""
        return self.effort_basis != "sourced-effort"


@dataclass(frozen=True, eq=False)
class StatementDescriptor:
    id: str
    pattern: str
    regions: tuple[str, ...]
    source: Source
    description: str | None = None


@dataclass(frozen=True, eq=False)
class Biller:
    id: str
    name: str
    aliases: tuple[str, ...]
    url: str | None
    methods: tuple[str, ...]
    descriptors: tuple[str, ...]
    caveats: tuple[str, ...]


@dataclass(frozen=True, eq=False)
class SalesChannel:
    id: str
    name: str
    kind: str
    biller: str
    regions: tuple[str, ...]
    platforms: tuple[str, ...]
    caveats: tuple[str, ...]
    methods: tuple[str, ...]
    source: Source
    description: str | None = None


@dataclass(frozen=True, eq=False)
class Availability:
    id: str
    regions: tuple[str, ...]
    available: bool
    since: date | None
    source: Source
    description: str | None = None


@dataclass(frozen=True, eq=False)
class Question:
    id: str
    service: str
    question: str
    answer: str
    based_on: tuple[str, ...]


@dataclass(frozen=True, eq=False)
class Alternative:
    id: str
    alternative_to: str
    action: str
    to_service: str | None
    to_plan: str | None
    description: str | None


@dataclass(frozen=True, eq=False)
class Service:
    id: str
    name: str
    aliases: tuple[str, ...]
    provider: str
    categories: tuple[str, ...]
    channels: tuple[str, ...]
    plans: tuple[str, ...]
    caveats: tuple[str, ...]
    reasons: tuple[str, ...]
    related: tuple[str, ...]
    built_in_to: tuple[str, ...]
    availability: tuple[str, ...]
    questions: tuple[str, ...]
    url: str | None = None
    description: str | None = None
    #: For a bundle, the services it includes; for any service, the bundles that include it.
    includes: tuple[str, ...] = ()
    included_in: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False)
class Feature:
    id: str
    label: str
    alt_labels: tuple[str, ...] = field(default=())
    broader: tuple[str, ...] = field(default=())
    #: How a person might say they need it (sg:examplePhrase), for the text resolver.
    phrases: tuple[str, ...] = field(default=())


@dataclass(frozen=True, eq=False)
class Reason:
    id: str
    label: str
    phrases: tuple[str, ...]


@dataclass(frozen=True, eq=False)
class ReasonLink:
    id: str
    reason: str
    action: str
    weight: Decimal
    description: str | None


@dataclass(frozen=True, eq=False)
class Concept:
    """A SKOS concept of a controlled vocabulary: a category, a platform."""

    id: str
    label: str
    alt_labels: tuple[str, ...] = field(default=())
    #: What the concept means (skos:definition), where the scheme says (how an effort estimate is made).
    definition: str | None = None
    #: How a person might name it (sg:examplePhrase), for the text resolver: platforms say so.
    phrases: tuple[str, ...] = field(default=())
    #: A caveat kind's place in the "before you cancel" checklist (sg:checklistPosition); None: not in it.
    checklist_position: int | None = None


@dataclass(frozen=True, eq=False)
class KnownGap:
    """Something looked for and not found: shown instead of a guess ("we do not know ...")."""

    id: str
    service: str
    kind: str  # a concept of :gap-kinds: "price-gap", "plan-gap", "channel-gap", "cancel-gap", ...
    description: str
    last_searched: date
    searched_in: tuple[str, ...]
    regions: tuple[str, ...] = ()
    nodes: tuple[str, ...] = ()
