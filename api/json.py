"""JSON out with orjson: answers cite many facts, and encoding them is most of a request."""

from functools import lru_cache

import orjson
from flask.json.provider import DefaultJSONProvider


class OrjsonProvider(DefaultJSONProvider):
    def loads(self, s, **kwargs):
        return orjson.loads(s)

    def dumps(self, obj, **kwargs):
        return orjson.dumps(obj, option=orjson.OPT_NON_STR_KEYS).decode()

    def response(self, *args, **kwargs):
        obj = self._prepare_response_obj(args, kwargs)
        return self._app.response_class(orjson.dumps(obj, option=orjson.OPT_NON_STR_KEYS), mimetype=self.mimetype)


class _ByIdentity:
    """A key that is the object itself: memoised answers are shared, never copied or mutated."""

    __slots__ = ("obj",)

    def __init__(self, obj):
        self.obj = obj

    def __hash__(self):
        return id(self.obj)

    def __eq__(self, other):
        return self.obj is other.obj


@lru_cache(maxsize=1024)
def _encoded(key):
    return orjson.Fragment(orjson.dumps(key.obj, option=orjson.OPT_NON_STR_KEYS))


def encoded_once(obj):
    """`obj` as JSON that is encoded once for as long as the core keeps answering with it.

    Only for objects the core memoises and never mutates (a cancel path and
    its caveats): a recommendation for a new question still carries the
    same cancel path, which is most of its bytes. The cache holds the object
    itself, so its identity cannot be reused while the entry lives.
    """
    return None if obj is None else _encoded(_ByIdentity(obj))
