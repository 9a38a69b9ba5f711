"""Read the graph's Turtle files, validate them, and build every view at once.

The graph is loaded once at start: parsed, validated (SHACL plus the checks
SHACL cannot express), projected to networkx and read into the typed
catalogue. Nothing is loaded per request.
"""

from __future__ import annotations

import importlib.util
import os
import pickle
import re
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import BNode, Graph
from rdflib.plugins.parsers.notation3 import BadSyntax

from ..problems import GraphInvalid, Problem
from ..text.resolve import Resolver, build_resolver
from .catalogue import Catalogue, read_catalogue
from .compiled import read_snapshot, snapshot_key, write_snapshot
from .memo import AnswerCache
from .namespaces import ID, PREFIXES, is_data_iri, short_id
from .validation import validate_rdf

if TYPE_CHECKING:  # imported where it is used (see _projection)
    import networkx

__all__ = ["KnowledgeGraph", "load_graph", "read_files", "default_graph_dir"]

SHAPES_FILE = "shapes.ttl"


class KnowledgeGraph:
    """The loaded graph in all its forms.

    One loaded graph is one identity (no ``__eq__``): answers are memoised on it.

    Attributes
    ----------
    rdf : rdflib.Graph
        Every triple of the data files and the ontology (not the shapes).
        From a compiled snapshot it is read on first use, as most answers
        never need it.
    nx : networkx.MultiDiGraph
        The projection; node ids are short ids (see :mod:`subgraph.graph.namespaces`).
    catalogue : Catalogue
        The typed read API used by the recommender.
    resolver : Resolver
        Free text to node ids, fitted once at load.
    directory : pathlib.Path
        Where the files were read from.
    files : dict
        Short id of each described node -> the file that describes it.
    triples : int
        How many triples ``rdf`` holds.
    answers : AnswerCache
        The one cache of answers for this graph (see :mod:`subgraph.graph.memo`).
    """

    def __init__(
        self,
        *,
        rdf: Graph,
        nx: networkx.MultiDiGraph,
        catalogue: Catalogue,
        resolver: Resolver,
        directory: Path,
        files: dict[str, str],
    ) -> None:
        self._rdf: Graph | None = rdf
        self._rdf_pickle: bytes | None = None
        self._nx: networkx.MultiDiGraph | None = nx
        self._nx_pickle: bytes | None = None
        self.catalogue, self.resolver = catalogue, resolver
        self.directory, self.files, self.triples = directory, files, len(rdf)
        self.answers = AnswerCache()

    @property
    def rdf(self) -> Graph:
        return self._kept("_rdf")

    @property
    def nx(self) -> networkx.MultiDiGraph:
        return self._kept("_nx")

    def _kept(self, name: str) -> Any:
        """The attribute `name`, read from the bytes a snapshot kept it as on first use."""
        if self.__dict__[name] is None:
            kept = self.__dict__[f"{name}_pickle"]
            assert kept is not None  # one of the two is always set
            self.__dict__[name], self.__dict__[f"{name}_pickle"] = pickle.loads(kept), None
        return self.__dict__[name]

    def __getstate__(self) -> dict[str, Any]:
        # the RDF graph is half the snapshot and a third of its reading time, and the networkx projection
        # needs networkx imported (a tenth of a command's imports): both kept as bytes until used
        state = dict(self.__dict__)
        del state["answers"]  # answers belong to one process's graph, never to a snapshot
        for name in ("_rdf", "_nx"):
            if state[name] is not None:
                state[name], state[f"{name}_pickle"] = None, pickle.dumps(state[name], protocol=pickle.HIGHEST_PROTOCOL)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self.answers = AnswerCache()

    def __repr__(self) -> str:
        return f"<KnowledgeGraph {self.directory} {self.triples} triples, {len(self.catalogue.services)} services>"

    @property
    def version(self) -> str | None:
        """The newest checked date of any fact: how current the graph is."""
        return self.catalogue.newest_check.isoformat() if self.catalogue.newest_check else None


def _syntax_error_line(error: BadSyntax) -> int:
    """The line a syntax error is on, counted from where the parser stopped in the text.

    rdflib's own line counter runs ahead after some statements (two lines by the end of a
    600-line file), so a person sent to its line would look at the wrong one.
    """
    text, stop = getattr(error, "_str", None), getattr(error, "_i", None)
    if isinstance(stop, int) and isinstance(text, bytes):
        return text[:stop].count(b"\n") + 1
    if isinstance(stop, int) and isinstance(text, str):
        return text[:stop].count("\n") + 1
    return int(error.lines) + 1


def default_graph_dir() -> Path:
    """Return the graph directory: ``$SUBGRAPH_GRAPH``, or the graph installed with the package.

    The repository's ``graph/`` installs as the package data ``subgraph.graph_data``: an
    editable install finds the repository's folder, a wheel its own copy.
    """
    configured = os.environ.get("SUBGRAPH_GRAPH")
    if configured:
        return Path(configured)
    spec = importlib.util.find_spec("subgraph.graph_data")
    if spec is not None and spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations)))
    return Path(__file__).resolve().parents[3] / "graph"  # a source tree used without installing it


def read_files(directory: str | os.PathLike[str]) -> tuple[Graph, Graph, dict[str, str]]:
    """Parse every ``.ttl`` file under `directory`.

    Returns
    -------
    data : rdflib.Graph
        The union of all data files (every file but ``shapes.ttl``).
    shapes : rdflib.Graph
        The SHACL shapes.
    files : dict
        Short id -> relative path of the file whose subject it is (first seen).

    Raises
    ------
    GraphInvalid
        With one problem per file that does not parse (``file:line: message``),
        per blank node, or if there are no shapes.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise GraphInvalid([Problem(str(directory), None, None, "graph directory not found")])
    data = Graph()
    shapes: Graph | None = None
    files: dict[str, str] = {}
    problems: list[Problem] = []
    for prefix, namespace in PREFIXES.items():
        data.bind(prefix, namespace, replace=True)
    for path in sorted(directory.rglob("*.ttl")):
        name = str(path.relative_to(directory.parent))
        part = Graph()
        try:
            part.parse(path, format="turtle")
        except BadSyntax as error:
            problems.append(Problem(name, _syntax_error_line(error), None, f"syntax error: {error._why}"))
            continue
        except Exception as error:  # rdflib raises plain exceptions for bad literals and IRIs
            problems.append(Problem(name, None, None, f"cannot parse: {error}"))
            continue
        if path.name == SHAPES_FILE:
            shapes = part
            continue
        problems.extend(_blank_nodes(part, name))
        for subject in set(part.subjects()):
            if is_data_iri(subject):
                files.setdefault(short_id(subject), name)
        data += part
    if shapes is None:
        problems.append(Problem(str(directory), None, None, f"no {SHAPES_FILE} found"))
    if problems:
        raise GraphInvalid(problems)
    assert shapes is not None  # else a problem was raised above
    return data, shapes, files


def load_graph(
    directory: str | os.PathLike[str] | None = None,
    *,
    today: date | None = None,
    sparql_endpoint: str | None = None,
    compiled: bool = True,
) -> KnowledgeGraph:
    """Load, validate and project the knowledge graph, or its compiled snapshot.

    A full load parses, validates, reads, projects and fits; when it passes
    it is saved as a snapshot, and later loads of the same files by the
    same code read that instead (see :mod:`subgraph.graph.compiled`). Nothing
    that failed validation is ever saved, so nothing invalid is served.

    Parameters
    ----------
    directory : path-like, optional
        The graph directory; default :func:`default_graph_dir`.
    today : datetime.date, optional
        The date checked dates must not exceed; default today.
    sparql_endpoint : str, optional
        Read the data from this SPARQL 1.1 query endpoint (default
        ``$SUBGRAPH_SPARQL_ENDPOINT``) instead of the files; the shapes still
        come from `directory`. See :mod:`subgraph.rdf.remote`. Never compiled.
    compiled : bool
        Read a compiled snapshot when there is one (default). False always
        loads in full, as ``subgraph validate`` does; either way a full load
        that passes is saved as the snapshot.

    Returns
    -------
    KnowledgeGraph

    Raises
    ------
    GraphInvalid
        If a file does not parse or the data breaks a shape; every problem
        names its file (and line, where known) and focus node.

    Examples
    --------
    >>> kg = load_graph()
    >>> kg.catalogue.service("kaspersky").name
    'Kaspersky'
    >>> "kaspersky" in kg.nx
    True
    """
    directory = Path(directory) if directory is not None else default_graph_dir()
    sparql_endpoint = sparql_endpoint or os.environ.get("SUBGRAPH_SPARQL_ENDPOINT")
    # a snapshot is of files validated as of the day it was made; a store's data or another day is not
    key = snapshot_key(directory) if not sparql_endpoint and today is None and directory.is_dir() else None
    if key is not None and compiled:
        kg = read_snapshot(key)
        if kg is not None:
            kg.directory = directory
            return kg
    data, shapes, files = read_files(directory)
    if sparql_endpoint:
        data, files = _remote_data(sparql_endpoint), {}
    problems = validate_rdf(data, shapes, today=today or date.today())
    if problems:
        raise GraphInvalid(_locate(problems, files, directory))
    catalogue = read_catalogue(data)
    kg = KnowledgeGraph(
        rdf=data,
        nx=_projection(data),
        catalogue=catalogue,
        resolver=build_resolver(catalogue),
        directory=directory,
        files=files,
    )
    if key is not None and snapshot_key(directory) == key:  # nothing changed while we read it
        write_snapshot(key, kg)
    return kg


def _projection(data: Graph) -> networkx.MultiDiGraph:
    # imported here: a load from the compiled snapshot imports no networkx until kg.nx is read
    from .projection import to_networkx

    return to_networkx(data)


def _remote_data(endpoint):
    from ..rdf.remote import read_remote_graph

    data = read_remote_graph(endpoint)
    for prefix, namespace in PREFIXES.items():
        data.bind(prefix, namespace, replace=True)
    return data


def _blank_nodes(part, name):
    blanks = {s for s in part.subjects() if isinstance(s, BNode)} | {o for o in part.objects() if isinstance(o, BNode)}
    if not blanks:
        return []
    return [
        Problem(
            name,
            None,
            None,
            "blank nodes are not allowed: give every node an id under "
            f"{ID} so it can be cited and traversed ({len(blanks)} found)",
        )
    ]


def _locate(problems, files, directory):
    """Fill in file and line of problems that only know their focus node."""
    located = []
    for problem in problems:
        if problem.file or problem.node is None:
            located.append(problem)
            continue
        name = files.get(problem.node, "<remote store>" if not files else "?")
        located.append(Problem(name, _line_of(directory.parent / name, problem.node), problem.node, problem.message))
    return sorted(located, key=lambda p: (p.file, p.line or 0, p.message))


def _line_of(path, node_id):
    """The line where `node_id` is first written as a subject, if we can find it."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return None
    pattern = re.compile(rf"^[ \t]*(:{re.escape(node_id)}|<{re.escape(str(ID[node_id]))}>)\s", re.MULTILINE)
    match = pattern.search(text)
    return text.count("\n", 0, match.start()) + 1 if match else None
