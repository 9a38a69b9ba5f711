import dataclasses
from decimal import Decimal
from typing import Any

from rdflib import Graph

from subgraph.graph.analyses import (
    SELF_SERVICE_KINDS,
    bundles_against_parts,
    gatekeeping_billers,
    hardest_to_cancel,
)
from subgraph.graph.browse import services_per_biller
from subgraph.graph.catalogue import Catalogue
from subgraph.graph.loader import KnowledgeGraph


def test_app_stores_and_aggregators_gatekeep_the_most(kg):
    ranked = gatekeeping_billers(kg)
    assert [b.id for b in ranked[:2]] == ["apple-app-store", "google-play"]
    assert {"amazon", "paypal"} <= {b.id for b in ranked[:5]}
    assert [b.betweenness for b in ranked] == sorted((b.betweenness for b in ranked), reverse=True)


def test_a_biller_of_one_service_is_no_gatekeeper(kg):
    ranked = gatekeeping_billers(kg)
    assert all(b.betweenness == 0 for b in ranked if b.services == 1)


def test_gatekeepers_bill_as_many_services_as_the_biller_list_says(kg):
    listed = {b.id: b.services for b in services_per_biller(kg)}
    ranked = gatekeeping_billers(kg)
    assert {b.id: b.services for b in ranked} == {b: n for b, n in listed.items() if n}


def test_every_service_is_ranked_once_by_how_hard_it_is_to_leave(kg):
    ranked = hardest_to_cancel(kg)
    assert sorted(e.service for e in ranked) == sorted(kg.catalogue.services)
    known = [e for e in ranked if e.minutes is not None]
    unknown = [e for e in ranked if e.minutes is None]
    assert ranked == (*known, *unknown) and all(e.ways == 0 for e in unknown)
    # no way to finish alone is harder than any minutes online
    first_self_service = next(i for i, e in enumerate(known) if e.self_service)
    assert not any(e.self_service for e in known[:first_self_service])
    assert not any(not e.self_service for e in known[first_self_service:])
    for group in (known[:first_self_service], known[first_self_service:]):
        minutes = [e.minutes or 0 for e in group]
        assert minutes == sorted(minutes, reverse=True)


def test_a_newspaper_that_wants_a_call_is_harder_to_leave_than_an_online_cancel(kg):
    ranked = [e.service for e in hardest_to_cancel(kg)]
    nyt = next(e for e in hardest_to_cancel(kg) if e.service == "nyt")
    assert not nyt.self_service
    assert ranked.index("nyt") < ranked.index("norton")


def test_ways_to_cancel_are_counted_once_however_many_channels_lead_there(kg):
    cat = kg.catalogue
    for effort in hardest_to_cancel(kg):
        service = cat.services[effort.service]
        methods = {
            m
            for c in service.channels
            for m in (*cat.channels[c].methods, *cat.billers[cat.channels[c].biller].methods)
        }
        assert effort.ways == len(methods)
        if methods:
            assert effort.minutes == min(cat.methods[m].max_minutes for m in methods)
            assert effort.self_service == any(cat.methods[m].kind in SELF_SERVICE_KINDS for m in methods)
        else:
            assert effort.minutes is None and not effort.minutes_estimated


def test_minutes_say_whether_they_are_our_estimate(kg):
    # every effort figure in the graph today is ours, and the ranking says so
    assert all(e.minutes_estimated for e in hardest_to_cancel(kg) if e.minutes is not None)
    cat = kg.catalogue
    nyt = next(e for e in hardest_to_cancel(kg) if e.service == "nyt")
    quickest = {
        m.id: dataclasses.replace(m, effort_basis="sourced-effort")
        for m in cat.methods.values()
        if m.max_minutes == nyt.minutes
    }
    sourced = _with_tables(kg, methods=cat.methods | quickest)
    assert not next(e for e in hardest_to_cancel(sourced) if e.service == "nyt").minutes_estimated


def test_apple_one_individual_saves_on_the_cheapest_plans_bought_alone(kg):
    apple_one = next(c for c in bundles_against_parts(kg) if c.plan == "apple-one-individual")
    assert (apple_one.region, apple_one.currency, apple_one.bundle_monthly) == ("US", "USD", Decimal("19.95"))
    # Apple Music Individual, Apple TV+, iCloud+ 50 GB: the free iCloud tier is no part of the sum
    assert {p.service: p.monthly for p in apple_one.priced} == {
        "apple-music": Decimal("10.99"),
        "apple-tv-plus": Decimal("12.99"),
        "icloud-plus": Decimal("0.99"),
    }
    assert apple_one.parts_monthly == Decimal("24.97") and apple_one.monthly_saving == Decimal("5.02")
    assert apple_one.unpriced == ()


def test_a_family_bundle_can_cost_more_than_single_plans(kg):
    family = next(c for c in bundles_against_parts(kg) if c.plan == "apple-one-family")
    assert family.monthly_saving == Decimal("24.97") - Decimal("25.95") < 0


def test_a_part_without_a_price_is_listed_not_guessed(kg):
    plans = {pid: p for pid, p in kg.catalogue.plans.items() if p.service != "apple-tv-plus"}
    unpriced_tv = _with_tables(kg, plans=plans)
    apple_one = next(c for c in bundles_against_parts(unpriced_tv) if c.plan == "apple-one-individual")
    assert apple_one.unpriced == ("apple-tv-plus",)
    assert {p.service for p in apple_one.priced} == {"apple-music", "icloud-plus"}
    # the bundle looks dearer than it is, never cheaper
    assert apple_one.parts_monthly == Decimal("11.98") and apple_one.monthly_saving == Decimal("-7.97")


def test_only_prices_anyone_pays_now_are_compared(kg):
    cat = kg.catalogue
    compared = [
        o for c in bundles_against_parts(kg) for o in (cat.offers[c.offer], *(cat.offers[p.offer] for p in c.priced))
    ]
    assert compared and all(not o.superseded and o.channel is None for o in compared)
    # the Disney Bundle's only price is what Verizon bills: no comparison is made from it
    assert "disney-bundle" not in {c.bundle for c in bundles_against_parts(kg)}


def test_a_comparison_is_as_old_as_its_oldest_price(kg):
    cat = kg.catalogue
    for comparison in bundles_against_parts(kg):
        offers = [cat.offers[comparison.offer], *(cat.offers[p.offer] for p in comparison.priced)]
        assert comparison.as_of == min(o.regular.source.as_of for o in offers)
        assert all(o.months == 1 and comparison.region in o.regions for o in offers[1:])


def _with_tables(kg: KnowledgeGraph, **tables: dict[str, Any]) -> KnowledgeGraph:
    """The loaded graph with some catalogue tables replaced: a fact changed without writing Turtle."""
    cat = kg.catalogue
    catalogue = Catalogue(**{kind: tables.get(kind, getattr(cat, kind)) for kind in Catalogue.KINDS})
    return KnowledgeGraph(
        rdf=Graph(), nx=kg.nx, catalogue=catalogue, resolver=kg.resolver, directory=kg.directory, files={}
    )
