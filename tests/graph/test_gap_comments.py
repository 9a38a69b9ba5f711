"""What was looked for and not found is data (sg:KnownGap), never search history in a comment (#16 item 4)."""

import re

from subgraph.graph.loader import default_graph_dir

GRAPH_DIR = default_graph_dir()

#: Words of a search log: who tried what, when, and what to skip next time.
SEARCH_HISTORY = re.compile(
    r"\b(tried(?! (before|first))|do not repeat|don't repeat|searched|upgrade attempt"
    r"|research pass|still no|(second|third) pass)\b",
    re.IGNORECASE,
)


def _comment_blocks(path):
    """Each run of comment lines as one text (a phrase may wrap), with the number of its first line."""
    block, first = [], 0
    for number, line in enumerate([*path.read_text(encoding="utf-8").splitlines(), ""], 1):
        text = line.strip()
        if text.startswith("#"):
            first = first or number
            block.append(text.lstrip("#").strip())
        elif block:
            yield first, " ".join(block)
            block, first = [], 0


def test_no_data_file_keeps_a_search_log_in_its_comments():
    found = [
        f"{path.relative_to(GRAPH_DIR.parent)}:{number}: {text[:200]}"
        for path in sorted(GRAPH_DIR.rglob("*.ttl"))
        for number, text in _comment_blocks(path)
        if SEARCH_HISTORY.search(text)
    ]
    assert found == [], "record these as sg:KnownGap (what, where, when) instead:\n" + "\n".join(found)


def test_the_pattern_finds_a_search_log():
    logged = "# Tried again 2026-12-01 (prices; do not repeat): pages queries for the 2023 rise"
    assert SEARCH_HISTORY.search(logged)
    assert not SEARCH_HISTORY.search("# The page gives a month only, so the date is its first day.")
