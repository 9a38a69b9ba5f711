"""Serve the WSGI app so that a slow client costs a connection, never a worker.

gunicorn's sync worker gives a whole process to each connection until its request has arrived,
and its gthread worker a whole thread: 200 connections that trickle their headers or body a byte
a second starve every other client (``benchmarks/slow_clients.py`` measured both). gunicorn's
asyncio worker reads requests and writes answers on an event loop instead, where a slow
connection is one waiting coroutine; :class:`BufferedWsgi` waits there for the whole request (the
body up to the size limit), only then runs the Flask app, on a small thread pool, and hands the
answer back to the loop to write at whatever pace the client reads. The core stays CPU-bound
and synchronous; ``workers = cores`` still spreads it over the machine.

gunicorn.conf.py names :class:`BufferingWorker` as its ``worker_class``, so the command that
starts the service, ``gunicorn -c gunicorn.conf.py "subgraph_api:create_app()"``, is unchanged.
"""

import asyncio
import io
import sys
import time
from collections.abc import Awaitable, Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from gunicorn.workers.gasgi import ASGIWorker

__all__ = ["BufferedWsgi", "BufferingWorker", "CLIENT_GONE"]

#: environ key of a callable that is True once the client has closed its connection
CLIENT_GONE = "subgraph.client_gone"

Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class _Answered:
    """What the access log reads of an answer (gunicorn's response object has the same names)."""

    status_code: int
    sent: int


@dataclass(frozen=True, slots=True)
class _Took:
    seconds: float

    def total_seconds(self) -> float:
        return self.seconds


class BufferedWsgi:
    """An ASGI application that runs a WSGI one once the whole request has arrived.

    Parameters
    ----------
    app : WSGI application
        The Flask app (kept as ``app`` for gunicorn's reload hook).
    max_body : int
        Bytes of body read at most, plus one; a longer body is left unread and the app, which
        sees it is longer than its limit, answers 413.
    limits : mapping, optional
        Path -> its own `max_body`, for routes that take files (the app's ``BODY_LIMITS``): read
        with the app's bound, a statement over it would reach the app cut short, as if whole.
    threads : int
        Requests the app runs at once in this process.
    log : gunicorn logger, optional
        Where each answered request's access line goes (gunicorn's own line has no route).
    """

    def __init__(
        self,
        app: Callable[..., Iterable[bytes]],
        *,
        max_body: int,
        limits: Mapping[str, int] | None = None,
        threads: int = 1,
        log: Any = None,
    ):
        self.app, self.max_body, self.limits, self.log = app, max_body, dict(limits or {}), log
        self._pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="wsgi")

    async def __call__(self, scope: Message, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        if scope["type"] != "http":  # websockets: none here
            return
        started = time.monotonic()
        body = await self._body(scope, receive)
        if body is None:  # the client left before its request was whole
            return
        environ = _environ(scope, body)
        # once the body is read, the next message is the client leaving: a long query can stop then
        gone = asyncio.ensure_future(receive()) if len(body) <= self._limit(scope) else None
        environ[CLIENT_GONE] = gone.done if gone is not None else _never
        loop = asyncio.get_running_loop()
        try:
            status, headers, payload = await loop.run_in_executor(self._pool, self._run, environ)
            await send({"type": "http.response.start", "status": status, "headers": headers})
            await send({"type": "http.response.body", "body": payload})
        finally:
            if gone is not None:
                gone.cancel()
        if self.log is not None:
            self.log.access(_Answered(status, len(payload)), None, environ, _Took(time.monotonic() - started))

    def _limit(self, scope: Message) -> int:
        return self.limits.get(scope["path"], self.max_body)

    async def _body(self, scope: Message, receive: Receive) -> bytes | None:
        limit = self._limit(scope)
        declared = _header(scope, b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            return b""  # refused on its length alone, without reading it
        body = bytearray()
        more = True
        while more and len(body) <= limit:
            message = await receive()
            if message["type"] == "http.disconnect":
                return None
            body += message.get("body", b"")
            more = message.get("more_body", False)
        return bytes(body)

    def _run(self, environ: dict[str, Any]) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
        """Call the WSGI app in a pool thread; its status, headers and whole body."""
        answer: dict[str, Any] = {}
        written: list[bytes] = []

        def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Callable:
            answer["status"], answer["headers"] = status, headers
            return written.append

        result = self.app(environ, start_response)
        try:
            written.extend(result)
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()
        headers = [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in answer["headers"]]
        return int(answer["status"].split(" ", 1)[0]), headers, b"".join(written)

    @staticmethod
    async def _lifespan(receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return


def _never() -> bool:
    return False


def _header(scope: Message, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            return value.decode("latin-1")
    return None


def _environ(scope: Message, body: bytes) -> dict[str, Any]:
    """The WSGI environ of an ASGI request (PEP 3333; the body already read, and marked as whole)."""
    server = scope.get("server") or ("localhost", 80)
    client = scope.get("client")
    query = scope.get("query_string", b"").decode("latin-1")
    environ: dict[str, Any] = {
        "REQUEST_METHOD": scope["method"],
        "SCRIPT_NAME": scope.get("root_path", ""),
        # WSGI strings are bytes as latin-1; ASGI's path is the UTF-8 decoded one
        "PATH_INFO": scope["path"].encode("utf-8").decode("latin-1"),
        "QUERY_STRING": query,
        "RAW_URI": (scope.get("raw_path") or scope["path"].encode()).decode("latin-1") + (f"?{query}" if query else ""),
        "SERVER_NAME": str(server[0]),
        "SERVER_PORT": str(server[1]),
        "SERVER_PROTOCOL": f"HTTP/{scope.get('http_version', '1.1')}",
        "REMOTE_ADDR": client[0] if client else "",
        "REMOTE_PORT": str(client[1]) if client else "",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": scope.get("scheme", "http"),
        "wsgi.input": io.BytesIO(body),
        # the body is all here: middleware may read to its end (chunked bodies have no length, and
        # giving them one would not bound them: werkzeug ignores Content-Length beside chunked encoding)
        "wsgi.input_terminated": True,
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    for name, value in scope["headers"]:
        key = name.decode("latin-1").upper().replace("-", "_")
        if key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
            environ[key] = value.decode("latin-1")
            continue
        key = "HTTP_" + key
        text = value.decode("latin-1")
        environ[key] = f"{environ[key]},{text}" if key in environ else text
    return environ


class BufferingWorker(ASGIWorker):
    """gunicorn's asyncio worker serving the preloaded WSGI app through :class:`BufferedWsgi`.

    ``threads`` (SUBGRAPH_THREADS) is the size of each worker's pool for the app itself;
    connections waiting on slow clients are bounded by ``worker_connections`` instead.
    """

    @classmethod
    def check_config(cls, cfg: Any, log: Any) -> None:
        """Nothing to warn about: this worker uses ``threads``, for the app's pool."""

    def load_wsgi(self) -> None:
        app = self.app.wsgi()
        # the app's own bound (Flask's MAX_CONTENT_LENGTH); an app without one gets a mebibyte
        config = getattr(app, "config", {})
        max_body = config.get("MAX_CONTENT_LENGTH") or 1024 * 1024
        limits = config.get("BODY_LIMITS")
        self.asgi = BufferedWsgi(app, max_body=max_body, limits=limits, threads=self.cfg.threads, log=self.log)
