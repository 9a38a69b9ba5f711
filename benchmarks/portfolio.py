"""A 50-subscription portfolio answered in-process, against asking about each subscription alone.

    .venv/bin/python benchmarks/portfolio.py [--items 50] [--repeat 15]

Builds a portfolio of `--items` subscriptions over the graph's services (every
third with a price paid and a renewal date, so overlaps, bundles, the plan and
reminders all have work), warms the answer cache once, then times, `--repeat`
times each: the baseline (one ``recommend`` per subscription, the work asking
separately costs), ``portfolio`` (the same recommendations plus cancel paths,
overlaps, the exact bundle search and the plan), and ``portfolio`` then its
iCalendar reminders. Prints medians, p95 and each ratio to the baseline.
Goal: a 50-item portfolio in at most 50 ms.
"""

import argparse
import statistics
import time
from datetime import date, timedelta

from subgraph import load_graph
from subgraph.decide.recommend import recommend
from subgraph.portfolio import Subscription, portfolio
from subgraph.portfolio.calendar import reminders


def subscriptions(kg, count: int) -> list[Subscription]:
    """`count` subscriptions over the graph's services, in id order, repeating with other prices when it runs out."""
    services = sorted(kg.catalogue.services)
    found = []
    for i in range(count):
        priced = i % 3 != 2
        found.append(
            Subscription(
                service=services[i % len(services)],
                price_paid=round(4.99 + i, 2) if priced else None,
                billing_cycle="monthly" if priced else None,
                renews_on=date(2025, 9, 1) + timedelta(days=i) if priced else None,
            )
        )
    return found


def timed(work, repeat: int) -> tuple[float, float]:
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        runs.append((time.perf_counter() - started) * 1000)
    runs.sort()
    return statistics.median(runs), runs[min(len(runs) - 1, int(len(runs) * 0.95))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    kg = load_graph()
    subs = subscriptions(kg, args.items)
    questions = [s.question for s in subs]
    portfolio(kg, subs)  # warm: every recommendation and cancel path is in the answer cache, as on a server
    answer = portfolio(kg, subs)
    print(
        f"{len(subs)} subscriptions: {len(answer.overlaps)} overlaps, {len(answer.bundles)} bundle switches, "
        f"{len(answer.plan)} actions"
    )
    base, base_p95 = timed(lambda: [recommend(kg, q) for q in questions], args.repeat)
    ours, ours_p95 = timed(lambda: portfolio(kg, subs), args.repeat)
    ics, ics_p95 = timed(lambda: reminders(portfolio(kg, subs)), args.repeat)
    print(f"{'':32}{'median ms':>10}{'p95 ms':>10}{'ratio':>8}")
    print(f"{'baseline: recommend each alone':32}{base:10.2f}{base_p95:10.2f}{1:8.2f}")
    print(f"{'portfolio':32}{ours:10.2f}{ours_p95:10.2f}{ours / base:8.2f}")
    print(f"{'portfolio + iCalendar':32}{ics:10.2f}{ics_p95:10.2f}{ics / base:8.2f}")
    print(f"goal: at most 50 ms for 50 items; portfolio median {'meets' if ours <= 50 else 'MISSES'} it")


if __name__ == "__main__":
    main()
