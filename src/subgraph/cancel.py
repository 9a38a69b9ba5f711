"""How to stop paying: the cancel path through the graph.

subscription -> sales channel -> biller -> cancel method -> steps, choosing
the least effort among the methods that apply to the region and platform.
"""

import re

from .profile import caveat_dict, source_dict

__all__ = ["cancel_path", "identify_biller", "UNKNOWN_CHANNEL_WORDS", "KIND_PREFERENCE"]

#: What people type when they do not know where they bought.
UNKNOWN_CHANNEL_WORDS = frozenset({
    "", "unknown", "no idea", "not sure", "dont know", "don't know", "i don't know", "i dont know",
    "idk", "?", "none", "n/a", "na", "not known", "can't remember", "cant remember", "no clue",
})

#: Ties in effort go to the method a person can finish alone, now.
KIND_PREFERENCE = ("online", "app-store-settings", "in-app", "nothing-to-cancel", "chat", "email",
                   "phone", "retailer-service", "in-store", "mail")

#: Words meaning "from the provider itself".
_DIRECT_WORDS = frozenset({"direct", "directly", "website", "the website", "online", "official site",
                           "their website", "web", "provider", "from them"})


def _normal(text):
    return re.sub(r"[^a-z0-9]+", "", str(text).lower())


def _applies(item, region, platform):
    """Region and platform filters: an empty list means 'everywhere'."""
    region_ok = not item.regions or region is None or region in item.regions
    platform_ok = not getattr(item, "platforms", ()) or platform is None or platform in item.platforms
    return region_ok and platform_ok


def identify_biller(cat, service, purchased_via):
    """Work out the sales channel and biller from what the person said.

    Parameters
    ----------
    cat : Catalogue
    service : Service
    purchased_via : str or None
        A channel or biller id or name ("best-buy", "Best Buy"), a channel
        kind ("direct", "website"), or a card-statement descriptor
        ("APPLE.COM/BILL", "GOOGLE *Kaspersky").

    Returns
    -------
    dict
        ``channel`` (id or None), ``biller`` (id or None) and ``matched_by``
        (``"channel"``, ``"biller"``, ``"direct"``, ``"statement_descriptor"``,
        ``"unknown"`` or ``"unrecognised"``).

    Examples
    --------
    >>> from subgraph import load_graph
    >>> cat = load_graph().catalogue
    >>> kaspersky = cat.service("kaspersky")
    >>> identify_biller(cat, kaspersky, "Best Buy")["biller"]
    'best-buy'
    >>> identify_biller(cat, kaspersky, "no idea")["matched_by"]
    'unknown'
    """
    text = "" if purchased_via is None else str(purchased_via).strip()
    if text.lower() in UNKNOWN_CHANNEL_WORDS:
        return {"channel": None, "biller": None, "matched_by": "unknown"}
    key = _normal(text)
    channels = [cat.channels[c] for c in service.channels]
    for channel in channels:
        if key in (_normal(channel.id), _normal(channel.name)):
            return {"channel": channel.id, "biller": channel.biller, "matched_by": "channel"}
    direct = [c for c in channels if c.kind == "direct"]
    provider = cat.billers.get(service.provider)
    direct_names = {_normal(w) for w in _DIRECT_WORDS} | {_normal(n) for n in (service.name, *service.aliases)}
    if provider:
        direct_names |= {_normal(provider.id), _normal(provider.name)}
    if direct and key in direct_names:
        return {"channel": direct[0].id, "biller": direct[0].biller, "matched_by": "direct"}
    for biller in cat.billers.values():
        if key in {_normal(biller.id), _normal(biller.name), *(_normal(a) for a in biller.aliases)}:
            return _through(channels, biller.id, "biller")
    biller_id = match_descriptor(cat, text)
    if biller_id:
        return _through(channels, biller_id, "statement_descriptor")
    return {"channel": None, "biller": None, "matched_by": "unrecognised"}


def _through(channels, biller_id, matched_by):
    channel = next((c.id for c in channels if c.biller == biller_id), None)
    return {"channel": channel, "biller": biller_id, "matched_by": matched_by}


def match_descriptor(cat, text):
    """The biller whose statement descriptor the text carries, if any.

    Examples
    --------
    >>> from subgraph import load_graph
    >>> match_descriptor(load_graph().catalogue, "GOOGLE *Kaspersky 855-000")
    'google-play'
    """
    key = _normal(text)
    if not key:
        return None
    best = None
    for biller in cat.billers.values():
        for descriptor in (cat.descriptors[d] for d in biller.descriptors):
            pattern = _normal(descriptor.pattern)
            if pattern and key.startswith(pattern) and (best is None or len(pattern) > best[0]):
                best = (len(pattern), biller.id)
    return best[1] if best else None
