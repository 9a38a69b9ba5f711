"""What the statement page shows: the recurring charges of an export, the portfolio they make, the pictures.

:func:`statement_page` reads an export with the statement analysis, answers
its active, known subscriptions as a portfolio (overlaps, bundles, totals,
the plan) with their reminders as iCalendar, and works out the monthly
spend per service for a chart. Nothing is remembered: an export is personal
data, so this answer is built per request and dropped with it (it is never
put in the graph's answer cache).
"""

from collections import defaultdict
from dataclasses import dataclass

from ..graph.loader import KnowledgeGraph
from ..portfolio import MAX_ITEMS, Portfolio, portfolio, subscriptions_from_streams
from ..portfolio.calendar import reminders
from ..statements import StatementAnalysis, StatementAnswer, analyse_statement, statement_answer

__all__ = ["Series", "SpendChart", "StatementPage", "monthly_spend", "statement_page"]


@dataclass(frozen=True)
class Series:
    """What one recurring charge cost in each month of the chart."""

    label: str
    amounts: tuple[float, ...]
    total: float


@dataclass(frozen=True)
class SpendChart:
    """Monthly spend per recurring charge in one currency, over the statement's months."""

    currency: str | None
    months: tuple[str, ...]
    series: tuple[Series, ...]
    month_totals: tuple[float, ...]
    peak: float


@dataclass(frozen=True)
class StatementPage:
    answer: StatementAnswer
    portfolio: Portfolio | None
    left_out: int
    charts: tuple[SpendChart, ...]
    calendar: bytes | None


def monthly_spend(analysis: StatementAnalysis, *, names: dict[str, str] | None = None) -> tuple[SpendChart, ...]:
    """The money each recurring charge took in each month, one chart per currency.

    Parameters
    ----------
    analysis : StatementAnalysis
    names : dict, optional
        Service id -> name, for the series labels; a charge of no known service is labelled by its descriptor.

    Examples
    --------
    >>> from subgraph import load_graph
    >>> from subgraph.statements import analyse_statement
    >>> csv = "Date,Description,Amount\\n" + "".join(f"2025-{m:02d}-05,NETFLIX.COM,-15.49\\n" for m in range(1, 5))
    >>> (chart,) = monthly_spend(analyse_statement(load_graph(), csv.encode()))
    >>> chart.months, chart.series[0].amounts
    (('2025-01', '2025-02', '2025-03', '2025-04'), (15.49, 15.49, 15.49, 15.49))
    """
    names = names or {}
    by_currency: dict[str | None, list[tuple[str, dict[str, float]]]] = defaultdict(list)
    for stream in analysis.streams:
        per_month: dict[str, float] = defaultdict(float)
        for day, amount in zip(stream.dates, stream.amounts, strict=True):
            per_month[f"{day:%Y-%m}"] += float(amount)
        service = stream.match.service
        label = names.get(service, service) if service else stream.descriptor
        by_currency[stream.currency].append((label, per_month))
    charts = []
    for currency, rows in by_currency.items():
        months = _month_range(min(m for _, r in rows for m in r), max(m for _, r in rows for m in r))
        series = tuple(
            Series(label, tuple(round(r.get(m, 0.0), 2) for m in months), round(sum(r.values()), 2))
            for label, r in sorted(rows, key=lambda row: -sum(row[1].values()))
        )
        totals = tuple(round(sum(s.amounts[i] for s in series), 2) for i in range(len(months)))
        charts.append(SpendChart(currency, months, series, totals, max(totals, default=0.0)))
    return tuple(charts)


def _month_range(first: str, last: str) -> tuple[str, ...]:
    """Every month from `first` to `last` (``YYYY-MM``), so a month with no charge shows as one."""
    year, month = (int(x) for x in first.split("-"))
    months = []
    while f"{year:04d}-{month:02d}" <= last:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return tuple(months)


def statement_page(
    kg: KnowledgeGraph, data: bytes, *, filename: str | None = None, region: str = "US"
) -> StatementPage:
    """Everything the statement page shows for one export.

    Raises
    ------
    subgraph.statements.StatementError
        If the export cannot be read; its ``kind`` and message say why.
    """
    analysis = analyse_statement(kg, data, filename=filename, region=region)
    answer = statement_answer(kg, analysis, region=region)
    subscriptions = subscriptions_from_streams(analysis.streams, region=region)
    held = portfolio(kg, subscriptions[:MAX_ITEMS]) if subscriptions else None
    names = {s.id: s.name for s in kg.catalogue.services.values()}
    return StatementPage(
        answer=answer,
        portfolio=held,
        left_out=max(0, len(subscriptions) - MAX_ITEMS),
        charts=monthly_spend(analysis, names=names),
        calendar=reminders(held) if held and held.plan else None,
    )
