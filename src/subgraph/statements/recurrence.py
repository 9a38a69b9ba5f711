"""Recurring streams in a merchant's charges: cadence, price changes, trials, refunds and status.

Charges are grouped on what they are (the matched biller and service, else
the cleaned merchant), split by currency, and clustered by amount so two
contracts with one merchant stay two streams; clusters that follow each
other in time are one contract whose price changed. A cadence holds when
each gap fits it (per-gap consistency, not the mean gap: a mean hides a
charge two weeks late followed by one two weeks early). Month lengths
vary, so monthly gaps are read on the calendar: the 31st, the 28th and the
1st line up, and the next date is computed from the original anchor day.
"""

from __future__ import annotations

import calendar
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from .model import CADENCES, Cadence, Match, PriceChange, Stream, Transaction

__all__ = ["CADENCE_RULES", "detect_streams"]


@dataclass(frozen=True, slots=True)
class _Rule:
    months: int  # 0 for weekly
    low: int  # a gap of this many days...
    high: int  # ...to this many fits the cadence
    min_occurrences: int
    tolerance: int  # days past the predicted date before a stream counts as lapsed


#: Gap windows in days; annual is 365 +/- 10 (renewals move a few days with weekends and retries).
CADENCE_RULES: dict[Cadence, _Rule] = {
    "weekly": _Rule(0, 6, 8, 4, 4),
    "monthly": _Rule(1, 26, 35, 3, 8),
    "quarterly": _Rule(3, 84, 98, 3, 15),
    "annual": _Rule(12, 355, 375, 2, 31),
}
assert tuple(CADENCE_RULES) == CADENCES
#: Amounts within this fraction of each other are one price (drift, currency conversion)...
AMOUNT_DRIFT = Decimal("0.05")
#: ...for a service the graph knows; a merchant it does not know must charge the same amount (a gym, an
#: insurer), or three fuel fills a month apart would look like a contract.
UNKNOWN_DRIFT = Decimal("0.01")
#: Share of gaps that must fit the cadence.
MIN_REGULARITY = 0.75
#: A first charge below this fraction of the regular price is a trial or an introductory offer.
TRIAL_FRACTION = Decimal("0.5")


def _add_months(day: date, months: int, anchor: int) -> date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(anchor, calendar.monthrange(year, month)[1]))


def _clusters(charges: list[Transaction], drift: Decimal) -> list[list[Transaction]]:
    """Charges clustered by amount: each within `drift` of the cluster's first."""
    clusters: list[list[Transaction]] = []
    for t in sorted(charges, key=lambda t: (t.amount, t.posted)):
        if clusters and t.amount <= clusters[-1][0].amount * (1 + drift) + Decimal("0.01"):
            clusters[-1].append(t)
        else:
            clusters.append([t])
    return [sorted(c, key=lambda t: t.posted) for c in clusters]


def _chain(clusters: list[list[Transaction]], *, known: bool) -> list[list[Transaction]]:
    """Clusters that follow one another in time joined: one contract whose price changed.

    A price counts when two charges agree on it, so only clusters of two or more
    chain, except for a merchant the graph knows (an annual renewal has one charge per price).
    """
    if not known:
        # a lone charge of an unknown merchant can neither chain nor recur: left out, so a merchant of many
        # different amounts (a supermarket) costs its clusters, not their square
        clusters = [c for c in clusters if len(c) >= 2]
    chains: list[list[Transaction]] = []
    for cluster in sorted(clusters, key=lambda c: c[0].posted):
        for chain in chains:
            joinable = known or (len(cluster) >= 2 and len(chain) >= 2)
            if joinable and chain[-1].posted < cluster[0].posted:
                chain.extend(cluster)
                break
        else:
            chains.append(list(cluster))
    return chains


def _cadence(dates: Sequence[date], *, known: bool) -> tuple[Cadence, float] | None:
    gaps = [(b - a).days for a, b in zip(dates, dates[1:])]
    if not gaps:
        return None
    best = None
    for name, rule in CADENCE_RULES.items():
        minimum = rule.min_occurrences - (1 if known and name != "annual" else 0)
        if len(dates) < minimum:
            continue
        fits = sum(1 for g in gaps if rule.low <= g <= rule.high)
        skips = sum(1 for g in gaps if 2 * rule.low <= g <= 2 * rule.high) if name != "annual" else 0
        regularity = (fits + 0.5 * skips) / len(gaps)
        if fits and regularity >= MIN_REGULARITY and (best is None or regularity > best[1]):
            best = (name, regularity)
    return best


def _coincidence(chain: Sequence[Transaction], charges: Sequence[Transaction]) -> bool:
    """Whether a chain is a few like amounts among a merchant's many charges (groceries, fuel), not a contract.

    A subscription is most of what its merchant charges while it runs; a supermarket visited weekly
    produces three near-equal amounts a quarter apart by chance alone.
    """
    first, last = chain[0].posted, chain[-1].posted
    mine = {id(t) for t in chain}
    others = sum(1 for t in charges if first <= t.posted <= last and id(t) not in mine)
    return others > 2 * len(chain) + 2


def _price_changes(charges: Sequence[Transaction]) -> tuple[PriceChange, ...]:
    changes = []
    current = charges[0].amount
    for previous, (a, b) in zip(charges, zip(charges[1:], charges[2:])):
        del previous
        agreed = abs(a.amount - b.amount) <= a.amount * AMOUNT_DRIFT
        if agreed and abs(a.amount - current) > current * AMOUNT_DRIFT:
            changes.append(PriceChange(a.posted, current, a.amount))
            current = a.amount
    return tuple(changes)


def _next_date(cadence: Cadence, dates: Sequence[date]) -> date:
    rule = CADENCE_RULES[cadence]
    if not rule.months:
        return dates[-1] + timedelta(days=7)
    days = [d.day for d in dates]
    # charged at month ends (31, 28, 30): the anchor is the 31st, clamped to each month's length
    anchor = max(days) if all(d >= 28 for d in days) else Counter(days).most_common(1)[0][0]
    return _add_months(dates[-1], rule.months, anchor)


def detect_streams(
    transactions: Sequence[Transaction],
    match: Match,
    *,
    as_of: date,
    descriptors: Sequence[str] = (),
) -> list[Stream]:
    """The recurring streams among one merchant's transactions.

    Parameters
    ----------
    transactions : sequence of Transaction
        One group's transactions (charges positive, refunds negative), holds already left out.
    match : Match
        Who the group's descriptor names; a merchant the graph knows needs fewer
        occurrences (two for monthly) and may change price between single charges.
    as_of : date
        The statement's last date: a stream whose next date is further back
        than its tolerance is lapsed.
    descriptors : sequence of str
        The group's cleaned descriptors, most frequent first.

    Returns
    -------
    list of Stream

    Examples
    --------
    >>> from datetime import date
    >>> from decimal import Decimal
    >>> from subgraph.statements.model import Match, Transaction
    >>> days = (date(2025, 1, 31), date(2025, 2, 28), date(2025, 3, 31))
    >>> charges = [Transaction(i, d, "X", Decimal("9.99")) for i, d in enumerate(days)]
    >>> streams = detect_streams(charges, Match("x"), as_of=date(2025, 4, 2))
    >>> [(s.cadence, s.next_date.isoformat(), s.status) for s in streams]
    [('monthly', '2025-04-30', 'active')]
    """
    known = match.service is not None
    streams = []
    by_currency: dict[str | None, list[Transaction]] = {}
    for t in transactions:
        by_currency.setdefault(t.currency, []).append(t)
    for currency, items in by_currency.items():
        charges = [t for t in items if t.amount >= 0 and not t.reversal]
        credits = [t for t in items if t.amount < 0 or t.reversal]
        trials = [t for t in charges if t.amount == 0]
        paid = [t for t in charges if t.amount > 0]
        for chain in _chain(_clusters(paid, AMOUNT_DRIFT if known else UNKNOWN_DRIFT), known=known):
            chain.sort(key=lambda t: t.posted)
            trial = None
            regular = chain
            if len(chain) >= 3 and chain[0].amount < chain[1].amount * TRIAL_FRACTION:
                trial, regular = chain[0], chain[1:]
            found = _cadence([t.posted for t in regular], known=known)
            if found is None or _coincidence(regular, paid):
                continue
            cadence, regularity = found
            rule = CADENCE_RULES[cadence]
            if trial is None:  # a free first month, charged 0.00
                before = [t for t in trials if 0 < (regular[0].posted - t.posted).days <= rule.high + 35]
                trial = before[-1] if before else None
            dates = tuple(t.posted for t in regular)
            amounts = tuple(t.amount for t in regular)
            next_date = _next_date(cadence, dates)
            last = regular[-1]
            high = max(amounts) * (1 + AMOUNT_DRIFT)
            refunds = tuple(
                (t.posted, abs(t.amount)) for t in credits if abs(t.amount) <= high and t.posted >= chain[0].posted
            )
            streams.append(
                Stream(
                    descriptor=descriptors[0] if descriptors else match.merchant,
                    descriptors=tuple(descriptors),
                    match=match,
                    cadence=cadence,
                    currency=currency,
                    dates=((trial.posted,) if trial else ()) + dates,
                    amounts=((trial.amount,) if trial else ()) + amounts,
                    average=(sum(amounts, Decimal(0)) / len(amounts)).quantize(Decimal("0.01")),
                    last_amount=last.amount,
                    first=trial.posted if trial else dates[0],
                    last=dates[-1],
                    next_date=next_date,
                    next_amount=last.amount,
                    status="active" if as_of <= next_date + timedelta(days=rule.tolerance) else "lapsed",
                    price_changes=_price_changes(regular),
                    trial=trial is not None,
                    refunds=refunds,
                    regularity=round(regularity, 3),
                )
            )
    return streams
