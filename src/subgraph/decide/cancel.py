"""How to stop paying: the cancel path through the graph.

subscription -> sales channel -> biller -> cancel method -> steps, choosing
the least effort among the methods that apply to the region and platform.
"""

from functools import lru_cache
from typing import Any

from ..graph.loader import KnowledgeGraph
from ..graph.model import Service
from ..text.descriptors import match_descriptor, name_key
from ..views.profile import caveat_dict, source_dict

__all__ = ["cancel_path", "identify_biller", "UNKNOWN_CHANNEL_WORDS", "KIND_PREFERENCE"]

#: What people type when they do not know where they bought.
UNKNOWN_CHANNEL_WORDS = frozenset(
    {
        "",
        "unknown",
        "no idea",
        "not sure",
        "dont know",
        "don't know",
        "i don't know",
        "i dont know",
        "idk",
        "?",
        "none",
        "n/a",
        "na",
        "not known",
        "can't remember",
        "cant remember",
        "no clue",
    }
)

#: Ties in effort go to the method a person can finish alone, now.
KIND_PREFERENCE = (
    "online",
    "app-store-settings",
    "in-app",
    "nothing-to-cancel",
    "chat",
    "email",
    "phone",
    "retailer-service",
    "in-store",
    "mail",
)

#: Words meaning "from the provider itself".
_DIRECT_WORDS = frozenset(
    {
        "direct",
        "directly",
        "website",
        "the website",
        "online",
        "official site",
        "their website",
        "web",
        "provider",
        "from them",
    }
)


#: Words saying the product came with the device: its built-in channel, if it has one.
_BUILT_IN_WORDS = ("builtin", "came with", "preinstalled", "includedwith", "bundledwith")


def _applies(item, region, platform):
    """Region and platform filters: an empty list means 'everywhere'."""
    region_ok = not item.regions or region is None or region in item.regions
    platform_ok = not getattr(item, "platforms", ()) or platform is None or platform in item.platforms
    return region_ok and platform_ok


def identify_biller(kg: KnowledgeGraph, service: Service, purchased_via: str | None) -> dict[str, str | None]:
    """Work out the sales channel and biller from what the person said.

    Parameters
    ----------
    kg : KnowledgeGraph
    service : Service
    purchased_via : str or None
        A channel or biller id or name ("best-buy", "Best Buy"), a channel
        kind ("direct", "website"), a card-statement descriptor
        ("APPLE.COM/BILL", "GOOGLE *Kaspersky"), or free text that names a
        biller loosely ("bought at the apple store"), tried last.

    Returns
    -------
    dict
        ``channel`` (id or None), ``biller`` (id or None) and ``matched_by``
        (``"channel"``, ``"biller"``, ``"direct"``, ``"statement_descriptor"``,
        ``"unknown"``, ``"unrecognised"``, ``"no_direct_channel"`` when the
        person says they bought direct but the graph knows no direct sale, or
        ``"assumed_direct"`` when nothing was said and the provider sells
        directly).

    Examples
    --------
    >>> from subgraph import load_graph
    >>> kg = load_graph()
    >>> kaspersky = kg.catalogue.service("kaspersky")
    >>> identify_biller(kg, kaspersky, "Best Buy")["biller"]
    'best-buy'
    >>> identify_biller(kg, kaspersky, "no idea")["matched_by"]
    'unknown'
    """
    cat = kg.catalogue
    text = "" if purchased_via is None else str(purchased_via).strip()
    if not text:
        # nothing said: most people buy from the provider, as the reference guide's steps assume
        direct_sales = [cat.channels[c] for c in service.channels if cat.channels[c].kind == "direct"]
        if direct_sales:
            return {"channel": direct_sales[0].id, "biller": direct_sales[0].biller, "matched_by": "assumed_direct"}
    if text.lower() in UNKNOWN_CHANNEL_WORDS:
        return {"channel": None, "biller": None, "matched_by": "unknown"}
    key = name_key(text)
    channels = [cat.channels[c] for c in service.channels]
    for channel in channels:
        if key in (name_key(channel.id), name_key(channel.name)):
            return {"channel": channel.id, "biller": channel.biller, "matched_by": "channel"}
    built_in = [c for c in channels if c.kind == "built-in"]
    if built_in and any(name_key(word) in key for word in _BUILT_IN_WORDS):
        return {"channel": built_in[0].id, "biller": built_in[0].biller, "matched_by": "channel"}
    direct = [c for c in channels if c.kind == "direct"]
    provider = cat.billers.get(service.provider)
    direct_names = {name_key(w) for w in _DIRECT_WORDS} | {name_key(n) for n in (service.name, *service.aliases)}
    if provider:
        direct_names |= {name_key(provider.id), name_key(provider.name)}
    if key in direct_names:
        if direct:
            return {"channel": direct[0].id, "biller": direct[0].biller, "matched_by": "direct"}
        if provider and provider.methods:
            return {"channel": None, "biller": provider.id, "matched_by": "direct"}
        return {"channel": None, "biller": None, "matched_by": "no_direct_channel"}
    for biller in cat.billers.values():
        if key in {name_key(biller.id), name_key(biller.name), *(name_key(a) for a in biller.aliases)}:
            return _through(channels, biller.id, "biller")
    biller_id = match_descriptor(kg, text)
    if biller_id:
        return _through(channels, biller_id, "statement_descriptor")
    resolved = kg.resolver.resolve(text, "biller")
    if resolved.resolved:
        return _through(channels, resolved.id, "biller")
    return {"channel": None, "biller": None, "matched_by": "unrecognised"}


def _through(channels, biller_id, matched_by):
    channel = next((c.id for c in channels if c.biller == biller_id), None)
    return {"channel": channel, "biller": biller_id, "matched_by": matched_by}


def _effort(method):
    kind_rank = KIND_PREFERENCE.index(method.kind) if method.kind in KIND_PREFERENCE else len(KIND_PREFERENCE)
    return (method.min_minutes + method.max_minutes, kind_rank, method.id)


def _methods_for(cat, channel_id, biller_id, region, platform):
    """Applicable methods, least effort first; channel-specific ones come before the biller's."""
    ids = list(cat.channels[channel_id].methods) if channel_id else []
    ids += [m for m in cat.billers[biller_id].methods if m not in ids]
    methods = [cat.methods[m] for m in ids]
    applicable = [m for m in methods if _applies(m, region, platform)]
    if not applicable:  # better a method for another platform than none at all
        applicable = [m for m in methods if _applies(m, region, None)]
    return sorted(applicable, key=_effort)


def _contact(method):
    contact = next((c for c in method.contacts if c.telephone), method.contacts[0] if method.contacts else None)
    if contact is None:
        return {"url": method.url, "telephone": None, "hours": None, "source": None} if method.url else None
    return {
        "url": contact.url or method.url,
        "telephone": contact.telephone,
        "hours": contact.hours,
        "source": source_dict(contact.source),
    }


def _method_summary(cat, method, region):
    return {
        "id": method.id,
        "name": method.name,
        "kind": method.kind,
        "minutes": {"min": method.min_minutes, "max": method.max_minutes},
        "contact": _contact(method),
        "url": method.url,
        "caveats": [caveat_dict(cat.caveats[c]) for c in method.caveats if _applies(cat.caveats[c], region, None)],
    }


def _caveats(cat, service, channel_id, biller_id, method, region):
    """The caveats of the service, channel and biller, and of the method the path picks.

    A fallback's own caveats stay with the fallback (in its summary): they
    are about what it cancels (Verizon's add-on page, device protection),
    not about this path.
    """
    ids = list(service.caveats)
    if channel_id:
        ids += cat.channels[channel_id].caveats
    if biller_id:
        ids += cat.billers[biller_id].caveats
    if method:
        ids += method.caveats
    seen = dict.fromkeys(ids)
    return [caveat_dict(cat.caveats[c]) for c in seen if _applies(cat.caveats[c], region, None)]


def _availability_notes(cat, service, region):
    notes = []
    for availability in (cat.availability[a] for a in service.availability):
        if region in availability.regions and not availability.available:
            since = f" since {availability.since.isoformat()}" if availability.since else ""
            notes.append(
                f"{service.name} is not sold in {region}{since}."
                + (f" {availability.description}" if availability.description else "")
            )
    return notes


def _descriptor_advice(cat, service, region):
    """Which statement descriptors mean which biller, for the billers this service is sold through."""
    advice = []
    for biller_id in dict.fromkeys(cat.channels[c].biller for c in service.channels):
        biller = cat.billers[biller_id]
        patterns = [
            cat.descriptors[d].pattern for d in biller.descriptors if _applies(cat.descriptors[d], region, None)
        ]
        advice.append({"biller": {"id": biller.id, "name": biller.name}, "statement_descriptors": patterns})
    return advice


@lru_cache(maxsize=1024)
def cancel_path(
    kg: KnowledgeGraph,
    service_id: str,
    *,
    purchased_via: str | None = None,
    platform: str | None = None,
    region: str | None = "US",
) -> dict[str, Any]:
    """The way to stop paying for a subscription, least effort first.

    Parameters
    ----------
    kg : KnowledgeGraph
    service_id : str
        Id of the service.
    purchased_via : str, optional
        Where it was bought: a channel or biller id or name, ``"direct"``, or
        a card-statement descriptor. Unknown (``None``, ``"no idea"``) or
        unrecognised text gives advice on finding the biller and every
        candidate path instead of one path.
    platform : str, optional
        ``windows``, ``macos``, ``ios``, ``android`` or ``web``.
    region : str, optional
        ISO 3166-1 alpha-2 code; facts tied to other regions are left out.

    Returns
    -------
    dict
        ``service``, ``purchased_via``, ``matched_by``, ``channel``,
        ``biller`` {id, name}, ``method``, ``steps`` [{position, text,
        url?}], ``minutes`` {min, max}, ``contact``, ``caveats``,
        ``fallbacks`` (other applicable methods, each with its own caveats),
        ``notes``; when the biller
        is unknown, ``how_to_find_biller`` and ``candidates`` instead of a
        method.

    Raises
    ------
    UnknownId
        If no service has this id.

    Notes
    -----
    The answer is a pure function of the loaded graph and the arguments, so
    it is memoised (LRU); callers must not mutate it.

    Examples
    --------
    >>> from subgraph import load_graph
    >>> path = cancel_path(load_graph(), "kaspersky", purchased_via="Best Buy")
    >>> path["biller"]["id"], path["method"]["kind"] in ("retailer-service", "phone", "in-store")
    ('best-buy', True)
    """
    cat = kg.catalogue
    service = cat.service(service_id)
    region = region.upper() if region else None
    found = identify_biller(kg, service, purchased_via)
    notes = _availability_notes(cat, service, region)
    answer = {
        "service": {"id": service.id, "name": service.name},
        "purchased_via": purchased_via,
        "matched_by": found["matched_by"],
        "region": region,
        "platform": platform,
    }
    if found["biller"] is None:
        if not service.channels:
            notes.append(
                f"The graph does not know yet how to cancel {service.name}: no acceptable source "
                "gave its sales channels and cancel steps."
            )
        elif found["matched_by"] == "no_direct_channel":
            notes.append(
                f"The graph knows no direct sale of {service.name}: it is sold through the channels below, "
                "so one of them bills you."
            )
        if found["matched_by"] == "unrecognised":
            notes.append(f"We could not tell who bills you from {purchased_via!r}.")
        notes.append(
            "Look at your card or bank statement: the name on the charge says who bills you, "
            "and only that biller can stop the payments."
        )
        candidates = _candidates(cat, service, region, platform)
        return {
            **answer,
            "channel": None,
            "biller": None,
            "method": None,
            "steps": [],
            "minutes": None,
            "contact": None,
            "caveats": _caveats(cat, service, None, None, None, region),
            "fallbacks": [],
            "how_to_find_biller": _descriptor_advice(cat, service, region),
            "candidates": candidates,
            "notes": notes,
        }
    biller = cat.billers[found["biller"]]
    if found["channel"] is None:
        notes.append(
            f"The graph does not record {service.name} as sold through {biller.name}; "
            f"if {biller.name} charges you, cancel with {biller.name} as below."
        )
    methods = _methods_for(cat, found["channel"], biller.id, region, platform)
    if platform and methods and not _applies(methods[0], region, platform):
        notes.append(
            f"The graph has no way to cancel with {biller.name} on {platform}; these steps are for another device."
        )
    sold_via = cat.channels[found["channel"]] if found["channel"] else None
    if not methods:
        notes.append(f"The graph has no cancel method of {biller.name} for {region}.")
        return {
            **answer,
            "channel": None,
            "biller": {"id": biller.id, "name": biller.name},
            "method": None,
            "steps": [],
            "minutes": None,
            "contact": None,
            "caveats": _caveats(cat, service, found["channel"], biller.id, None, region),
            "fallbacks": [],
            "how_to_find_biller": None,
            "candidates": [],
            "notes": notes,
        }
    best = methods[0]
    assumed = found["matched_by"] == "assumed_direct"
    if assumed:
        notes.append(
            f"These steps assume you bought {service.name} from {biller.name} directly. If an app store, "
            "a retailer or another company charges you, cancel with them instead: see the other ways below."
        )
    return {
        **answer,
        "channel": {"id": sold_via.id, "name": sold_via.name, "kind": sold_via.kind} if sold_via else None,
        "biller": {"id": biller.id, "name": biller.name},
        "method": {**_method_summary(cat, best, region), "source": source_dict(best.source)},
        "steps": [{"position": s.position, "text": s.text, **({"url": s.url} if s.url else {})} for s in best.steps],
        "minutes": {"min": best.min_minutes, "max": best.max_minutes},
        "contact": _contact(best),
        "caveats": _caveats(cat, service, found["channel"], biller.id, best, region),
        "fallbacks": [_method_summary(cat, m, region) for m in methods[1:]],
        "how_to_find_biller": _descriptor_advice(cat, service, region) if assumed else None,
        "candidates": _candidates(cat, service, region, platform, leaving_out=sold_via) if assumed else [],
        "notes": notes,
    }


def _candidates(cat, service, region, platform, leaving_out=None):
    """Every other channel the service is sold through, with its quickest way to cancel, quickest first."""
    candidates = []
    for channel in (cat.channels[c] for c in service.channels):
        if channel is leaving_out or not _applies(channel, region, None):
            continue
        methods = _methods_for(cat, channel.id, channel.biller, region, platform)
        if methods:
            candidates.append(
                {
                    "channel": {"id": channel.id, "name": channel.name, "kind": channel.kind},
                    "biller": {"id": channel.biller, "name": cat.billers[channel.biller].name},
                    "method": _method_summary(cat, methods[0], region),
                }
            )
    candidates.sort(key=lambda c: c["method"]["minutes"]["min"] + c["method"]["minutes"]["max"])
    return candidates
