"""A cancellation guide for one service, as a person reads it: every section from graph facts.

:func:`guide` assembles the typed answer a guide page shows, from the same
core answers the API returns: the cancel path for the chosen sales channel
and one for every other channel (:func:`~subgraph.decide.cancel.cancel_path`),
the dated plans and the exact savings of a downgrade or a billing-cycle
switch (:func:`~subgraph.decide.alternatives.alternatives`), the bundles
that include the service, the FAQ with the sources of the facts each answer
rests on, the reasons people cancel, related guides and what the graph does
not know. :func:`guide_jsonld` is the same guide as schema.org JSON-LD.
Nothing here imports Flask: the pages (``subgraph_api.pages``) only render.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..answers import (
    BundleRef,
    CancelPath,
    Caveat,
    ChannelRef,
    Label,
    Minutes,
    Note,
    Ref,
    Source,
    money,
    note,
)
from ..decide.alternatives import alternatives
from ..decide.cancel import KIND_PREFERENCE, cancel_path
from ..decide.facts import caveat_answer, source_answer
from ..decide.question import Question
from ..decide.recommend import before_cancelling, bundle_price_notes, bundles_including
from ..graph.loader import KnowledgeGraph
from ..graph.model import Plan
from ..vocabulary import BILLING_CYCLES
from .gaps import Gap

__all__ = [
    "Guide",
    "Summary",
    "PlanPrices",
    "Price",
    "Saving",
    "Cheaper",
    "FaqAnswer",
    "ReasonAction",
    "guide",
    "guide_jsonld",
    "METHOD_KIND_LABELS",
]

#: What each kind of cancel method is called on a page, in a summary's list of "main methods".
METHOD_KIND_LABELS = {
    "online": "Website",
    "app-store-settings": "App store",
    "in-app": "In the app",
    "nothing-to-cancel": "Nothing to cancel",
    "chat": "Chat",
    "email": "Email",
    "phone": "Phone",
    "retailer-service": "Retailer",
    "in-store": "In store",
    "mail": "Mail",
}
#: Methods a person finishes alone on a screen: the answer to "can it be cancelled online?".
_ONLINE_KINDS = frozenset({"online", "app-store-settings", "in-app"})
#: At most this many related guides, so a page stays short.
_RELATED = 6


@dataclass(frozen=True)
class Summary:
    """The summary box: can it be cancelled online, how, how long, where."""

    online: bool
    method_kinds: tuple[str, ...]
    minutes: Minutes | None
    slowest: Minutes | None
    where: str | None
    where_url: str | None


@dataclass(frozen=True)
class Price:
    """One dated price of a plan in the guide's region."""

    offer: str
    billing_cycle: str
    amount: float
    currency: str
    annual_cost: float
    devices: int | None
    intro_amount: float | None
    source: Source


@dataclass(frozen=True)
class PlanPrices:
    id: str
    name: str
    status: str
    features: tuple[str, ...]
    succeeded_by: tuple[Ref, ...]
    prices: tuple[Price, ...]
    source: Source


@dataclass(frozen=True)
class Saving:
    """A downgrade or a billing-cycle switch, with the saving a year computed from two dated prices."""

    action: str
    from_plan: Ref
    from_cycle: str
    to_plan: Ref
    to_cycle: str
    annual_cost_before: float
    annual_cost_after: float
    annual_saving: float
    currency: str
    features_lost: tuple[str, ...]
    prices_as_of: date | None


@dataclass(frozen=True)
class Cheaper:
    """A cheaper or free service of the same category."""

    service: Ref
    plan: Ref
    annual_cost: float | None
    currency: str | None
    free: bool
    built_in_to: tuple[str, ...]
    how: str | None
    prices_as_of: date | None


@dataclass(frozen=True)
class FaqAnswer:
    question: str
    answer: str
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class ReasonAction:
    """Why people cancel, and what the graph weighs for that reason (action and why)."""

    reason: Label
    actions: tuple[tuple[str, str | None], ...]


@dataclass(frozen=True)
class Guide:
    """Everything a guide page shows for one service, one sales channel and one region."""

    service: Ref
    description: str | None
    url: str | None
    provider: Ref
    categories: tuple[Label, ...]
    region: str
    via: str | None
    channels: tuple[ChannelRef, ...]
    path: CancelPath
    summary: Summary
    other_ways: tuple[CancelPath, ...]
    caveats: tuple[Caveat, ...]
    checklist: tuple[Caveat, ...]
    plans: tuple[PlanPrices, ...]
    savings: tuple[Saving, ...]
    cheaper: tuple[Cheaper, ...]
    bundles: tuple[BundleRef, ...]
    faq: tuple[FaqAnswer, ...]
    reasons: tuple[ReasonAction, ...]
    related: tuple[Ref, ...]
    gaps: tuple[Gap, ...]
    unknowns: tuple[Note, ...]
    updated: date | None


def guide(kg: KnowledgeGraph, service_id: str, *, via: str | None = None, region: str = "US") -> Guide:
    """The cancellation guide of a service, for one sales channel and region.

    Parameters
    ----------
    kg : KnowledgeGraph
    service_id : str
        Id of the service.
    via : str, optional
        Where it was bought: one of the service's sales channels (id), or
        anything the cancel path reads (a biller's name such as ``"Costco"``,
        a card-statement descriptor, ``"no idea"``). ``None``: the provider's
        own path, and the guide says it assumes so.
    region : str
        ISO 3166-1 alpha-2 code; prices and facts of other regions are left out.

    Returns
    -------
    Guide

    Raises
    ------
    UnknownId
        If no service has this id.

    Notes
    -----
    A pure function of the graph and its arguments, remembered in
    ``kg.answers`` (kind ``guide``); the answer is immutable and shared.

    Examples
    --------
    >>> from subgraph import load_graph
    >>> page = guide(load_graph(), "kaspersky", via="kaspersky--google-play")
    >>> page.path.biller.id, page.summary.online
    ('google-play', True)
    """
    kg.catalogue.service(service_id)  # an unknown id fails here, not inside the cache
    return kg.answers.get("guide", _guide, kg, service_id, via, region.upper())


def _guide(kg: KnowledgeGraph, service_id: str, via: str | None, region: str) -> Guide:
    cat = kg.catalogue
    service = cat.services[service_id]
    channels = tuple(
        cat.channels[c] for c in service.channels if not cat.channels[c].regions or region in cat.channels[c].regions
    )
    path = cancel_path(kg, service_id, purchased_via=via, region=region)
    chosen = path.channel.id if path.channel else None
    others = tuple(cancel_path(kg, service_id, purchased_via=c.id, region=region) for c in channels if c.id != chosen)
    caveats = _caveats(kg, service_id, (path, *others), channels, region)
    checklist = before_cancelling(kg, path.caveats)
    plans = tuple(_plan_prices(kg, plan, region) for plan in cat.plans_of(service_id))
    provider = cat.billers.get(service.provider)
    return Guide(
        service=Ref(service.id, service.name),
        description=service.description,
        url=service.url,
        provider=Ref(service.provider, provider.name if provider else None),
        categories=tuple(Label(c, cat.categories[c].label) for c in service.categories),
        region=region,
        via=via,
        channels=tuple(ChannelRef(c.id, c.name, c.kind) for c in channels),
        path=path,
        summary=_summary(path, others),
        other_ways=others,
        caveats=caveats,
        checklist=checklist,
        plans=plans,
        savings=_savings(kg, service_id, plans, region),
        cheaper=_cheaper(kg, service_id, region),
        bundles=bundles_including(kg, service_id, region=region),
        faq=_faq(kg, service_id),
        reasons=tuple(
            ReasonAction(
                Label(r, cat.reasons[r].label),
                tuple((link.action, link.description) for link in cat.links_by_reason.get(r, ())),
            )
            for r in service.reasons
        ),
        related=_related(kg, service_id),
        gaps=tuple(g for g in cat.gaps_by_service.get(service_id, ()) if not g.regions or region in g.regions),
        unknowns=(
            *_unknowns(service.name, plans, (path, *others), region),
            *bundle_price_notes(kg, service_id, region=region),
        ),
        updated=_updated((path, *others), plans, caveats),
    )


def _caveats(kg, service_id, paths, channels, region) -> tuple[Caveat, ...]:
    """Every caveat of the paths shown, then of the channels, their billers and the service, each once.

    A cancel path shows one caveat per kind and names the others; a guide has the room for all of them.
    """
    cat = kg.catalogue
    shown = {c.id: c for p in paths for c in (*p.caveats, *p.method_caveats)}
    ids = [c for ch in channels for c in (*ch.caveats, *cat.billers[ch.biller].caveats)]
    ids += cat.services[service_id].caveats
    for caveat in (cat.caveats[c] for c in dict.fromkeys(ids) if c not in shown):
        if not caveat.regions or region in caveat.regions:
            shown[caveat.id] = caveat_answer(kg, caveat)
    return tuple(shown.values())


def _summary(path: CancelPath, others: tuple[CancelPath, ...]) -> Summary:
    methods = [m for p in (path, *others) for m in ((p.method,) if p.method else ()) + p.fallbacks]
    kinds = sorted({m.kind for m in methods}, key=lambda k: KIND_PREFERENCE.index(k) if k in KIND_PREFERENCE else 99)
    slowest = max((m.minutes for m in methods), key=lambda m: (m.max, m.min), default=None)
    best = path.method
    return Summary(
        online=bool(_ONLINE_KINDS & set(kinds)),
        method_kinds=tuple(kinds),
        minutes=best.minutes if best else None,
        slowest=slowest if slowest and best and slowest.max > best.minutes.max else None,
        where=best.name if best else None,
        where_url=(best.url or (best.contact.url if best.contact else None)) if best else None,
    )


def _plan_prices(kg: KnowledgeGraph, plan: Plan, region: str) -> PlanPrices:
    cat = kg.catalogue
    offers = sorted(
        (o for o in plan.offers if not o.regions or region in o.regions), key=lambda o: (o.months, o.devices or 0)
    )
    return PlanPrices(
        id=plan.id,
        name=plan.name,
        status=plan.status,
        features=tuple(sorted(cat.features[f].label for f in plan.features if f in cat.features)),
        succeeded_by=tuple(Ref(p, cat.plans[p].name) for p in plan.succeeded_by),
        prices=tuple(
            Price(
                offer=o.id,
                billing_cycle=o.billing_cycle,
                amount=money(o.regular.amount) or 0.0,
                currency=o.regular.currency,
                annual_cost=money(o.annual_cost) or 0.0,
                devices=o.devices,
                intro_amount=money(o.intro.amount) if o.intro else None,
                source=source_answer(kg, o.regular.source),
            )
            for o in offers
        ),
        source=source_answer(kg, plan.source),
    )


def _savings(kg: KnowledgeGraph, service_id: str, plans: tuple[PlanPrices, ...], region: str) -> tuple[Saving, ...]:
    """Every downgrade and cycle switch from each priced current plan, with its exact saving."""
    cat = kg.catalogue
    savings = []
    for plan in plans:
        if plan.status != "current":
            continue
        cycles = {p.billing_cycle for p in plan.prices}
        for cycle in (c for c in BILLING_CYCLES if c in cycles):
            found = alternatives(kg, Question(service=service_id, plan=plan.id, billing_cycle=cycle, region=region))
            for option in found.options:
                if option.action not in ("downgrade", "switch_billing_cycle") or not option.annual_saving:
                    continue
                if option.annual_saving <= 0 or option.plan is None or option.currency is None:
                    continue
                savings.append(
                    Saving(
                        action=option.action,
                        from_plan=Ref(plan.id, plan.name),
                        from_cycle=cycle,
                        to_plan=Ref(option.plan, cat.plans[option.plan].name),
                        to_cycle=option.billing_cycle or cycle,
                        annual_cost_before=option.annual_cost_before or 0.0,
                        annual_cost_after=option.annual_cost_after or 0.0,
                        annual_saving=option.annual_saving,
                        currency=option.currency,
                        features_lost=tuple(
                            cat.features[f].label if f in cat.features else f for f in option.features_lost
                        ),
                        prices_as_of=option.prices_as_of,
                    )
                )
    return tuple(savings)


def _cheaper(kg: KnowledgeGraph, service_id: str, region: str) -> tuple[Cheaper, ...]:
    cat = kg.catalogue
    found = alternatives(kg, Question(service=service_id, region=region))
    return tuple(
        Cheaper(
            service=Ref(o.service, cat.services[o.service].name),
            plan=Ref(o.plan, cat.plans[o.plan].name),
            annual_cost=o.annual_cost_after,
            currency=o.currency,
            free=o.note == "free",
            built_in_to=tuple(cat.platforms[p].label if p in cat.platforms else p for p in o.built_in_to),
            how=o.how,
            prices_as_of=o.prices_as_of,
        )
        for o in found.options
        if o.action == "switch_service" and o.service in cat.services and o.plan in cat.plans
    )


def _fact_source(kg: KnowledgeGraph, node_id: str) -> Source | None:
    cat = kg.catalogue
    for table in (cat.caveats, cat.methods, cat.channels, cat.descriptors, cat.contacts, cat.plans, cat.prices):
        node = table.get(node_id)
        if node is not None:
            return source_answer(kg, node.source)
    return None


def _faq(kg: KnowledgeGraph, service_id: str) -> tuple[FaqAnswer, ...]:
    cat = kg.catalogue
    answers = []
    for question in (cat.questions[q] for q in cat.services[service_id].questions):
        sources = (_fact_source(kg, n) for n in question.based_on)
        unique = {s.url: s for s in sources if s is not None}
        answers.append(FaqAnswer(question.question, question.answer, tuple(unique.values())))
    return tuple(answers)


def _related(kg: KnowledgeGraph, service_id: str) -> tuple[Ref, ...]:
    """The services the graph relates to this one, then others of its categories, by name."""
    cat = kg.catalogue
    service = cat.services[service_id]
    same = sorted(
        (s for c in service.categories for s in cat.services_by_category.get(c, ())),
        key=lambda s: cat.services[s].name.lower(),
    )
    ids = [s for s in dict.fromkeys((*service.related, *same)) if s != service_id and s in cat.services]
    return tuple(Ref(s, cat.services[s].name) for s in ids[:_RELATED])


def _unknowns(name: str, plans: tuple[PlanPrices, ...], paths: Iterable[CancelPath], region: str) -> tuple[Note, ...]:
    """What a page would otherwise pass over in silence: no price, no phone number."""
    notes = [
        note(
            "no-price",
            f"The graph has no current price of {plan.name} in {region}.",
            plan=plan.id,
            region=region,
        )
        for plan in plans
        if plan.status == "current" and not plan.prices
    ]
    for path in paths:
        methods = ((path.method,) if path.method else ()) + path.fallbacks
        for method in methods:
            if method.kind == "phone" and not (method.contact and method.contact.telephone):
                notes.append(
                    note(
                        "no-phone-number",
                        f"No official source gives a phone number for {method.name}; "
                        "the graph shows none rather than an unsourced one.",
                        method=method.id,
                    )
                )
    return tuple({n.code + str(dict(n.params)): n for n in notes}.values())


def _updated(paths: Iterable[CancelPath], plans: Iterable[PlanPrices], caveats: Iterable[Caveat]) -> date | None:
    """When the newest fact on the page was checked: the page's "updated on"."""
    dates = [c.source.checked_on for c in caveats]
    dates += [p.source.checked_on for plan in plans for p in plan.prices]
    for path in paths:
        if path.method and path.method.source:
            dates.append(path.method.source.checked_on)
    return max(dates, default=None)


def guide_jsonld(page: Guide, base_url: str, *, context: str | Mapping[str, Any]) -> dict[str, Any]:
    """The guide as schema.org JSON-LD: a HowTo per way to cancel, the FAQ, breadcrumbs, the offers.

    Parameters
    ----------
    page : Guide
    base_url : str
        The site's address without a trailing slash; every ``@id`` is under it.
    context : str or mapping
        The JSON-LD context: the address of the one the site serves, or the context itself.

    Examples
    --------
    >>> from subgraph import load_graph
    >>> data = guide_jsonld(guide(load_graph(), "norton"), "https://example.org", context={"@vocab": "https://schema.org/"})
    >>> [node["@type"] for node in data["@graph"]][:2]
    ['BreadcrumbList', 'Service']
    """
    url = f"{base_url}/guides/{page.service.id}"
    crumbs = [("Guides", f"{base_url}/guides/")]
    if page.categories:
        crumbs.append((page.categories[0].label, f"{base_url}/guides/category/{page.categories[0].id}"))
    crumbs.append((page.service.name or page.service.id, url))
    offers = [
        {
            "@type": "Offer",
            "name": f"{plan.name}, {price.billing_cycle}",
            "price": price.amount,
            "priceCurrency": price.currency,
            "priceSpecification": {
                "@type": "UnitPriceSpecification",
                "price": price.amount,
                "priceCurrency": price.currency,
                "billingDuration": {"monthly": "P1M", "annual": "P1Y"}.get(price.billing_cycle),
            },
            "url": price.source.url,
        }
        for plan in page.plans
        for price in plan.prices
    ]
    howtos = [
        {
            "@type": "HowTo",
            "@id": f"{url}#way-{path.channel.id if path.channel else 'unknown'}",
            "name": f"Cancel {page.service.name}: {path.method.name}",
            "totalTime": f"PT{path.method.minutes.max}M",
            "step": [
                {"@type": "HowToStep", "position": s.position, "text": s.text, **({"url": s.url} if s.url else {})}
                for s in path.steps
            ],
        }
        for path in (page.path, *page.other_ways)
        if path.method and path.steps
    ]
    return {
        "@context": context,
        "@graph": [
            {
                "@type": "BreadcrumbList",
                "@id": f"{url}#breadcrumbs",
                "itemListElement": [
                    {"@type": "ListItem", "position": i, "name": name, "item": {"@id": item}}
                    for i, (name, item) in enumerate(crumbs, 1)
                ],
            },
            {
                "@type": "Service",
                "@id": f"{url}#service",
                "name": page.service.name,
                **({"description": page.description} if page.description else {}),
                **({"url": page.url} if page.url else {}),
                "provider": {"@type": "Organization", "name": page.provider.name or page.provider.id},
                "offers": offers,
            },
            *howtos,
            {
                "@type": "FAQPage",
                "@id": f"{url}#faq",
                "mainEntity": [
                    {"@type": "Question", "name": q.question, "acceptedAnswer": {"@type": "Answer", "text": q.answer}}
                    for q in page.faq
                ],
            },
        ],
    }
