"""The README's figures are the graph's: a newcomer reading them is not misled."""

import re
from datetime import date
from pathlib import Path

from subgraph.graph.stats import graph_stats

README = (Path(__file__).resolve().parents[1] / "README.md").read_text()


def _row(label):
    match = re.search(rf"^\| {re.escape(label)} \| (.+?) \|$", README, re.M)
    assert match, f"README has no '{label}' row"
    return [int(n) for n in re.findall(r"(?<![\d-])\d+(?![\d-])", match.group(1))]


def test_readme_figures_match_the_graph(kg):
    stats = graph_stats(kg)
    kinds = stats["facts_by_source_kind"]
    assert _row("services")[:2] == [stats["services"], stats["categories"]]
    assert _row("plans / offers") == [stats["plans"], stats["offers"]]
    assert _row("billers")[0] == stats["billers"]
    assert _row("sales channels / cancel methods / caveats / FAQ answers") == [
        stats["sales_channels"],
        stats["cancel_methods"],
        stats["caveats"],
        stats["questions"],
    ]
    assert _row("facts / sourced") == [
        stats["facts"],
        stats["sourced_facts"],
        kinds["official"],
        kinds["terms-copy"],
        kinds["press"],
    ]
    pages = stats["pages_by_source_kind"]
    assert _row("pages read") == [stats["pages"], pages["official"], pages["terms-copy"], pages["press"]]
    gaps = stats["known_gaps_by_kind"]
    assert _row("known gaps (looked for, not found)") == [stats["known_gaps"], *gaps.values()]
    assert stats["oldest_source_date"] in README


def test_readme_price_ages_match_the_graph_on_the_day_they_were_counted(kg):
    match = re.search(r"^\| price ages on (\d{4}-\d\d-\d\d), by the page's own date \| (.+?) \|$", README, re.M)
    assert match, "README has no price ages row"
    ages = graph_stats(kg, today=date.fromisoformat(match.group(1)))["price_ages"]
    assert match.group(2) == ", ".join(f"{band} {count}" for band, count in ages.items())
