"""Check the graph: the SHACL shapes, then what SHACL cannot say."""

from collections import defaultdict
from datetime import date
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SH

from ..problems import Problem
from .answer_text import answer_problems
from .namespaces import ID, SCHEMA, SG, is_data_iri, short_id

__all__ = ["validate_rdf"]

ID_REGULAR, ID_OFFICIAL, ID_TERMS_COPY, ID_PRESS = (ID["regular-price"], ID["official"], ID["terms-copy"], ID["press"])
ID_SUPERSEDED = ID["superseded-price"]


def validate_rdf(data: Graph, shapes: Graph, *, today: date | None = None) -> list[Problem]:
    """Return every problem of the data graph, or an empty list.

    Parameters
    ----------
    data : rdflib.Graph
        Data and ontology (the ontology's ``rdfs:subClassOf`` lets a shape
        that targets ``schema:Service`` see plans too).
    shapes : rdflib.Graph
        The SHACL shapes.
    today : datetime.date, optional
        No fact may be checked after this day.

    Returns
    -------
    list of Problem
        Located by focus node only; :func:`subgraph.graph.loader.load_graph` adds
        file and line.

    Examples
    --------
    >>> from rdflib import Graph
    >>> validate_rdf(Graph(), Graph())
    []
    """
    today = today or date.today()
    problems = _shacl_problems(data, shapes)
    problems += _dangling_references(data)
    problems += _step_positions(data)
    problems += _dates(data, today)
    problems += _offer_prices(data)
    problems += _channels_without_method(data)
    problems += _annual_cheaper_than_monthly(data)
    problems += _one_price_per_plan_and_cycle(data)
    problems += _phones_from_official_sources(data)
    problems += _services_are_complete(data)
    problems += _press_is_dated(data)
    problems += _one_source_per_page(data)
    problems += _superseded_offers(data, today)
    problems += _offer_channels(data)
    problems += answer_problems(data)
    return problems


def _node(term):
    return short_id(term) if is_data_iri(term) else str(term)


def _shacl_problems(data, shapes):
    if len(shapes) == 0:
        return []
    # imported here: a load from the compiled snapshot validates nothing, and pyshacl (with rdflib's
    # SPARQL engine) was a sixth of a warm command's imports
    from pyshacl import validate

    conforms, report, _ = validate(data, shacl_graph=shapes, inference="none", advanced=False)
    if conforms:
        return []
    problems = []

    def worded(result):
        return shapes.value(report.value(result, SH.sourceShape), SH.message) is not None

    for result in report.subjects(SH.resultSeverity, SH.Violation):
        # a value failing a nested shape (sh:node) gives a result and its details: keep the one we worded
        if any(worded(parent) for parent in report.subjects(SH.detail, result)):
            continue
        if not worded(result) and (result, SH.detail, None) in report:
            continue
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        message = str(report.value(result, SH.resultMessage) or "breaks a shape")
        value = report.value(result, SH.value)
        where = f"{data.namespace_manager.normalizeUri(path)}: " if isinstance(path, URIRef) else ""
        detail = f" (value: {_node(value)})" if value is not None and len(str(value)) < 80 else ""
        problems.append(Problem(None, None, _node(focus), f"{where}{message}{detail}"))
    return sorted(set(problems), key=str)


def _dangling_references(data):
    described = {s for s in data.subjects() if is_data_iri(s)}
    return [
        Problem(
            None,
            None,
            _node(s),
            f"refers to '{short_id(o)}' ({data.namespace_manager.normalizeUri(p)}), which no file describes",
        )
        for s, p, o in data
        if is_data_iri(o) and o not in described
    ]


def _step_positions(data):
    """Positions run 1..n per method, and each step is ``<method>-<position>`` of the one method listing it.

    A step's order is written three times (its id's suffix, ``schema:position`` and the method's
    ``schema:step``): checking them against each other makes them one statement.
    """
    problems = []
    for step in set(data.subjects(RDF.type, SCHEMA.HowToStep)):
        methods = sorted(data.subjects(SCHEMA.step, step))
        position = data.value(step, SCHEMA.position)
        if len(methods) != 1:
            listed = ", ".join(_node(m) for m in methods) or "none"
            problems.append(
                Problem(
                    None, None, _node(step), f"a step is listed (schema:step) by exactly one method, found {listed}"
                )
            )
        elif isinstance(position, Literal) and _node(step) != f"{_node(methods[0])}-{position}":
            problems.append(
                Problem(
                    None,
                    None,
                    _node(step),
                    f"schema:position {position} of a step of {_node(methods[0])}: "
                    f"its id must be {_node(methods[0])}-{position}",
                )
            )
    for method in set(data.subjects(SCHEMA.step, None)):
        positions = sorted(
            int(p)
            for step in data.objects(method, SCHEMA.step)
            for p in data.objects(step, SCHEMA.position)
            if isinstance(p, Literal)
        )
        if positions and positions != list(range(1, len(positions) + 1)):
            problems.append(
                Problem(
                    None,
                    None,
                    _node(method),
                    f"step positions must run 1..{len(positions)} without gaps, found {positions}",
                )
            )
    return problems


def _dates(data, today):
    problems = []
    checked = defaultdict(list)
    for node, value in data.subject_objects(SG.checkedOn):
        checked[node].append(value.toPython())
        if isinstance(value.toPython(), date) and value.toPython() > today:
            problems.append(Problem(None, None, _node(node), f"sg:checkedOn {value} is in the future"))
    for node, value in data.subject_objects(SG.sourceDate):
        source_date = value.toPython()
        if isinstance(source_date, date) and any(isinstance(c, date) and source_date > c for c in checked[node]):
            problems.append(Problem(None, None, _node(node), f"sg:sourceDate {value} is after sg:checkedOn"))
    return problems


def _offer_prices(data):
    """An offer has one regular (renewal) price and at most one lower intro price.

    A price's region is its offer's: a price specification that repeats it must repeat it exactly.
    """
    problems = []
    for offer in set(data.subjects(SCHEMA.priceSpecification, None)):
        regions = set(data.objects(offer, SG.region))
        for spec in data.objects(offer, SCHEMA.priceSpecification):
            written = set(data.objects(spec, SG.region))
            if written and written != regions:
                problems.append(
                    Problem(
                        None,
                        None,
                        _node(spec),
                        f"sg:region {', '.join(sorted(written))} differs from its offer {_node(offer)}'s "
                        f"({', '.join(sorted(regions)) or 'none'}): a price's region is its offer's",
                    )
                )
        by_kind = defaultdict(list)
        for spec in data.objects(offer, SCHEMA.priceSpecification):
            kind = data.value(spec, SG.priceKind)
            by_kind[short_id(kind) if is_data_iri(kind) else None].append(data.value(spec, SCHEMA.price))
        regular, intro = by_kind["regular-price"], by_kind["intro-price"]
        if len(regular) != 1:
            problems.append(
                Problem(
                    None,
                    None,
                    _node(offer),
                    f"an offer needs exactly one :regular-price specification, found {len(regular)}",
                )
            )
        if len(intro) > 1:
            problems.append(Problem(None, None, _node(offer), "an offer has at most one :intro-price specification"))
        if (
            len(regular) == 1
            and len(intro) == 1
            and None not in (regular[0], intro[0])
            and (intro[0].toPython() >= regular[0].toPython())
        ):
            problems.append(Problem(None, None, _node(offer), "the intro price must be below the regular price"))
    return problems


def _channels_without_method(data):
    """Every channel must lead to a way to cancel: its own method or its biller's."""
    return [
        Problem(
            None, None, _node(channel), "no way to cancel: neither the channel nor its biller has an sg:cancelMethod"
        )
        for channel in set(data.subjects(SG.biller, None))
        if data.value(channel, SG.cancelMethod) is None
        and data.value(data.value(channel, SG.biller), SG.cancelMethod) is None
    ]


def _regular_prices(data):
    """(plan, regions, devices, currency), months, price, spec, offer for every regular price."""
    from .catalogue import duration_months

    for offer in set(data.subjects(SCHEMA.priceSpecification, None)):
        for spec in data.objects(offer, SCHEMA.priceSpecification):
            if data.value(spec, SG.priceKind) != ID_REGULAR:
                continue
            try:
                months = duration_months(data.value(spec, SCHEMA.billingDuration))
            except ValueError:
                continue  # the shapes report a bad duration
            price = data.value(spec, SCHEMA.price)
            if price is None:
                continue
            key = (
                data.value(offer, SCHEMA.itemOffered),
                tuple(sorted(data.objects(offer, SG.region))),
                data.value(offer, SG.devices),
                data.value(spec, SCHEMA.priceCurrency),
                # a channel's own price and a superseded price stand beside the current general one
                data.value(offer, SG.channel),
                data.value(offer, SG.priceStatus) == ID_SUPERSEDED,
            )
            yield key, months, price.toPython(), spec, offer


def _annual_cheaper_than_monthly(data):
    """A year billed yearly costs less than twelve months billed monthly (else the data is wrong).

    Compared per plan, region, device count and currency, on regular prices.
    """
    # (plan, regions, devices, currency) -> months -> (price, its specification node)
    regular: dict[tuple[Any, ...], dict[int, tuple[Any, Any]]] = {}
    for key, months, price, spec, _ in _regular_prices(data):
        regular.setdefault(key, {})[months] = (price, spec)
    problems = []
    for key, cycles in regular.items():
        if key[-1]:
            continue  # a superseded monthly and annual price need not date from the same change
        if 1 in cycles and 12 in cycles and cycles[12][0] >= 12 * cycles[1][0] and cycles[1][0] > 0:
            problems.append(
                Problem(
                    None,
                    None,
                    _node(cycles[12][1]),
                    f"annual price {cycles[12][0]} is not below 12 x the monthly {cycles[1][0]}; check both sources",
                )
            )
    return problems


def _one_price_per_plan_and_cycle(data):
    """One current price per plan, region, device count, currency and cycle.

    The recommender takes the cheapest offer that fits, so an outdated price
    left beside its successor would win whenever it is lower: a new price
    replaces the old node's value and provenance instead.
    """
    seen: dict[tuple[tuple[Any, ...], int], Any] = {}  # (key, months) -> the first offer
    problems = []
    for key, months, _, _, offer in sorted(_regular_prices(data), key=lambda r: str(r[4])):
        if key[-1]:
            continue  # superseded prices are history: several may stand for one cycle
        first = seen.setdefault((key, months), offer)
        if first != offer:
            problems.append(
                Problem(
                    None,
                    None,
                    _node(offer),
                    f"prices {_node(key[0])} for the same region, devices and billing cycle as "
                    f"{_node(first)}; replace the older price instead of adding a second offer",
                )
            )
    return problems


def _phones_from_official_sources(data):
    """Copycat sites publish fake support numbers: a phone number needs an official source."""
    return [
        Problem(
            None,
            None,
            _node(contact),
            f"a telephone number must come from an :official or :terms-copy source, not {_node(_kind(data, contact))}",
        )
        for contact in set(data.subjects(SCHEMA.telephone, None))
        if _kind(data, contact) not in (ID_OFFICIAL, ID_TERMS_COPY)
    ]


def _kind(data, fact):
    """The kind of the page `fact` cites (None without a citation: SHACL reports that)."""
    page = data.value(fact, DCTERMS.source)
    return None if page is None else data.value(page, SG.sourceKind)


def _services_are_complete(data):
    """A service (typed so, not a plan) has a provider and a category, and plans belong to services."""
    services = {s for s in data.subjects(RDF.type, SCHEMA.Service) if (s, RDF.type, SG.Plan) not in data}
    services |= set(data.subjects(RDF.type, SG.Bundle))
    problems = []
    for service in services:
        for prop, name in ((SCHEMA.provider, "schema:provider"), (SCHEMA.category, "schema:category")):
            if data.value(service, prop) is None:
                problems.append(Problem(None, None, _node(service), f"a service needs {name}"))
    for plan, service in data.subject_objects(SG.planOf):
        if service not in services:
            problems.append(Problem(None, None, _node(plan), f"sg:planOf {_node(service)} is not a service"))
    return problems


def _press_is_dated(data):
    """A press report counts only with its own date: staleness is measured from it."""
    return [
        Problem(None, None, _node(node), "a :press source needs the article's own date (sg:sourceDate)")
        for node in set(data.subjects(SG.sourceKind, ID_PRESS))
        if data.value(node, SG.sourceDate) is None
    ]


def _one_source_per_page(data):
    """One sg:Source per page: a second node for a page would split its re-check in two.

    A source no fact cites is refused by the shapes (``sgs:Source``), so a graph of some of the
    service files (a test's, a reviewer's) keeps only the pages those files cite.
    """
    problems = []
    pages = defaultdict(list)
    for source in data.subjects(RDF.type, SG.Source):
        pages[data.value(source, SCHEMA.url)].append(source)
    for url, sources in pages.items():
        for source in sorted(sources)[1:]:
            problems.append(
                Problem(None, None, _node(source), f"page {url} is already {_node(min(sources))}: cite that node")
            )
    return problems


def _superseded_offers(data, today):
    """A superseded price says what replaced it; a current one has not ended and replaces nothing.

    A superseded offer needs a schema:description of what is known (the newer price, or that
    it was raised by an amount no acceptable source gives); sg:supersededBy names a current
    offer of the same plan; a price whose schema:validThrough has passed is not current.
    """
    problems = []
    for offer in set(data.subjects(SG.priceStatus, None)):
        superseded = data.value(offer, SG.priceStatus) == ID_SUPERSEDED
        newer = data.value(offer, SG.supersededBy)
        until = data.value(offer, SCHEMA.validThrough)
        if superseded and data.value(offer, SCHEMA.description) is None:
            problems.append(
                Problem(
                    None,
                    None,
                    _node(offer),
                    "a superseded offer needs a schema:description saying what replaced it "
                    "(or that the newer amount is unknown)",
                )
            )
        if not superseded and newer is not None:
            problems.append(Problem(None, None, _node(offer), "only a :superseded-price offer has sg:supersededBy"))
        if not superseded and until is not None and isinstance(until.toPython(), date) and until.toPython() < today:
            problems.append(
                Problem(
                    None,
                    None,
                    _node(offer),
                    f"its price ended on {until} (schema:validThrough): mark it :superseded-price",
                )
            )
        if newer is not None:
            if data.value(newer, SCHEMA.itemOffered) != data.value(offer, SCHEMA.itemOffered):
                problems.append(
                    Problem(None, None, _node(offer), f"sg:supersededBy {_node(newer)} is an offer of another plan")
                )
            if data.value(newer, SG.priceStatus) == ID_SUPERSEDED:
                problems.append(
                    Problem(
                        None,
                        None,
                        _node(offer),
                        f"sg:supersededBy {_node(newer)}, itself superseded: point to the current offer",
                    )
                )
    return problems


def _offer_channels(data):
    """A channel's own price belongs to a channel its plan's service is sold through."""
    problems = []
    for offer, channel in data.subject_objects(SG.channel):
        service = data.value(data.value(offer, SCHEMA.itemOffered), SG.planOf)
        if service is not None and (service, SG.soldThrough, channel) not in data:
            problems.append(
                Problem(
                    None,
                    None,
                    _node(offer),
                    f"sg:channel {_node(channel)} is not a channel {_node(service)} is sold through",
                )
            )
    return problems
