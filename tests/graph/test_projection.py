from rdflib import Literal, URIRef
from rdflib.namespace import RDF

from subgraph.graph.namespaces import is_data_iri, short_id
from subgraph.graph.projection import to_networkx, to_triples


def test_every_data_node_is_a_networkx_node(kg):
    subjects = {short_id(s) for s in kg.rdf.subjects() if is_data_iri(s)}
    objects = {short_id(o) for o in kg.rdf.objects() if is_data_iri(o)}
    assert set(kg.nx.nodes) == subjects | objects


def test_every_triple_between_data_nodes_is_an_edge(kg):
    data_triples = {(s, p, o) for s, p, o in kg.rdf if is_data_iri(s) and is_data_iri(o) and p != RDF.type}
    assert to_triples(kg.nx) == data_triples
    assert kg.nx.number_of_edges() == len(data_triples)


def test_literals_become_attributes(kg):
    for s, p, o in kg.rdf:
        if is_data_iri(s) and isinstance(o, Literal):
            local = str(p).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
            value = kg.nx.nodes[short_id(s)][local]
            assert o.toPython() == value or o.toPython() in value


def test_types_are_kept(kg):
    assert "Service" in kg.nx.nodes["kaspersky"]["types"]
    assert {"Organization", "Biller"} <= set(kg.nx.nodes["best-buy"]["types"])


def test_cancel_path_is_traversable(kg):
    """service -> channel -> biller -> method -> step, by edge keys alone."""
    G = kg.nx
    channels = [v for _, v, k in G.out_edges("kaspersky", keys=True) if k == "soldThrough"]
    billers = {v for c in channels for _, v, k in G.out_edges(c, keys=True) if k == "biller"}
    assert "best-buy" in billers
    methods = [v for _, v, k in G.out_edges("best-buy", keys=True) if k == "cancelMethod"]
    assert methods
    assert any(k == "step" for m in methods for _, _, k in G.out_edges(m, keys=True))


def test_projection_of_a_fresh_graph_is_stable(kg):
    again = to_networkx(kg.rdf)
    assert set(again.edges(keys=True)) == set(kg.nx.edges(keys=True))
    assert isinstance(next(iter(to_triples(again)))[1], URIRef)
