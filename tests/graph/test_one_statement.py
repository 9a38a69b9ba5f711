"""Each thing is stated once (#16 item 5): a step's order and a price's region are checked against their copies."""

import re

import pytest

from subgraph import GraphInvalid, load_graph


def _problems(directory):
    with pytest.raises(GraphInvalid) as error:
        load_graph(directory)
    return error.value.problems


def _line_of(directory, problem):
    return (directory.parent / problem.file).read_text().splitlines()[problem.line - 1]


def test_swapped_step_positions_are_refused(small_graph):
    """Positions 2 and 1 still run 1..2 without a gap; only the ids say the order was changed."""
    path = small_graph / "billers" / "roku.ttl"
    text = path.read_text()
    swapped = text.replace(
        ":roku-online-1 a schema:HowToStep ; schema:position 1 ;",
        ":roku-online-1 a schema:HowToStep ; schema:position 2 ;",
    ).replace(
        ":roku-online-2 a schema:HowToStep ; schema:position 2 ;",
        ":roku-online-2 a schema:HowToStep ; schema:position 1 ;",
    )
    assert swapped != text
    path.write_text(swapped)
    problems = _problems(small_graph)
    assert sorted((p.file, p.node) for p in problems) == [
        ("graph/billers/roku.ttl", "roku-online-1"),
        ("graph/billers/roku.ttl", "roku-online-2"),
    ]
    first = next(p for p in problems if p.node == "roku-online-1")
    assert "its id must be roku-online-2" in first.message
    assert _line_of(small_graph, first).startswith(":roku-online-1 ")


def test_a_step_listed_by_two_methods_is_refused(small_graph):
    path = small_graph / "billers" / "roku.ttl"
    text = path.read_text()
    device = re.search(r"^:roku-device a .*?schema:step ([^;]+);", text, re.M | re.S)
    path.write_text(text[: device.end(1)] + ", :roku-online-4 " + text[device.end(1) :])
    (problem,) = [p for p in _problems(small_graph) if "exactly one method" in p.message]
    assert (problem.file, problem.node) == ("graph/billers/roku.ttl", "roku-online-4")
    assert "roku-device, roku-online" in problem.message


def test_a_price_region_other_than_its_offers_is_refused(small_graph):
    path = small_graph / "services" / "kaspersky.ttl"
    text = path.read_text()
    start = text.index(":kaspersky-internet-security-us-p1y-3-regular a schema:UnitPriceSpecification")
    end = text.index(" .\n", start)
    block = text[start:end]
    assert 'sg:region "US"' in block
    path.write_text(text[:start] + block.replace('sg:region "US"', 'sg:region "CA"') + text[end:])
    (problem,) = _problems(small_graph)
    assert (problem.file, problem.node) == (
        "graph/services/kaspersky.ttl",
        "kaspersky-internet-security-us-p1y-3-regular",
    )
    assert "differs from its offer kaspersky-internet-security-us-p1y-3's (US)" in problem.message
    assert _line_of(small_graph, problem).startswith(":kaspersky-internet-security-us-p1y-3-regular ")
