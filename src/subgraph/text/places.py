"""Where a person says they bought: a place of purchase read as the biller they mean.

People name the place, not the biller: "chatgpt.com" (the provider itself),
"Comcast" (billed by Xfinity, whatever else Comcast owns), "on my roku",
"through my phone plan", a statement line such as "NW*KASPERSKY". This
module turns such text into the biller and says how it got there; the cancel
path then follows that biller.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .descriptors import match_descriptor
from .names import catalogue_names, name_key

if TYPE_CHECKING:  # the loader imports the text package
    from ..graph.loader import KnowledgeGraph
    from ..graph.model import Biller, Service

__all__ = ["Place", "resolve_place", "KIND_WORDS"]

#: Words around a place that do not name it ("bought it through the ... website").
_FILLER = frozenset(
    "i we it bought buy got get paid pay purchased subscribed signed up for through thru via from on at in into "
    "the my our a an with using by directly direct official website site web online page com net org co uk io "
    "www http https its their them account bill billing charge charged subscription package".split()
)
#: Words that say which kind of place it was when no biller is named: candidates are that kind's billers.
KIND_WORDS: dict[str, tuple[str, ...]] = {
    "carrier": (
        "phone plan", "phone bill", "mobile plan", "cell plan", "cell phone plan", "carrier", "wireless plan",
        "phone company", "mobile provider", "cable", "internet provider", "internet plan", "isp", "broadband",
        "tv provider", "cable company", "internet bill",
    ),
    "app-store": ("app store", "in app", "in-app", "through the app", "my phone's store"),
    "device-platform": ("smart tv", "streaming stick", "tv platform", "streaming device"),
    "retailer": ("a store", "retail", "the shop", "gift card", "in a shop", "at the store"),
    "bundle": ("bundle", "came with", "included with", "comes with"),
}  # fmt: skip


#: A device named as the place ("on my iphone") means its platform's app store.
_PLATFORM_STORES = {
    "apple-app-store": ("iphone", "ipad", "ios", "apple tv", "mac app store", "apple id"),
    "google-play": ("android", "pixel", "galaxy", "samsung phone", "google play"),
}


@dataclass(frozen=True)
class Place:
    """What a place of purchase was taken to mean.

    ``biller`` is the id of who charges, or None; ``direct`` is True when the
    place is the provider itself; ``kind`` a channel kind when only the kind
    is known ("carrier"), ``candidates`` the billers it might then be;
    ``matched_by`` says how: "direct", "biller", "statement_descriptor",
    "kind", "resolver" or "unrecognised".
    """

    text: str
    biller: str | None
    direct: bool
    kind: str | None
    matched_by: str
    candidates: tuple[str, ...] = ()


def _words(text: str) -> list[str]:
    """A place's words, lowercased, without punctuation or the dots and slashes of a web address."""
    return re.sub(r"[^\w&+]+", " ", text.lower()).split()


def _core(text: str) -> str:
    """The words that can name a place: fillers and web-address parts dropped."""
    return " ".join(word for word in _words(text) if word not in _FILLER)


def resolve_place(kg: KnowledgeGraph, text: str, *, service: Service | str | None = None) -> Place:
    """The biller a place of purchase means.

    Parameters
    ----------
    kg : KnowledgeGraph
    text : str
        Where the person says they bought: a name, a web address, a
        statement line or a sentence ("got it through my phone plan").
    service : Service or str, optional
        The service bought there; narrows "my phone plan" to the carriers
        that sell it and reads its own name or address as a direct purchase.

    Returns
    -------
    Place

    Examples
    --------
    >>> from subgraph import load_graph
    >>> kg = load_graph()
    >>> resolve_place(kg, "Comcast").biller
    'xfinity'
    >>> place = resolve_place(kg, "chatgpt.com")
    >>> place.biller, place.direct
    ('openai', True)
    >>> resolve_place(kg, "dropbox.com", service="dropbox").matched_by
    'direct'
    >>> resolve_place(kg, "paid at target").biller is None
    True
    """
    cat = kg.catalogue
    svc = cat.services.get(service) if isinstance(service, str) else service
    raw = str(text).strip()
    if not raw:
        return Place(raw, None, False, None, "unrecognised")
    names = _place_names(kg)
    core = _core(raw)
    key = name_key(core)
    if svc is not None and key and key in names.own.get(svc.id, ()):
        return _direct(kg, raw, svc)
    # the whole text as a biller's name first ("Google Play"), then as a statement line
    # ("ITUNES.COM/BILL", whose words alone would read as a name), then its words as a name
    named = _named(kg, names, raw, name_key(raw), svc)
    if named is not None:
        return named
    described = match_descriptor(kg, raw)
    if described is not None:
        biller = described.biller
        return Place(raw, biller, biller == _provider_of(svc), None, "statement_descriptor")
    named = _named(kg, names, raw, key, svc)
    if named is not None:
        return named
    other = names.services.get(key) if key else None
    if other is not None:
        return _direct(kg, raw, other)
    spaced = f" {' '.join(re.sub(r'[^a-z0-9]+', ' ', raw.lower()).split())} "
    for store, words in _PLATFORM_STORES.items():
        if store in cat.billers and any(f" {word} " in spaced for word in words):
            return Place(raw, store, False, "app-store", "kind", (store,))
    for kind, words in KIND_WORDS.items():
        if any(f" {word} " in spaced for word in words):
            return _of_kind(kg, raw, kind, svc)
    # its words with and without the fillers, the surer reading: a filler can be part of a name ("Best Buy");
    # a text of fillers alone ("bought it online") names no place
    wordings = dict.fromkeys((core, " ".join(_words(raw)))) if core else {}
    readings = [kg.resolver.resolve(wording, "biller") for wording in wordings]
    resolved = max(readings, key=lambda reading: reading.confidence, default=None)
    if resolved is not None and resolved.resolved and resolved.confidence >= kg.resolver.threshold:
        return Place(raw, resolved.id, resolved.id == _provider_of(svc), None, "resolver")
    return Place(raw, None, False, None, "unrecognised", tuple(i for i, _ in resolved.candidates) if resolved else ())


class _PlaceNames:
    """The catalogue's names as places read them, once per graph (a place is read on every new question)."""

    def __init__(self, kg: KnowledgeGraph):
        cat, names = kg.catalogue, catalogue_names(kg)
        #: Key -> the billers going by it (id, name or alias), in catalogue order.
        self.billers: dict[str, list[Biller]] = {
            key: [cat.billers[b] for b in ids] for key, ids in names.billers_by_id_too.items()
        }
        #: Key -> the first service of the catalogue going by it.
        self.services: dict[str, Service] = {key: cat.services[ids[0]] for key, ids in names.services.items()}
        self.providers = frozenset(other.provider for other in cat.services.values())
        self.sells = {b: sum(c.biller == b and c.kind != "direct" for c in cat.channels.values()) for b in cat.billers}
        # a parent company's name that another biller also goes by ("Comcast") is that biller's, so a
        # provider's own names are those no other biller shares
        alone: dict[str, set[str]] = {}
        for key, billers in self.billers.items():
            if len(billers) == 1:
                alone.setdefault(billers[0].id, set()).add(key)
        #: Service id -> the names that mean buying it from its provider itself.
        self.own = {s.id: names.service_keys[s.id] | alone.get(s.provider, set()) for s in cat.services.values()}


def _place_names(kg: KnowledgeGraph) -> _PlaceNames:
    return kg.answers.get("fitted", _PlaceNames, kg)


def _named(kg: KnowledgeGraph, names: _PlaceNames, raw: str, key: str, svc: Service | None) -> Place | None:
    """The biller whose id, name or alias is `key`, if any."""
    named = names.billers.get(key, []) if key else []
    if not named:
        return None
    # a name two billers share ("Comcast": Xfinity and NBCUniversal) means the one people buy through:
    # the one that sells others' services, else the one that provides none (a pure place of purchase)
    sells, providers = names.sells, names.providers
    best = max(named, key=lambda b: (sells[b.id], b.id not in providers, b.id == _provider_of(svc)))
    direct = best.id == _provider_of(svc) or (svc is None and best.id in providers and not sells[best.id])
    return Place(raw, best.id, direct, "direct" if direct else None, "biller")


def _provider_of(service: Service | None) -> str | None:
    return service.provider if service is not None else None


def _direct(kg: KnowledgeGraph, raw: str, service: Service) -> Place:
    cat = kg.catalogue
    direct = [cat.channels[c] for c in service.channels if cat.channels[c].kind == "direct"]
    biller = direct[0].biller if direct else service.provider
    return Place(raw, biller, True, "direct", "direct")


def _of_kind(kg: KnowledgeGraph, raw: str, kind: str, service: Service | None) -> Place:
    cat = kg.catalogue
    channels = [cat.channels[c] for c in service.channels] if service is not None else list(cat.channels.values())
    billers = tuple(sorted({c.biller for c in channels if c.kind == kind and c.biller}))
    if len(billers) == 1 and service is not None:  # the one way this service is sold through such a place
        return Place(raw, billers[0], False, kind, "kind", billers)
    return Place(raw, None, False, kind, "kind", billers)
