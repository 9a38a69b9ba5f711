"""gunicorn settings, overridable from the environment.

SUBGRAPH_BIND (default 127.0.0.1:8000), WEB_CONCURRENCY (workers, default
2: one per core), SUBGRAPH_THREADS (threads per worker that run the app,
default 2, so one can wait on a SPARQL query while the other answers),
SUBGRAPH_ACCESS_LOG (the JSON access log: a file, or - for standard output),
SUBGRAPH_ERROR_LOG (gunicorn's own log, default standard error),
SUBGRAPH_KEEPALIVE (seconds a connection is kept for another request,
default 0: one request per connection),
SUBGRAPH_SPARQL_CONCURRENCY (SPARQL queries at once across the workers,
default: one fewer than a worker's threads, at most one per core, at least
one; so slow queries can never hold every thread of a worker and the rest
of the API keeps answering). The graph is loaded before forking (preload_app) so every
worker shares it.
"""

import atexit
import os
import shutil
import tempfile

bind = os.environ.get("SUBGRAPH_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("SUBGRAPH_THREADS", "2"))
# gunicorn's asyncio worker, reading each request whole before the app runs on a pool of
# `threads`: a slow client holds a connection, not a worker (README "Slow clients" has the figures)
worker_class = "subgraph_api.serving.BufferingWorker"
# no kept-alive connections (SUBGRAPH_KEEPALIVE seconds to allow them): a stopping worker (reload,
# restart) closes an idle one just as its client may be sending on it, and that request fails
# (1 in about 11,000 during a reload under load, benchmarks/reload_under_load.py; 0 with this)
keepalive = int(os.environ.get("SUBGRAPH_KEEPALIVE", "0"))
# metrics of every worker, summed at /metrics; set before anything imports prometheus-client.
# A directory of our own, new at each start, so no dead process's counts are ever summed.
if "PROMETHEUS_MULTIPROC_DIR" not in os.environ:
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = _made = tempfile.mkdtemp(prefix="subgraph-metrics-")
    _master = os.getpid()
    # removed when the master exits, however it does: gunicorn's on_exit is not called when the app fails
    # to load (an invalid graph), which left a directory behind at each failed start. Workers are forked
    # from the master and leave by sys.exit too, so only the process that made it removes it.
    atexit.register(lambda: os.getpid() == _master and shutil.rmtree(_made, ignore_errors=True))
# every worker takes connections while its threads are busy, so all the slots may land in one
# worker: fewer slots than threads there leaves a thread free for the rest of the API
os.environ.setdefault("SUBGRAPH_SPARQL_CONCURRENCY", str(max(1, min(os.cpu_count() or 1, threads - 1))))
preload_app = True
# no control socket (gunicorn 25.1's `gunicornc` interface): it is a thread in the master, stopped and
# started again around every fork, so workers would be forked from a threaded process (a fork can
# copy a lock another thread holds), and every instance on a machine shares its one path
# ($HOME/.gunicorn/gunicorn.ctl), so one service's start or exit takes it from another. Signals do
# what an operator needs: HUP reloads, TERM stops, TTIN/TTOU add or remove a worker (README "Serving").
control_socket_disable = True
accesslog = os.environ.get("SUBGRAPH_ACCESS_LOG", "-")
errorlog = os.environ.get("SUBGRAPH_ERROR_LOG", "-")
# one JSON object per request: method, route template, status, duration, request id (no query text)
logger_class = "subgraph_api.observability.JsonAccessLogger"
timeout = 30


def pre_fork(server, worker):
    """Move the loaded graph out of the garbage collector's sight before forking.

    The graph and its indexes are millions of long-lived objects; without
    this every full collection in a worker walks them all (pauses of 100 ms
    and more under load) and touching their headers copies the pages that
    fork shared.
    """
    import gc

    gc.collect()
    gc.freeze()


def on_reload(server):
    """SIGHUP: read the graph again; the workers started next serve it, or the old one if it is invalid."""
    from subgraph_api.reload import reload_graph

    reload_graph(server.app.wsgi(), log=server.log)


def child_exit(server, worker):
    """A worker is gone: its gauges of things in progress no longer count."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def post_worker_init(worker):
    """gunicorn's own error answers (bad request line, URI or headers too long) as problem+json."""
    from subgraph_api.gunicorn_errors import install

    install()
