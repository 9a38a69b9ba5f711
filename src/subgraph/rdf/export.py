"""The graph as RDF for other tools: Turtle, N-Triples, JSON-LD, TriG and N-Quads.

Exports are the graph as published: re-parsing one gives back the graph's
triples (tests check with ``rdflib.compare``) but for FAQ answers, whose
``schema:text`` is the sentence a person reads, placeholders filled from the
facts (as every answer, profile and guide page gives it), and whose template
travels beside it as ``sg:textTemplate``. The filled text is what a consumer
reading schema.org wants; the template is kept because an export is also what
a triple store is loaded from (:mod:`subgraph.rdf.remote`), and the service
reading that store fills answers again from the store's facts, so an answer
still changes when its price does; it also says which facts a number came
from. :func:`unpublish` gives back the source form. JSON-LD uses a context whose vocabulary is
schema.org, so a schema.org consumer reads plans as ``Offer`` with
``UnitPriceSpecification`` and cancel steps as ``HowTo``/``HowToStep``
without knowing our terms; our own terms keep the ``sg:`` prefix. TriG and
N-Quads put each data file in a named graph, so the file a fact was written
in (and so its review history) travels with it.
"""

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS
from rdflib.term import Node

from ..graph.answer_text import PLACEHOLDER, fill_answer
from ..graph.loader import KnowledgeGraph
from ..graph.namespaces import ID, PREFIXES, SCHEMA, SG, is_data_iri

__all__ = [
    "FORMATS",
    "export",
    "service_graph",
    "publish",
    "unpublish",
    "jsonld_context",
    "format_for",
    "FILE_GRAPH_BASE",
]

#: format name -> (media type, file extension, rdflib serializer, holds named graphs)
FORMATS = {
    "turtle": ("text/turtle", "ttl", "turtle", False),
    "ntriples": ("application/n-triples", "nt", "nt", False),
    "jsonld": ("application/ld+json", "jsonld", "json-ld", False),
    "trig": ("application/trig", "trig", "trig", True),
    "nquads": ("application/n-quads", "nq", "nquads", True),
}
_ALIASES = {
    "ttl": "turtle",
    "nt": "ntriples",
    "n-triples": "ntriples",
    "json-ld": "jsonld",
    "json": "jsonld",
    "nq": "nquads",
    "n-quads": "nquads",
}

#: Named graphs of TriG/N-Quads: one per data file, e.g. <https://w3id.org/subgraph/graph/services/kaspersky>.
FILE_GRAPH_BASE = "https://w3id.org/subgraph/graph/"

#: Links that lead away from a service rather than describe it: an export of one
#: service names what it relates to but does not describe those.
_BOUNDARY = {SCHEMA.isRelatedTo, SG.includesService}
#: Links into a service's description from nodes that belong to it.
_INWARD = {SG.planOf, SCHEMA.itemOffered, SG.about}


def format_for(name_or_media_type: str | None) -> str | None:
    """The format name for a name, extension or media type, or None.

    Examples
    --------
    >>> format_for("text/turtle"), format_for("ttl"), format_for("application/ld+json"), format_for("rdf/xml")
    ('turtle', 'turtle', 'jsonld', None)
    """
    key = (name_or_media_type or "").split(";")[0].strip().lower()
    if key in FORMATS:
        return key
    if key in _ALIASES:
        return _ALIASES[key]
    return next((name for name, spec in FORMATS.items() if spec[0] == key), None)


def jsonld_context() -> dict[str, str]:
    """The JSON-LD context: schema.org as the vocabulary, our prefixes beside it."""
    context = {
        "@vocab": str(SCHEMA),
        **{p: str(ns) for p, ns in PREFIXES.items() if p not in ("", "xsd")},
        "xsd": "http://www.w3.org/2001/XMLSchema#",
        "sgd": str(ID),
    }
    context.pop("schema", None)
    return context


def service_graph(kg: KnowledgeGraph, service_id: str) -> Graph:
    """The RDF description of one service: everything reachable that describes it.

    Plans, offers and prices, sales channels and their billers with cancel
    methods, steps, contacts, descriptors and caveats, availability, the FAQ,
    and the labels of the concepts it uses. Related services are named, not
    described.

    Examples
    --------
    >>> from subgraph import load_graph
    >>> kg = load_graph()
    >>> g = service_graph(kg, "kaspersky")
    >>> (ID["kaspersky"], SCHEMA.name, None) in g, (ID["norton"], SCHEMA.name, None) in g
    (True, False)
    """
    kg.catalogue.service(service_id)  # UnknownId for a wrong id
    rdf = kg.rdf
    seen: set[Node] = set()
    todo: list[Node] = [ID[service_id]]
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, replace=True)
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        concept = (node, RDF.type, SKOS.Concept) in rdf or (node, SKOS.inScheme, None) in rdf
        for s, p, o in rdf.triples((node, None, None)):
            graph.add((s, p, o))
            if is_data_iri(o) and p not in _BOUNDARY and p != RDF.type and not concept:
                todo.append(o)
        if not concept:
            for predicate in _INWARD:
                todo.extend(rdf.subjects(predicate, node))
    return graph


def publish(graph: Graph, facts: Graph) -> Graph:
    """`graph` with each templated FAQ answer's text filled from `facts`, its template as ``sg:textTemplate``.

    Returns a new graph: `graph` itself (often the loaded graph) is never changed.

    Examples
    --------
    >>> from rdflib import Literal
    >>> g = Graph().add((ID["a"], SCHEMA.text, Literal("It takes {minutes:m}.")))
    >>> g = g.add((ID["m"], SG.minMinutes, Literal(5))).add((ID["m"], SG.maxMinutes, Literal(10)))
    >>> p = publish(g, g)
    >>> str(p.value(ID["a"], SCHEMA.text)), str(p.value(ID["a"], SG.textTemplate))
    ('It takes 5 to 10 minutes.', 'It takes {minutes:m}.')
    >>> set(unpublish(p)) == set(g)
    True
    """
    published = Graph()
    for prefix, namespace in graph.namespaces():
        published.bind(prefix, namespace, replace=True)
    published += graph
    for answer, template in list(graph.subject_objects(SCHEMA.text)):
        if isinstance(template, Literal) and PLACEHOLDER.search(str(template)):
            published.remove((answer, SCHEMA.text, template))
            published.add((answer, SCHEMA.text, Literal(fill_answer(facts, str(template)), lang=template.language)))
            published.add((answer, SG.textTemplate, template))
    return published


def unpublish(graph: Graph) -> Graph:
    """The source form of a published graph (:func:`publish`): each template back as ``schema:text``, in place."""
    for answer, template in list(graph.subject_objects(SG.textTemplate)):
        graph.remove((answer, SCHEMA.text, None))
        graph.remove((answer, SG.textTemplate, template))
        graph.add((answer, SCHEMA.text, template))
    return graph


def _dataset(kg: KnowledgeGraph, graph: Graph) -> Dataset:
    """The triples of `graph`, each in the named graph of the file its subject is written in."""
    dataset = Dataset()
    for prefix, namespace in PREFIXES.items():
        dataset.bind(prefix, namespace, replace=True)
    for s, p, o in graph:
        name = kg.files.get(str(s)[len(str(ID)) :]) if is_data_iri(s) else None
        target = (
            URIRef(FILE_GRAPH_BASE + name.removeprefix("graph/").removesuffix(".ttl"))
            if name
            else URIRef(FILE_GRAPH_BASE + "vocabulary")
        )
        dataset.graph(target).add((s, p, o))
    return dataset


def export(kg: KnowledgeGraph, fmt: str = "turtle", service_id: str | None = None) -> bytes:
    """Serialise the whole graph, or one service's description, to bytes.

    Parameters
    ----------
    kg : KnowledgeGraph
    fmt : str
        A name of :data:`FORMATS` (or an alias or media type).
    service_id : str, optional

    Returns
    -------
    bytes

    Raises
    ------
    ValueError
        For a format we do not produce.

    Examples
    --------
    >>> from subgraph import load_graph
    >>> export(load_graph(), "ntriples", "norton").count(b"\\n") > 50
    True
    """
    name = format_for(fmt)
    if name is None:
        raise ValueError(f"unknown RDF format {fmt!r}; one of {', '.join(FORMATS)}")
    graph = publish(service_graph(kg, service_id) if service_id else kg.rdf, kg.rdf)
    _, _, serializer, quads = FORMATS[name]
    if quads:
        return _dataset(kg, graph).serialize(format=serializer, encoding="utf-8")
    if name == "jsonld":
        return graph.serialize(format="json-ld", context=jsonld_context(), encoding="utf-8")
    return graph.serialize(format=serializer, encoding="utf-8")
