#!/usr/bin/env python3
"""RDF load, export and SPARQL: our path (pyoxigraph) against plain rdflib, in one run.

On the real graph, on a synthetic graph of about 100k triples (where rdflib
can still finish) and on one of about 1M triples (ours only), prints load
time, export time per format and the latency of representative queries,
with the ratios rdflib / ours. Goals: queries >= 20x faster than rdflib,
and load + export of 1M triples in a few seconds.

    python benchmarks/rdf_sparql.py [--triples 1000000] [--rdflib-triples 100000] [--repeat 5]

The synthetic graphs are copies of the real one with every data IRI
renamed per copy. Not part of the test suite.
"""

import argparse
import re
import statistics
import sys
import time

import pyoxigraph as ox
from rdflib import Graph

from subgraph import load_graph
from subgraph.rdf.export import export

QUERIES = {
    "services per category (GROUP BY)": """
        PREFIX schema: <https://schema.org/> PREFIX sg: <https://w3id.org/subgraph/ns#>
        SELECT ?category (COUNT(?s) AS ?n) WHERE { ?s sg:soldThrough ?c ; schema:category ?category }
        GROUP BY ?category""",
    "who bills each service (3-way join)": """
        PREFIX schema: <https://schema.org/> PREFIX sg: <https://w3id.org/subgraph/ns#>
        SELECT ?service ?biller ?name WHERE { ?service sg:soldThrough ?c . ?c sg:biller ?biller .
                                              ?biller schema:name ?name }""",
    "slow cancel methods (join + FILTER)": """
        PREFIX sg: <https://w3id.org/subgraph/ns#>
        SELECT ?biller ?method ?max WHERE { ?biller sg:cancelMethod ?method . ?method sg:maxMinutes ?max
                                            FILTER(?max >= 20) }""",
    "cheapest regular price per plan (aggregate)": """
        PREFIX schema: <https://schema.org/> PREFIX sg: <https://w3id.org/subgraph/ns#>
        PREFIX d: <https://w3id.org/subgraph/id/>
        SELECT ?plan (MIN(?price) AS ?cheapest) WHERE { ?offer schema:itemOffered ?plan ;
              schema:priceSpecification ?spec . ?spec schema:price ?price ; sg:priceKind d:regular-price }
        GROUP BY ?plan""",
}
_DATA_IRI = re.compile(rb"<https://w3id\.org/subgraph/id/([^>]*)>")


def synthetic(ntriples, target):
    """About `target` triples: copies of the graph, every data IRI renamed per copy."""
    lines = ntriples.splitlines(keepends=True)
    copies = max(1, round(target / len(lines)))
    out = [ntriples]
    for n in range(1, copies):
        suffix = f"-c{n}".encode()
        out.append(_DATA_IRI.sub(lambda m: b"<https://w3id.org/subgraph/id/" + m.group(1) + suffix + b">", ntriples))
    return b"".join(out)


def _time(call, repeat=1):
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = call()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples), result


def _ours(nt, repeat):
    load, store = _time(lambda: _bulk_load(nt))
    figures = {"load": load}
    for name, fmt in (
        ("turtle", ox.RdfFormat.TURTLE),
        ("ntriples", ox.RdfFormat.N_TRIPLES),
        ("jsonld", ox.RdfFormat.JSON_LD),
    ):
        figures[f"export {name}"], _ = _time(lambda: store.dump(format=fmt, from_graph=ox.DefaultGraph()))
    for name, query in QUERIES.items():
        # what the endpoint does: run the query and serialise the results as SPARQL JSON
        figures[name], _ = _time(lambda: store.query(query).serialize(format=ox.QueryResultsFormat.JSON), repeat)
    return figures, len(store)


def _bulk_load(nt):
    store = ox.Store()
    store.bulk_load(nt, format=ox.RdfFormat.N_TRIPLES)
    return store


def _rdflib(nt, repeat):
    load, graph = _time(lambda: Graph().parse(data=nt, format="nt"))
    figures = {"load": load}
    for name, fmt in (("turtle", "turtle"), ("ntriples", "nt"), ("jsonld", "json-ld")):
        figures[f"export {name}"], _ = _time(lambda: graph.serialize(format=fmt))
    for name, query in QUERIES.items():
        figures[name], _ = _time(lambda: graph.query(query).serialize(format="json"), repeat)
    return figures


def _print(title, ours, theirs=None):
    print(f"\n{title}")
    print(f"  {'':<44}{'ours (s)':>10}" + (f"{'rdflib (s)':>12}{'ratio':>9}" if theirs else ""))
    for key, value in ours.items():
        line = f"  {key:<44}{value:>10.4f}"
        if theirs:
            line += f"{theirs[key]:>12.4f}{theirs[key] / value:>8.0f}x"
        print(line)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--rdflib-triples", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    nt = export(load_graph(), "ntriples")
    for label, data, compare in (
        ("real graph", nt, True),
        (f"synthetic ~{args.rdflib_triples:,}", synthetic(nt, args.rdflib_triples), True),
        (f"synthetic ~{args.triples:,}", synthetic(nt, args.triples), False),
    ):
        ours, size = _ours(data, args.repeat)
        theirs = _rdflib(data, max(1, args.repeat // 2)) if compare else None
        _print(f"{label}: {size:,} triples", ours, theirs)
        if not compare:
            exports = sum(v for k, v in ours.items() if k.startswith("export"))
            print(f"  load + every export: {ours['load'] + exports:.1f} s (goal: a few seconds)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
