"""What the statement page shows, from the statement analysis and the portfolio."""

from subgraph.statements import analyse_statement
from subgraph.views.statement_page import monthly_spend, statement_page

QUARTERLY = "Date,Description,Amount\n" + "".join(f"2025-{m:02d}-03,NETFLIX.COM,-15.49\n" for m in (1, 4, 7, 10))


def test_a_month_without_a_charge_is_a_month_of_zero(kg):
    (chart,) = monthly_spend(analyse_statement(kg, QUARTERLY.encode()), names={"netflix": "Netflix"})
    assert chart.months == tuple(f"2025-{m:02d}" for m in range(1, 11))
    assert chart.series[0].label == "Netflix"
    assert chart.month_totals == tuple(15.49 if m in (1, 4, 7, 10) else 0.0 for m in range(1, 11))
    assert chart.peak == 15.49 and chart.series[0].total == 61.96


def test_the_page_answers_the_active_known_subscriptions_as_a_portfolio(kg):
    monthly = "Date,Description,Amount\n" + "".join(
        f"2025-{m:02d}-05,NETFLIX.COM,-15.49\n2025-{m:02d}-07,SPOTIFY USA,-11.99\n" for m in range(1, 7)
    )
    page = statement_page(kg, monthly.encode(), filename="bank.csv")
    assert {s.service.id for s in page.answer.streams} == {"netflix", "spotify"}
    assert {i.service.id for i in page.portfolio.items} == {"netflix", "spotify"}
    assert page.left_out == 0
