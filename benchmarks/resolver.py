"""Resolver accuracy per evaluation set, and the cost of a warm query, against the resolver before issue 17.

Run: ``.venv/bin/python benchmarks/resolver.py``. Accuracy is top-1 with
"did you mean" counted as a miss; several-reasons lines count only when the
whole set of ids is right, and one-reason lines read as several reasons are
counted (issue 17: a spurious reason changes the recommendation). The query
cost is the median over several runs of answering every evaluation text once
with the answer cache bypassed, per
query, for the resolver as shipped and for the same graph resolved as before
(TF-IDF only, ``meaning=False``), built in this same run.
"""

import csv
import statistics
import time
from pathlib import Path

from subgraph import load_graph
from subgraph.text.embedding import StaticEmbedding
from subgraph.text.resolve import Resolver, _entries

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"
SETS = (
    "resolver_cases.tsv",
    "resolver_cases_fresh.tsv",
    "resolver_cases_third.tsv",
    "eval_reasons.tsv",
    "eval_reasons_second.tsv",
    "eval_reasons_third.tsv",
    "eval_needs.tsv",
    "eval_needs_second.tsv",
    "eval_platforms.tsv",
)


def rows(name):
    return [r for r in csv.reader((DATA / name).open(), delimiter="\t") if r and not r[0].startswith("#")]


def accuracy(resolver, name):
    single = [r for r in rows(name) if r[1] != "reasons"]
    several = [r for r in rows(name) if r[1] == "reasons"]
    figures = [(name, sum(resolver.resolve(t, k).id == e for t, k, e in single), len(single))]
    if several and hasattr(resolver, "resolve_all"):
        read = [",".join(sorted(a.id for a in resolver.resolve_all(t, "reason") if a.resolved)) for t, _, _ in several]
        figures.append((f"{name} (several reasons)", sum(g == e for g, (_, _, e) in zip(read, several)), len(several)))
    return figures


def read_as_several(resolver, name="eval_reasons.tsv"):
    """How many one-reason lines ``resolve_all`` reads as more than one reason, of how many."""
    single = [t for t, k, _ in rows(name) if k == "reason"]
    return sum(len([a for a in resolver.resolve_all(t, "reason") if a.resolved]) > 1 for t in single), len(single)


def query_ms(resolver, cases, runs=7):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        for text, kind, _ in cases:
            resolver._resolve(text, kind if kind != "reasons" else "reason", 3, None)  # uncached
        times.append((time.perf_counter() - start) / len(cases) * 1000)
    return statistics.median(times)


def main():
    kg = load_graph()
    start = time.perf_counter()
    embedding = StaticEmbedding().fit()
    print(f"embedding table read in {time.perf_counter() - start:.2f} s: {embedding.table_.nbytes / 1e6:.1f} MB")
    before = Resolver(_entries(kg.catalogue), meaning=False)
    cases = [r for name in SETS for r in rows(name)]
    print(f"{'set':45} {'TF-IDF only':>12} {'now':>12}")
    for name in SETS:
        for (label, old, n), (_, new, _) in zip(accuracy(before, name) + [(None, 0, 0)], accuracy(kg.resolver, name)):
            old_text = f"{old / n:.1%}" if label else "-"
            print(f"{label or name + ' (several reasons)':45} {old_text:>12} {new / n:>11.1%}  ({new}/{n})")
    for name in ("eval_reasons.tsv", "eval_reasons_second.tsv", "eval_reasons_third.tsv"):
        (old, n), (new, _) = read_as_several(before, name), read_as_several(kg.resolver, name)
        print(f"single-reason lines of {name} read as more than one reason: {new} of {n} (TF-IDF only: {old})")
    print(
        f"warm query, median of 7 runs over {len(cases)} texts: TF-IDF only {query_ms(before, cases):.3f} ms, "
        f"now {query_ms(kg.resolver, cases):.3f} ms"
    )


if __name__ == "__main__":
    main()
