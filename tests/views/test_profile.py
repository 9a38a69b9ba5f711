"""Service and biller profiles: typed answers that show each price's age and life, estimates and gaps."""

import dataclasses
from datetime import date

import pytest

from subgraph.answers import answer_schema, to_plain
from subgraph.views.profile import BillerProfile, ServiceProfile, biller_profile, service_profile
from subgraph.views.text import render_profile

TODAY = date(2026, 12, 6)


def _plan(profile, plan_id):
    return next(p for p in profile.plans if p.id == plan_id)


def test_a_raised_price_is_kept_apart_with_what_is_known_of_the_newer_one(kg):
    plan = _plan(service_profile(kg, "youtube-premium", today=TODAY), "youtube-premium-individual")
    assert plan.offers == ()  # nothing anyone pays now is known
    (old,) = plan.superseded_offers
    assert (old.status, old.regular_price.amount, old.regular_price.as_of) == ("superseded", 11.99, date(2022, 10, 20))
    assert old.regular_price.as_of_basis == "source date" and old.regular_price.age == "older than 3 years"
    assert "raised" in old.note


def test_a_carriers_price_is_scoped_to_its_channel(kg):
    plan = _plan(service_profile(kg, "disney-plus", today=TODAY), "disney-plus-premium")
    assert all(o.channel is None for o in plan.offers)
    (verizon,) = plan.channel_offers
    assert verizon.channel.id == "disney-plus--verizon" and "Verizon" in verizon.channel.name
    assert verizon.regular_price.amount == 15.99


def test_an_undated_price_says_so_and_when_it_was_read(kg):
    offer = next(o for o in _plan(service_profile(kg, "audible", today=TODAY), "audible-membership").offers)
    price = offer.regular_price
    assert price.as_of_basis == "checked" and price.age == "undated"
    assert price.as_of == price.source.checked_on and price.source.source_date is None


def test_price_age_is_counted_to_the_day_asked(kg):
    def age(today):
        return _plan(service_profile(kg, "max", today=today), "max-ad-free").superseded_offers[0].regular_price.age

    assert age(date(2024, 1, 1)) == "within 12 months"
    assert age(date(2025, 6, 1)) == "1-3 years"
    assert age(TODAY) == "older than 3 years"


def test_plans_read_on_one_countrys_site_carry_that_region(kg):
    assert _plan(service_profile(kg, "norton", today=TODAY), "norton-360-deluxe").regions == ("MY",)


def test_effort_minutes_say_they_are_our_estimate_and_how_it_is_made(kg):
    profile = service_profile(kg, "kaspersky", today=TODAY)
    methods = [m for b in profile.billers for m in b.cancel_methods]
    methods += [m for ch in profile.channels for m in ch.cancel_methods]
    assert methods
    for method in methods:
        assert method.minutes_estimated and method.minutes_basis.id == "our-estimate"
        assert "number of steps" in method.minutes_basis.definition


def test_gaps_say_what_is_unknown_when_and_where_it_was_looked_for(kg):
    gaps = {g.id: g for g in service_profile(kg, "kaspersky", today=TODAY).gaps}
    gap = gaps["kaspersky-gap-us-phone"]
    assert gap.last_searched <= TODAY and gap.searched_in and gap.description
    quiet = next(s for s in sorted(kg.catalogue.services) if s not in kg.catalogue.gaps_by_service)
    assert service_profile(kg, quiet, today=TODAY).gaps == ()


def test_text_view_shows_ages_channels_superseded_prices_estimates_and_gaps(kg):
    lines = []
    render_profile(service_profile(kg, "disney-plus", today=TODAY), lines.append)
    text = "\n".join(lines)
    assert "only when bought through" in text and "Verizon" in text
    assert "our estimate" in text and "what we do not know:" in text
    lines.clear()
    render_profile(service_profile(kg, "peacock", today=TODAY), lines.append)
    assert any("5.99 USD  as of 2023-07" in line and "last sourced price, 2023" in line for line in lines)


def test_profile_is_an_immutable_typed_answer_with_a_generated_schema(kg):
    profile = service_profile(kg, "kaspersky")
    assert isinstance(profile, ServiceProfile)
    with pytest.raises(dataclasses.FrozenInstanceError):
        profile.name = "Other"  # type: ignore[misc]
    plain = to_plain(profile)
    prices = [o["regular_price"] for p in plain["plans"] for o in p["offers"]]
    assert prices and all(date.fromisoformat(p["as_of"]) <= date.today() for p in prices)
    schema = answer_schema(ServiceProfile)
    assert {"gaps", "plans", "faq"} <= set(schema["required"])
    offer = schema["$defs"]["ProfileOffer"]["properties"]
    assert offer["status"]["enum"] == ["current", "superseded"]


def test_biller_profile_is_typed_and_lists_what_it_bills(kg):
    profile = biller_profile(kg, "google-play")
    assert isinstance(profile, BillerProfile)
    assert profile.cancel_methods and profile.statement_descriptors
    assert "norton" in {s.id for s in profile.services}
