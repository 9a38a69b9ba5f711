"""subgraph: a knowledge graph of consumer subscriptions and a recommender on it.

The domain core. It never imports the web layer.
"""

from typing import Any

from .graph.catalogue import Catalogue, UnknownId
from .graph.loader import KnowledgeGraph, default_graph_dir, load_graph
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


def __getattr__(name: str) -> Any:
    # networkx is a tenth of a command's imports: only who asks for the projection imports it
    if name == "to_networkx":
        from .graph.projection import to_networkx

        return to_networkx
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
