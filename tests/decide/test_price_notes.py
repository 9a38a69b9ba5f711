"""Prices that are not a dated current price never feed savings silently (issue 16).

Each case rests on graph facts that make the answer known: YouTube Premium's
only prices are superseded (9to5Google, October 2022), Disney+ Premium's only
US price is what Verizon charges, Claude Pro's price page has no date.
"""

from datetime import date

from subgraph.decide.alternatives import alternatives
from subgraph.decide.question import Question
from subgraph.decide.recommend import recommend
from subgraph.views.text import render_recommendation

PRICE_NOTES = {"last-sourced-price", "undated-price"}


def _codes(answer):
    return [n.code for n in answer.notes]


def test_a_superseded_price_is_used_only_as_the_last_sourced_price_and_says_so(kg):
    found = alternatives(kg, Question(service="youtube-premium", plan="individual"))
    assert found.current.offer == "youtube-premium-individual-us-p1m"
    assert found.current.annual_cost == 143.88 and found.current.prices_as_of == date(2022, 10, 20)
    (said,) = [n for n in found.notes if n.code == "last-sourced-price"]
    assert said.params["year"] == 2022 and said.params["offer"] == "youtube-premium-individual-us-p1m"
    assert "last sourced price, 2022" in said.text and "raised since" in said.text
    cancel = next(o for o in found.options if o.action == "cancel")
    assert cancel.annual_saving == 143.88 and cancel.prices_as_of == date(2022, 10, 20)


def test_the_price_the_person_pays_is_preferred_to_a_last_sourced_one(kg):
    found = alternatives(kg, Question(service="youtube-premium", plan="individual", price_paid=13.99))
    assert found.current.annual_cost == 167.88
    assert not PRICE_NOTES & set(_codes(found))
    peacock = alternatives(kg, Question(service="peacock", plan="premium", billing_cycle="monthly", price_paid=10.99))
    assert peacock.current.annual_cost == 131.88 and "no-price" not in _codes(peacock)


def test_a_carriers_price_counts_only_for_what_was_bought_through_the_carrier(kg):
    general = alternatives(kg, Question(service="disney-plus", plan="premium"))
    assert general.current.offer is None and general.current.annual_cost is None
    assert "no-price" in _codes(general)
    verizon = alternatives(kg, Question(service="disney-plus", plan="premium", purchased_via="Verizon"))
    assert verizon.current.offer == "disney-plus-premium-us-p1m" and verizon.current.annual_cost == 191.88
    # Verizon's page has no date: the answer says so
    (said,) = [n for n in verizon.notes if n.code == "undated-price"]
    assert said.params["offer"] == "disney-plus-premium-us-p1m"


def test_an_undated_price_says_when_it_was_read(kg):
    found = alternatives(kg, Question(service="claude-pro", plan="pro"))
    offer = kg.catalogue.offers[found.current.offer]
    assert offer.regular.source.source_date is None
    (said,) = [n for n in found.notes if n.code == "undated-price" and n.params["offer"] == offer.id]
    assert said.params["checked_on"] == offer.regular.source.checked_on.isoformat()
    assert f"last sourced price, {offer.regular.source.checked_on.year}" in said.text


def test_a_dated_current_price_needs_no_such_note(kg):
    found = alternatives(kg, Question(service="netflix", plan="standard", billing_cycle="monthly"))
    offer = kg.catalogue.offers[found.current.offer]
    assert offer.regular.source.source_date is not None and not offer.superseded
    assert offer.id not in {n.params.get("offer") for n in found.notes}


def test_a_recommendation_carries_and_prints_the_price_note(kg):
    answer = recommend(kg, Question(service="youtube-premium", plan="individual", usage="never"))
    assert "last-sourced-price" in _codes(answer)
    lines = []
    render_recommendation(answer, lines.append)
    assert any("last sourced price, 2022" in line for line in lines)
    assert any("prices as of 2022-10-20" in line for line in lines)


def test_an_amount_paid_that_says_no_period_is_not_used_and_says_so(kg):
    """ "I pay 12.99" with no billing cycle and no plan: a year of it is unknown, so no saving rests on it."""
    vague = recommend(kg, Question(service="kaspersky", region="GB", price_paid=12.99))
    (said,) = [n for n in vague.notes if n.code == "price-without-cycle"]
    assert "12.99" in said.text and "billing_cycle" in said.text and said.params["price_paid"] == 12.99
    assert vague.current.annual_cost is None and all(o.annual_saving is None for o in vague.options)
    monthly = recommend(kg, Question(service="kaspersky", region="GB", price_paid=12.99, billing_cycle="monthly"))
    assert "price-without-cycle" not in _codes(monthly) and monthly.current.annual_cost == 155.88
    assert "price-without-cycle" not in _codes(recommend(kg, Question(service="kaspersky", region="GB")))


def test_an_amount_paid_is_never_set_against_prices_in_another_currency(kg):
    """The graph prices Netflix in the US only: 10.99 paid in Britain is not 10.99 dollars, and Uber One,
    priced in Hong Kong dollars only, is not what someone in the US pays in dollars."""
    british = recommend(
        kg, Question(service="netflix", plan="standard", billing_cycle="monthly", price_paid=10.99, region="GB")
    )
    (said,) = [n for n in british.notes if n.code == "price-in-other-currency"]
    assert said.params == {"offer": "netflix-standard-us-p1m", "currency": "USD", "region": "GB"}
    assert "USD" in said.text and "GB" in said.text
    # no currency is known for Britain: the note says how to have the amount set against those prices
    assert said.text.endswith("If you pay in USD, give currency with price_paid.")
    assert british.current.annual_cost == 131.88 and british.current.currency is None
    # only cancelling, keeping and free options are set against what is paid, in no named currency
    assert all(o.currency is None for o in british.options)
    assert all(o.annual_cost_after in (0, None) or o.action == "keep" for o in british.options)
    assert not any("USD" in w.fact for o in british.options for w in o.why)

    american = recommend(
        kg, Question(service="uber-one", plan="uber-one-membership", billing_cycle="monthly", price_paid=9.99)
    )
    assert "price-in-other-currency" in _codes(american) and american.current.currency == "USD"
    assert all(o.currency == "USD" for o in american.options)

    # where the graph has the region's own price, nothing changes
    at_home = recommend(kg, Question(service="netflix", plan="standard", billing_cycle="monthly", price_paid=10.99))
    assert "price-in-other-currency" not in _codes(at_home) and at_home.current.currency == "USD"
    assert any(o.action == "switch_service" and o.annual_cost_after for o in at_home.options)


def test_a_free_option_for_an_amount_in_an_unknown_currency_names_no_currency(kg):
    answer = recommend(kg, Question(service="norton", billing_cycle="annual", price_paid=59.99, region="DE"))
    free = next(o for o in answer.options if o.service == "microsoft-defender-antivirus")
    assert free.annual_saving == 59.99 and free.currency is None
    # and it says why no price was set against it, and what would let one be
    (said,) = [n for n in answer.notes if n.code == "no-currency"]
    assert said.params == {"region": "DE"} and "Give currency" in said.text
    in_euros = recommend(
        kg, Question(service="norton", billing_cycle="annual", price_paid=59.99, region="DE", currency="EUR")
    )
    assert "no-currency" not in _codes(in_euros) and in_euros.current.currency == "EUR"


def test_a_price_of_another_region_is_said_to_be_one(kg):
    """The graph prices Netflix in the US only: asked from Britain with no amount, the answer still uses the US
    price (its only figure) and says so, naming both regions; asked from the US it says nothing of the kind."""
    british = recommend(kg, Question(service="netflix", plan="standard", billing_cycle="monthly", region="GB"))
    assert british.current.offer == "netflix-standard-us-p1m" and british.current.currency == "USD"
    (said,) = [n for n in british.notes if n.code == "price-of-other-region"]
    assert said.params == {
        "offer": "netflix-standard-us-p1m",
        "plan": "netflix-standard",
        "region": "GB",
        "priced_in": "US",
    }
    assert "a price in US" in said.text and "none for GB" in said.text
    lines = []
    render_recommendation(british, lines.append)
    assert any(said.text in line for line in lines)
    american = recommend(kg, Question(service="netflix", plan="standard", billing_cycle="monthly", region="US"))
    assert american.current.offer == "netflix-standard-us-p1m"
    assert "price-of-other-region" not in _codes(american)


def test_the_currency_given_with_an_amount_decides_what_it_is_set_against(kg):
    """Netflix is priced in US dollars only. Paid in euros in the US, 10.99 is set against no dollar price;
    paid in dollars in Britain, it is (the person says the currency the graph's price is in)."""
    in_euros = recommend(
        kg,
        Question(service="netflix", plan="standard", billing_cycle="monthly", price_paid=10.99, currency="eur"),
    )
    (said,) = [n for n in in_euros.notes if n.code == "price-in-other-currency"]
    assert "not in EUR" in said.text
    assert in_euros.current.currency == "EUR" and all(o.currency == "EUR" for o in in_euros.options)
    assert not any(o.action == "switch_service" and o.annual_cost_after for o in in_euros.options)

    in_dollars = recommend(
        kg,
        Question(
            service="netflix", plan="standard", billing_cycle="monthly", price_paid=10.99, currency="USD", region="GB"
        ),
    )
    assert "price-in-other-currency" not in _codes(in_dollars) and in_dollars.current.currency == "USD"
    # with no amount, a currency says nothing: it is dropped, so the question is the one asked without it
    asked = Question(service="netflix", plan="standard", billing_cycle="monthly", currency="EUR")
    assert asked == Question(service="netflix", plan="standard", billing_cycle="monthly") and asked.currency is None
    assert recommend(kg, asked).current.currency == "USD"


def test_an_amount_in_a_currency_the_service_has_no_price_in_points_to_no_plan_and_says_so(kg):
    """17.99 a month is a US price of Netflix in dollars, and so a plan is assumed; in euros it is no price
    the graph has, so no plan is assumed and a note says why only free options and cancelling remain."""
    in_dollars = recommend(kg, Question(service="netflix", billing_cycle="monthly", price_paid=17.99))
    assert "assumed-plan" in _codes(in_dollars) and in_dollars.current.plan is not None
    in_euros = recommend(kg, Question(service="netflix", billing_cycle="monthly", price_paid=17.99, currency="EUR"))
    assert in_euros.current.plan is None and "assumed-plan" not in _codes(in_euros)
    (said,) = [n for n in in_euros.notes if n.code == "no-price-in-currency"]
    assert said.params == {"service": "netflix", "currency": "EUR", "region": "US"}
    assert "no price of Netflix in EUR for US" in said.text
    assert {o.action for o in in_euros.options} == {"cancel", "keep"}
    # the region's prices are what an amount is read against: US dollars say nothing of a plan in Britain
    british = recommend(
        kg, Question(service="netflix", billing_cycle="monthly", price_paid=17.99, currency="USD", region="GB")
    )
    assert "no-price-in-currency" in _codes(british) and british.current.plan is None


def test_an_amount_that_is_not_used_gets_no_word_on_its_currency(kg):
    """With no period, an amount is not used at all (price-without-cycle): nothing is said to be set against it."""
    for question in (
        Question(service="norton", region="GB", price_paid=9.99),
        Question(service="netflix", price_paid=17.99, currency="EUR"),
    ):
        codes = _codes(recommend(kg, question))
        assert "price-without-cycle" in codes
        assert not {"no-currency", "no-price-in-currency", "price-in-other-currency"} & set(codes)


def test_a_bundles_price_of_another_region_is_said_to_be_one(kg):
    """Apple One, which includes Apple Music, is priced in the US only: asked from Britain, its cost is a
    US price, and the answer says so as it does for any other price."""
    british = recommend(kg, Question(service="apple-music", region="GB"))
    (bundle,) = british.bundles
    assert bundle.id == "apple-one" and bundle.currency == "USD"
    said = [n for n in british.notes if n.code == "price-of-other-region"]
    assert said and all(kg.catalogue.offers[n.params["offer"]].plan.startswith("apple-one") for n in said)
    assert "price-of-other-region" not in _codes(recommend(kg, Question(service="apple-music", region="US")))


def test_each_bundles_price_notes_come_beside_its_own_note(kg, monkeypatch):
    # no service in the graph is in two bundles priced elsewhere yet: Apple One, priced only in the US, is
    # made to stand twice, under two names, for a question asked from Britain
    from dataclasses import replace

    from subgraph.decide import recommend as recommending

    ((apple_one, offer),) = recommending._bundles(kg, "apple-music", "GB")
    twice = ((apple_one, offer), (replace(apple_one, id="apple-one-again", name="Apple One again"), offer))
    monkeypatch.setattr(recommending, "_bundles", lambda kg, service_id, region: twice)
    notes = recommending._leaving(kg, "apple-music", None, None, "GB").bundle_notes
    assert [(n.code, n.params.get("bundle")) for n in notes] == [
        ("included-in-bundle", "apple-one"),
        ("price-of-other-region", None),
        ("included-in-bundle", "apple-one-again"),
        ("price-of-other-region", None),
    ]
