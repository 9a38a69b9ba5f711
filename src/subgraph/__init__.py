"""subgraph: a knowledge graph of consumer subscriptions and a recommender on it.

The domain core. It never imports the web layer.
"""

from .graph.catalogue import Catalogue, UnknownId
from .graph.loader import KnowledgeGraph, default_graph_dir, load_graph
from .graph.projection import to_networkx
from .problems import GraphInvalid, Problem

__all__ = [
    "load_graph",
    "default_graph_dir",
    "KnowledgeGraph",
    "Catalogue",
    "UnknownId",
    "GraphInvalid",
    "Problem",
    "to_networkx",
]
__version__ = "0.1.0"
