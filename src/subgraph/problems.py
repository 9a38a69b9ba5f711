"""Problems found in the graph's files, and the error that carries them."""

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["Problem", "GraphInvalid"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the graph, located as precisely as we can.

    Examples
    --------
    >>> str(Problem("graph/services/x.ttl", 12, "x-plus", "needs exactly one schema:name"))
    'graph/services/x.ttl:12: x-plus: needs exactly one schema:name'
    """

    #: None until :func:`subgraph.graph.loader.load_graph` locates a problem found by focus node
    file: str | None
    line: int | None
    node: str | None
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.node}: {self.message}" if self.node else f"{where}: {self.message}"


class GraphInvalid(Exception):
    """The graph cannot be loaded: a file does not parse or the data breaks a shape."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = list(problems)
        noun = "problem" if len(self.problems) == 1 else "problems"
        super().__init__(
            f"the graph is invalid ({len(self.problems)} {noun}):\n" + "\n".join(str(p) for p in self.problems)
        )
