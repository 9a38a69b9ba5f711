"""subgraph: a knowledge graph of consumer subscriptions and a recommender on it.

The domain core. It never imports the web layer.
"""

from .catalogue import Catalogue, UnknownId
from .loader import KnowledgeGraph, default_graph_dir, load_graph
from .problems import GraphInvalid, Problem
from .projection import to_networkx

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
