"""Read the RDF graph into the typed catalogue the recommender works on.

Built once at load; every lookup afterwards is a dictionary access.
"""

import difflib
import re
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any, cast

from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, RDF, SKOS
from rdflib.term import Identifier

from .answer_text import answer_facts, fill_answer
from .model import (
    Alternative,
    Availability,
    Biller,
    CancelMethod,
    Caveat,
    Concept,
    Contact,
    Feature,
    KnownGap,
    Offer,
    Plan,
    Price,
    Question,
    Reason,
    ReasonLink,
    SalesChannel,
    Service,
    Source,
    StatementDescriptor,
    Step,
)
from .namespaces import ID, SCHEMA, SG, is_data_iri, short_id

__all__ = ["Catalogue", "UnknownId", "read_catalogue", "duration_months"]

#: A stale-able fact: a node with a :class:`~subgraph.graph.model.Source`.
Fact = Plan | Price | SalesChannel | CancelMethod | Caveat | Contact | StatementDescriptor | Availability


class UnknownId(KeyError):
    """No node of the asked kind has this id; carries close matches."""

    def __init__(self, kind: str, node_id: str, suggestions: Iterable[str]) -> None:
        self.kind, self.node_id, self.suggestions = kind, node_id, list(suggestions)
        hint = f"; did you mean {', '.join(repr(s) for s in self.suggestions)}?" if self.suggestions else ""
        super().__init__(f"unknown {kind} '{node_id}'{hint}")

    def __str__(self) -> str:
        return self.args[0]


class Catalogue:
    """Typed, indexed access to every node of the graph.

    Each kind is a dict from short id to dataclass (``services``, ``plans``,
    ``billers``, ``channels``, ``methods``, ``caveats``, ``contacts``,
    ``descriptors``, ``availability``, ``questions``, ``features``,
    ``reasons``, ``reason_links``, ``categories``, ``platforms``, ``alternatives``,
    ``offers``, ``prices``). Use :meth:`get` (or the per-kind helpers) for a
    lookup that fails with suggestions.
    """

    KINDS = (
        "services",
        "plans",
        "offers",
        "prices",
        "billers",
        "channels",
        "methods",
        "caveats",
        "contacts",
        "descriptors",
        "availability",
        "questions",
        "features",
        "reasons",
        "reason_links",
        "categories",
        "platforms",
        "effort_bases",
        "caveat_kinds",
        "alternatives",
        "gaps",
    )
    # one table per kind, set from KINDS in __init__
    services: dict[str, Service]
    plans: dict[str, Plan]
    offers: dict[str, Offer]
    prices: dict[str, Price]
    billers: dict[str, Biller]
    channels: dict[str, SalesChannel]
    methods: dict[str, CancelMethod]
    caveats: dict[str, Caveat]
    contacts: dict[str, Contact]
    descriptors: dict[str, StatementDescriptor]
    availability: dict[str, Availability]
    questions: dict[str, Question]
    features: dict[str, Feature]
    reasons: dict[str, Reason]
    reason_links: dict[str, ReasonLink]
    categories: dict[str, Concept]
    platforms: dict[str, Concept]
    effort_bases: dict[str, Concept]
    caveat_kinds: dict[str, Concept]
    alternatives: dict[str, Alternative]
    gaps: dict[str, KnownGap]

    def __init__(self, **kinds: dict[str, Any]) -> None:
        for kind in self.KINDS:
            setattr(self, kind, kinds.get(kind, {}))
        self.plans_by_service: dict[str, list[str]] = {}
        for plan in self.plans.values():
            self.plans_by_service.setdefault(plan.service, []).append(plan.id)
        for ids in self.plans_by_service.values():
            ids.sort(key=lambda pid: (self.plans[pid].tier is None, self.plans[pid].tier, pid))
        #: The caveat kinds of the "before you cancel" checklist, in the order a person acts on them.
        self.checklist_kinds = tuple(
            k.id
            for k in sorted(self.caveat_kinds.values(), key=lambda k: k.checklist_position or 0)
            if k.checklist_position is not None
        )
        self.links_by_reason: dict[str, list[ReasonLink]] = {}
        for link in self.reason_links.values():
            self.links_by_reason.setdefault(link.reason, []).append(link)
        # a feature counts for its broader ones too: unlimited VPN is a VPN
        self.broader = {f.id: set(f.broader) for f in self.features.values() if f.broader}
        self.services_by_category: dict[str, list[str]] = {}
        for service in self.services.values():
            for category in service.categories:
                self.services_by_category.setdefault(category, []).append(service.id)
        # Current plans' offers indexed for a service switch, cheapest first. Paid offers by
        # (category, region, currency): only those can be compared with what a person pays.
        # Free ones by (category, platform they are built into, or None for any platform).
        self.switch_offers: dict[tuple[str, str, str | None], list[tuple[Offer, Plan]]] = {}
        for plan in self.plans.values():
            if plan.status != "current" or plan.service not in self.services:
                continue
            service = self.services[plan.service]
            for category in service.categories:
                for offer in plan.offers:
                    if offer.regular.amount == 0:
                        keys = [(category, "free", p) for p in service.built_in_to or (None,)]
                    else:
                        keys = [(category, r, offer.regular.currency) for r in offer.regions]
                    for key in keys:
                        self.switch_offers.setdefault(key, []).append((offer, plan))
        for offers in self.switch_offers.values():
            offers.sort(key=lambda pair: (pair[0].annual_cost, pair[0].id))
        # What people in a region pay in, read off the prices: a price someone types
        # without a currency is in their region's (a US subscriber pays dollars).
        counts: dict[str, dict[str, int]] = {}
        for offer in self.offers.values():
            for region in offer.regions:
                by_currency = counts.setdefault(region, {})
                by_currency[offer.regular.currency] = by_currency.get(offer.regular.currency, 0) + 1
        self.currency_by_region = {region: max(sorted(c), key=c.__getitem__) for region, c in counts.items()}
        self.unavailable_in: dict[str, set[str]] = {}
        for service in self.services.values():
            for availability in (self.availability[a] for a in service.availability):
                if not availability.available:
                    for region in availability.regions:
                        self.unavailable_in.setdefault(region, set()).add(service.id)
        #: What the graph looked for and does not know, per service (see :class:`KnownGap`).
        self.gaps_by_service: dict[str, list[KnownGap]] = {}
        for gap in sorted(self.gaps.values(), key=lambda g: g.id):
            self.gaps_by_service.setdefault(gap.service, []).append(gap)
        dated = [src.checked_on for src in self.sources()]
        self.newest_check: date | None = max(dated) if dated else None

    def get(self, kind: str, node_id: str) -> Any:
        """Return the node of `kind` with `node_id`, or raise :class:`UnknownId`.

        Examples
        --------
        >>> from subgraph import load_graph
        >>> cat = load_graph().catalogue
        >>> cat.get("services", "norton").name
        'Norton'
        >>> cat.get("services", "nortn")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        subgraph.graph.catalogue.UnknownId: unknown service 'nortn'; did you mean 'norton'...?
        """
        table = getattr(self, kind)
        try:
            return table[node_id]
        except KeyError:
            singular = kind[:-1] if kind.endswith("s") else kind
            raise UnknownId(singular, node_id, difflib.get_close_matches(str(node_id), table, n=3)) from None

    def service(self, node_id: str) -> Service:
        """The service with this id (see :meth:`get`)."""
        return self.get("services", node_id)

    def plans_of(self, service_id: str) -> list[Plan]:
        """The plans of a service, cheapest tier first."""
        return [self.plans[pid] for pid in self.plans_by_service.get(service_id, [])]

    def sources(self) -> Iterator[Source]:
        """Every :class:`~subgraph.graph.model.Source` of a stale-able fact, one per fact."""
        for kind in ("plans", "prices", "channels", "methods", "caveats", "contacts", "descriptors", "availability"):
            for node in getattr(self, kind).values():
                yield node.source

    def facts(self) -> Iterator[tuple[str, Fact]]:
        """Pairs (kind, node) of every stale-able fact."""
        for kind in ("plans", "prices", "channels", "methods", "caveats", "contacts", "descriptors", "availability"):
            for node in getattr(self, kind).values():
                yield kind, node


_DURATION = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$")


def duration_months(duration: object) -> int:
    """Whole months in an ``xsd:duration`` billing period.

    Examples
    --------
    >>> duration_months("P1Y"), duration_months("P1M"), duration_months("P2Y"), duration_months("P1Y6M")
    (12, 1, 24, 18)
    """
    match = _DURATION.match(str(duration))
    if not match or not any(match.groups()):
        raise ValueError(f"not a billing duration: {duration!r}")
    years, months, weeks, days = (int(g or 0) for g in match.groups())
    total = years * 12 + months + round((weeks * 7 + days) / 30)
    if total < 1:
        raise ValueError(f"billing duration shorter than a month: {duration!r}")
    return total


def read_catalogue(rdf: Graph) -> Catalogue:
    """Read the validated RDF graph into a :class:`Catalogue`.

    Examples
    --------
    >>> from subgraph import load_graph
    >>> kg = load_graph()
    >>> len(read_catalogue(kg.rdf).services) == len(kg.catalogue.services)
    True
    """
    return _Reader(rdf).catalogue()


class _Reader:
    def __init__(self, rdf: Graph) -> None:
        self.g = rdf
        self._sources: dict = {}  # one Source per page node, shared by the facts citing it

    # -- small accessors -------------------------------------------------
    def _one(self, node, prop):
        value = self.g.value(node, prop)
        if value is None:
            return None
        return value.toPython() if isinstance(value, Literal) else value

    def _str(self, node, prop):
        value = self.g.value(node, prop)
        return None if value is None else str(value)

    def _ids(self, node, prop):
        return tuple(sorted(short_id(o) for o in self.g.objects(node, prop) if is_data_iri(o)))

    def _id(self, node, prop):
        value = self.g.value(node, prop)
        return short_id(value) if is_data_iri(value) else None

    def _strs(self, node, prop):
        return tuple(sorted(str(o) for o in self.g.objects(node, prop)))

    def _instances(self, cls):
        return sorted(s for s in set(self.g.subjects(RDF.type, cls)) if is_data_iri(s))

    def _source(self, node):
        """The page a fact cites (its ``dcterms:source``, an ``sg:Source`` node)."""
        page = self.g.value(node, DCTERMS.source)
        if page not in self._sources:
            self._sources[page] = Source(
                url=self._str(page, SCHEMA.url),
                kind=self._id(page, SG.sourceKind),
                checked_on=self._one(page, SG.checkedOn),
                source_date=self._one(page, SG.sourceDate),
                id=short_id(page),
            )
        return self._sources[page]

    # -- kinds ----------------------------------------------------------
    def catalogue(self):
        prices = {short_id(n): self._price(n) for n in self._instances(SCHEMA.UnitPriceSpecification)}
        offers = {short_id(n): self._offer(n, prices) for n in self._instances(SCHEMA.Offer)}
        methods = {short_id(n): self._method(n) for n in self._instances(SG.CancelMethod)}
        contacts = {c.id: c for m in methods.values() for c in m.contacts}
        return Catalogue(
            services={short_id(n): self._service(n) for n in self._services()},
            plans={short_id(n): self._plan(n, offers) for n in self._instances(SG.Plan)},
            offers=offers,
            prices=prices,
            methods=methods,
            contacts=contacts,
            billers={short_id(n): self._biller(n) for n in self._instances(SG.Biller)},
            channels={short_id(n): self._channel(n) for n in self._instances(SG.SalesChannel)},
            caveats={short_id(n): self._caveat(n) for n in self._instances(SG.Caveat)},
            descriptors={short_id(n): self._descriptor(n) for n in self._instances(SG.StatementDescriptor)},
            availability={short_id(n): self._availability(n) for n in self._instances(SG.Availability)},
            questions={short_id(n): self._question(n) for n in self._instances(SCHEMA.Question)},
            features={
                short_id(n): Feature(
                    short_id(n),
                    self._str(n, SKOS.prefLabel),
                    self._strs(n, SKOS.altLabel),
                    self._ids(n, SKOS.broader),
                    phrases=self._strs(n, SG.examplePhrase),
                )
                for n in self._instances(SG.Feature)
            },
            reasons={
                short_id(n): Reason(short_id(n), self._str(n, SKOS.prefLabel), self._strs(n, SG.examplePhrase))
                for n in self._instances(SG.Reason)
            },
            reason_links={
                short_id(n): ReasonLink(
                    short_id(n),
                    self._id(n, SG.reason),
                    self._id(n, SG.action),
                    self._one(n, SG.weight),
                    self._str(n, SCHEMA.description),
                )
                for n in self._instances(SG.ReasonLink)
            },
            categories=self._concepts("categories"),
            platforms=self._concepts("platforms"),
            effort_bases=self._concepts("effort-bases"),
            caveat_kinds=self._concepts("caveat-kinds"),
            alternatives={
                short_id(n): Alternative(
                    short_id(n),
                    self._id(n, SG.alternativeTo),
                    self._id(n, SG.action),
                    self._id(n, SG.toService),
                    self._id(n, SG.toPlan),
                    self._str(n, SCHEMA.description),
                )
                for n in self._instances(SG.Alternative)
            },
            gaps={
                short_id(n): KnownGap(
                    id=short_id(n),
                    service=self._id(n, SG.gapAbout),
                    kind=self._id(n, SG.gapKind),
                    description=self._str(n, SCHEMA.description),
                    last_searched=self._one(n, SG.lastSearched),
                    searched_in=self._strs(n, SG.searchedIn),
                    regions=self._strs(n, SG.region),
                    nodes=self._ids(n, SG.gapNode),
                )
                for n in self._instances(SG.KnownGap)
            },
        )

    def _concepts(self, scheme):
        return {
            short_id(n): Concept(
                short_id(n),
                self._str(n, SKOS.prefLabel),
                self._strs(n, SKOS.altLabel),
                self._str(n, SKOS.definition),
                self._strs(n, SG.examplePhrase),
                self._one(n, SG.checklistPosition),
            )
            # the terms of a graph are Identifiers, which rdflib orders (its stubs say only Node)
            for n in sorted(cast(Iterator[Identifier], self.g.subjects(SKOS.inScheme, ID[scheme])))
        }

    def _services(self):
        # Plans are schema:Service by rdfs:subClassOf only; services and bundles say so themselves.
        typed = set(self.g.subjects(RDF.type, SCHEMA.Service)) | set(self.g.subjects(RDF.type, SG.Bundle))
        return sorted(s for s in typed if is_data_iri(s) and (s, RDF.type, SG.Plan) not in self.g)

    def _service(self, n):
        sid = short_id(n)
        return Service(
            id=sid,
            name=self._str(n, SCHEMA.name),
            aliases=self._strs(n, SCHEMA.alternateName),
            provider=self._id(n, SCHEMA.provider),
            categories=self._ids(n, SCHEMA.category),
            channels=self._ids(n, SG.soldThrough),
            plans=tuple(sorted(short_id(p) for p in self.g.subjects(SG.planOf, n))),
            caveats=self._ids(n, SG.caveat),
            reasons=self._ids(n, SG.commonReason),
            related=self._ids(n, SCHEMA.isRelatedTo),
            built_in_to=self._ids(n, SG.builtInTo),
            availability=self._ids(n, SG.availability),
            questions=tuple(sorted(short_id(q) for q in self.g.subjects(SG.about, n))),
            url=self._str(n, SCHEMA.url),
            description=self._str(n, SCHEMA.description),
            includes=self._ids(n, SG.includesService),
            included_in=tuple(sorted(short_id(b) for b in self.g.subjects(SG.includesService, n))),
        )

    def _price(self, n):
        duration = self._str(n, SCHEMA.billingDuration)
        return Price(
            id=short_id(n),
            amount=self._one(n, SCHEMA.price),
            currency=self._str(n, SCHEMA.priceCurrency),
            billing_duration=duration,
            months=duration_months(duration),
            kind="intro" if self._id(n, SG.priceKind) == "intro-price" else "regular",
            regions=self._strs(n, SG.region),
            source=self._source(n),
        )

    def _offer(self, n, prices):
        specs = [prices[short_id(p)] for p in self.g.objects(n, SCHEMA.priceSpecification)]
        regular = [p for p in specs if p.kind == "regular"]
        intro = [p for p in specs if p.kind == "intro"]
        if len(regular) != 1 or len(intro) > 1:
            raise ValueError(f"offer {short_id(n)} needs one regular and at most one intro price")
        return Offer(
            id=short_id(n),
            plan=self._id(n, SCHEMA.itemOffered),
            regions=self._strs(n, SG.region),
            devices=self._one(n, SG.devices),
            regular=regular[0],
            intro=intro[0] if intro else None,
            status="superseded" if self._id(n, SG.priceStatus) == "superseded-price" else "current",
            channel=self._id(n, SG.channel),
            superseded_by=self._id(n, SG.supersededBy),
            valid_through=self._one(n, SCHEMA.validThrough),
            note=self._str(n, SCHEMA.description),
        )

    def _plan(self, n, offers):
        pid = short_id(n)
        return Plan(
            id=pid,
            name=self._str(n, SCHEMA.name),
            service=self._id(n, SG.planOf),
            status=self._id(n, SG.planStatus),
            tier=self._one(n, SG.tier),
            features=frozenset(self._ids(n, SG.feature)),
            succeeded_by=self._ids(n, SG.succeededBy),
            # what anyone in the region pays now; superseded and channel-only prices apart
            offers=tuple(o for o in offers.values() if o.plan == pid and not o.superseded and o.channel is None),
            source=self._source(n),
            description=self._str(n, SCHEMA.description),
            superseded_offers=tuple(o for o in offers.values() if o.plan == pid and o.superseded),
            channel_offers=tuple(o for o in offers.values() if o.plan == pid and not o.superseded and o.channel),
            regions=self._strs(n, SG.region),
        )

    def _method(self, n):
        steps = sorted(
            (
                Step(
                    position=self._one(s, SCHEMA.position),
                    text=self._str(s, SCHEMA.text),
                    url=self._str(s, SCHEMA.url),
                    name=self._str(s, SCHEMA.name),
                )
                for s in self.g.objects(n, SCHEMA.step)
            ),
            key=lambda s: s.position,
        )
        contacts = tuple(
            Contact(
                id=short_id(c),
                telephone=self._str(c, SCHEMA.telephone),
                url=self._str(c, SCHEMA.url),
                hours=self._str(c, SG.hours),
                contact_type=self._str(c, SCHEMA.contactType),
                regions=self._strs(c, SG.region),
                source=self._source(c),
            )
            for c in sorted(cast(Iterator[Identifier], self.g.objects(n, SG.contact)))
        )
        return CancelMethod(
            id=short_id(n),
            name=self._str(n, SCHEMA.name),
            kind=self._id(n, SG.methodKind),
            min_minutes=self._one(n, SG.minMinutes),
            max_minutes=self._one(n, SG.maxMinutes),
            steps=tuple(steps),
            contacts=contacts,
            platforms=self._ids(n, SG.platform),
            regions=self._strs(n, SG.region),
            caveats=self._ids(n, SG.caveat),
            source=self._source(n),
            url=self._str(n, SCHEMA.url),
            description=self._str(n, SCHEMA.description),
            effort_basis=self._id(n, SG.effortBasis) or "our-estimate",
        )

    def _biller(self, n):
        return Biller(
            id=short_id(n),
            name=self._str(n, SCHEMA.name),
            aliases=self._strs(n, SCHEMA.alternateName),
            url=self._str(n, SCHEMA.url),
            methods=self._ids(n, SG.cancelMethod),
            descriptors=self._ids(n, SG.statementDescriptor),
            caveats=self._ids(n, SG.caveat),
        )

    def _channel(self, n):
        return SalesChannel(
            id=short_id(n),
            name=self._str(n, SCHEMA.name),
            kind=self._id(n, SG.channelKind),
            biller=self._id(n, SG.biller),
            regions=self._strs(n, SG.region),
            platforms=self._ids(n, SG.platform),
            caveats=self._ids(n, SG.caveat),
            methods=self._ids(n, SG.cancelMethod),
            source=self._source(n),
            description=self._str(n, SCHEMA.description),
        )

    def _caveat(self, n):
        return Caveat(
            id=short_id(n),
            name=self._str(n, SCHEMA.name),
            description=self._str(n, SCHEMA.description),
            kind=self._id(n, SG.caveatKind),
            refund_days=self._one(n, SG.refundDays),
            regions=self._strs(n, SG.region),
            source=self._source(n),
        )

    def _descriptor(self, n):
        return StatementDescriptor(
            id=short_id(n),
            pattern=self._str(n, SG.pattern),
            regions=self._strs(n, SG.region),
            source=self._source(n),
            description=self._str(n, SCHEMA.description),
        )

    def _availability(self, n):
        return Availability(
            id=short_id(n),
            regions=self._strs(n, SG.region),
            available=bool(self._one(n, SG.available)),
            since=self._one(n, SG.since),
            source=self._source(n),
            description=self._str(n, SCHEMA.description),
        )

    def _question(self, n):
        answer = self.g.value(n, SCHEMA.acceptedAnswer)
        template = self._str(answer, SCHEMA.text)
        return Question(
            id=short_id(n),
            service=self._id(n, SG.about),
            question=self._str(n, SCHEMA.name),
            answer=fill_answer(self.g, template),
            # a fact a placeholder names is a fact the answer rests on: it need not be listed twice
            based_on=tuple(sorted(set(self._ids(answer, SG.basedOn)) | set(answer_facts(template)))),
        )
