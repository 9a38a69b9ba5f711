"""The one cache of answers, owned by the loaded graph.

Every answer is a pure function of the loaded graph and the question, and
every answer is immutable (:mod:`subgraph.answers`), so a repeated question
is answered from memory and the same object is shared by every caller.
What is kept, and how much, is this table and nothing else; each function
that computes a kind has a cache of its own of that size (``cancel_path``
holds the paths and, apart, the paths as recommendations show them):

============== ======= ==========================================================
kind           entries why this many
============== ======= ==========================================================
recommendation 256     recommend()'s answers (the CLI, pages, portfolios; the API
                       keeps its encoded bytes instead); a new amount costs ~30
                       us; popular ones fit, and a large cache makes each garbage
                       collection walk thousands of live objects (126 us per new
                       question at 4096 entries, 59 us at 256, measured when a
                       new question cost ~100 us)
basis          256     a question without its amount: what its text means, its
                       options before pricing, how each action scores, its cancel
                       path; a new amount only prices and scores those (~30 us
                       with the JSON), so one entry serves every amount asked
alternatives   256     a question's options before the amount paid is known, for
                       :func:`subgraph.decide.alternatives.alternatives` and the above
cancel_path    1024    few distinct paths (service x channel x platform x region)
                       and each is most of an answer's bytes; also the path as a
                       recommendation shows it, with its checklist and bundles
bundles        1024    per service and region
resolved       1024    the text inputs of a question, resolved to ids (and where it
                       was bought, to a channel and biller, per service)
fact           8192    per graph node (a caveat, a method, a source) converted
                       once to its answer form; bounded by the graph's size
encoded        1024    a served answer as JSON bytes, by the request body's bytes
                       (the API's, up to 4 KiB): a repeated question is neither
                       parsed nor answered again; bytes are one object each for
                       the garbage collector, hence more of them than answers
guide          256     a guide page's answer per service, channel and region;
                       its cancel paths and options are cached under their own
                       kinds, so an entry costs only its own small tuples
rdf            64      an RDF document per format, whole graph or one service
                       (the API's downloads); the whole graph's are megabytes
fitted         4       models and indexes made from the graph on first use (the
                       statement descriptor matcher, ~15 ms; the descriptor
                       patterns; the catalogue's names as keys, and places'
                       reading of them): one each per graph
============== ======= ==========================================================

The resolver keeps its own bounded cache of text -> id (4096 entries,
:class:`subgraph.text.resolve.Resolver`), since it is used without a graph
too. Reloading the graph (SIGHUP) makes a new graph, hence a new cache.
"""

from collections.abc import Callable, Hashable
from functools import lru_cache
from threading import Lock
from typing import Any, TypeVar

__all__ = ["AnswerCache", "LIMITS"]

#: Entries kept per kind of answer and function; see the module's table for why.
LIMITS = {
    "recommendation": 256,
    "basis": 256,
    "alternatives": 256,
    "cancel_path": 1024,
    "bundles": 1024,
    "resolved": 1024,
    "fact": 8192,
    "encoded": 1024,
    "guide": 256,
    "rdf": 64,
    "fitted": 4,
}

T = TypeVar("T")


class AnswerCache:
    """Bounded LRU memory of answers, one per kind, for one loaded graph.

    Examples
    --------
    >>> cache = AnswerCache()
    >>> calls = []
    >>> def square(x):
    ...     calls.append(x)
    ...     return x * x
    >>> cache.get("fact", square, 3), cache.get("fact", square, 3), calls
    (9, 9, [3])
    """

    def __init__(self) -> None:
        self._kinds: dict[tuple[str, Callable[..., Any]], Callable[..., Any]] = {}
        self._lock = Lock()

    def get(self, kind: str, compute: Callable[..., T], *key: Hashable) -> T:
        """``compute(*key)``, remembered under `kind` (one of :data:`LIMITS`)."""
        cached = self._kinds.get((kind, compute))
        if cached is None:
            with self._lock:  # gthread workers: one LRU per kind and function, made once
                cached = self._kinds.setdefault((kind, compute), lru_cache(maxsize=LIMITS[kind])(compute))
        return cached(*key)  # type: ignore[no-any-return]

    def clear(self) -> None:
        """Forget every answer (for benchmarks that measure a cold cache)."""
        with self._lock:
            self._kinds.clear()

    def sizes(self) -> dict[str, int]:
        """How many entries each kind holds now."""
        sizes = dict.fromkeys(LIMITS, 0)
        for (kind, _), cached in self._kinds.items():
            sizes[kind] += cached.cache_info().currsize  # type: ignore[attr-defined]
        return sizes
