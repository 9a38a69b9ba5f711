"""The namespaces of the graph and the short ids used outside RDF.

A data node's short id is its IRI without the data prefix
(``https://w3id.org/subgraph/id/kaspersky`` is ``kaspersky``). The networkx
projection, the typed API, the CLI and the HTTP API all use short ids.
"""

from typing import TypeGuard

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

__all__ = ["SG", "SCHEMA", "ID", "PREFIXES", "DCTERMS", "RDF", "RDFS", "SKOS", "XSD", "short_id", "iri", "is_data_iri"]

SG = Namespace("https://w3id.org/subgraph/ns#")
SCHEMA = Namespace("https://schema.org/")
ID = Namespace("https://w3id.org/subgraph/id/")

#: The prefixes every file of graph/ uses; exports and messages use them too.
PREFIXES = {"": ID, "sg": SG, "schema": SCHEMA, "dcterms": DCTERMS, "skos": SKOS, "xsd": XSD, "rdfs": RDFS}


def is_data_iri(term: object) -> TypeGuard[URIRef]:
    """Return True if `term` is an IRI of a data node (under ``ID``).

    Examples
    --------
    >>> is_data_iri(ID["kaspersky"])
    True
    >>> is_data_iri(SCHEMA["Service"])
    False
    """
    return isinstance(term, URIRef) and str(term).startswith(str(ID))


def short_id(term: object) -> str:
    """Return the short id of a data IRI.

    Examples
    --------
    >>> short_id(ID["kaspersky-plus"])
    'kaspersky-plus'
    """
    if not is_data_iri(term):
        raise ValueError(f"not a subgraph data IRI: {term}")
    return str(term)[len(str(ID)) :]


def iri(node_id: str) -> URIRef:
    """Return the IRI of a short id.

    Examples
    --------
    >>> str(iri("best-buy"))
    'https://w3id.org/subgraph/id/best-buy'
    """
    return ID[node_id]
