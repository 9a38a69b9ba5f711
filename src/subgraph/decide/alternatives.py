"""Every cheaper way to keep what is needed: derived from plans and prices.

A downgrade is a cheaper current plan of the same service; a billing-cycle
switch is another offer of the same plan; a service switch is a service of
the same category. None of these is stated in the graph: they are derived
from plans, features and prices, so they never disagree with them.
"""

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from itertools import islice

from ..answers import Alternatives, Current, Note, Option, ResolvedInputs, money, note
from ..graph.catalogue import Catalogue
from ..graph.loader import KnowledgeGraph
from ..graph.model import Offer, Plan
from .cancel import identify_biller
from .question import Question, resolve_question

__all__ = ["alternatives", "priced_options", "current_offer", "covers", "CYCLE_MONTHS"]

#: Months in each billing cycle (:data:`subgraph.vocabulary.BILLING_CYCLES`).
CYCLE_MONTHS = {"monthly": 1, "annual": 12}
_CENT = Decimal("0.01")


def covers(cat: Catalogue, features: Iterable[str], needs: Iterable[str]) -> bool:
    """True if a plan with `features` has every needed feature (a narrower one counts).

    Examples
    --------
    >>> from subgraph import load_graph
    >>> cat = load_graph().catalogue
    >>> covers(cat, {"antivirus", "vpn"}, {"antivirus"}), covers(cat, {"antivirus"}, {"vpn"})
    (True, False)
    """
    have = set(features)
    for feature in features:
        have |= cat.broader.get(feature, set())
    return set(needs) <= have


def _offers(plan: Plan, region: str, months: int | None = None, channel: str | None = None) -> list[Offer]:
    """A plan's offers for a region (any region if it has none there), cheapest first.

    Bought through a channel that charges its own price (a carrier), that price is what is paid;
    otherwise only the prices anyone in the region pays now count.
    """
    own = [o for o in plan.channel_offers if o.channel == channel] if channel else []
    for pool in (own, plan.offers):
        offers = [o for o in pool if months is None or o.months == months]
        local = [o for o in offers if region in o.regions]
        if offers:
            return sorted(local or offers, key=lambda o: (o.annual_cost, o.devices or 0, o.id))
    return []


def current_offer(
    plan: Plan, billing_cycle: str | None = None, region: str = "US", *, channel: str | None = None
) -> Offer | None:
    """The offer someone on `plan` most likely pays, or None if the graph has no current price.

    A price only one sales channel charges counts only for someone who bought there (`channel`).

    Examples
    --------
    >>> from subgraph import load_graph
    >>> cat = load_graph().catalogue
    >>> current_offer(cat.plans["microsoft-defender-antivirus-free"]).annual_cost
    Decimal('0.00')
    >>> premium = cat.plans["disney-plus-premium"]
    >>> current_offer(premium) is None, current_offer(premium, channel="disney-plus--verizon").regular.amount
    (True, Decimal('15.99'))
    """
    months = CYCLE_MONTHS.get(billing_cycle) if billing_cycle else None
    offers = _offers(plan, region, months, channel)
    return offers[0] if offers else None


def _last_sourced_offer(plan: Plan, billing_cycle: str | None, region: str) -> Offer | None:
    """The newest superseded price of `plan` at the cycle, in the region if it has one there."""
    months = CYCLE_MONTHS.get(billing_cycle) if billing_cycle else None
    offers = [o for o in plan.superseded_offers if months is None or o.months == months]
    local = [o for o in offers if region in o.regions] or offers
    return max(local, key=lambda o: (o.regular.source.as_of, -o.months, o.id), default=None)


def _price_notes(cat: Catalogue, used: Iterable[Offer | None], price_paid_given: bool) -> list[Note]:
    """Say which prices an answer uses that are not a dated current price: never used silently."""
    notes = []
    # a free plan's price is not what a saving rests on, and saying so for each would bury the rest
    for offer in dict.fromkeys(o for o in used if o is not None and o.regular.amount > 0):
        price, source = offer.regular, offer.regular.source
        amount = f"{money(price.amount)} {price.currency} ({offer.billing_cycle}) for {cat.plans[offer.plan].name}"
        if offer.superseded:
            notes.append(
                note(
                    "last-sourced-price",
                    f"{amount} is the last sourced price, {source.as_of.year}: "
                    f"it has been raised since, so the real cost is likely higher. {offer.note or ''}".strip()
                    + ("" if price_paid_given else " Give the price you pay for an exact answer."),
                    offer=offer.id,
                    plan=offer.plan,
                    year=source.as_of.year,
                    as_of=source.as_of.isoformat(),
                )
            )
        elif source.source_date is None:
            notes.append(
                note(
                    "undated-price",
                    f"{amount} is from a page that gives no date, read on {source.checked_on}: "
                    f"last sourced price, {source.checked_on.year}.",
                    offer=offer.id,
                    plan=offer.plan,
                    year=source.checked_on.year,
                    checked_on=source.checked_on.isoformat(),
                )
            )
    return notes


def _as_of(*offers: Offer | None) -> date | None:
    dates = [o.regular.source.as_of for o in offers if o is not None]
    return min(dates) if dates else None


def _option(
    action,
    before,
    after,
    currency,
    *,
    plan=None,
    service=None,
    offer=None,
    lost=(),
    kept=(),
    how=None,
    based_on=(),
    as_of=None,
    note=None,
    built_in_to=(),
):
    saving = (before - after).quantize(_CENT) if before is not None and after is not None else None
    return Option(
        action=action,
        plan=plan,
        service=service,
        offer=offer.id if offer else None,
        billing_cycle=offer.billing_cycle if offer else None,
        annual_cost_before=money(before),
        annual_cost_after=money(after),
        annual_saving=money(saving),
        currency=currency,
        features_lost=tuple(sorted(lost)),
        features_kept=tuple(sorted(kept)),
        how=how,
        prices_as_of=as_of,
        based_on=tuple(based_on),
        note=note,
        built_in_to=tuple(built_in_to),
    )


#: How many other services a recommendation proposes at most.
MAX_SERVICE_SWITCHES = 3
#: How many of a category's cheapest offers a service switch looks at, at most.
#: The list is sorted by cost at load, so these are the best candidates; the
#: bound keeps a request's work the same however large the category grows.
SWITCH_SCAN_LIMIT = 64


def _service_switches(cat, service, before, currency, features, needs, region, offer, platform=None):
    """The cheapest plan of each other service in the category that covers the needs.

    Reads the pre-sorted offers that can apply (free ones for the platform,
    paid ones in the region and currency paid) cheapest first, and stops as
    soon as enough services are found, the offers cost as much as the
    current one, or :data:`SWITCH_SCAN_LIMIT` offers were read, so the work
    does not grow with the catalogue.
    """
    unavailable = cat.unavailable_in.get(region, set())
    platforms = (None, platform) if platform else (None, *cat.platforms)
    found: dict[str, tuple[Plan, Offer]] = {}
    for category in service.categories:
        lists = [cat.switch_offers.get((category, "free", p), ()) for p in platforms]
        lists.append(cat.switch_offers.get((category, region, currency), ()) if currency else ())
        read = 0
        for candidates in lists:
            for o, plan in islice(candidates, SWITCH_SCAN_LIMIT - read):
                read += 1
                if len(found) >= MAX_SERVICE_SWITCHES or (before is not None and o.annual_cost >= before):
                    break
                if (
                    plan.service != service.id
                    and plan.service not in found
                    and plan.service not in unavailable
                    and covers(cat, plan.features, needs)
                ):
                    found[plan.service] = (plan, o)
    options = []
    for service_id, (plan, o) in found.items():
        options.append(
            _option(
                "switch_service",
                before,
                o.annual_cost,
                currency or o.regular.currency,
                plan=plan.id,
                service=service_id,
                offer=o,
                lost=features - plan.features,
                kept=features & plan.features,
                how=f"Start {plan.name}, then cancel {service.name}.",
                based_on=[plan.id, o.regular.id],
                as_of=_as_of(offer, o),
                note="free" if o.regular.amount == 0 else None,
                built_in_to=cat.services[service_id].built_in_to,
            )
        )
    return options


def alternatives(kg: KnowledgeGraph, question: Question) -> Alternatives:
    """Every way to pay less and still cover the needs, plus cancel and keep.

    Parameters
    ----------
    kg : KnowledgeGraph
    question : Question
        The service and plan the person is on (a plan is needed for
        downgrades and cycle switches; with none given, the only plan the
        graph prices at that cycle or price is assumed, and a note says so),
        the price paid (else the graph's regular, renewal, price), the needs
        every kept option must cover, the region and platform (services
        built into another platform are not offered).

    Returns
    -------
    Alternatives
        ``current`` (plan, offer, annual cost, currency), ``options`` (each
        with ``action``, ``plan``/``service``, ``annual_cost_before``,
        ``annual_cost_after``, ``annual_saving``, ``currency``,
        ``features_lost``, ``features_kept``, ``how``, ``prices_as_of`` and the
        graph nodes it is ``based_on``), ``notes`` and what the text was
        taken to mean (``resolved``).

    Examples
    --------
    >>> from subgraph import load_graph
    >>> found = alternatives(load_graph(), Question(service="nortn", needs=["anti virus"]))
    >>> found.resolved.service.id, {"cancel", "keep"} <= {o.action for o in found.options}
    ('norton', True)
    """
    resolved = resolve_question(kg, question)
    current, options, notes = priced_options(kg, question, resolved)
    return Alternatives(current=current, options=options, notes=notes, resolved=resolved)


def priced_options(
    kg: KnowledgeGraph, question: Question, resolved: ResolvedInputs
) -> tuple[Current, tuple[Option, ...], tuple[Note, ...]]:
    """The current cost and every option of a question whose text is resolved, remembered per question."""
    channel = None
    if question.purchased_via:
        # a seller's own price applies only to what was bought there
        service = kg.catalogue.services[resolved.service.id]
        channel = identify_biller(kg, service, question.purchased_via)["channel"]
    return kg.answers.get(
        "alternatives",
        _alternatives,
        kg,
        resolved.service.id,
        resolved.plan.id if resolved.plan else None,
        question.billing_cycle,
        None if question.price_paid is None else Decimal(str(question.price_paid)),
        frozenset(n.id for n in resolved.needs),
        question.region,
        resolved.platform.id if resolved.platform else None,
        channel,
    )


def _assumed_plan(cat, service_id, billing_cycle, price_paid, region, channel=None):
    """The one current plan the cycle or price points to, or the only priced plan; else None."""
    months = CYCLE_MONTHS.get(billing_cycle) if billing_cycle else None
    priced = {}
    for plan in cat.plans_of(service_id):
        if plan.status != "current":
            continue
        # only a price of the person's region can say which plan they pay for
        offers = [o for o in _offers(plan, region, months, channel) if o.regular.amount > 0 and region in o.regions]
        if price_paid is not None:
            offers = [o for o in offers if abs(o.regular.amount - price_paid) < _CENT]
        if offers:
            priced[plan.id] = offers
    return next(iter(priced)) if len(priced) == 1 else None


def _alternatives(kg, service_id, plan_id, billing_cycle, price_paid, needs, region, platform, channel):
    cat = kg.catalogue
    service = cat.service(service_id)
    notes: list[Note] = []
    if plan_id is None:
        plan_id = _assumed_plan(cat, service_id, billing_cycle, price_paid, region, channel)
        if plan_id is not None:
            assumed = cat.plans[plan_id]
            notes.append(
                note(
                    "assumed-plan",
                    f"No plan was given, so this assumes {assumed.name}: it is the only plan of {service.name} "
                    f"the graph prices"
                    + (f" at {price_paid}" if price_paid is not None else "")
                    + (f" {billing_cycle}" if billing_cycle else "")
                    + f" in {region}. Say which plan you have if it is another.",
                    plan=plan_id,
                    service=service.id,
                )
            )
    plan = cat.plans[plan_id] if plan_id else None
    offer = current_offer(plan, billing_cycle, region, channel=channel) if plan else None
    last = _last_sourced_offer(plan, billing_cycle, region) if plan and offer is None else None
    if price_paid is None and last is not None:
        # what was last sourced is a floor of what is paid now: used, and said to be so
        offer = last
    # a raised price still tells how often the plan is billed
    months = CYCLE_MONTHS.get(billing_cycle) or next((o.months for o in (offer, last) if o), None)
    currency = offer.regular.currency if offer else None
    if currency is None and price_paid is not None:
        currency = cat.currency_by_region.get(region)
    if price_paid is not None and months:
        before = (price_paid * 12 / months).quantize(_CENT)
    else:
        before = offer.annual_cost if offer else None
    features = set(plan.features) if plan else set()
    if offer and offer.intro:
        notes.append(
            note(
                "introductory-price",
                f"The first-term price of {money(offer.intro.amount)} {offer.intro.currency} is introductory; "
                f"it renews at {money(offer.regular.amount)} {offer.regular.currency} "
                f"per {offer.billing_cycle.replace('annual', 'year').replace('monthly', 'month')}.",
                intro=money(offer.intro.amount),
                regular=money(offer.regular.amount),
                currency=offer.regular.currency,
                billing_cycle=offer.billing_cycle,
            )
        )
    if plan and offer is None and price_paid is None:
        notes.append(
            note(
                "no-price",
                f"The graph has no price for {plan.name}; savings need price_paid.",
                plan=plan.id,
            )
        )
    options = []

    if plan:
        for other in cat.plans_of(service.id):
            if other.id == plan.id or other.status != "current" or not covers(cat, other.features, needs):
                continue
            cheaper = (
                [o for o in _offers(other, region, months, channel) if o.regular.currency == currency]
                if currency
                else []
            )
            if not cheaper and currency:
                cheaper = [o for o in _offers(other, region, None, channel) if o.regular.currency == currency]
            if not cheaper:
                # a free plan is cheaper whatever the current price, even one the graph does not know
                cheaper = [o for o in _offers(other, region, None, channel) if o.regular.amount == 0]
            if cheaper and (cheaper[0].regular.amount == 0 or (before is not None and cheaper[0].annual_cost < before)):
                o = cheaper[0]
                options.append(
                    _option(
                        "downgrade",
                        before,
                        o.annual_cost,
                        currency or o.regular.currency,
                        plan=other.id,
                        offer=o,
                        lost=features - other.features,
                        kept=features & other.features,
                        how=f"Change your plan to {other.name} where you manage the subscription.",
                        based_on=[other.id, o.regular.id],
                        as_of=_as_of(offer, o),
                    )
                )
        if offer:
            for o in _offers(plan, region, None, channel):
                if (
                    o.months != offer.months
                    and o.regular.currency == currency
                    and before is not None
                    and o.annual_cost < before
                    and (o.devices or 0) >= (offer.devices or 0)
                ):
                    options.append(
                        _option(
                            "switch_billing_cycle",
                            before,
                            o.annual_cost,
                            currency,
                            plan=plan.id,
                            offer=o,
                            kept=features,
                            how=f"Switch {plan.name} to {o.billing_cycle} billing at renewal.",
                            based_on=[offer.regular.id, o.regular.id],
                            as_of=_as_of(offer, o),
                        )
                    )

    options += _service_switches(cat, service, before, currency, features, needs, region, offer, platform)

    options.append(
        _option(
            "cancel",
            before,
            Decimal(0) if before is not None else None,
            currency,
            lost=features,
            how=f"Cancel {service.name} with whoever bills you (see the cancel path).",
            based_on=[offer.regular.id] if offer else [],
            as_of=_as_of(offer),
        )
    )
    options.append(
        _option(
            "keep",
            before,
            before,
            currency,
            plan=plan.id if plan else None,
            kept=features,
            how="Nothing to do.",
            based_on=[offer.regular.id] if offer else [],
            as_of=_as_of(offer),
        )
    )
    # the person's own price is preferred: a graph price then speaks only for the options
    used = [None if price_paid is not None else offer]
    used += [cat.offers.get(o.offer) for o in options if o.offer]
    notes += _price_notes(cat, used, price_paid is not None)
    current = Current(
        service=service.id,
        plan=plan.id if plan else None,
        offer=offer.id if offer else None,
        billing_cycle=offer.billing_cycle if offer else billing_cycle,
        annual_cost=money(before),
        currency=currency,
        features=tuple(sorted(features)),
        prices_as_of=_as_of(offer),
    )
    return current, tuple(options), tuple(notes)
