import contextlib
import functools
import gc
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import DCTERMS, RDF

from subgraph import default_graph_dir, load_graph
from subgraph.graph.compiled import (
    KEEP_SNAPSHOTS,
    _path,
    _prune,
    _trusted,
    cache_directory,
    read_snapshot,
    snapshot_key,
)
from subgraph.graph.namespaces import SG
from subgraph.text.resolve import resolver_key

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import service_load  # noqa: E402  (the proof scripts' way to start and load the service)
from service_load import free_port  # noqa: E402, F401  (tests import it from here)


def pytest_configure(config):
    # the test run holds several whole graphs at a time and loads small ones by the hundred: with the
    # default thresholds, collections took 6-7 of 45 s of CPU in the graph, decide, text and views tests,
    # 2.2-2.4 s with these (2026-12-07; the whole suite's process peaks at 1.7 GB, 1.05 GB before)
    gc.set_threshold(50_000, 20, 20)
    config.addinivalue_line(
        "markers",
        "slow: starts servers, browsers or processes, or waits on time limits; "
        "left out of the fast loop with -m 'not slow'",
    )


@pytest.fixture(scope="session", autouse=True)
def snapshot_cache():
    """The run's own snapshot cache, so the edited graphs the tests load no longer push out a developer's.

    A folder inside the developer's cache (``test-runs/``, where nothing prunes and the links below always
    work) that starts as hard links to the developer's snapshots, so the embedded graph, its resolver and
    classifiers are read, not made again. At the end, the embedded graph's snapshot and resolver, if this
    run made them (a first run, a change to the code), and the classifiers it fitted are linked back, and
    the folder goes. Only ``tests/`` takes it: the doctests of ``src/`` load the embedded graph alone, as a
    command would. ``SUBGRAPH_CACHE=off`` stays off; with a cache that cannot be written the run starts
    from an empty one of its own in the temporary folder, and hands nothing back.
    """
    shared = cache_directory()
    if shared is None:
        yield None
        return
    runs = shared / "test-runs"
    try:
        runs.mkdir(mode=0o700, parents=True, exist_ok=True)
        trusted = _trusted(shared) and _trusted(runs)
    except OSError:  # a read-only cache: the run's own goes elsewhere, and starts empty
        runs, trusted = None, False
    _remove_abandoned(runs)
    with tempfile.TemporaryDirectory(prefix="run-", dir=runs) as folder, pytest.MonkeyPatch.context() as patch:
        own = Path(folder)
        for snapshot in shared.glob("*.snapshot") if trusted else ():
            _link(snapshot, own / snapshot.name)
        patch.setenv("SUBGRAPH_CACHE", str(own))
        yield own
        if trusted:
            _hand_back(own, shared)


def _hand_back(own: Path, shared: Path) -> None:
    """Link into ``shared`` what the run made that a developer's next run or command reads first."""
    made = set(own.glob("fitted-*.snapshot"))
    key = snapshot_key(default_graph_dir())
    embedded = read_snapshot(key, own) or read_snapshot(key, shared)  # none if the graph is broken
    if embedded is not None:
        made |= {_path(own, key, "graph"), _path(own, resolver_key(embedded.catalogue), "resolver")}
    for snapshot in made:
        if snapshot.exists() and not (shared / snapshot.name).exists():
            _link(snapshot, shared / snapshot.name)
    for kind in KEEP_SNAPSHOTS:
        _prune(shared, kind)


def _link(source: Path, target: Path) -> None:
    """A snapshot linked, not copied (a graph's is 35 MB): snapshots are replaced whole, never written in place."""
    with contextlib.suppress(OSError):  # there already (another worker of the fast loop), or not linkable
        os.link(source, target)


def _remove_abandoned(runs: Path | None) -> None:
    """The folders of runs killed a day or more ago (a run that ends removes its own)."""
    for folder in runs.glob("run-*") if runs else ():
        with contextlib.suppress(OSError):
            if time.time() - folder.stat().st_mtime > 86_400:
                shutil.rmtree(folder)


@pytest.fixture(scope="session")
def kg():
    """The embedded graph, loaded once for the whole session.

    Then moved out of the garbage collector's sight, as gunicorn.conf.py does before forking: it is
    millions of long-lived objects that every full collection would walk again (with neither this
    nor the thresholds of ``pytest_configure``, 9.7 of 42 s of CPU in the graph, decide, text and
    views tests went to collections on 2026-12-07). What else is alive when a test first asks for the
    graph is frozen with it, and stays for the session: nothing here depends on it being collected.
    """
    graph = load_graph()
    gc.collect()
    gc.freeze()
    return graph


@pytest.fixture(scope="session")
def catalogue(kg):
    return kg.catalogue


@pytest.fixture()
def graph_copy(tmp_path):
    """A writable copy of the embedded graph, to break on purpose."""
    target = tmp_path / "graph"
    shutil.copytree(default_graph_dir(), target)
    return target


#: The services of ``small_graph``: with every top-level file and every biller they validate on their own.
SMALL_GRAPH_SERVICES = ("kaspersky", "mcafee", "norton")


@pytest.fixture()
def small_graph(tmp_path):
    """A writable graph of the top-level files, every biller and three services, to break on purpose.

    It validates on its own and loads in a fraction of the time the whole graph takes, so a test of one
    rule pays for the files it breaks, not for all of them. The directory is named ``graph`` like the
    embedded one, so problems name files as ``graph/services/norton.ttl``.
    """
    source, target = default_graph_dir(), tmp_path / "graph"
    (target / "services").mkdir(parents=True)
    (target / "billers").mkdir()
    paths = [
        *source.glob("*.ttl"),
        *source.glob("billers/*.ttl"),
        *(source / "services" / f"{name}.ttl" for name in SMALL_GRAPH_SERVICES),
    ]
    for path in paths:
        shutil.copyfile(path, target / path.relative_to(source))
    (target / "sources.ttl").write_text(_sources_cited_by(tuple(p for p in paths if p.name != "sources.ttl")))
    return target


@pytest.fixture()
def fitted_cache(kg, tmp_path):
    """A cache directory holding only the resolver and its fitted classifiers, as a developer's cache does.

    Every graph read with it is parsed and validated as with no cache, without spending seconds fitting
    classifiers on texts the session's graph shares (``kg`` saved them when it loaded). Tests of the load
    without any cache use none (``tests/graph/test_compiled.py``).
    """
    folder = tmp_path / "fitted-cache"
    folder.mkdir(mode=0o700)
    shared = cache_directory()
    for fitted in shared.glob("fitted-*.snapshot") if shared else ():
        try:  # from the run's own cache; tmp_path may be on another file system (a tmpfs)
            os.link(fitted, folder / fitted.name)
        except OSError:
            shutil.copyfile(fitted, folder / fitted.name)  # 0.2-3 MB each
    for resolver in shared.glob("resolver-*.snapshot") if shared else ():
        _link(resolver, folder / resolver.name)  # 30 MB each: where it cannot be linked, built again
    return folder


@functools.cache
def _sources_cited_by(paths):
    """graph/sources.ttl with only the pages `paths` cite: a page no fact cites is refused."""
    cited = set()
    for path in paths:
        cited |= {str(page) for page in Graph().parse(path, format="turtle").objects(None, DCTERMS.source)}
    sources, kept = Graph().parse(default_graph_dir() / "sources.ttl", format="turtle"), Graph()
    for prefix, namespace in sources.namespaces():
        kept.bind(prefix, namespace)
    for page in sources.subjects(RDF.type, SG.Source):
        if str(page) in cited:
            # all of a page's triples have it as subject: the loader refuses blank nodes
            kept += sources.triples((page, None, None))
    # rdflib writes each page as `:src-... a sg:Source ;` and then one property a line, as the embedded file
    # does: tests that edit this file's text, as a person would, find a page and its sg:checkedOn that way
    return kept.serialize(format="turtle")


@pytest.fixture(scope="session")
def app(kg):
    """The Flask application on the embedded graph, created once."""
    from subgraph_api import create_app

    # no rate limit: the fuzzer would spend its cases on 429s (tests/test_api_limits.py covers them)
    unlimited = {"SPARQL_RATE_LIMIT": None, "STATEMENTS_RATE_LIMIT": None, "PORTFOLIO_RATE_LIMIT": None}
    return create_app(test_config={"TESTING": True, **unlimited}, graph=kg)


@pytest.fixture()
def client(app):
    return app.test_client()


def get(url, data=None, headers=None, timeout=10):
    """(status, headers, body) of a request; HTTP errors are answers too."""
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


class ServedUrl(str):
    """The base URL of a running service, with its gunicorn master process as ``process``.

    The session's service (``gunicorn_server``) also has ``access_log`` and ``error_log``, the files its
    logs go to. A worker writes a request's access line after sending the answer, so a test that reads
    the logs waits for its own lines, and tells them from others' by the request ids it sent.
    """

    process: subprocess.Popen
    access_log: Path
    error_log: Path

    def logged_since(self, marks: tuple[int, int]) -> tuple[str, str]:
        """What the access log and the error log gained since ``marks`` (from :meth:`log_marks`)."""
        return _read_from(self.access_log, marks[0]), _read_from(self.error_log, marks[1])

    def log_marks(self) -> tuple[int, int]:
        """The logs' sizes now: what a test logs comes after them."""
        return _size(self.access_log), _size(self.error_log)


def _size(path: Path) -> int:
    return path.stat().st_size if path.exists() else 0


def _read_from(path: Path, offset: int) -> str:
    if not path.exists():
        return ""
    with path.open("rb") as log:
        log.seek(offset)
        return log.read().decode(errors="replace")


@contextmanager
def serving(**environment):
    """The service as a user starts it: gunicorn with the repository's settings, on a free port.

    Yields the base URL (a :class:`ServedUrl`) once every worker has started; ``environment`` adds
    to the process environment. Started by the proof scripts' own ``service_load.serving``.
    """
    with tempfile.TemporaryDirectory() as folder:
        log = Path(folder) / "gunicorn-stderr.log"
        try:
            with service_load.serving({"WEB_CONCURRENCY": "2", **environment}, log=log, start_timeout=60) as service:
                base = ServedUrl(f"http://{service.host}:{service.port}")
                base.process = service.process
                yield base
        except SystemExit as error:  # the script's way to say it did not start
            logs = [log, *(Path(environment[n]) for n in ("SUBGRAPH_ERROR_LOG",) if n in environment)]
            said = "".join(path.read_text(errors="replace")[-2000:] for path in logs if path.exists())
            pytest.fail(f"{error}: {said}")


@pytest.fixture(scope="session")
def gunicorn_server(tmp_path_factory):
    """The service as ``python3 dev.py serve`` starts it, its access and error logs written to files.

    Tests that read the logs take :meth:`ServedUrl.log_marks` first and read what came after.
    """
    logs = tmp_path_factory.mktemp("gunicorn-logs")
    access, errors = logs / "access.log", logs / "error.log"
    with serving(SUBGRAPH_ACCESS_LOG=str(access), SUBGRAPH_ERROR_LOG=str(errors)) as base:
        base.access_log, base.error_log = access, errors
        yield base


class Listener:
    """A TCP server on loopback that counts the connections it is sent: the target of an SSRF attempt."""

    def __init__(self):
        self._socket = socket.socket()
        self._socket.bind(("127.0.0.1", 0))
        self._socket.listen(64)
        self._socket.settimeout(0.1)
        self.port = self._socket.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/"
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self):
        while not self._stop.is_set():
            try:
                connection, _ = self._socket.accept()
            except TimeoutError:
                continue
            self.connections += 1
            connection.close()

    def close(self):
        self._stop.set()
        self._thread.join(5)
        self._socket.close()


@pytest.fixture()
def listener():
    """A loopback server that must never hear from the query engine."""
    server = Listener()
    yield server
    server.close()


def recommend_plain(kg, service, **question):
    """A recommendation as a client reads it (plain JSON), for a question given as keywords."""
    from subgraph.answers import to_plain
    from subgraph.decide.question import Question
    from subgraph.decide.recommend import recommend

    return to_plain(recommend(kg, Question(service=service, **question)))


def cancel_path_plain(kg, service_id, **options):
    """A cancel path as a client reads it (plain JSON)."""
    from subgraph.answers import to_plain
    from subgraph.decide.cancel import cancel_path

    return to_plain(cancel_path(kg, service_id, **options))
