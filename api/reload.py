"""Read the graph again in a running service: a valid new graph is swapped in, an invalid one refused.

gunicorn calls :func:`reload_graph` from its ``on_reload`` hook when the master gets SIGHUP
(see gunicorn.conf.py). The master holds the preloaded application; a new graph loaded there
is what the workers gunicorn starts next serve, while the old workers finish their requests.
An invalid graph is logged problem by problem, with file and line, and the old one keeps
serving.
"""

import gc
import logging
import time

from flask import Flask

from subgraph import GraphInvalid, load_graph

from .metrics import record_graph

__all__ = ["reload_graph"]


def reload_graph(app: Flask, log: logging.Logger | None = None) -> bool:
    """Load the app's graph directory again and serve it if it is valid; True if it was swapped in."""
    log = log or logging.getLogger(__name__)
    # the old graph was frozen out of the collector's sight before forking; let it go once replaced
    gc.unfreeze()
    started = time.perf_counter()
    try:
        graph = load_graph(app.config["GRAPH_DIR"], sparql_endpoint=app.config["SPARQL_ENDPOINT"])
    except GraphInvalid as error:
        for problem in error.problems:
            log.error("graph not reloaded: %s", problem)
        log.error(
            "graph not reloaded: %d problems; still serving version %s",
            len(error.problems),
            app.extensions["subgraph"].version,
        )
        return False
    record_graph(graph, time.perf_counter() - started, previous=app.extensions["subgraph"])
    app.extensions["subgraph"] = graph
    app.extensions.pop("subgraph.rdf.sparql", None)  # made again, on the new graph, by each new worker
    log.info("graph reloaded: version %s, %d triples", graph.version, graph.triples)
    return True
