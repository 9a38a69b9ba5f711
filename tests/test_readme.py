"""The README's figures are the graph's: a newcomer reading them is not misled."""

import re
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
    assert stats["oldest_source_date"] in README
