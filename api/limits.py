"""Per-client rate limits where one request can cost a lot, answered 429 as a problem.

A blueprint whose requests are heavy declares its limit in one line, naming the setting that holds
the rate::

    limit_rate(api, "SPARQL_RATE_LIMIT")

The factory holds the setting (``"60/minute"``, ``"10/second;500/hour"``, or None for no limit).
The count runs in that blueprint's own ``before_request`` hook, with the ``limits`` library, so
requests to every other route pay nothing for it (an application-wide hook cost about 100 us on
each of them). Limited answers carry ``X-RateLimit-Limit``, ``-Remaining`` and ``-Reset``; over the
rate the answer is 429 ``too-many-requests`` with ``Retry-After``.

Counts are per client address, per blueprint, in ``RATE_LIMIT_STORAGE``: ``memory://`` (the
default) counts in each worker process, so with N workers a client may get up to N times the
rate; ``redis://host:6379`` (install ``limits[redis]``) counts once for every worker and machine.
Behind a reverse proxy, the client address is the proxy's unless the app is wrapped in werkzeug's
``ProxyFix``.
"""

import math
import time
from dataclasses import dataclass

from flask import Response, current_app, g, request
from flask.blueprints import Blueprint, BlueprintSetupState
from flask.sansio.app import App
from limits import RateLimitItem, parse_many
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter, RateLimiter

from .problems import HTTP_PROBLEMS, problem

__all__ = ["limit_rate"]

_EXTENSION = "subgraph.limits"


@dataclass(frozen=True, slots=True)
class _Limit:
    """One blueprint's parsed rate, and the counter it is kept in."""

    name: str
    items: tuple[RateLimitItem, ...]
    limiter: RateLimiter


def limit_rate(blueprint: Blueprint, setting: str) -> None:
    """Limit each client's requests to ``blueprint`` to the rate in the app's ``setting``.

    The rate is read and checked when the blueprint is registered, so a malformed rate stops the
    application from starting, naming the setting; None (or ``"off"`` in the environment) means
    no limit, and the hook costs the blueprint's requests one dictionary lookup.
    """

    def register(state: BlueprintSetupState) -> None:
        if setting not in state.app.config:
            raise KeyError(f"{blueprint.name} is rate limited by {setting}, which the application does not set")
        rate = state.app.config[setting]
        if not rate:
            return
        try:
            items = tuple(parse_many(rate))
        except ValueError:
            raise ValueError(f"{setting} must be a rate such as '60/minute', not {rate!r}") from None
        limits = state.app.extensions.setdefault(_EXTENSION, {})
        limits[blueprint.name] = _Limit(blueprint.name, items, _limiter(state.app))

    blueprint.record_once(register)
    blueprint.before_request(_count)
    blueprint.after_request(_rate_headers)


def _limiter(app: App) -> RateLimiter:
    """The application's one counter, in ``RATE_LIMIT_STORAGE``, shared by its limited blueprints."""
    limiter = app.extensions.get(_EXTENSION + ".limiter")
    if limiter is None:
        limiter = FixedWindowRateLimiter(storage_from_string(app.config["RATE_LIMIT_STORAGE"]))
        app.extensions[_EXTENSION + ".limiter"] = limiter
    return limiter


def _current_limit() -> _Limit | None:
    return current_app.extensions.get(_EXTENSION, {}).get(request.blueprint or "")


def _count() -> Response | None:
    limit = _current_limit()
    if limit is None:
        return None
    client = request.remote_addr or "unknown"
    for item in limit.items:
        allowed = limit.limiter.hit(item, limit.name, client)
        g.rate_limit = (item, client)  # the headers describe the window refused, else the last counted
        if not allowed:
            slug, title = HTTP_PROBLEMS[429]
            unit = item.GRANULARITY.name
            per = unit if item.multiples == 1 else f"{item.multiples} {unit}s"
            return problem(429, slug, title, f"At most {item.amount} requests per {per} from one client.")
    return None


def _rate_headers(response: Response) -> Response:
    """After every answer of a limited blueprint, 429s from ``_count`` too: where the client stands."""
    counted: tuple[RateLimitItem, str] | None = g.pop("rate_limit", None)
    limit = _current_limit()
    if counted is None or limit is None:
        return response
    item, client = counted
    stats = limit.limiter.get_window_stats(item, limit.name, client)
    response.headers["X-RateLimit-Limit"] = str(item.amount)
    response.headers["X-RateLimit-Remaining"] = str(stats.remaining)
    response.headers["X-RateLimit-Reset"] = str(math.ceil(stats.reset_time))
    if response.status_code == 429:
        response.headers["Retry-After"] = str(max(1, math.ceil(stats.reset_time - time.time())))
    return response
