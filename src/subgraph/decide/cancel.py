"""How to stop paying: the cancel path through the graph.

subscription -> sales channel -> biller -> cancel method -> steps, choosing
the least effort among the methods that apply to the region and platform.
"""

from collections.abc import Mapping
from types import MappingProxyType

from ..answers import (
    BillerHint,
    CancelPath,
    Candidate,
    Caveat,
    ChannelRef,
    MethodSummary,
    Minutes,
    Note,
    PathContact,
    Ref,
    Step,
    note,
)
from ..graph import model
from ..graph.loader import KnowledgeGraph
from ..graph.model import Service
from ..text.names import name_key
from ..text.places import resolve_place
from .facts import caveat_answer, source_answer

__all__ = ["cancel_path", "identify_biller", "path_caveats", "UNKNOWN_CHANNEL_WORDS", "KIND_PREFERENCE"]

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


def identify_biller(kg: KnowledgeGraph, service: Service, purchased_via: str | None) -> Mapping[str, str | None]:
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
    Mapping
        Read-only, remembered per service and text: ``channel`` (id or None), ``biller`` (id or None) and ``matched_by``
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
    # asked again by every new question about the same purchase (its price, then its cancel path)
    return kg.answers.get("resolved", _identify_biller, kg, service.id, purchased_via)


def _identify_biller(kg: KnowledgeGraph, service_id: str, purchased_via: str | None) -> Mapping[str, str | None]:
    return MappingProxyType(_found_biller(kg, kg.catalogue.services[service_id], purchased_via))


def _found_biller(kg: KnowledgeGraph, service: Service, purchased_via: str | None) -> dict[str, str | None]:
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
    if key in {name_key(w) for w in _DIRECT_WORDS}:
        return _bought_direct(kg, service, channels)
    # everything else is "which place is this": a name, a web address, a statement line, a sentence
    place = resolve_place(kg, text, service=service)
    if place.direct:
        return _bought_direct(kg, service, channels)
    if place.biller is not None:
        matched_by = "statement_descriptor" if place.matched_by == "statement_descriptor" else "biller"
        return _through(channels, place.biller, matched_by)
    return {"channel": None, "biller": None, "matched_by": "unrecognised"}


def _bought_direct(kg, service, channels):
    direct = [c for c in channels if c.kind == "direct"]
    if direct:
        return {"channel": direct[0].id, "biller": direct[0].biller, "matched_by": "direct"}
    provider = kg.catalogue.billers.get(service.provider)
    if provider and provider.methods:
        return {"channel": None, "biller": provider.id, "matched_by": "direct"}
    return {"channel": None, "biller": None, "matched_by": "no_direct_channel"}


def _through(channels, biller_id, matched_by):
    channel = next((c.id for c in channels if c.biller == biller_id), None)
    return {"channel": channel, "biller": biller_id, "matched_by": matched_by}


def _effort(method: model.CancelMethod) -> tuple[int, int]:
    kind_rank = KIND_PREFERENCE.index(method.kind) if method.kind in KIND_PREFERENCE else len(KIND_PREFERENCE)
    return (method.min_minutes + method.max_minutes, kind_rank)


def _methods_for(kg, channel_id, biller_id, region, platform):
    """Applicable methods, least effort first; of equal effort, the channel's own before the biller's."""
    cat = kg.catalogue
    ids = list(cat.channels[channel_id].methods) if channel_id else []
    ids += [m for m in cat.billers[biller_id].methods if m not in ids]
    methods = [cat.methods[m] for m in ids]
    applicable = [m for m in methods if _applies(m, region, platform)]
    if not applicable:  # better a method for another platform than none at all
        applicable = [m for m in methods if _applies(m, region, None)]
    own = set(cat.channels[channel_id].methods) if channel_id else set()
    # least effort first; between equals, what the channel itself says to do before the biller's general ways
    return sorted(applicable, key=lambda m: (*_effort(m), m.id not in own, m.id))


def _contact(kg, method):
    contact = next((c for c in method.contacts if c.telephone), method.contacts[0] if method.contacts else None)
    if contact is None:
        return None  # the method's own url says where; a contact made of it alone said it twice
    return PathContact(contact.url or method.url, contact.telephone, contact.hours, source_answer(kg, contact.source))


def _method_summary(kg, method, region, *, with_source=False):
    return kg.answers.get("fact", _summarise, kg, method, region, with_source)


def _summarise(kg, method, region, with_source):
    cat = kg.catalogue
    return MethodSummary(
        id=method.id,
        name=method.name,
        kind=method.kind,
        minutes=Minutes(method.min_minutes, method.max_minutes),
        contact=_contact(kg, method),
        url=method.url,
        caveats=tuple(c for c in method.caveats if _applies(cat.caveats[c], region, None)),
        source=source_answer(kg, method.source) if with_source else None,
    )


def path_caveats(
    kg: KnowledgeGraph,
    service_id: str,
    *,
    channel: str | None = None,
    biller: str | None = None,
    method: str | None = None,
    region: str | None = "US",
) -> tuple[tuple[Caveat, ...], tuple[str, ...]]:
    """The caveats a path shows, one per kind, most specific first, and the ids it left out.

    The method's own caveats are the most specific, then the channel's, the
    biller's and the service's. Of several caveats of one kind (a service
    with six about auto-renewal), the most specific is shown and the others
    are named, so that an answer says each kind once. A fallback's own
    caveats stay with the fallback: they are about what it cancels
    (Verizon's add-on page), not about this path.

    Examples
    --------
    >>> from subgraph import load_graph
    >>> shown, left_out = path_caveats(load_graph(), "norton")
    >>> len({c.kind for c in shown}) == len(shown), len(left_out) > 0
    (True, True)
    """
    cat = kg.catalogue
    ids = list(cat.methods[method].caveats) if method else []
    if channel:
        ids += cat.channels[channel].caveats
    if biller:
        ids += cat.billers[biller].caveats
    ids += cat.service(service_id).caveats
    shown: dict[str, Caveat] = {}
    left_out = []
    for caveat in (cat.caveats[c] for c in dict.fromkeys(ids)):
        if not _applies(caveat, region, None):
            continue
        if caveat.kind in shown:
            left_out.append(caveat.id)
        else:
            shown[caveat.kind] = caveat_answer(kg, caveat)
    return tuple(shown.values()), tuple(left_out)


def _availability_notes(cat, service, region):
    notes = []
    for availability in (cat.availability[a] for a in service.availability):
        if region in availability.regions and not availability.available:
            since = f" since {availability.since.isoformat()}" if availability.since else ""
            notes.append(
                note(
                    "not-sold-in-region",
                    f"{service.name} is not sold in {region}{since}."
                    + (f" {availability.description}" if availability.description else ""),
                    service=service.id,
                    region=region,
                    since=availability.since.isoformat() if availability.since else None,
                )
            )
    return notes


def _descriptor_advice(cat, service, region):
    """Which statement descriptors mean which biller, for the billers this service is sold through."""
    advice = []
    for biller_id in dict.fromkeys(cat.channels[c].biller for c in service.channels):
        biller = cat.billers[biller_id]
        patterns = tuple(
            cat.descriptors[d].pattern for d in biller.descriptors if _applies(cat.descriptors[d], region, None)
        )
        advice.append(BillerHint(Ref(biller.id, biller.name), patterns))
    return tuple(advice)


def cancel_path(
    kg: KnowledgeGraph,
    service_id: str,
    *,
    purchased_via: str | None = None,
    platform: str | None = None,
    region: str | None = "US",
) -> CancelPath:
    """The way to stop paying for a subscription, least effort first.

    Parameters
    ----------
    kg : KnowledgeGraph
    service_id : str
        Id of the service.
    purchased_via : str, optional
        Where it was bought: a channel or biller id or name, ``"direct"``, or
        a card-statement descriptor. Unknown (``"no idea"``) or
        unrecognised text gives advice on finding the biller and every
        candidate path instead of one path. Nothing said (``None``) assumes
        a direct purchase where the provider sells directly, and says so.
    platform : str, optional
        A platform id: ``windows``, ``macos``, ``ios``, ``android``, ``web``, ...
    region : str, optional
        ISO 3166-1 alpha-2 code; facts tied to other regions are left out.

    Returns
    -------
    CancelPath
        The biller, the least-effort method and its steps, the other
        methods (``fallbacks``), the caveats (one per kind), notes; when
        the biller is unknown, ``how_to_find_biller`` and ``candidates``
        instead of a method.

    Raises
    ------
    UnknownId
        If no service has this id.

    Notes
    -----
    A pure function of the graph and its arguments, remembered in
    ``kg.answers``; the answer is immutable and shared.

    Examples
    --------
    >>> from subgraph import load_graph
    >>> path = cancel_path(load_graph(), "kaspersky", purchased_via="Best Buy")
    >>> path.biller.id, path.method.kind in ("retailer-service", "phone", "in-store")
    ('best-buy', True)
    """
    kg.catalogue.service(service_id)  # an unknown id fails here, not inside the cache
    return kg.answers.get(
        "cancel_path", _cancel_path, kg, service_id, purchased_via, platform, region.upper() if region else None
    )


def _cancel_path(kg, service_id, purchased_via, platform, region):
    cat = kg.catalogue
    service = cat.service(service_id)
    found = identify_biller(kg, service, purchased_via)
    notes: list[Note] = _availability_notes(cat, service, region)
    common = {
        "service": Ref(service.id, service.name),
        "purchased_via": purchased_via,
        "matched_by": found["matched_by"],
        "region": region,
        "platform": platform,
    }
    if found["biller"] is None:
        if not service.channels:
            notes.append(
                note(
                    "no-known-channel",
                    f"The graph does not know yet how to cancel {service.name}: no acceptable source "
                    "gave its sales channels and cancel steps.",
                    service=service.id,
                )
            )
        elif found["matched_by"] == "no_direct_channel":
            notes.append(
                note(
                    "no-direct-sale",
                    f"The graph knows no direct sale of {service.name}: it is sold through the channels below, "
                    "so one of them bills you.",
                    service=service.id,
                )
            )
        if found["matched_by"] == "unrecognised":
            notes.append(
                note(
                    "unrecognised-channel",
                    f"We could not tell who bills you from {purchased_via!r}.",
                    purchased_via=purchased_via,
                )
            )
        notes.append(
            note(
                "check-statement",
                "Look at your card or bank statement: the name on the charge says who bills you, "
                "and only that biller can stop the payments.",
            )
        )
        caveats, left_out = path_caveats(kg, service.id, region=region)
        candidates = _candidates(kg, service, region, platform)
        return CancelPath(
            **common,
            channel=None,
            biller=None,
            method=None,
            steps=(),
            caveats=caveats,
            fallbacks=(),
            method_caveats=_method_caveats(kg, [c.method for c in candidates], caveats),
            how_to_find_biller=_descriptor_advice(cat, service, region),
            candidates=candidates,
            notes=(*notes, *_left_out_note(service, left_out)),
        )
    biller = cat.billers[found["biller"]]
    if found["channel"] is None:
        notes.append(
            note(
                "channel-not-recorded",
                f"The graph does not record {service.name} as sold through {biller.name}; "
                f"if {biller.name} charges you, cancel with {biller.name} as below.",
                service=service.id,
                biller=biller.id,
            )
        )
    methods = _methods_for(kg, found["channel"], biller.id, region, platform)
    if platform and methods and not _applies(methods[0], region, platform):
        notes.append(
            note(
                "no-method-for-platform",
                f"The graph has no way to cancel with {biller.name} on {platform}; these steps are for another device.",
                biller=biller.id,
                platform=platform,
            )
        )
    sold_via = cat.channels[found["channel"]] if found["channel"] else None
    if not methods:
        notes.append(
            note(
                "no-method-in-region",
                f"The graph has no cancel method of {biller.name} for {region}.",
                biller=biller.id,
                region=region,
            )
        )
        caveats, left_out = path_caveats(kg, service.id, channel=found["channel"], biller=biller.id, region=region)
        return CancelPath(
            **common,
            channel=None,
            biller=Ref(biller.id, biller.name),
            method=None,
            steps=(),
            caveats=caveats,
            fallbacks=(),
            method_caveats=(),
            how_to_find_biller=None,
            candidates=(),
            notes=(*notes, *_left_out_note(service, left_out)),
        )
    best = methods[0]
    assumed = found["matched_by"] == "assumed_direct"
    if assumed:
        notes.append(
            note(
                "assumed-direct",
                f"These steps assume you bought {service.name} from {biller.name} directly. If an app store, "
                "a retailer or another company charges you, cancel with them instead: see the other ways below.",
                service=service.id,
                biller=biller.id,
            )
        )
    caveats, left_out = path_caveats(
        kg, service.id, channel=found["channel"], biller=biller.id, method=best.id, region=region
    )
    fallbacks = tuple(_method_summary(kg, m, region) for m in methods[1:])
    candidates = _candidates(kg, service, region, platform, leaving_out=sold_via) if assumed else ()
    return CancelPath(
        **common,
        channel=ChannelRef(sold_via.id, sold_via.name, sold_via.kind) if sold_via else None,
        biller=Ref(biller.id, biller.name),
        method=_method_summary(kg, best, region, with_source=True),
        steps=tuple(Step(s.position, s.text, s.url) for s in best.steps),
        caveats=caveats,
        fallbacks=fallbacks,
        method_caveats=_method_caveats(kg, (*fallbacks, *(c.method for c in candidates)), caveats),
        how_to_find_biller=_descriptor_advice(cat, service, region) if assumed else None,
        candidates=candidates,
        notes=(*notes, *_left_out_note(service, left_out)),
    )


def _method_caveats(kg, methods, shown):
    """The caveats the other methods name that the path does not show already, each once."""
    shown_ids = {c.id for c in shown}
    ids = dict.fromkeys(c for method in methods for c in method.caveats)
    return tuple(caveat_answer(kg, kg.catalogue.caveats[c]) for c in ids if c not in shown_ids)


def _left_out_note(service: Service, left_out: tuple[str, ...]) -> tuple[Note, ...]:
    if not left_out:
        return ()
    return (
        note(
            "more-caveats",
            f"{len(left_out)} more caveat{'s' if len(left_out) != 1 else ''} of the same kinds apply to "
            f"{service.name}; its profile lists every one.",
            service=service.id,
            count=len(left_out),
            caveats=",".join(left_out),
        ),
    )


def _candidates(kg, service, region, platform, leaving_out=None):
    """Every other channel the service is sold through, with its quickest way to cancel, quickest first."""
    cat = kg.catalogue
    candidates = []
    for channel in (cat.channels[c] for c in service.channels):
        if channel is leaving_out or not _applies(channel, region, None):
            continue
        methods = _methods_for(kg, channel.id, channel.biller, region, platform)
        if methods:
            candidates.append(
                Candidate(
                    ChannelRef(channel.id, channel.name, channel.kind),
                    Ref(channel.biller, cat.billers[channel.biller].name),
                    _method_summary(kg, methods[0], region),
                )
            )
    candidates.sort(key=lambda c: c.method.minutes.min + c.method.minutes.max)
    return tuple(candidates)
