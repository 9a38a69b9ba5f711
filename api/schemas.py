"""Request and response models: the API's contract, and its OpenAPI document.

Responses are the core's dicts validated against these models (in tests
and by schemathesis); requests are parsed into them before the core is
called. Unknown query parameters are ignored; unknown body fields are
rejected, since a misspelt field would silently change the answer.
"""

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictFloat

Text = Field(min_length=1, max_length=200)
Region = Field("US", pattern=r"^[A-Za-z]{2}$", description="ISO 3166-1 alpha-2 country code.")


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


# ----------------------------------------------------------------- problems
class FieldError(_Out):
    field: str
    message: str


class Problem(_Out):
    """An error, as RFC 9457 problem details (``application/problem+json``)."""

    type: str = Field(description="A stable URI naming the kind of problem.")
    title: str
    status: int
    detail: str
    errors: list[FieldError] | None = None
    suggestions: list[str] | None = Field(None, description="Ids the request may have meant.")


# -------------------------------------------------------------- shared parts
class Source(_Out):
    url: str
    kind: Literal["official", "terms-copy", "press"]
    source_date: str | None
    checked_on: str


class Ref(_Out):
    id: str
    name: str | None


class Label(_Out):
    id: str
    label: str


class Minutes(_Out):
    min: int
    max: int


class Step(_Out):
    position: int
    text: str
    url: str | None = None


class Caveat(_Out):
    id: str
    kind: str
    title: str
    text: str
    refund_days: int | None
    regions: list[str]
    source: Source


class Contact(_Out):
    id: str
    telephone: str | None
    url: str | None
    hours: str | None
    regions: list[str]
    source: Source


class CancelMethod(_Out):
    id: str
    name: str
    kind: str
    minutes: Minutes
    url: str | None
    platforms: list[str]
    regions: list[str]
    steps: list[Step]
    contacts: list[Contact]
    caveats: list[Caveat]
    source: Source


class Descriptor(_Out):
    pattern: str
    note: str | None
    regions: list[str]
    source: Source


class BillerDetail(_Out):
    id: str
    name: str
    aliases: list[str]
    url: str | None
    statement_descriptors: list[Descriptor]
    cancel_methods: list[CancelMethod]
    caveats: list[Caveat]


# ------------------------------------------------------------------ services
class Price(_Out):
    amount: float
    currency: str
    billing_duration: str
    source: Source


class Offer(_Out):
    id: str
    billing_cycle: str
    months: int
    regions: list[str]
    devices: int | None
    regular_price: Price
    intro_price: Price | None
    annual_cost: float
    currency: str


class Plan(_Out):
    id: str
    name: str
    status: Literal["current", "legacy"]
    tier: int | None
    features: list[str]
    succeeded_by: list[str]
    offers: list[Offer]
    source: Source


class Channel(_Out):
    id: str
    name: str
    kind: str
    biller: str
    regions: list[str]
    platforms: list[str]
    cancel_methods: list[CancelMethod] = Field(
        description="Ways to cancel that apply only to what was bought here; tried before the biller's."
    )
    source: Source


class Availability(_Out):
    regions: list[str]
    available: bool
    since: str | None
    note: str | None
    source: Source


class FaqEntry(_Out):
    question: str
    answer: str
    based_on: list[str]


class ServiceProfile(_Out):
    id: str
    name: str
    aliases: list[str]
    description: str | None
    url: str | None
    provider: Ref
    category: list[Label]
    availability: list[Availability]
    plans: list[Plan]
    channels: list[Channel]
    billers: list[BillerDetail]
    caveats: list[Caveat]
    common_reasons: list[Label]
    related: list[str]
    includes: list[Ref] = Field(description="For a bundle, the services it includes.")
    included_in: list[Ref] = Field(description="Bundles that include this service.")
    faq: list[FaqEntry]


class ServiceSummary(_Out):
    id: str
    name: str
    provider: str
    categories: list[str]
    plans: int
    free: bool


class ServiceList(_Out):
    items: list[ServiceSummary]
    page: int
    per_page: int
    total: int


class Category(_Out):
    id: str
    label: str
    services: int


class CategoryList(_Out):
    items: list[Category]


class BillerSummary(_Out):
    id: str
    name: str
    url: str | None
    services: int


class BillerList(_Out):
    items: list[BillerSummary]


class BillerProfile(BillerDetail):
    services: list[ServiceSummary]


# --------------------------------------------------------------- cancel path
class PathContact(_Out):
    url: str | None
    telephone: str | None
    hours: str | None
    source: Source | None


class MethodSummary(_Out):
    id: str
    name: str
    kind: str
    minutes: Minutes
    contact: PathContact | None
    url: str | None
    caveats: list[Caveat] = Field(description="What to know about this method in particular.")
    source: Source | None = None


class ChannelRef(_Out):
    id: str
    name: str
    kind: str


class BillerHint(_Out):
    biller: Ref
    statement_descriptors: list[str]


class Candidate(_Out):
    channel: ChannelRef
    biller: Ref
    method: MethodSummary


class CancelPath(_Out):
    service: Ref
    purchased_via: str | None
    matched_by: Literal[
        "channel",
        "biller",
        "direct",
        "assumed_direct",
        "statement_descriptor",
        "unknown",
        "unrecognised",
        "no_direct_channel",
    ]
    region: str | None
    platform: str | None
    channel: ChannelRef | None
    biller: Ref | None
    method: MethodSummary | None
    steps: list[Step]
    minutes: Minutes | None
    contact: PathContact | None
    caveats: list[Caveat]
    fallbacks: list[MethodSummary]
    how_to_find_biller: list[BillerHint] | None
    candidates: list[Candidate]
    notes: list[str]


# --------------------------------------------------- alternatives, decision
class Resolved(_Out):
    text: str
    id: str


class ResolvedInputs(_Out):
    service: Resolved
    plan: Resolved | None
    reasons: list[Resolved]
    needs: list[Resolved]
    platform: Resolved | None


class Current(_Out):
    service: str
    plan: str | None
    offer: str | None
    billing_cycle: str | None
    annual_cost: float | None
    currency: str | None
    features: list[str]
    prices_as_of: str | None


class Option(_Out):
    action: Literal["cancel", "downgrade", "switch_billing_cycle", "switch_service", "keep"]
    plan: str | None
    service: str | None
    offer: str | None
    billing_cycle: str | None
    annual_cost_before: float | None
    annual_cost_after: float | None
    annual_saving: float | None
    currency: str | None
    features_lost: list[str]
    features_kept: list[str]
    how: str | None
    prices_as_of: str | None
    based_on: list[str]
    note: str | None
    built_in_to: list[str]


class Why(_Out):
    fact: str
    weight: float
    node: str | None
    detail: str | None


class ScoredOption(Option):
    score: float
    why: list[Why]


class Alternatives(_Out):
    current: Current
    options: list[Option]
    notes: list[str]
    resolved: ResolvedInputs


class ChecklistItem(_Out):
    caveat: str = Field(description="Id of the caveat in `caveats` that says more, with its source.")
    kind: str
    title: str


class BundleRef(_Out):
    id: str
    name: str
    also_includes: list[Ref]
    annual_cost: float | None = Field(description="The bundle's cheapest regular price, for a year.")
    currency: str | None
    prices_as_of: str | None


class Recommendation(_Out):
    decision: Literal["cancel", "downgrade", "switch_billing_cycle", "switch_service", "keep"]
    service: Ref
    current: Current
    options: list[ScoredOption]
    cancel_path: CancelPath | None
    caveats: list[Caveat]
    before_cancelling: list[ChecklistItem]
    explanation: list[str]
    bundles: list[BundleRef] = Field(description="Bundles that already include this service.")
    resolved: ResolvedInputs
    notes: list[str]


class Suggestion(_Out):
    id: str
    confidence: float


class Resolution(_Out):
    text: str
    kind: str
    id: str | None
    confidence: float
    matched: str | None
    did_you_mean: list[Suggestion]


class GraphInfo(_Out):
    version: str | None
    triples: int
    services: int
    billers: int


class Health(_Out):
    status: Literal["ok"]
    graph: GraphInfo


# ------------------------------------------------------------------ requests
class ServicePath(BaseModel):
    service_id: str = Field(max_length=200, description="A service id, e.g. `kaspersky`.")


class BillerPath(BaseModel):
    biller_id: str = Field(max_length=200, description="A biller id, e.g. `best-buy`.")


class ServicesQuery(BaseModel):
    category: str | None = Field(None, max_length=200, description="Category id.")
    q: str | None = Field(None, max_length=200, description="Text matched against names and aliases.")
    page: int = Field(1, ge=1, le=10_000)
    per_page: int = Field(20, ge=1, le=100)


class CancelPathQuery(BaseModel):
    purchased_via: str | None = Field(
        None,
        max_length=200,
        description=("Where it was bought: a store or retailer, `direct`, or the text on the card statement."),
    )
    platform: str | None = Field(None, max_length=50, description="windows, macos, ios, android or web.")
    region: str = Region


#: One free-text item of a list (a reason, a need): long enough for a sentence, bounded so that a
#: request's work is bounded (a megabyte-long reason cost seconds of CPU).
TextItem = Annotated[str, Field(min_length=1, max_length=300)]


class AlternativesQuery(BaseModel):
    plan: str | None = Field(None, max_length=200)
    billing_cycle: Literal["monthly", "annual"] | None = None
    price_paid: float | None = Field(None, ge=0, le=100_000, description="What one billing period costs.")
    needs: list[TextItem] = Field(default_factory=list, max_length=20, description="Features still needed.")
    platform: str | None = Field(None, max_length=50)
    region: str = Region


class RecommendationRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    service: str = Field(min_length=1, max_length=200, description="Service id or name, typos allowed.")
    plan: str | None = Field(None, max_length=200)
    billing_cycle: Literal["monthly", "annual"] | None = None
    # strict: a JSON true is not a price of 1.0 (integers are still prices)
    price_paid: StrictFloat | None = Field(None, ge=0, le=100_000)
    purchased_via: str | None = Field(None, max_length=200)
    platform: str | None = Field(None, max_length=50)
    region: str = Region
    reasons: list[TextItem] = Field(default_factory=list, max_length=10, description="Reason ids or free text.")
    needs: list[TextItem] = Field(default_factory=list, max_length=20, description="Feature ids or free text.")
    usage: Literal["daily", "weekly", "monthly", "rarely", "never"] | None = None


class ResolveQuery(BaseModel):
    q: str = Field(min_length=1, max_length=200)
    kind: Literal["service", "plan", "biller", "feature", "reason", "category", "platform"] = "service"
