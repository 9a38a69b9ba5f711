"""The catalogue's names as keys: how a typed name or a statement line is looked up.

Places of purchase (:mod:`subgraph.text.places`) and statement lines
(:mod:`subgraph.statements.match`) both look names up by their key; each
reads a shared name by its own rule (a place means the biller people buy
through, a statement line names no service that shares its name), from this
one index, made once per graph.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the loader imports the text package
    from ..graph.catalogue import Catalogue
    from ..graph.loader import KnowledgeGraph

__all__ = ["CatalogueNames", "catalogue_names", "name_key"]


def name_key(text: str) -> str:
    """Text reduced to its letters and digits, lower case: how names and descriptors are compared.

    Examples
    --------
    >>> name_key("APPLE.COM/BILL"), name_key("Best Buy")
    ('applecombill', 'bestbuy')
    """
    return re.sub(r"[^a-z0-9]+", "", str(text).lower())


@dataclass(frozen=True)
class CatalogueNames:
    """Name key -> the ids of the nodes that go by it, in catalogue order.

    Attributes
    ----------
    services : mapping
        Key -> the services whose id, name or an alias it is.
    billers : mapping
        Key -> the billers whose name or an alias it is.
    billers_by_id_too : mapping
        Key -> the billers whose id, name or an alias it is ("gendigital": gen-digital's id).
    service_keys : mapping
        Service id -> the keys of its id, name and aliases.

    Examples
    --------
    >>> from types import SimpleNamespace as node
    >>> gen = node(id="gen-digital", name="Gen Digital Inc.", aliases=("NortonLifeLock",))
    >>> names = CatalogueNames.of(node(services={}, billers={"gen-digital": gen}))
    >>> names.billers["nortonlifelock"], "gendigital" in names.billers, names.billers_by_id_too["gendigital"]
    (('gen-digital',), False, ('gen-digital',))
    """

    services: Mapping[str, tuple[str, ...]]
    billers: Mapping[str, tuple[str, ...]]
    billers_by_id_too: Mapping[str, tuple[str, ...]]
    service_keys: Mapping[str, frozenset[str]]

    @classmethod
    def of(cls, cat: Catalogue) -> CatalogueNames:
        """Index the names of a catalogue's services and billers.

        Parameters
        ----------
        cat : Catalogue
            Read for its ``services`` and ``billers`` (ids, names, aliases).

        Returns
        -------
        CatalogueNames
        """
        service_keys = {
            s.id: frozenset(key for n in (s.id, s.name, *s.aliases) if (key := name_key(n)))
            for s in cat.services.values()
        }
        return cls(
            services=_index((service_id, keys) for service_id, keys in service_keys.items()),
            billers=_index((b.id, {name_key(n) for n in (b.name, *b.aliases)}) for b in cat.billers.values()),
            billers_by_id_too=_index(
                (b.id, {name_key(n) for n in (b.id, b.name, *b.aliases)}) for b in cat.billers.values()
            ),
            service_keys=MappingProxyType(service_keys),
        )


def catalogue_names(kg: KnowledgeGraph) -> CatalogueNames:
    """The names of `kg`'s catalogue as keys, made once per graph.

    Examples
    --------
    >>> from subgraph import load_graph
    >>> catalogue_names(load_graph()).billers["comcast"]
    ('nbcuniversal', 'xfinity')
    """
    return kg.answers.get("fitted", _catalogue_names, kg)


def _catalogue_names(kg: KnowledgeGraph) -> CatalogueNames:
    return CatalogueNames.of(kg.catalogue)


def _index(keyed: Iterable[tuple[str, Collection[str]]]) -> Mapping[str, tuple[str, ...]]:
    """Key -> the ids that have it, in the order the ids come."""
    found: dict[str, list[str]] = {}
    for node_id, keys in keyed:
        for key in keys:
            if key:
                found.setdefault(key, []).append(node_id)
    return MappingProxyType({key: tuple(ids) for key, ids in found.items()})
