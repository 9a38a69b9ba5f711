"""Project the RDF graph onto a networkx graph with the same node ids."""

from typing import Any

import networkx as nx
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from .namespaces import ID, is_data_iri, short_id

__all__ = ["to_networkx", "to_triples"]


def _local(term: object) -> str:
    text = str(term)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def to_networkx(rdf: Graph) -> nx.MultiDiGraph:
    """Project an RDF graph onto a :class:`networkx.MultiDiGraph`.

    Every data IRI (under :data:`subgraph.graph.namespaces.ID`) becomes a node
    whose id is its short id. A triple between two data IRIs becomes an edge
    keyed by the predicate's local name (``soldThrough``, ``biller``,
    ``cancelMethod`` ...), with the full predicate IRI in ``predicate``.
    ``rdf:type`` becomes the node attribute ``types`` (local class names);
    literals and other IRIs become node attributes named by the predicate's
    local name, a list when a node has several values. The projection keeps
    every data node and every triple between data nodes, so the subgraph of
    data triples can be rebuilt from it (:func:`to_triples`).

    Parameters
    ----------
    rdf : rdflib.Graph

    Returns
    -------
    networkx.MultiDiGraph

    Examples
    --------
    >>> from rdflib import Graph
    >>> g = Graph().parse(data='''
    ...   @prefix : <https://w3id.org/subgraph/id/> .
    ...   @prefix sg: <https://w3id.org/subgraph/ns#> .
    ...   @prefix schema: <https://schema.org/> .
    ...   :x a schema:Service ; schema:name "X" ; sg:soldThrough :x--direct .
    ...   :x--direct sg:biller :x-inc .''', format="turtle")
    >>> G = to_networkx(g)
    >>> sorted(G.nodes)
    ['x', 'x--direct', 'x-inc']
    >>> G.nodes["x"]["name"], G.nodes["x"]["types"]
    ('X', ['Service'])
    >>> list(G.edges("x", keys=True))
    [('x', 'x--direct', 'soldThrough')]
    """
    graph = nx.MultiDiGraph()
    attributes: dict[str, dict[str, list[Any]]] = {}
    for s, p, o in rdf:
        if not is_data_iri(s):
            continue
        source = short_id(s)
        graph.add_node(source)
        if is_data_iri(o):
            graph.add_edge(source, short_id(o), key=_local(p), predicate=str(p))
            continue
        key = "types" if p == RDF.type else _local(p)
        value = _local(o) if p == RDF.type else (o.toPython() if isinstance(o, Literal) else str(o))
        attributes.setdefault(source, {}).setdefault(key, []).append(value)
    for node, attrs in attributes.items():
        for key, values in attrs.items():
            values.sort(key=str)
            graph.nodes[node][key] = values if key == "types" or len(values) > 1 else values[0]
    return graph


def to_triples(graph: nx.MultiDiGraph) -> set[tuple[URIRef, URIRef, URIRef]]:
    """The set of (subject, predicate, object) IRIs of every edge of a projection.

    The inverse of :func:`to_networkx` for triples between data nodes.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("x", "y", key="biller", predicate="https://w3id.org/subgraph/ns#biller")
    >>> [tuple(str(t) for t in triple) for triple in to_triples(G)]  # doctest: +NORMALIZE_WHITESPACE
    [('https://w3id.org/subgraph/id/x', 'https://w3id.org/subgraph/ns#biller', 'https://w3id.org/subgraph/id/y')]
    """
    return {(ID[u], URIRef(data["predicate"]), ID[v]) for u, v, data in graph.edges(data=True)}
