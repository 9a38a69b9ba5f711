from decimal import Decimal

import pytest

from subgraph import UnknownId
from subgraph.catalogue import duration_months


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
    from subgraph.resolve import resolve_id

    assert resolve_id(kg, text, "service") == "kaspersky"


def test_service_alias_resolves(kg):
    from subgraph.resolve import resolve_id

    assert resolve_id(kg, "Windows Defender", "service") == "microsoft-defender-antivirus"


def test_every_offer_has_a_regular_price(catalogue):
    for offer in catalogue.offers.values():
        assert offer.regular.kind == "regular"
        assert offer.regular.amount >= 0
        if offer.intro:
            assert offer.intro.amount < offer.regular.amount


def test_annual_cost_is_arithmetic_on_the_price(catalogue):
    for offer in catalogue.offers.values():
        assert offer.annual_cost == (offer.regular.amount * 12 / offer.months).quantize(Decimal("0.01"))


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
