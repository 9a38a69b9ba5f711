"""The catalogue's names as keys: how a typed name or a statement line is looked up.

Places of purchase (:mod:`subgraph.text.places`) and statement lines
(:mod:`subgraph.statements.match`) both look names up by their key; each
reads a shared name by its own rule (a place means the biller people buy
through, a statement line names no service that shares its name), from this
one index, made once per graph.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
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
        A service's id, name and aliases.
    billers : mapping
        A biller's name and aliases.
    biller_ids : mapping
        A biller's id, as a key ("gen-digital": "gendigital").

    Examples
    --------
    >>> from types import SimpleNamespace as node
    >>> gen = node(id="gen-digital", name="Gen Digital Inc.", aliases=("NortonLifeLock",))
    >>> names = CatalogueNames.of(node(services={}, billers={"gen-digital": gen}))
    >>> names.billers["nortonlifelock"], names.biller_ids["gendigital"]
    (('gen-digital',), ('gen-digital',))
    """

    services: Mapping[str, tuple[str, ...]]
    billers: Mapping[str, tuple[str, ...]]
    biller_ids: Mapping[str, tuple[str, ...]]

    @classmethod
    def of(cls, cat: Catalogue) -> CatalogueNames:
        """Index the names of `cat`'s services and billers."""
        services = _index((s.id, (s.id, s.name, *s.aliases)) for s in cat.services.values())
        billers = _index((b.id, (b.name, *b.aliases)) for b in cat.billers.values())
        biller_ids = _index((b.id, (b.id,)) for b in cat.billers.values())
        return cls(services, billers, biller_ids)


def catalogue_names(kg: KnowledgeGraph) -> CatalogueNames:
    """The names of `kg`'s catalogue as keys, made once per graph."""
    return kg.answers.get("fitted", _catalogue_names, kg)


def _catalogue_names(kg: KnowledgeGraph) -> CatalogueNames:
    return CatalogueNames.of(kg.catalogue)


def _index(named: Iterable[tuple[str, tuple[str, ...]]]) -> Mapping[str, tuple[str, ...]]:
    found: dict[str, list[str]] = {}
    for node_id, names in named:
        for key in dict.fromkeys(name_key(n) for n in names):
            if key and node_id not in found.setdefault(key, []):
                found[key].append(node_id)
    return MappingProxyType({key: tuple(ids) for key, ids in found.items()})
