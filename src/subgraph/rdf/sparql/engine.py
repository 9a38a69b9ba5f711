"""Queries answered by pyoxigraph in confined, killable processes, a bounded number at once."""

import json
import os
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from rdflib import Graph

from .checks import CheckedQuery, QueryRefused, check_query
from .formats import answer_format
from .sandbox import SandboxUnavailable
from .slots import QuerySlots

__all__ = [
    "SparqlEngine",
    "QueryProcesses",
    "QueryTimeout",
    "QueryFailed",
    "QueryAbandoned",
    "ResultTooLarge",
    "DEFAULT_TIMEOUT",
    "DEFAULT_MAX_RESULT_BYTES",
    "DEFAULT_MEMORY_BYTES",
]

DEFAULT_TIMEOUT = 5.0
DEFAULT_MAX_RESULT_BYTES = 16 * 1024 * 1024
DEFAULT_MEMORY_BYTES = 1024 * 1024 * 1024
#: an idle query process holding more than this is stopped rather than kept for the next query
RECYCLE_RESIDENT_BYTES = 256 * 1024 * 1024
_SANDBOX = Path(__file__).with_name("sandbox.py")
_START_SECONDS = 60
# how often a waiting query looks whether its client has gone
_POLL_SECONDS = 0.05


class QueryTimeout(Exception):
    """The query ran past the time limit and was stopped."""


class QueryFailed(Exception):
    """The query process died (out of memory, or killed) before it answered."""


class QueryAbandoned(Exception):
    """The client went away; its query was stopped."""


class ResultTooLarge(Exception):
    """The result is larger than the bound."""


class _QueryProcess:
    """One confined query process (see :mod:`subgraph.rdf.sparql.sandbox`) and its two pipes."""

    def __init__(self, ntriples: bytes, memory_bytes: int) -> None:
        to_child, from_parent = os.pipe()
        to_parent, from_child = os.pipe()
        # -I: the child reads no PYTHON* variable and puts no directory of ours first on its path
        self._popen = subprocess.Popen(
            [sys.executable, "-I", str(_SANDBOX), str(to_child), str(from_child)],
            pass_fds=(to_child, from_child),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
        )
        os.close(to_child)
        os.close(from_child)
        self._writer, self._reader = Connection(from_parent, readable=False), Connection(to_parent, writable=False)
        try:
            self._writer.send_bytes(json.dumps({"memory_bytes": memory_bytes, "parent_pid": os.getpid()}).encode())
            first = self._reader.poll(_START_SECONDS) and json.loads(self._reader.recv_bytes())
            if first and first["status"] == "no-sandbox":
                raise SandboxUnavailable(first["reason"])
            if not first:
                raise QueryFailed("the SPARQL process did not start")
            # the graph goes only to a confined process
            self._writer.send_bytes(ntriples)
            ready = self._reader.poll(_START_SECONDS) and json.loads(self._reader.recv_bytes())
            if not ready:
                raise QueryFailed("the SPARQL process did not load the graph")
        except (EOFError, OSError):
            self.kill()
            raise QueryFailed("the SPARQL process died while starting") from None
        except BaseException:
            self.kill()
            raise
        self.triples, self.sandbox = ready["triples"], first["sandbox"]

    def resident_bytes(self) -> int:
        """The process's resident memory (0 where /proc cannot tell)."""
        try:
            with open(f"/proc/{self._popen.pid}/status") as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        return int(line.split()[1]) * 1024
        except OSError:
            pass
        return 0

    @property
    def pid(self) -> int:
        return self._popen.pid

    def alive(self) -> bool:
        return self._popen.poll() is None

    def run(
        self, request: dict[str, Any], *, timeout: float, abandoned: Callable[[], bool] | None
    ) -> tuple[str, bytes]:
        """(status, body) of one request; the process is killed if it is stopped."""
        deadline = time.monotonic() + timeout
        try:
            self._writer.send_bytes(json.dumps(request).encode())
            while not self._reader.poll(max(0.0, min(_POLL_SECONDS, deadline - time.monotonic()))):
                if abandoned is not None and abandoned():
                    self.kill()
                    raise QueryAbandoned("the client went away; the query was stopped")
                if time.monotonic() >= deadline:
                    self.kill()  # the only way to stop a running query is to stop its process
                    raise QueryTimeout(f"the query ran longer than {timeout:g} s and was stopped")
            return self._reader.recv_bytes().decode(), self._reader.recv_bytes()
        except (EOFError, OSError):
            self.kill()
            raise QueryFailed("the query used more memory than it may, or its process died; it was stopped") from None

    def kill(self) -> None:
        if self._popen.poll() is None:
            self._popen.kill()
        self._popen.wait()
        for connection in (self._writer, self._reader):
            connection.close()


class QueryProcesses:
    """Confined query processes, a bounded number busy at once, idle ones kept for the next request.

    Parameters
    ----------
    ntriples : bytes
        The graph every process holds (empty for processes that only check).
    timeout : float
        Seconds a request may take, checking and serialising included.
    memory_bytes : int
        Address-space limit of each process.
    slots : QuerySlots
        The bound on requests at once, shared with other processes.
    """

    def __init__(self, ntriples: bytes, *, timeout: float, memory_bytes: int, slots: QuerySlots) -> None:
        self.ntriples, self.timeout, self.memory_bytes, self.slots = ntriples, timeout, memory_bytes, slots
        self._lock = threading.Lock()
        self._idle: list[_QueryProcess] = []
        self._running: set[_QueryProcess] = set()
        self._unavailable: str | None = None

    def run(
        self, request: dict[str, Any], *, abandoned: Callable[[], bool] | None = None, timeout: float | None = None
    ) -> tuple[str, bytes]:
        """(status, body) of ``request`` in a process of its own; the caller holds a slot.

        A refusal of the parse-tree check is raised as :class:`QueryRefused`.
        """
        process = self._take()
        try:
            status, body = process.run(request, timeout=timeout or self.timeout, abandoned=abandoned)
        except BaseException:
            self._discard(process)
            raise
        self._release(process)
        if status == "refused":
            refusal = json.loads(body)
            raise QueryRefused(refusal["reason"], refusal["message"])
        return status, body

    @property
    def sandbox(self) -> str:
        """How the processes are confined (starts one if none is idle)."""
        with self.slots.hold():
            process = self._take()
            self._release(process)
        return process.sandbox

    def _take(self) -> _QueryProcess:
        """An idle process, or a new one."""
        with self._lock:
            if self._unavailable:
                raise SandboxUnavailable(self._unavailable)
            while self._idle:
                process = self._idle.pop()
                if process.alive():
                    self._running.add(process)
                    return process
                process.kill()
        try:
            process = _QueryProcess(self.ntriples, self.memory_bytes)
        except SandboxUnavailable as error:
            self._unavailable = str(error)
            raise
        with self._lock:
            self._running.add(process)
        return process

    def _release(self, process: _QueryProcess) -> None:
        # a query that needed much memory leaves its process holding it: start afresh instead
        lean = process.resident_bytes() < RECYCLE_RESIDENT_BYTES
        with self._lock:
            self._running.discard(process)
            keep = lean and len(self._idle) < self.slots.size
            if keep:
                self._idle.append(process)
        if not keep:
            process.kill()

    def _discard(self, process: _QueryProcess) -> None:
        process.kill()
        with self._lock:
            self._running.discard(process)

    def idle_pids(self) -> list[int]:
        """Process ids of the idle processes (for operators and tests)."""
        with self._lock:
            return [process.pid for process in self._idle]

    def close(self) -> None:
        """Stop every process, running or idle."""
        with self._lock:
            processes, self._idle, self._running = [*self._idle, *self._running], [], set()
        for process in processes:
            process.kill()


class SparqlEngine:
    """Runs read-only queries on a copy of the graph, in confined processes that can be killed.

    Every query is checked first (:func:`subgraph.rdf.sparql.checks.check_query`
    here, :func:`~subgraph.rdf.sparql.checks.check_parse_tree` in the query
    process) and the checked text is what runs. It runs in a query process
    that has no network, a memory limit, and dies with the process that
    started it (:mod:`subgraph.rdf.sparql.sandbox`); past the time limit, or when
    the client goes away, that process is killed and replaced. At most
    ``slots.size`` queries run at once; beyond that
    :class:`~subgraph.rdf.sparql.slots.EngineBusy` is raised at once.

    Parameters
    ----------
    rdf : rdflib.Graph
        The graph to query.
    timeout : float
        Seconds a query may take, checks and serialising its answer included.
    max_result_bytes : int
        Largest serialised result returned.
    memory_bytes : int
        Address-space limit of each query process.
    slots : QuerySlots, optional
        The bound on queries at once, shared with other processes; default
        one slot per core, for this engine alone.

    Examples
    --------
    >>> from rdflib import Graph
    >>> rdf = Graph().parse(data="<https://a.test/kaspersky> <https://a.test/bills> <https://a.test/best-buy> .",
    ...                     format="nt")
    >>> engine = SparqlEngine(rdf)
    >>> engine.query("ASK { <https://a.test/kaspersky> ?p ?o }")
    (b'{"head":{},"boolean":true}', 'application/sparql-results+json')
    >>> engine.close()
    """

    def __init__(
        self,
        rdf: Graph,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        max_result_bytes: int = DEFAULT_MAX_RESULT_BYTES,
        memory_bytes: int = DEFAULT_MEMORY_BYTES,
        slots: QuerySlots | None = None,
    ) -> None:
        self.timeout, self.max_result_bytes, self.memory_bytes = timeout, max_result_bytes, memory_bytes
        self.slots = slots or QuerySlots(os.cpu_count() or 1)
        self.processes = QueryProcesses(
            rdf.serialize(format="nt", encoding="utf-8"), timeout=timeout, memory_bytes=memory_bytes, slots=self.slots
        )

    def query(
        self, query: str | CheckedQuery, accept: str | None = None, *, abandoned: Callable[[], bool] | None = None
    ) -> tuple[bytes, str]:
        """Run a read-only query; the result as bytes and its media type.

        Parameters
        ----------
        query : str or CheckedQuery
            The query text, or one :func:`check_query` already passed.
        accept : str, optional
            A media type of :data:`RESULT_FORMATS` (SELECT, ASK) or
            :data:`GRAPH_FORMATS` (CONSTRUCT, DESCRIBE); default the first.
        abandoned : callable, optional
            Asked while the query runs; when it answers true, the query is
            stopped (the client has gone).

        Raises
        ------
        QueryRefused
            Updates, LOAD, SERVICE, FROM, syntax or evaluation errors (never
            with the engine's own error text), or a media type that does not
            fit the query form (reason ``not-acceptable``).
        EngineBusy
            Every query slot is taken.
        QueryTimeout, QueryAbandoned, QueryFailed, ResultTooLarge
        SandboxUnavailable
            This machine cannot confine the query process; no query runs.
        """
        checked = query if isinstance(query, CheckedQuery) else check_query(query)
        answer = answer_format(checked, accept)
        request = {
            "query": checked.text,
            "result_format": answer.result_format,
            "graph_format": answer.graph_format,
            "limit": self.max_result_bytes,
        }
        with self.slots.hold():
            status, body = self.processes.run(request, abandoned=abandoned)
        if status == "ok":
            return body, answer.media
        if status == "too-large":
            size = struct.unpack("!Q", body)[0]
            raise ResultTooLarge(
                f"the result is {size} bytes, over the {self.max_result_bytes} byte bound; add a LIMIT"
            )
        if status == "memory":
            raise QueryFailed("the query needed more memory than it may use and was stopped")
        if status == "syntax":
            raise QueryRefused("syntax", "the query engine could not parse this query")
        raise QueryRefused("evaluation", "the query could not be evaluated")

    @property
    def sandbox(self) -> str:
        """How query processes are confined."""
        return self.processes.sandbox

    def close(self) -> None:
        """Stop every query process, running or idle."""
        self.processes.close()
