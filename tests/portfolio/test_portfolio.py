"""Portfolios whose right answer is known from the graph: each expected figure is read from the catalogue."""

import json
import sys
from datetime import date
from decimal import Decimal

import pytest
from conftest import ROOT

from subgraph.answers import to_plain
from subgraph.portfolio import MAX_ITEMS, Subscription, TooManyItems, portfolio
from subgraph.portfolio.read import PortfolioInputError, read_subscriptions
from subgraph.views.portfolio import render_portfolio

sys.path.insert(0, str(ROOT / "tests" / "statements"))
import corpus  # noqa: E402


def _features(catalogue, service):
    """What any current plan of the service has: the features an item of unknown plan is compared on."""
    return {f for p in catalogue.plans_of(service) if p.status == "current" for f in p.features}


def test_a_double_antivirus_keeps_one_and_says_what_the_other_had(kg, catalogue):
    answer = portfolio(
        kg,
        [
            Subscription(service="norton", price_paid=104.99, billing_cycle="annual"),
            Subscription(service="kaspersky", price_paid=59.99, billing_cycle="annual", purchased_via="nexway"),
        ],
    )
    (overlap,) = answer.overlaps
    assert overlap.kind == "same-job" and overlap.categories == ("security-software",)
    assert "antivirus" in overlap.shared_features
    kept, (dropped,) = overlap.keep.service.id, overlap.drop
    other = {"norton": "kaspersky", "kaspersky": "norton"}[kept]
    assert dropped.item.service.id == other
    # what would be lost: the dropped one's features that the kept one lacks (a narrower one counting)
    have = _features(catalogue, kept)
    have |= {b for f in have for b in catalogue.broader.get(f, ())}
    assert set(dropped.features_lost) == _features(catalogue, other) - have
    assert dropped.annual_saving == {"norton": 104.99, "kaspersky": 59.99}[other]
    (action,) = answer.plan
    assert action.action == "drop-overlap" and action.annual_saving == dropped.annual_saving
    assert {b.fact for b in overlap.based_on} >= {"same-category", "feature", "price-paid"}
    (total,) = answer.totals.by_currency
    assert (total.annual_now, total.annual_saving) == (164.98, dropped.annual_saving)
    assert total.annual_after == round(164.98 - dropped.annual_saving, 2)


def test_a_service_inside_a_bundle_also_held_is_dropped(kg, catalogue):
    assert "disney-plus" in catalogue.services["disney-bundle"].includes
    answer = portfolio(
        kg,
        [
            Subscription(service="disney-plus", price_paid=9.99, billing_cycle="monthly", renews_on=date(2025, 9, 1)),
            Subscription(service="disney-bundle", price_paid=16.99, billing_cycle="monthly"),
        ],
    )
    included = [o for o in answer.overlaps if o.kind == "included-in-bundle"]
    assert [(o.keep.service.id, [d.item.service.id for d in o.drop]) for o in included] == [
        ("disney-bundle", ["disney-plus"])
    ]
    assert any(b.fact == "includes" and b.node == "disney-bundle" for b in included[0].based_on)
    (action,) = [a for a in answer.plan if a.action == "drop-included"]
    assert action.items[0].service.id == "disney-plus"
    assert action.annual_saving == round(9.99 * 12, 2)
    assert action.deadline == date(2025, 9, 1) and action.deadline_kind == "renewal"
    assert answer.totals.by_currency[0].annual_after == round(16.99 * 12, 2)


def test_a_bundle_that_pays_for_itself_is_chosen_with_its_costs(kg, catalogue):
    paid = {"apple-music": Decimal("10.99"), "apple-tv-plus": Decimal("12.99"), "icloud-plus": Decimal("0.99")}
    answer = portfolio(
        kg, [Subscription(service=s, price_paid=float(p), billing_cycle="monthly") for s, p in paid.items()]
    )
    (switch,) = answer.bundles
    cheapest = min(
        (o for p in catalogue.plans_of("apple-one") for o in p.offers if "US" in o.regions),
        key=lambda o: o.annual_cost,
    )
    before = sum(paid.values()) * 12
    assert switch.bundle.id == "apple-one" and switch.offer == cheapest.id
    assert switch.annual_cost_before == float(before)
    assert switch.annual_cost_after == float(cheapest.annual_cost)
    assert switch.annual_saving == float(before - cheapest.annual_cost) > 0
    assert sorted(r.service.id for r in switch.replaces) == sorted(paid)
    assert [a.action for a in answer.plan] == ["switch-to-bundle"]


def test_a_bundle_dearer_than_the_parts_held_is_not_proposed(kg):
    answer = portfolio(
        kg,
        [
            Subscription(service="apple-music", price_paid=10.99, billing_cycle="monthly"),
            Subscription(service="icloud-plus", price_paid=0.99, billing_cycle="monthly"),
        ],
    )
    assert answer.bundles == () and answer.plan == ()


def test_an_item_without_a_price_is_listed_not_counted_as_zero(kg):
    answer = portfolio(kg, [Subscription(service="netflix"), Subscription(service="norton", price_paid=9.0)])
    # netflix: several plans, none given; norton: a price without a cycle is no annual cost
    assert [r.service.id for r in answer.totals.unknown_price] == ["netflix", "norton"]
    assert answer.totals.by_currency == ()
    assert any(n.code == "unknown-price" for n in answer.notes)


def test_amounts_in_different_currencies_are_never_added(kg, catalogue):
    assert catalogue.currency_by_region["JP"] == "JPY"
    answer = portfolio(
        kg,
        [
            Subscription(service="uber-one", price_paid=498.0, billing_cycle="monthly", region="JP"),
            Subscription(service="norton", price_paid=104.99, billing_cycle="annual"),
        ],
    )
    assert {(t.currency, t.annual_now) for t in answer.totals.by_currency} == {("JPY", 5976.0), ("USD", 104.99)}


def test_an_amount_in_a_currency_the_graph_does_not_know_is_not_counted_and_says_so(kg):
    """Netflix is priced in the US only: 10.99 a month paid in Britain is no dollar amount, and the graph
    knows no currency for Britain, so it stays out of the totals and a note says why."""
    answer = portfolio(
        kg,
        [
            Subscription(service="netflix", plan="standard", price_paid=10.99, billing_cycle="monthly", region="GB"),
            Subscription(service="norton", price_paid=104.99, billing_cycle="annual"),
        ],
    )
    assert {(t.currency, t.annual_now) for t in answer.totals.by_currency} == {("USD", 104.99)}
    (said,) = [n for n in answer.notes if n.code == "unknown-currency"]
    assert said.params == {"count": 1} and "not counted in the totals" in said.text
    assert [r.service.id for r in answer.totals.unknown_currency] == ["netflix"] and not answer.totals.unknown_price
    lines = []
    render_portfolio(answer, lines.append)
    assert "  not counted, currency unknown: Netflix" in lines
    assert "price-in-other-currency" in {n.code for n in answer.items[0].recommendation.notes}
    # said in which currency it is paid, it is counted in that currency
    in_pounds = portfolio(
        kg,
        [
            Subscription(service="netflix", price_paid=10.99, billing_cycle="monthly", region="GB", currency="GBP"),
        ],
    )
    assert [(t.currency, t.annual_now) for t in in_pounds.totals.by_currency] == [("GBP", 131.88)]
    assert not in_pounds.totals.unknown_currency


def test_the_plan_is_ordered_by_saving_per_minute_and_follows_what_was_said(kg):
    answer = portfolio(
        kg,
        [
            Subscription(service="spotify", price_paid=11.99, billing_cycle="monthly", reasons=["too expensive"]),
            Subscription(service="disney-plus", price_paid=9.99, billing_cycle="monthly"),
            Subscription(service="disney-bundle"),
            Subscription(service="norton", price_paid=104.99, billing_cycle="annual"),
        ],
    )
    per_minute = [a.saving_per_minute for a in answer.plan]
    assert None not in per_minute and per_minute == sorted(per_minute, reverse=True)
    assert {a.items[0].service.id for a in answer.plan} == {"spotify", "disney-plus"}
    for action in answer.plan:
        item = answer.items[action.items[0].index]
        assert action.minutes == item.path.method.minutes.max
        assert action.saving_per_minute == round(action.annual_saving / action.minutes, 2)
        assert action.how[0].startswith(item.path.method.name)
    # norton is recommended for cancelling alone only because cancelling saves its price: a note, no action
    (unplanned,) = [n for n in answer.notes if n.code == "recommendation-not-planned"]
    assert "Norton" in unplanned.text


def test_more_than_the_maximum_is_refused(kg):
    with pytest.raises(TooManyItems):
        portfolio(kg, [Subscription(service="norton")] * (MAX_ITEMS + 1))


def test_the_answer_is_plain_json_with_every_part(kg):
    plain = to_plain(portfolio(kg, [Subscription(service="norton", price_paid=9.99, billing_cycle="monthly")]))
    assert set(plain) == {"items", "overlaps", "bundles", "totals", "plan", "notes"}
    assert plain["items"][0]["recommendation"]["service"]["id"] == "norton"


def test_csv_and_json_lists_read_as_the_same_subscriptions(kg):
    as_csv = read_subscriptions(kg, b"service,price_paid,billing_cycle,renews_on\nnorton,104.99,annual,2025-09-01\n")
    as_json = read_subscriptions(
        kg, b'[{"service": "norton", "price_paid": 104.99, "billing_cycle": "annual", "renews_on": "2025-09-01"}]'
    )
    assert as_csv == as_json and as_csv[0].renews_on == date(2025, 9, 1)


@pytest.mark.parametrize(
    "data, says",
    [
        (b"[1, 2]", "item 1"),
        (b'[{"service": "norton", "price_paid": "lots"}]', "price_paid"),
        (b'{"not": "a list"}', "list"),
        (b"[{", "not valid JSON"),
    ],
)
def test_bad_lists_say_where(kg, data, says):
    with pytest.raises(PortfolioInputError, match=says):
        read_subscriptions(kg, data)


def _statement():
    """A US checking export, as corpus.render writes one: two antivirus suites renewing yearly, Netflix monthly."""
    rows = []
    for year in (2024, 2025):
        rows.append((date(year, 3, 10), "NW*KASPERSKY 8K2J4M9QX7", Decimal("59.99")))
        rows.append((date(year, 5, 2), "PAYPAL *NORTON 402-935-7733", Decimal("104.99")))
    for month in range(1, 13):
        year = 2025 if month <= 6 else 2024
        rows.append((date(year, month, 7), "NETFLIX.COM 866-579-7172 CA", Decimal("17.99")))
        rows.append((date(year, month, 15), "SAFEWAY #1234 PLEASANTON CA", Decimal(20 + month)))
    return corpus.render("csv-us", "USD", sorted(rows))


def test_a_generated_statement_end_to_end(kg):
    name, data = _statement()
    subscriptions = read_subscriptions(kg, data, filename=name)
    assert {(s.service, s.purchased_via) for s in subscriptions} == {
        ("netflix", "netflix-inc"),
        ("norton", "paypal"),
        ("kaspersky", "nexway"),
    }
    answer = portfolio(kg, subscriptions)
    (overlap,) = answer.overlaps
    assert {overlap.keep.service.id, overlap.drop[0].item.service.id} == {"norton", "kaspersky"}
    (action,) = answer.plan
    dropped = next(s for s in subscriptions if s.service == action.items[0].service.id)
    assert action.deadline == dropped.renews_on  # the next charge the statement predicts
    (total,) = answer.totals.by_currency
    assert total.annual_now == round(17.99 * 12 + 104.99 + 59.99, 2)


def _netflix_and_norton_rows():
    rows = [(date(year, 5, 2), "PAYPAL *NORTON 402-935-7733", Decimal("104.99")) for year in (2024, 2025)]
    for month in range(1, 13):
        year = 2025 if month <= 6 else 2024
        rows.append((date(year, month, 7), "NETFLIX.COM 866-579-7172 CA", Decimal("17.99")))
        rows.append((date(year, month, 15), "SAFEWAY #1234 PLEASANTON CA", Decimal(20 + month)))
    return sorted(rows)


def test_a_statement_in_euros_is_read_in_euros_whatever_the_region(kg):
    """A German export says EUR on every line: read for the US region, 17.99 is still no dollar amount, so it
    is not taken for the US price of a Netflix plan, and the totals are in euros."""
    name, data = corpus.render("csv-de", "EUR", _netflix_and_norton_rows())
    subscriptions = read_subscriptions(kg, data, filename=name, region="US")
    assert {(s.service, s.currency, s.price_paid) for s in subscriptions} == {
        ("netflix", "EUR", 17.99),
        ("norton", "EUR", 104.99),
    }
    answer = portfolio(kg, subscriptions)
    assert [(t.currency, t.annual_now) for t in answer.totals.by_currency] == [("EUR", round(17.99 * 12 + 104.99, 2))]
    netflix = next(i.recommendation for i in answer.items if i.service.id == "netflix")
    assert netflix.current.currency == "EUR" and netflix.current.plan is None
    assert "assumed-plan" not in {n.code for n in netflix.notes}
    assert all(o.currency == "EUR" for o in netflix.options)
    # the same lines in a US export (no currency column) are read in the region's dollars, as before
    name, data = corpus.render("csv-us", "USD", _netflix_and_norton_rows())
    assert {s.currency for s in read_subscriptions(kg, data, filename=name, region="US")} == {None}


def test_a_csv_list_may_say_the_currency_of_each_price(kg):
    listed = b"service,price_paid,billing_cycle,currency\nnorton,104.99,annual,eur\nkaspersky,59.99,annual,\n"
    norton, kaspersky = read_subscriptions(kg, listed, region="US")
    assert (norton.currency, kaspersky.currency) == ("EUR", None)
    totals = portfolio(kg, [norton, kaspersky]).totals.by_currency
    assert {(t.currency, t.annual_now) for t in totals} == {("EUR", 104.99), ("USD", 59.99)}


def test_a_currency_a_statement_writes_as_a_symbol_falls_back_to_the_region(kg):
    charge = {
        "service": {"id": "norton"},
        "biller": {"id": "paypal"},
        "amounts": {"last": 104.99},
        "cadence": "annual",
        "next_date": "2025-05-02",
        "status": "active",
    }
    statement = {"streams": [charge | {"currency": "€"}, charge | {"currency": "gbp"}, charge]}
    subscriptions = read_subscriptions(kg, json.dumps(statement).encode(), region="DE")
    assert [s.currency for s in subscriptions] == [None, "GBP", None]
