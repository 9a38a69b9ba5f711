"""Per-client rate limits where one request can cost a lot (SPARQL today), answered 429 as a problem.

Flask-Limiter counts requests per client address. Its storage is ``SUBGRAPH_RATE_LIMIT_STORAGE``:
``memory://`` (the default) counts in each worker process, so with N workers a client may get up
to N times the limit; ``redis://host:6379`` (install ``limits[redis]``) counts once for every
worker and machine. Behind a reverse proxy, the client address is the proxy's unless the app is
wrapped in werkzeug's ``ProxyFix``.
"""

from flask import Flask
from flask.blueprints import Blueprint
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

__all__ = ["limit_heavy_work"]


def limit_heavy_work(app: Flask, heavy: dict[Blueprint, str | None]) -> Limiter:
    """Limit each blueprint of ``heavy`` to its rate ("60/minute"; None: no limit), per client."""
    limiter = Limiter(get_remote_address, app=app, storage_uri=app.config["RATE_LIMIT_STORAGE"], headers_enabled=True)
    for blueprint, rate in heavy.items():
        if rate:
            limiter.limit(rate)(blueprint)
    return limiter
