#!/usr/bin/env python3
"""Does a recommendation's cost grow with the catalogue? (It should not.)

Loads the real graph, then a synthetic catalogue about 100x larger made by
cloning every service, plan, offer, channel and caveat under new ids (the
billers and their methods are shared, as real billers are), and times
``recommend`` and ``cancel_path`` on the same subscription in both.

    python benchmarks/recommend_scaling.py [--repeat 300]

Prints per-call latency (median and p95, ms) for each and the ratio
large / real; the goal is a ratio <= 1.2. Not part of the test suite.
"""

import argparse
import itertools
import statistics
import sys
import tempfile
import time
from pathlib import Path

from rdflib import Graph, URIRef

from subgraph import default_graph_dir, load_graph
from subgraph.decide import cancel
from subgraph.decide.question import Question
from subgraph.decide.recommend import recommend
from subgraph.graph.namespaces import SCHEMA, SG

#: Node kinds cloned per copy: everything that hangs off a service.
_CLONED_TYPES = (
    SCHEMA.Service,
    SG.Plan,
    SCHEMA.Offer,
    SCHEMA.UnitPriceSpecification,
    SG.SalesChannel,
    SG.Availability,
    SCHEMA.Question,
    SCHEMA.Answer,
)


def synthetic_graph(source_dir, copies, target_dir):
    """Write a graph directory with `copies` clones of every service's own nodes."""
    target_dir.mkdir(parents=True, exist_ok=True)
    for path in source_dir.rglob("*.ttl"):
        (target_dir / path.name).write_bytes(path.read_bytes())
    data = Graph()
    for path in source_dir.rglob("*.ttl"):
        if path.name != "shapes.ttl":
            data.parse(path)
    from rdflib.namespace import RDF

    owned = {s for t in _CLONED_TYPES for s in data.subjects(RDF.type, t)}
    # provider-only plans of services (rdfs:subClassOf puts Plan under Service): keep the real services only
    clones = Graph()
    for n in range(1, copies):

        def rename(term):
            return URIRef(f"{term}-copy{n}") if term in owned else term

        for s, p, o in data:
            if s in owned:
                clones.add((rename(s), p, rename(o) if isinstance(o, URIRef) else o))
    clones.serialize(target_dir / "synthetic-copies.ttl", format="turtle")
    return target_dir


def _time(call, repeat):
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=300)
    parser.add_argument("--copies", type=int, default=100)
    args = parser.parse_args(argv)
    real = load_graph()
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        large = load_graph(synthetic_graph(default_graph_dir(), args.copies, Path(tmp) / "graph"))
        load_seconds = time.perf_counter() - start
    print(f"real graph: {len(real.rdf):>9} triples, {len(real.catalogue.services):>5} services")
    print(
        f"synthetic:  {len(large.rdf):>9} triples, {len(large.catalogue.services):>5} services "
        f"(loaded and validated in {load_seconds:.1f} s)"
    )
    query = dict(
        service="norton",
        reasons=("the renewal price went up",),
        needs=("antivirus",),
        usage="weekly",
        billing_cycle="monthly",
    )
    # the same answer shape in both graphs: on a Mac the built-in Windows service is no option
    mac_query = dict(query, platform="macos")
    prices = itertools.count(100)
    # answers are memoised per question: a new price paid each call makes every call a new
    # question, and the cancel path is computed afresh through the function the cache wraps
    fresh_path = cancel._cancel_path
    print(f"\n{'call':<34}{'real p50':>10}{'p95':>8}{'large p50':>11}{'p95':>8}{'ratio':>8}")
    ratios = []
    for name, call in [
        ("recommend, new question", lambda kg: recommend(kg, Question(price_paid=next(prices) / 100, **query))),
        (
            "recommend, same answer shape",
            lambda kg: recommend(kg, Question(price_paid=next(prices) / 100, **mac_query)),
        ),
        ("cancel_path", lambda kg: fresh_path(kg, "kaspersky", "Best Buy", None, "US")),
        ("cancel_path, unknown channel", lambda kg: fresh_path(kg, "kaspersky", "no idea", None, "US")),
    ]:
        call(real), call(large)  # warm the caches once, as a running service has
        real_p50, real_p95 = _time(lambda: call(real), args.repeat)
        large_p50, large_p95 = _time(lambda: call(large), args.repeat)
        ratio = large_p50 / real_p50
        ratios.append(ratio)
        print(f"{name:<34}{real_p50:>9.3f}{real_p95:>8.3f}{large_p50:>11.3f}{large_p95:>8.3f}{ratio:>8.2f}")
    print(f"\nworst ratio {max(ratios):.2f} (goal <= 1.2)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
