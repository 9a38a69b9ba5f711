"""Every cheaper way to keep what is needed: derived from plans and prices.

A downgrade is a cheaper current plan of the same service; a billing-cycle
switch is another offer of the same plan; a service switch is a service of
the same category. None of these is stated in the graph: they are derived
from plans, features and prices, so they never disagree with them.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import partial
from itertools import islice
from types import MappingProxyType
from typing import Any, NamedTuple

from ..answers import Alternatives, Current, Note, Option, ResolvedInputs, assembled, money, note
from ..graph.catalogue import Catalogue
from ..graph.loader import KnowledgeGraph
from ..graph.model import Offer, Plan, Service
from .cancel import identify_biller
from .question import Question, resolve_question

__all__ = [
    "alternatives",
    "priced_options",
    "priced_option_values",
    "unpriced_options",
    "UnpricedOptions",
    "current_offer",
    "price_notes",
    "covers",
    "CYCLE_MONTHS",
]

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


def price_notes(cat: Catalogue, offer: Offer, region: str, *, ask_price: bool = False) -> tuple[Note, ...]:
    """What an answer that uses `offer` must say of its price: never used silently.

    Parameters
    ----------
    cat : Catalogue
    offer : Offer
        A price an answer uses (a current cost, an option's, a bundle's).
    region : str
        The question's region: a price of another region is said to be one.
    ask_price : bool
        Ask for the price paid where the graph's is out of date (when none was given).

    Returns
    -------
    tuple of Note
        ``last-sourced-price`` (it has been raised since) or ``undated-price``
        (its page gives no date), and ``price-of-other-region``; none for a
        dated price of the region, or for a free plan.

    Examples
    --------
    >>> from subgraph import load_graph
    >>> cat = load_graph().catalogue
    >>> [n.code for n in price_notes(cat, cat.offers["netflix-standard-us-p1m"], "GB")]
    ['price-of-other-region']
    >>> price_notes(cat, cat.offers["netflix-standard-us-p1m"], "US")
    ()
    """
    price = offer.regular
    # a free plan's price is not what a saving rests on, and saying so for each would bury the rest
    if price.amount <= 0:
        return ()
    amount = f"{money(price.amount)} {price.currency} ({offer.billing_cycle}) for {cat.plans[offer.plan].name}"
    age = _age_note(offer, amount, ask_price)
    if region in offer.regions:
        return (age,) if age else ()
    regions = ", ".join(offer.regions)
    elsewhere = note(
        "price-of-other-region",
        f"{amount} is a price in {regions}: the graph has none for {region}, where it may differ.",
        offer=offer.id,
        plan=offer.plan,
        region=region,
        priced_in=regions,
    )
    return (age, elsewhere) if age else (elsewhere,)


def _age_note(offer: Offer, amount: str, ask_price: bool) -> Note | None:
    """What to say of a price raised since it was sourced, or read from a page with no date."""
    source = offer.regular.source
    if offer.superseded:
        return note(
            "last-sourced-price",
            f"{amount} is the last sourced price, {source.as_of.year}: "
            f"it has been raised since, so the real cost is likely higher. {offer.note or ''}".strip()
            + (" Give the price you pay for an exact answer." if ask_price else ""),
            offer=offer.id,
            plan=offer.plan,
            year=source.as_of.year,
            as_of=source.as_of.isoformat(),
        )
    if source.source_date is None:
        return note(
            "undated-price",
            f"{amount} is from a page that gives no date, read on {source.checked_on}: "
            f"last sourced price, {source.checked_on.year}.",
            offer=offer.id,
            plan=offer.plan,
            year=source.checked_on.year,
            checked_on=source.checked_on.isoformat(),
        )
    return None


def _as_of(*offers: Offer | None) -> date | None:
    dates = [o.regular.source.as_of for o in offers if o is not None]
    return min(dates) if dates else None


class _Candidate(NamedTuple):
    """An option before the price paid is known: its cost after, and every field of it that does not change."""

    after: Decimal | None
    #: a free plan is cheaper whatever is paid, even a price the graph does not know
    free: bool
    #: the :class:`Option`'s fields, the cost before and the saving left None; a dict, since ``**``
    #: reads one twice as fast as a read-only view, and never changed: each priced option copies it
    fields: dict[str, Any]


def _candidate(
    action,
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
    fields = {
        "action": action,
        "plan": plan,
        "service": service,
        "offer": offer.id if offer else None,
        "billing_cycle": offer.billing_cycle if offer else None,
        # the costs before and the saving, set by _priced: here so that every field is in its declared place
        "annual_cost_before": None,
        "annual_cost_after": money(after),
        "annual_saving": None,
        "currency": currency,
        "features_lost": tuple(sorted(lost)),
        "features_kept": tuple(sorted(kept)),
        "how": how,
        "prices_as_of": as_of,
        "based_on": tuple(based_on),
        "note": note,
        "built_in_to": tuple(built_in_to),
    }
    return _Candidate(after, bool(offer and offer.regular.amount == 0), fields)


def _option(candidate: _Candidate, before: Decimal | None, before_money: float | None) -> dict[str, Any]:
    """The field values of an :class:`Option`, priced: a scored option is made from them without an Option first."""
    after = candidate.after
    saving = (before - after).quantize(_CENT) if before is not None and after is not None else None
    return {**candidate.fields, "annual_cost_before": before_money, "annual_saving": money(saving)}


#: How many other services a recommendation proposes at most.
MAX_SERVICE_SWITCHES = 3
#: How many of a category's cheapest offers a service switch looks at, at most.
#: The list is sorted by cost at load, so these are the best candidates; the
#: bound keeps a request's work the same however large the category grows.
SWITCH_SCAN_LIMIT = 64


def _service_switches(cat, service, currency, features, needs, region, offer, platform, label):
    """Every plan of another service in the category that covers the needs, in the order a switch prefers them.

    Reads the pre-sorted offers that can apply (free ones for the platform,
    paid ones in the region and currency paid) cheapest first, at most
    :data:`SWITCH_SCAN_LIMIT` of them per category, so the work does not grow
    with the catalogue. Which of them cost less than what is paid, and the
    first :data:`MAX_SERVICE_SWITCHES` services among those, is decided once
    the price paid is known (:func:`_priced`).
    """
    unavailable = cat.unavailable_in.get(region, set())
    platforms = (None, platform) if platform else (None, *cat.platforms)
    found = []
    for category in service.categories:
        lists = [cat.switch_offers.get((category, "free", p), ()) for p in platforms]
        lists.append(cat.switch_offers.get((category, region, currency), ()) if currency else ())
        read = 0
        for candidates in lists:
            for o, plan in islice(candidates, SWITCH_SCAN_LIMIT - read):
                read += 1
                if plan.service != service.id and plan.service not in unavailable and covers(cat, plan.features, needs):
                    found.append(
                        _candidate(
                            "switch_service",
                            o.annual_cost,
                            label(o),
                            plan=plan.id,
                            service=plan.service,
                            offer=o,
                            lost=features - plan.features,
                            kept=features & plan.features,
                            how=f"Start {plan.name}, then cancel {service.name}.",
                            based_on=[plan.id, o.regular.id],
                            as_of=_as_of(offer, o),
                            note="free" if o.regular.amount == 0 else None,
                            built_in_to=cat.services[plan.service].built_in_to,
                        )
                    )
    return found


def alternatives(kg: KnowledgeGraph, question: Question) -> Alternatives:
    """Every way to pay less and still cover the needs, plus cancel and keep.

    Parameters
    ----------
    kg : KnowledgeGraph
    question : Question
        The service and plan the person is on (a plan is needed for
        downgrades and cycle switches; with none given, the only plan the
        graph prices at that cycle or price is assumed, and a note says so),
        the price paid (else the graph's regular, renewal, price) and its
        currency (only prices in it are set against it), the needs
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
    """The current cost and every option of a question whose text is resolved.

    What does not depend on the amount paid is worked out once per question
    without it and remembered; a new amount only prices those options, so a
    question asked again with another price costs little.
    """
    current, values, notes = priced_option_values(kg, question, resolved)
    return current, tuple(assembled(Option, v) for v in values), notes


def priced_option_values(
    kg: KnowledgeGraph, question: Question, resolved: ResolvedInputs
) -> tuple[Current, tuple[dict[str, Any], ...], tuple[Note, ...]]:
    """:func:`priced_options` with each option as its field values, in their declared order.

    For callers that make their own answer of an option (a scored option,
    :meth:`subgraph.decide.score.OptionScorer.score_values`), so no
    :class:`Option` is made only to be copied.
    """
    return unpriced_options(kg, question, resolved).priced(question.price_paid)


def unpriced_options(kg: KnowledgeGraph, question: Question, resolved: ResolvedInputs) -> "UnpricedOptions":
    """A question's options before the amount paid is known, remembered per question without it.

    Parameters
    ----------
    kg : KnowledgeGraph
    question : Question
        Whether it gives an amount counts (with none, the graph's price is used
        and said to be), and the amount's currency (only prices in it are set
        against it); what the amount is does not, until
        :meth:`UnpricedOptions.priced`.
    resolved : ResolvedInputs
        The question's text read as graph ids (:func:`resolve_question`).

    Returns
    -------
    UnpricedOptions

    Examples
    --------
    >>> from subgraph import load_graph
    >>> kg, question = load_graph(), Question(service="norton", billing_cycle="monthly", price_paid=9.99)
    >>> options = unpriced_options(kg, question, resolve_question(kg, question))
    >>> current, found, notes = options.priced(12.99)
    >>> current.annual_cost, [o["annual_saving"] for o in found if o["action"] == "cancel"]
    (155.88, [155.88])
    """
    channel = None
    if question.purchased_via:
        # a seller's own price applies only to what was bought there
        service = kg.catalogue.services[resolved.service.id]
        channel = identify_biller(kg, service, question.purchased_via)["channel"]
    return kg.answers.get(
        "alternatives",
        _unpriced_options,
        kg,
        resolved.service.id,
        resolved.plan.id if resolved.plan else None,
        question.billing_cycle,
        question.price_paid is not None,
        # only an amount has a currency: without one, the graph's prices say theirs
        question.currency if question.price_paid is not None else None,
        frozenset(n.id for n in resolved.needs),
        question.region,
        resolved.platform.id if resolved.platform else None,
        channel,
    )


@dataclass(frozen=True)
class UnpricedOptions:
    """A question's options before the amount paid is known: :meth:`priced` prices them for one amount.

    With no plan given, an amount may point to the one plan priced at it (the
    assumed plan); the options of each plan are worked out when an amount
    first points to it, and remembered.
    """

    #: the options with a given plan, or with none (remembered per plan)
    options_of: Callable[[str | None], "_Unpriced"]
    #: the plan given, if one was
    plan: str | None
    #: with no plan given: each current plan and the amounts it is sold at in the region
    plan_prices: tuple[tuple[Plan, tuple[Decimal, ...]], ...] | None
    #: what the note on an assumed plan names
    service_name: str
    billing_cycle: str | None
    region: str

    def priced(self, price_paid: float | None) -> tuple[Current, tuple[dict[str, Any], ...], tuple[Note, ...]]:
        """The current cost, each option's field values in their declared order, and the notes, for this amount."""
        amount = None if price_paid is None else Decimal(str(price_paid))
        if self.plan_prices is None:
            return _priced(self.options_of(self.plan), amount, None)
        matching = [
            plan
            for plan, amounts in self.plan_prices
            if amount is None or any(abs(a - amount) < _CENT for a in amounts)
        ]
        if len(matching) != 1:
            return _priced(self.options_of(None), amount, None)
        assumed = matching[0]
        return _priced(
            self.options_of(assumed.id),
            amount,
            note(
                "assumed-plan",
                f"No plan was given, so this assumes {assumed.name}: it is the only plan of {self.service_name} "
                f"the graph prices"
                + (f" at {amount}" if amount is not None else "")
                + (f" {self.billing_cycle}" if self.billing_cycle else "")
                + f" in {self.region}. Say which plan you have if it is another.",
                plan=assumed.id,
                service=assumed.service,
            ),
        )


def _unpriced_options(
    kg, service_id, plan_id, billing_cycle, price_given, paid_in, needs, region, platform, channel
) -> UnpricedOptions:
    options_of = partial(
        kg.answers.get,
        "alternatives",
        _unpriced,
        kg,
        service_id,
        billing_cycle,
        price_given,
        paid_in,
        needs,
        region,
        platform,
        channel,
    )
    name = kg.catalogue.services[service_id].name
    plan_prices = (
        None if plan_id is not None else _regional_prices(kg, service_id, billing_cycle, region, channel, paid_in)
    )
    return UnpricedOptions(options_of, plan_id, plan_prices, name, billing_cycle, region)


def _regional_prices(kg, service_id, billing_cycle, region, channel, paid_in):
    """Each current plan of the service with the amounts it is sold at in the region (paid ones only).

    With the currency of the amount paid given, only prices in it count.
    """
    months = CYCLE_MONTHS.get(billing_cycle) if billing_cycle else None
    priced = []
    for plan in kg.catalogue.plans_of(service_id):
        if plan.status != "current":
            continue
        # only a price of the person's region can say which plan they pay for
        amounts = tuple(
            o.regular.amount
            for o in _offers(plan, region, months, channel)
            if o.regular.amount > 0 and region in o.regions and paid_in in (None, o.regular.currency)
        )
        if amounts:
            priced.append((plan, amounts))
    return tuple(priced)


@dataclass(frozen=True)
class _Unpriced:
    """A question's options before the amount paid is known: every cost but the current one."""

    offer: Offer | None
    months: int | None
    #: the :class:`Current`'s fields, the annual cost left None (a dict for ``**``, as in :class:`_Candidate`)
    current: dict[str, Any]
    #: notes that hold whatever the amount (an introductory price, no price)
    notes: tuple[Note, ...]
    downgrades: tuple[_Candidate, ...]
    cycle_switches: tuple[_Candidate, ...]
    service_switches: tuple[_Candidate, ...]
    cancel: _Candidate
    keep: _Candidate
    #: offer id -> what to say of its price, for each offer an answer may use
    price_notes: Mapping[str, tuple[Note, ...]]


def _unpriced(
    kg, service_id, billing_cycle, price_given, paid_in, needs, region, platform, channel, plan_id
) -> _Unpriced:
    cat = kg.catalogue
    service = cat.service(service_id)
    plan = cat.plans[plan_id] if plan_id else None
    offer = current_offer(plan, billing_cycle, region, channel=channel) if plan else None
    last = _last_sourced_offer(plan, billing_cycle, region) if plan and offer is None else None
    if not price_given and last is not None:
        # what was last sourced is a floor of what is paid now: used, and said to be so
        offer = last
    # a raised price still tells how often the plan is billed
    months = CYCLE_MONTHS.get(billing_cycle) or next((o.months for o in (offer, last) if o), None)
    currency = offer.regular.currency if offer else None
    notes = []
    if price_given:
        # what is paid is in the currency given, else the region's: a price of another region (the graph
        # has none in this one) is not compared with it, and a currency the graph does not know is left unsaid
        local = offer is not None and region in offer.regions
        paid = paid_in or (currency if local else cat.currency_by_region.get(region))
        if offer is not None and paid != currency:
            notes.append(_other_currency(cat, offer, region, paid))
        elif paid is None and months:  # with no period the amount is not used at all, and that is said
            notes.append(_no_currency(region))
        currency = paid
        # with no plan, only the region's prices in the currency paid, at any cycle, can say which plan it is
        if (
            plan is None
            and paid is not None
            and months
            and not _regional_prices(kg, service.id, None, region, channel, paid)
        ):
            notes.append(_no_price_in(service, paid, region))

    def label(o: Offer) -> str | None:
        # an option's saving is in what is paid: a free offer's own currency says nothing of it
        return currency if price_given else currency or o.regular.currency

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
    if plan and offer is None and not price_given:
        notes.append(
            note(
                "no-price",
                f"The graph has no price for {plan.name}; savings need price_paid.",
                plan=plan.id,
            )
        )
    downgrades = []
    cycle_switches = []
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
            if cheaper:
                o = cheaper[0]
                downgrades.append(
                    _candidate(
                        "downgrade",
                        o.annual_cost,
                        label(o),
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
                    and (o.devices or 0) >= (offer.devices or 0)
                ):
                    cycle_switches.append(
                        _candidate(
                            "switch_billing_cycle",
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
    switches = _service_switches(cat, service, currency, features, needs, region, offer, platform, label=label)
    based_on = [offer.regular.id] if offer else []
    offers = {o.id: o for o in (offer,) if o and not price_given}
    offers |= {c.fields["offer"]: cat.offers[c.fields["offer"]] for c in (*downgrades, *cycle_switches, *switches)}
    notes_of = {i: n for i, o in offers.items() if (n := price_notes(cat, o, region, ask_price=not price_given))}
    return _Unpriced(
        offer=offer,
        months=months,
        current={
            "service": service.id,
            "plan": plan.id if plan else None,
            "offer": offer.id if offer else None,
            "billing_cycle": offer.billing_cycle if offer else billing_cycle,
            "annual_cost": None,  # set by _priced: here so that every field is in its declared place
            "currency": currency,
            "features": tuple(sorted(features)),
            "prices_as_of": _as_of(offer),
        },
        notes=tuple(notes),
        downgrades=tuple(downgrades),
        cycle_switches=tuple(cycle_switches),
        service_switches=tuple(switches),
        cancel=_candidate(
            "cancel",
            None,
            currency,
            lost=features,
            how=f"Cancel {service.name} with whoever bills you (see the cancel path).",
            based_on=based_on,
            as_of=_as_of(offer),
        ),
        keep=_candidate(
            "keep",
            None,
            currency,
            plan=plan.id if plan else None,
            kept=features,
            how="Nothing to do.",
            based_on=based_on,
            as_of=_as_of(offer),
        ),
        price_notes=MappingProxyType(notes_of),
    )


def _other_currency(cat: Catalogue, offer: Offer, region: str, paid: str | None) -> Note:
    """What is paid cannot be set against prices in another currency: only free options and cancelling are."""
    price = offer.regular
    return note(
        "price-in-other-currency",
        f"The graph prices {cat.plans[offer.plan].name} in {price.currency} "
        f"({', '.join(offer.regions)}), not in {paid or f'the currency of {region}'}: what you pay is "
        "set only against free options and cancelling, not against those prices."
        + (f" If you pay in {price.currency}, give currency with price_paid." if paid is None else ""),
        offer=offer.id,
        currency=price.currency,
        region=region,
    )


def _no_currency(region: str) -> Note:
    """An amount in no currency known (none given, none the graph knows for the region) is compared with no price."""
    return note(
        "no-currency",
        f"The graph knows no currency for {region}: what you pay is set only against free options and "
        "cancelling. Give currency with price_paid to set it against prices in that currency.",
        region=region,
    )


def _no_price_in(service: Service, paid: str, region: str) -> Note:
    """With no plan given, an amount in a currency none of the service's prices in the region is in: no plan."""
    return note(
        "no-price-in-currency",
        f"The graph has no price of {service.name} in {paid} for {region}: what you pay says nothing of which "
        f"plan you have, and is set only against other services' prices in {paid}, free options and cancelling.",
        service=service.id,
        currency=paid,
        region=region,
    )


def _unused_amount(price_paid: Decimal) -> Note:
    """An amount paid that says no period: never used silently, as if it were a year's or a month's."""
    return note(
        "price-without-cycle",
        f"The price you pay, {price_paid}, is not used: nothing says how often you pay it "
        "(no billing cycle, and no plan whose price says it). Give billing_cycle (monthly or annual) with it.",
        price_paid=money(price_paid),
    )


def _priced(
    unpriced: _Unpriced, price_paid: Decimal | None, assumed: Note | None
) -> tuple[Current, tuple[dict[str, Any], ...], tuple[Note, ...]]:
    """The options a question's amount paid leaves, priced."""
    offer, months = unpriced.offer, unpriced.months
    before: Decimal | None
    if price_paid is not None and months:
        before = (price_paid * 12 / months).quantize(_CENT)
    else:
        before = offer.annual_cost if offer else None
    before_money = money(before)
    options = [
        _option(c, before, before_money)
        for c in unpriced.downgrades
        if c.free or (before is not None and c.after is not None and c.after < before)
    ]
    options += [
        _option(c, before, before_money)
        for c in unpriced.cycle_switches
        if before is not None and c.after is not None and c.after < before
    ]
    switched: set[str] = set()
    for c in unpriced.service_switches:
        if len(switched) >= MAX_SERVICE_SWITCHES:
            break
        if (before is None or (c.after is not None and c.after < before)) and c.fields["service"] not in switched:
            switched.add(c.fields["service"])
            options.append(_option(c, before, before_money))
    # cancelling leaves nothing to pay and saves it all; keeping saves nothing (with no cost known, neither is)
    nothing = 0.0 if before is not None else None
    cost = {"annual_cost_before": before_money}
    options.append(unpriced.cancel.fields | cost | {"annual_cost_after": nothing, "annual_saving": before_money})
    options.append(unpriced.keep.fields | cost | {"annual_cost_after": before_money, "annual_saving": nothing})
    # the person's own price is preferred: a graph price then speaks only for the options
    used = [offer.id] if offer and price_paid is None else []
    used += [o["offer"] for o in options if o["offer"]]
    notes = (
        *((assumed,) if assumed else ()),
        *unpriced.notes,
        *((_unused_amount(price_paid),) if price_paid is not None and not months else ()),
        *(n for o in dict.fromkeys(used) if o in unpriced.price_notes for n in unpriced.price_notes[o]),
    )
    current = assembled(Current, {**unpriced.current, "annual_cost": before_money})
    return current, tuple(options), notes
