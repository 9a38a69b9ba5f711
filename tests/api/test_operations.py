"""The proof scripts of benchmarks/ in short runs: slow clients, a soak, a killed worker, a reload.

Each calls the script's own ``measure`` (one home for how the service is started and loaded) with
a few seconds instead of a minute, and holds it to the script's goal.
"""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

import kill_worker  # noqa: E402
import reload_under_load  # noqa: E402
import slow_clients  # noqa: E402
import soak  # noqa: E402

pytestmark = pytest.mark.slow


def test_slow_clients_do_not_starve_the_others():
    result = slow_clients.measure(slow=200, seconds=2, connections=2)
    assert result["failed"] == 0 and result["tally"].answered > 50, result["tally"].summary()
    assert result["p99_ms"] < slow_clients.GOAL_P99_MS, result["tally"].summary()
    assert result["healthz"] == 200


def test_a_short_soak_answers_everything_in_flat_memory():
    result = soak.measure(seconds=3, connections=16, warmup=1.5)
    assert result["tally"].failed == 0 and result["requests_measured"] > 100, result["tally"].summary()
    assert result["growth"] < soak.GOAL_RSS_GROWTH and not result["workers_replaced"], result


def test_a_killed_worker_is_replaced_and_costs_only_its_own_requests():
    result = kill_worker.measure(seconds=4, connections=4)
    assert result["workers_after"] == result["workers_before"] == 2
    # a short run has few requests, so the bound is the connections the killed worker held, not 0.1%
    assert result["tally"].failed <= 4 and result["tally"].answered > 100, result["tally"].summary()


def test_a_reload_under_load_fails_nothing_and_refuses_a_broken_graph(small_graph, fitted_cache):
    # every graph the service reads is parsed and validated, as with no cache, without fitting classifiers again
    result = reload_under_load.measure(connections=2, graph=small_graph, settle=1, wait=60, cache=fitted_cache)
    # the version is the one the graph declares (unchanged here); the new triple is what shows
    assert result["swapped"] and result["after"]["triples"] == result["before"]["triples"] + 1, result
    assert result["refused"] and result["still_serving"], result
    assert result["tally"].failed == 0 and result["tally"].answered > 20, result["tally"].summary()
