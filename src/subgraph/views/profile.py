"""Everything the graph knows about one service, as JSON-ready data.

The same object is printed by ``subgraph show --json`` and served by the
API, so a client sees each fact with its source and age. Sources and
caveats are the typed answers every other answer uses
(:mod:`subgraph.decide.facts`), converted once per graph.
"""

from typing import Any

from ..answers import money
from ..decide.facts import caveat_answer, source_answer
from ..graph.catalogue import Catalogue
from ..graph.loader import KnowledgeGraph
from ..graph.model import Biller, CancelMethod, Offer, Price, Service

__all__ = ["service_profile", "biller_profile", "service_summary", "method_dict"]


def method_dict(kg: KnowledgeGraph, method: CancelMethod) -> dict[str, Any]:
    """A cancel method with its ordered steps, effort, contacts and caveats."""
    cat = kg.catalogue
    return {
        "id": method.id,
        "name": method.name,
        "kind": method.kind,
        "minutes": {"min": method.min_minutes, "max": method.max_minutes},
        "url": method.url,
        "platforms": list(method.platforms),
        "regions": list(method.regions),
        "steps": [{"position": s.position, "text": s.text, **({"url": s.url} if s.url else {})} for s in method.steps],
        "contacts": [
            {
                "id": c.id,
                "telephone": c.telephone,
                "url": c.url,
                "hours": c.hours,
                "regions": list(c.regions),
                "source": source_answer(kg, c.source),
            }
            for c in method.contacts
        ],
        "caveats": [caveat_answer(kg, cat.caveats[c]) for c in method.caveats],
        "source": source_answer(kg, method.source),
    }


def _price_dict(kg: KnowledgeGraph, price: Price) -> dict[str, Any]:
    return {
        "amount": money(price.amount),
        "currency": price.currency,
        "billing_duration": price.billing_duration,
        "source": source_answer(kg, price.source),
    }


def _offer_dict(kg: KnowledgeGraph, offer: Offer) -> dict[str, Any]:
    return {
        "id": offer.id,
        "billing_cycle": offer.billing_cycle,
        "months": offer.months,
        "regions": list(offer.regions),
        "devices": offer.devices,
        "regular_price": _price_dict(kg, offer.regular),
        "intro_price": _price_dict(kg, offer.intro) if offer.intro else None,
        "annual_cost": money(offer.annual_cost),
        "currency": offer.regular.currency,
    }


def _biller_dict(kg: KnowledgeGraph, biller: Biller) -> dict[str, Any]:
    cat = kg.catalogue
    return {
        "id": biller.id,
        "name": biller.name,
        "aliases": list(biller.aliases),
        "url": biller.url,
        "statement_descriptors": [
            {
                "pattern": d.pattern,
                "note": d.description,
                "regions": list(d.regions),
                "source": source_answer(kg, d.source),
            }
            for d in (cat.descriptors[i] for i in biller.descriptors)
        ],
        "cancel_methods": [method_dict(kg, cat.methods[m]) for m in biller.methods],
        "caveats": [caveat_answer(kg, cat.caveats[c]) for c in biller.caveats],
    }


def biller_profile(kg: KnowledgeGraph, biller_id: str) -> dict[str, Any]:
    """A biller: how to cancel with it, what it prints on statements, its policies, what it sells.

    Examples
    --------
    >>> from subgraph import load_graph
    >>> profile = biller_profile(load_graph(), "google-play")
    >>> profile["name"], "norton" in [s["id"] for s in profile["services"]]
    ('Google Play', True)
    """
    cat = kg.catalogue
    biller = cat.get("billers", biller_id)
    sold = sorted(s.id for s in cat.services.values() if any(cat.channels[c].biller == biller.id for c in s.channels))
    return {**_biller_dict(kg, biller), "services": [service_summary(cat, cat.services[s]) for s in sold]}


def service_summary(cat: Catalogue, service: Service) -> dict[str, Any]:
    """The short form of a service, for lists."""
    prices = [o.regular.amount for p in cat.plans_of(service.id) for o in p.offers]
    return {
        "id": service.id,
        "name": service.name,
        "provider": service.provider,
        "categories": list(service.categories),
        "plans": len(service.plans),
        "free": bool(prices) and all(price == 0 for price in prices),
    }


def service_profile(kg: KnowledgeGraph, service_id: str) -> dict[str, Any]:
    """Describe a service: plans and prices, channels and billers, cancel methods, caveats, FAQ.

    Parameters
    ----------
    kg : KnowledgeGraph
    service_id : str

    Returns
    -------
    dict

    Raises
    ------
    UnknownId
        If no service has this id.

    Examples
    --------
    >>> from subgraph import load_graph
    >>> profile = service_profile(load_graph(), "kaspersky")
    >>> profile["name"], profile["category"][0]["id"]
    ('Kaspersky', 'security-software')
    """
    cat = kg.catalogue
    service = cat.service(service_id)
    billers: dict[str, dict[str, Any]] = {}
    for channel_id in service.channels:
        biller_id = cat.channels[channel_id].biller
        billers.setdefault(biller_id, _biller_dict(kg, cat.billers[biller_id]))
    return {
        "id": service.id,
        "name": service.name,
        "aliases": list(service.aliases),
        "description": service.description,
        "url": service.url,
        "provider": {
            "id": service.provider,
            "name": cat.billers[service.provider].name if service.provider in cat.billers else None,
        },
        "category": [{"id": c, "label": cat.categories[c].label} for c in service.categories],
        "availability": [
            {
                "regions": list(a.regions),
                "available": a.available,
                "since": a.since.isoformat() if a.since else None,
                "note": a.description,
                "source": source_answer(kg, a.source),
            }
            for a in (cat.availability[i] for i in service.availability)
        ],
        "plans": [
            {
                "id": p.id,
                "name": p.name,
                "status": p.status,
                "tier": p.tier,
                "features": sorted(p.features),
                "succeeded_by": list(p.succeeded_by),
                "offers": [
                    _offer_dict(kg, o) for o in sorted(p.offers, key=lambda o: (o.regions, o.months, o.devices or 0))
                ],
                "source": source_answer(kg, p.source),
            }
            for p in cat.plans_of(service.id)
        ],
        "channels": [
            {
                "id": ch.id,
                "name": ch.name,
                "kind": ch.kind,
                "biller": ch.biller,
                "regions": list(ch.regions),
                "platforms": list(ch.platforms),
                "cancel_methods": [method_dict(kg, cat.methods[m]) for m in ch.methods],
                "source": source_answer(kg, ch.source),
            }
            for ch in (cat.channels[c] for c in service.channels)
        ],
        "billers": list(billers.values()),
        "caveats": [caveat_answer(kg, cat.caveats[c]) for c in service.caveats],
        "common_reasons": [{"id": r, "label": cat.reasons[r].label} for r in service.reasons],
        "related": list(service.related),
        "includes": [{"id": s, "name": cat.services[s].name} for s in service.includes],
        "included_in": [{"id": b, "name": cat.services[b].name} for b in service.included_in],
        "faq": [
            {"question": q.question, "answer": q.answer, "based_on": list(q.based_on)}
            for q in (cat.questions[i] for i in service.questions)
        ],
    }
