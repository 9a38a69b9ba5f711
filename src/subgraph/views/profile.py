"""Everything the graph knows about one service or biller, as typed answers.

The same object is printed by ``subgraph show --json`` and served by the
API (whose OpenAPI schema is generated from these dataclasses), so a client
sees each fact with its source and age. A profile says what the graph does
not know as plainly as what it does: prices that were raised since, prices
only one seller charges, effort minutes that are our estimate, and the
gaps looked for and not found. Sources and caveats are the typed answers
every other answer uses (:mod:`subgraph.decide.facts`).
"""

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Literal

from pydantic import Field

from ..answers import Caveat, Label, Minutes, Ref, Source, Step, money
from ..decide.facts import caveat_answer, source_answer
from ..graph import model
from ..graph.catalogue import Catalogue
from ..graph.freshness import PRICE_AGES, price_age
from ..graph.loader import KnowledgeGraph
from ..vocabulary import PlanStatus
from .gaps import Gap

__all__ = [
    "service_profile",
    "biller_profile",
    "service_summary",
    "method_answer",
    "ServiceProfile",
    "BillerProfile",
    "BillerDetail",
    "ServiceSummary",
    "ProfileMethod",
    "ProfileContact",
    "EffortBasis",
    "ProfilePrice",
    "ProfileOffer",
    "ProfilePlan",
    "ProfileChannel",
    "Descriptor",
    "Availability",
    "FaqEntry",
]


@dataclass(frozen=True)
class EffortBasis:
    """How a method's minutes were arrived at: our estimate (and how it is made) or the source's figure."""

    id: str
    label: str
    definition: str | None


@dataclass(frozen=True)
class ProfileContact:
    id: str
    telephone: str | None
    url: str | None
    hours: str | None
    regions: tuple[str, ...]
    source: Source


@dataclass(frozen=True)
class ProfileMethod:
    """A cancel method with its ordered steps, effort (and whether it is our estimate), contacts and caveats."""

    id: str
    name: str
    kind: str
    minutes: Minutes
    minutes_estimated: Annotated[bool, Field(description="True when the minutes are our estimate, not the source's.")]
    minutes_basis: EffortBasis
    url: str | None
    platforms: tuple[str, ...]
    regions: tuple[str, ...]
    steps: tuple[Step, ...]
    contacts: tuple[ProfileContact, ...]
    caveats: tuple[Caveat, ...]
    source: Source


@dataclass(frozen=True)
class Descriptor:
    pattern: str
    note: str | None
    regions: tuple[str, ...]
    source: Source


@dataclass(frozen=True)
class ServiceSummary:
    """The short form of a service, for lists."""

    id: str
    name: str
    provider: str
    categories: tuple[str, ...]
    plans: int
    free: bool


@dataclass(frozen=True)
class BillerDetail:
    id: str
    name: str
    aliases: tuple[str, ...]
    url: str | None
    statement_descriptors: tuple[Descriptor, ...]
    cancel_methods: tuple[ProfileMethod, ...]
    caveats: tuple[Caveat, ...]


@dataclass(frozen=True)
class BillerProfile(BillerDetail):
    """A biller: how to cancel with it, what it prints on statements, its policies, what it sells."""

    services: tuple[ServiceSummary, ...]


@dataclass(frozen=True)
class ProfilePrice:
    """An amount with its age: ``as_of`` is the page's own date, else the day we read an undated page."""

    amount: float
    currency: str
    billing_duration: str
    source: Source
    as_of: date
    as_of_basis: Annotated[
        Literal["source date", "checked"],
        Field(description="What `as_of` is: the page's own date, or the day we read an undated page."),
    ]
    age: Annotated[str, Field(description="How old the price is: " + ", ".join(PRICE_AGES) + ".")]


@dataclass(frozen=True)
class ProfileOffer:
    """A price for one billing cycle, region and device count, with what is known of its life."""

    id: str
    billing_cycle: str
    months: int
    regions: tuple[str, ...]
    devices: int | None
    regular_price: ProfilePrice
    intro_price: ProfilePrice | None
    annual_cost: float
    currency: str
    status: Literal["current", "superseded"]
    channel: Annotated[Ref | None, Field(description="The seller whose own price this is (a carrier's), if any.")]
    superseded_by: str | None
    valid_through: date | None
    note: str | None


@dataclass(frozen=True)
class ProfilePlan:
    """A plan: ``offers`` are what anyone in the region pays now; the other prices are kept apart."""

    id: str
    name: str
    status: PlanStatus
    tier: int | None
    features: tuple[str, ...]
    succeeded_by: tuple[str, ...]
    regions: tuple[str, ...]
    offers: tuple[ProfileOffer, ...]
    superseded_offers: tuple[ProfileOffer, ...]
    channel_offers: tuple[ProfileOffer, ...]
    source: Source


@dataclass(frozen=True)
class ProfileChannel:
    id: str
    name: str
    kind: str
    biller: str
    regions: tuple[str, ...]
    platforms: tuple[str, ...]
    cancel_methods: tuple[ProfileMethod, ...]
    source: Source


@dataclass(frozen=True)
class Availability:
    regions: tuple[str, ...]
    available: bool
    since: date | None
    note: str | None
    source: Source


@dataclass(frozen=True)
class FaqEntry:
    question: str
    answer: str
    based_on: tuple[str, ...]


@dataclass(frozen=True)
class ServiceProfile:
    """Everything the graph knows about a service, and what it looked for and does not know."""

    id: str
    name: str
    aliases: tuple[str, ...]
    description: str | None
    url: str | None
    provider: Ref
    category: tuple[Label, ...]
    availability: tuple[Availability, ...]
    plans: tuple[ProfilePlan, ...]
    channels: tuple[ProfileChannel, ...]
    billers: tuple[BillerDetail, ...]
    caveats: tuple[Caveat, ...]
    common_reasons: tuple[Label, ...]
    related: tuple[str, ...]
    includes: tuple[Ref, ...]
    included_in: tuple[Ref, ...]
    faq: tuple[FaqEntry, ...]
    gaps: tuple[Gap, ...]


def method_answer(kg: KnowledgeGraph, method: model.CancelMethod) -> ProfileMethod:
    """A cancel method as profiles give it, converted once per graph."""
    return kg.answers.get("fact", _method, kg, method)


def _method(kg: KnowledgeGraph, method: model.CancelMethod) -> ProfileMethod:
    cat = kg.catalogue
    basis = cat.effort_bases.get(method.effort_basis)
    return ProfileMethod(
        id=method.id,
        name=method.name,
        kind=method.kind,
        minutes=Minutes(method.min_minutes, method.max_minutes),
        minutes_estimated=method.minutes_estimated,
        minutes_basis=EffortBasis(
            method.effort_basis,
            basis.label if basis else method.effort_basis,
            basis.definition if basis else None,
        ),
        url=method.url,
        platforms=method.platforms,
        regions=method.regions,
        steps=tuple(Step(s.position, s.text, s.url) for s in method.steps),
        contacts=tuple(
            ProfileContact(c.id, c.telephone, c.url, c.hours, c.regions, source_answer(kg, c.source))
            for c in method.contacts
        ),
        caveats=tuple(caveat_answer(kg, cat.caveats[c]) for c in method.caveats),
        source=source_answer(kg, method.source),
    )


def _price(kg: KnowledgeGraph, price: model.Price, today: date) -> ProfilePrice:
    return ProfilePrice(
        amount=money(price.amount),  # type: ignore[arg-type]  # an amount is never None
        currency=price.currency,
        billing_duration=price.billing_duration,
        source=source_answer(kg, price.source),
        as_of=price.source.as_of,
        as_of_basis=price.source.as_of_basis,  # type: ignore[arg-type]
        age=price_age(price.source, today=today),
    )


def _offer(kg: KnowledgeGraph, offer: model.Offer, today: date) -> ProfileOffer:
    cat = kg.catalogue
    return ProfileOffer(
        id=offer.id,
        billing_cycle=offer.billing_cycle,
        months=offer.months,
        regions=offer.regions,
        devices=offer.devices,
        regular_price=_price(kg, offer.regular, today),
        intro_price=_price(kg, offer.intro, today) if offer.intro else None,
        annual_cost=money(offer.annual_cost),  # type: ignore[arg-type]
        currency=offer.regular.currency,
        status=offer.status,  # type: ignore[arg-type]  # the catalogue reads only these two
        channel=Ref(offer.channel, cat.channels[offer.channel].name) if offer.channel else None,
        superseded_by=offer.superseded_by,
        valid_through=offer.valid_through,
        note=offer.note,
    )


def _offers(kg: KnowledgeGraph, offers: tuple[model.Offer, ...], today: date) -> tuple[ProfileOffer, ...]:
    ordered = sorted(offers, key=lambda o: (o.regions, o.months, o.devices or 0, o.id))
    return tuple(_offer(kg, o, today) for o in ordered)


def _biller_detail(kg: KnowledgeGraph, biller: model.Biller) -> BillerDetail:
    cat = kg.catalogue
    return BillerDetail(
        id=biller.id,
        name=biller.name,
        aliases=biller.aliases,
        url=biller.url,
        statement_descriptors=tuple(
            Descriptor(d.pattern, d.description, d.regions, source_answer(kg, d.source))
            for d in (cat.descriptors[i] for i in biller.descriptors)
        ),
        cancel_methods=tuple(method_answer(kg, cat.methods[m]) for m in biller.methods),
        caveats=tuple(caveat_answer(kg, cat.caveats[c]) for c in biller.caveats),
    )


def biller_profile(kg: KnowledgeGraph, biller_id: str) -> BillerProfile:
    """A biller: how to cancel with it, what it prints on statements, its policies, what it sells.

    Raises
    ------
    UnknownId
        If no biller has this id.

    Examples
    --------
    >>> from subgraph import load_graph
    >>> profile = biller_profile(load_graph(), "google-play")
    >>> profile.name, "norton" in [s.id for s in profile.services]
    ('Google Play', True)
    """
    cat = kg.catalogue
    biller = cat.get("billers", biller_id)
    return kg.answers.get("fact", _biller_profile, kg, biller)


def _biller_profile(kg: KnowledgeGraph, biller: model.Biller) -> BillerProfile:
    cat = kg.catalogue
    detail = kg.answers.get("fact", _biller_detail, kg, biller)
    sold = sorted(s.id for s in cat.services.values() if any(cat.channels[c].biller == biller.id for c in s.channels))
    return BillerProfile(
        detail.id,
        detail.name,
        detail.aliases,
        detail.url,
        detail.statement_descriptors,
        detail.cancel_methods,
        detail.caveats,
        services=tuple(service_summary(cat, cat.services[s]) for s in sold),
    )


def service_summary(cat: Catalogue, service: model.Service) -> ServiceSummary:
    """The short form of a service, for lists."""
    prices = [o.regular.amount for p in cat.plans_of(service.id) for o in p.offers]
    return ServiceSummary(
        id=service.id,
        name=service.name,
        provider=service.provider,
        categories=service.categories,
        plans=len(service.plans),
        free=bool(prices) and all(price == 0 for price in prices),
    )


def service_profile(kg: KnowledgeGraph, service_id: str, *, today: date | None = None) -> ServiceProfile:
    """Describe a service: plans and dated prices, channels and billers, cancel methods, caveats, FAQ, gaps.

    Parameters
    ----------
    kg : KnowledgeGraph
    service_id : str
    today : datetime.date, optional
        The day prices' ages are counted to (default: today).

    Returns
    -------
    ServiceProfile

    Raises
    ------
    UnknownId
        If no service has this id.

    Examples
    --------
    >>> from subgraph import load_graph
    >>> profile = service_profile(load_graph(), "kaspersky")
    >>> profile.name, profile.category[0].id
    ('Kaspersky', 'security-software')
    """
    service = kg.catalogue.service(service_id)
    # the day is part of the key: a price's age band changes as days pass, its facts do not
    return kg.answers.get("fact", _service_profile, kg, service, today or date.today())


def _service_profile(kg: KnowledgeGraph, service: model.Service, today: date) -> ServiceProfile:
    cat = kg.catalogue
    billers: dict[str, BillerDetail] = {}
    for channel_id in service.channels:
        biller_id = cat.channels[channel_id].biller
        if biller_id not in billers:
            billers[biller_id] = kg.answers.get("fact", _biller_detail, kg, cat.billers[biller_id])
    return ServiceProfile(
        id=service.id,
        name=service.name,
        aliases=service.aliases,
        description=service.description,
        url=service.url,
        provider=Ref(service.provider, cat.billers[service.provider].name if service.provider in cat.billers else None),
        category=tuple(Label(c, cat.categories[c].label) for c in service.categories),
        availability=tuple(
            Availability(a.regions, a.available, a.since, a.description, source_answer(kg, a.source))
            for a in (cat.availability[i] for i in service.availability)
        ),
        plans=tuple(
            ProfilePlan(
                id=p.id,
                name=p.name,
                status=p.status,  # type: ignore[arg-type]  # SHACL allows only PlanStatus
                tier=p.tier,
                features=tuple(sorted(p.features)),
                succeeded_by=p.succeeded_by,
                regions=p.regions,
                offers=_offers(kg, p.offers, today),
                superseded_offers=_offers(kg, p.superseded_offers, today),
                channel_offers=_offers(kg, p.channel_offers, today),
                source=source_answer(kg, p.source),
            )
            for p in cat.plans_of(service.id)
        ),
        channels=tuple(
            ProfileChannel(
                id=ch.id,
                name=ch.name,
                kind=ch.kind,
                biller=ch.biller,
                regions=ch.regions,
                platforms=ch.platforms,
                cancel_methods=tuple(method_answer(kg, cat.methods[m]) for m in ch.methods),
                source=source_answer(kg, ch.source),
            )
            for ch in (cat.channels[c] for c in service.channels)
        ),
        billers=tuple(billers.values()),
        caveats=tuple(caveat_answer(kg, cat.caveats[c]) for c in service.caveats),
        common_reasons=tuple(Label(r, cat.reasons[r].label) for r in service.reasons),
        related=service.related,
        includes=tuple(Ref(s, cat.services[s].name) for s in service.includes),
        included_in=tuple(Ref(b, cat.services[b].name) for b in service.included_in),
        faq=tuple(FaqEntry(q.question, q.answer, q.based_on) for q in (cat.questions[i] for i in service.questions)),
        gaps=tuple(cat.gaps_by_service.get(service.id, ())),
    )
