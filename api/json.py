"""JSON out with orjson: answers cite many facts, and encoding them is most of a request."""

from functools import lru_cache
from typing import Any, cast

import orjson
from flask import Response
from flask.json.provider import DefaultJSONProvider


class OrjsonProvider(DefaultJSONProvider):
    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        return orjson.loads(s)

    def dumps(self, obj: Any, **kwargs: Any) -> str:
        return orjson.dumps(obj, option=orjson.OPT_NON_STR_KEYS).decode()

    def response(self, *args: Any, **kwargs: Any) -> Response:
        obj = self._prepare_response_obj(args, kwargs)
        # the provider types its app as sansio's App, whose response class takes a status first;
        # ours is a Flask app, whose response class takes the body first
        response_class = cast(type[Response], self._app.response_class)
        return response_class(orjson.dumps(obj, option=orjson.OPT_NON_STR_KEYS), mimetype=self.mimetype)


class _ByIdentity:
    """A key that is the object itself: memoised answers are shared, never copied or mutated."""

    __slots__ = ("obj",)

    def __init__(self, obj: object) -> None:
        self.obj = obj

    def __hash__(self) -> int:
        return id(self.obj)

    def __eq__(self, other: Any) -> bool:  # only ever compared with another key
        return self.obj is other.obj


@lru_cache(maxsize=1024)
def _encoded(key: _ByIdentity) -> orjson.Fragment:
    return orjson.Fragment(orjson.dumps(key.obj, option=orjson.OPT_NON_STR_KEYS))


def encoded_once(obj: object) -> orjson.Fragment | None:
    """`obj` as JSON that is encoded once for as long as the core keeps answering with it.

    Only for objects the core memoises and never mutates (a cancel path and
    its caveats): a recommendation for a new question still carries the
    same cancel path, which is most of its bytes. The cache holds the object
    itself, so its identity cannot be reused while the entry lives.
    """
    return None if obj is None else _encoded(_ByIdentity(obj))
