from decimal import Decimal

import pytest

from subgraph import UnknownId
from subgraph.graph.catalogue import duration_months


def test_services_have_their_parts(catalogue):
    kaspersky = catalogue.service("kaspersky")
    assert kaspersky.provider in catalogue.billers
    assert "security-software" in kaspersky.categories
    assert all(c in catalogue.channels for c in kaspersky.channels)


def test_unknown_service_suggests(catalogue):
    with pytest.raises(UnknownId) as error:
        catalogue.service("kasperski")
    assert error.value.suggestions[0] == "kaspersky"
    assert "did you mean 'kaspersky'" in str(error.value)


@pytest.mark.parametrize("text", ["kaspersky", "Kaspersky", " kaspersky  ", "KASPERSKY", "kasperski"])
def test_service_text_resolves_to_its_id(kg, text):
    from subgraph.text.resolve import resolve_id

    assert resolve_id(kg, text, "service") == "kaspersky"


def test_service_alias_resolves(kg):
    from subgraph.text.resolve import resolve_id

    assert resolve_id(kg, "Windows Defender", "service") == "microsoft-defender-antivirus"


def test_every_offer_has_a_regular_price(catalogue):
    for offer in catalogue.offers.values():
        assert offer.regular.kind == "regular"
        assert offer.regular.amount >= 0
        if offer.intro:
            assert offer.intro.amount < offer.regular.amount


@pytest.mark.parametrize(
    "offer,cycle,annual_cost",
    [
        ("amazon-prime-membership-us-p1m", "monthly", "179.88"),  # 14.99 USD a month
        ("amazon-prime-membership-us-p1y", "annual", "139.00"),  # 139 USD a year
        ("disney-bundle-premium-hulu-espn-with-ads-us-p1m", "monthly", "263.88"),  # 21.99 USD a month
    ],
)
def test_annual_cost_is_what_a_year_costs(catalogue, offer, cycle, annual_cost):
    assert (catalogue.offers[offer].billing_cycle, catalogue.offers[offer].annual_cost) == (cycle, Decimal(annual_cost))


@pytest.mark.parametrize(
    "duration,amount,cycle,annual_cost",
    [
        ("P3M", "10.00", "every 3 months", "40.00"),
        ("P2Y", "99.99", "every 24 months", "50.00"),
        ("P1M", "0.00", "monthly", "0.00"),
    ],
)
def test_annual_cost_of_other_cycles_is_rounded_to_the_cent(duration, amount, cycle, annual_cost):
    from datetime import date

    from subgraph.graph.model import Offer, Price, Source

    source = Source("https://example.test/", "official", date(2026, 1, 1))
    price = Price("p", Decimal(amount), "USD", duration, duration_months(duration), "regular", ("US",), source)
    offer = Offer("o", "plan", ("US",), None, price)
    assert (offer.billing_cycle, offer.annual_cost) == (cycle, Decimal(annual_cost))


def test_plans_sorted_by_tier(catalogue):
    for service in catalogue.services:
        tiers = [p.tier for p in catalogue.plans_of(service) if p.tier is not None]
        assert tiers == sorted(tiers)


def test_free_built_in_service_costs_nothing(catalogue):
    defender = catalogue.service("microsoft-defender-antivirus")
    assert "windows" in defender.built_in_to
    prices = [o.regular.amount for p in catalogue.plans_of(defender.id) for o in p.offers]
    assert prices and all(price == 0 for price in prices)


@pytest.mark.parametrize("text,months", [("P1M", 1), ("P1Y", 12), ("P2Y", 24), ("P3M", 3), ("P1Y6M", 18)])
def test_duration_months(text, months):
    assert duration_months(text) == months


@pytest.mark.parametrize("text", ["", "P", "1Y", "P1D", "PT1H", "monthly"])
def test_duration_months_rejects(text):
    with pytest.raises(ValueError):
        duration_months(text)


def test_bundles_and_their_services_point_at_each_other(catalogue):
    bundles = [s for s in catalogue.services.values() if s.includes]
    assert bundles
    for bundle in bundles:
        for member in bundle.includes:
            assert bundle.id in catalogue.services[member].included_in
