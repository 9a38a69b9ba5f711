"""A cleaned descriptor to the biller charging it and the service it pays for.

In order, each step only where the one before found nothing:

1. a biller's statement descriptor (``sg:StatementDescriptor``) at a
   boundary, by :func:`subgraph.text.descriptors.descriptor_patterns`, the
   one matcher of descriptors (so "DROPBOX", "DR MARTENS" and "NW NATURAL"
   are not resellers, here as in a place of purchase);
2. what follows an aggregator (``PAYPAL *SPOTIFY``: PayPal bills Spotify),
   or an aggregator named in full (a German PayPal direct debit names the
   merchant in its remittance text);
3. a service's name, alias or web address at the start (``NETFLIX.COM``),
   billed by its provider's own channel; a biller's name or alias;
4. the scikit-learn resolver, above a similarity a near miss does not reach.

A descriptor that names only the biller (``APPLE.COM/BILL``) gives the
biller and the services it sells in the graph at about that amount, as
candidates with their prices: never a guess.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from ..text.descriptors import descriptor_patterns
from ..text.names import catalogue_names
from ..text.places import resolve_place
from .model import Match

if TYPE_CHECKING:
    from ..graph.loader import KnowledgeGraph

__all__ = ["DescriptorMatcher"]

#: Letters of a word compared with how service names begin, before the resolver is asked.
_START = 4
#: Words that never start a service name in a descriptor, only its legal form or filler.
_NOISE_WORDS = {"the", "www", "inc", "llc", "ltd", "com"}


def _tokens(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def _host(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    parts = host.removeprefix("www.").split(".")
    return ".".join(parts[-2:]) if len(parts) >= 2 else None


class DescriptorMatcher:
    """Match cleaned statement descriptors to graph billers and services.

    Parameters
    ----------
    min_similarity : float
        The resolver's confidence a descriptor must reach when neither a
        descriptor pattern nor a name matched. Near misses ("NW Natural",
        "Dr Martens") stay below the default.
    amount_tolerance : float
        How far (a fraction) a charge may be from a graph price and still
        make that service a candidate of a biller-only descriptor.

    Examples
    --------
    >>> from subgraph import load_graph
    >>> matcher = DescriptorMatcher().fit(load_graph())
    >>> m = matcher.match("PAYPAL *SPOTIFY")
    >>> m.biller, m.service, m.evidence
    ('paypal', 'spotify', ('pattern', 'name'))
    >>> matcher.match("NW NATURAL GAS").matched
    False
    """

    def __init__(self, *, min_similarity: float = 0.85, amount_tolerance: float = 0.03) -> None:
        self.min_similarity = min_similarity
        self.amount_tolerance = amount_tolerance

    def fit(self, kg: KnowledgeGraph) -> DescriptorMatcher:
        """Index the graph's descriptor patterns, names, aliases, web addresses and prices."""
        cat = self.catalogue_ = kg.catalogue
        self.resolver_ = kg.resolver
        self.patterns_ = descriptor_patterns(kg)
        names = catalogue_names(kg)
        services = {key: ids for key, ids in names.services.items() if len(key) >= 3}
        # a name two services share ("Disney" for Disney+ and the bundle) names neither
        self.service_names_ = {k: v[0] for k, v in services.items() if len(v) == 1}
        #: how service names begin: a line with no word (or two words run together) beginning so is not asked of
        #: the resolver, which never reaches its threshold there ("SAFEWAY", "SHOP AB") and costs most of a match
        self.name_starts_ = frozenset(k[:_START] for k in services)
        billers = {key: ids for key, ids in names.billers.items() if len(key) >= 3}
        self.biller_names_ = {k: v[0] for k, v in billers.items() if len(v) == 1}
        for key, named in billers.items():
            if len(named) > 1:
                # a name two billers share ("Comcast": Xfinity and NBCUniversal) means the one a place of
                # purchase means by it: one rule, the places'
                place = resolve_place(kg, key)
                if place.biller in named:
                    self.biller_names_[key] = place.biller
        hosts: dict[str, set[str]] = defaultdict(set)
        for s in cat.services.values():
            if (host := _host(s.url)) is not None:
                hosts[host].add(s.id)
        self.service_hosts_ = {k: next(iter(v)) for k, v in hosts.items() if len(v) == 1}
        sells: dict[str, set[str]] = defaultdict(set)
        direct: dict[str, str] = {}
        for s in cat.services.values():
            for c in s.channels:
                channel = cat.channels[c]
                sells[channel.biller].add(s.id)
                if channel.kind == "direct" and (s.id not in direct or channel.biller == s.provider):
                    direct[s.id] = channel.biller
        self.sells_ = {b: frozenset(v) for b, v in sells.items()}
        self.direct_biller_ = direct
        #: billers that charge for other companies' services: what follows their name is the service
        self.aggregators_ = (
            frozenset(b for b, sold in sells.items() if len({cat.services[s].provider for s in sold}) > 1)
            | self.patterns_.starred
        )
        return self

    # ------------------------------------------------------------------ steps
    def _name_at(self, tokens: list[str], names: dict[str, str], *, truncated: bool) -> tuple[str, int] | None:
        """The longest name spelled by the first words (or, cut at 22 characters, begun by them)."""
        while tokens and tokens[0] in _NOISE_WORDS:
            tokens = tokens[1:]
        best = None
        joined = ""
        for n, token in enumerate(tokens[:5], start=1):
            joined += token
            if joined in names:
                best = (names[joined], n)
        if best is None and tokens:
            first = tokens[0]
            # "YOUTUBEPREMIUM", "SPOTIFYUSA": a name run into the next word
            # (the longest name of six or more letters the word starts with: a lookup per length, not a scan)
            for length in range(len(first), 5, -1):
                if first[:length] in names:
                    return names[first[:length]], 1
            if truncated and len(joined) >= 5:
                cut = [k for k in names if k.startswith(joined)]
                if len({names[k] for k in cut}) == 1:
                    return names[cut[0]], len(tokens)
        return best

    def _may_name_a_service(self, tokens: list[str]) -> bool:
        words = [*tokens, *(a + b for a, b in zip(tokens, tokens[1:]))]
        return any(word[:_START] in self.name_starts_ for word in words if len(word) >= _START)

    def _name_anywhere(self, tokens: list[str], among: Iterable[str] | None) -> str | None:
        allowed = set(among) if among is not None else None
        for start in range(len(tokens)):
            found = self._name_at(tokens[start:], self.service_names_, truncated=False)
            if found and (allowed is None or found[0] in allowed):
                return found[0]
        return None

    def _service_after(self, biller: str, tail: str, evidence: list[str]) -> tuple[str | None, float]:
        tokens = _tokens(tail)
        if not tokens:
            return None, 0.0
        found = self._name_at(tokens, self.service_names_, truncated=len(tail) >= 10)
        if found is None:
            service = self._name_anywhere(tokens, self.sells_.get(biller))
            found = (service, 0) if service else None
        if found is not None:
            evidence.append("name")
            return found[0], 0.95 if found[0] in self.sells_.get(biller, ()) else 0.8
        resolution = self.resolver_.resolve(tail, "service", among=self.sells_.get(biller) or None, remember=False)
        if resolution.id is not None and resolution.confidence >= self.min_similarity:
            evidence.append("similarity")
            return resolution.id, round(0.9 * resolution.confidence, 3)
        return None, 0.0

    def _candidates(self, biller: str, amount: Decimal | None, currency: str | None):
        if amount is None or amount <= 0:
            return ()
        cat = self.catalogue_
        found: dict[str, tuple[Decimal, Decimal, str]] = {}
        for s in self.sells_.get(biller, ()):
            for p in cat.plans_of(s):
                for offer in p.offers:
                    for price in filter(None, (offer.regular, offer.intro)):
                        if currency and price.currency != currency:
                            continue
                        off = abs(price.amount - amount)
                        if off <= amount * Decimal(str(self.amount_tolerance)) and (
                            s not in found or off < found[s][0]
                        ):
                            found[s] = (off, price.amount, price.currency)
        ranked = sorted(found.items(), key=lambda item: (item[1][0], item[0]))
        return tuple((s, price, curr) for s, (_, price, curr) in ranked)

    # ------------------------------------------------------------------ public
    def match(self, descriptor: str, *, amount: Decimal | None = None, currency: str | None = None) -> Match:
        """Who a cleaned descriptor names.

        Parameters
        ----------
        descriptor : str
            A descriptor cleaned by :func:`subgraph.statements.clean.clean_descriptor`.
        amount : Decimal, optional
            The charge, to list the candidate services of a biller-only descriptor.
        currency : str, optional
            ISO 4217 code of `amount`.

        Returns
        -------
        Match

        Examples
        --------
        >>> from subgraph import load_graph
        >>> matcher = DescriptorMatcher().fit(load_graph())
        >>> m = matcher.match("APPLE.COM/BILL", amount=Decimal("10.99"), currency="USD")
        >>> m.biller, m.service, "apple-music" in [c[0] for c in m.candidates]
        ('apple-app-store', None, True)
        >>> matcher.match("DROPBOX").biller
        'dropbox-inc'
        """
        # never memoised here: the matcher lives as long as the graph, a descriptor is personal data
        return self._match(descriptor, amount, currency)

    def _match(self, text: str, amount: Decimal | None, currency: str | None) -> Match:
        text = " ".join(text.upper().split())
        evidence: list[str] = []
        tokens = _tokens(text)
        found = self.patterns_.match(text)
        if found is not None:
            biller, tail = found.biller, found.rest
            evidence.append("pattern")
            service, confidence = self._service_after(biller, tail, evidence)
            sold = self.sells_.get(biller, ())
            if service is None and biller not in self.aggregators_ and len(sold) == 1:
                # the biller's own descriptor, and it bills one service only ("HELP.SKILLSHARE.COM")
                service, confidence = next(iter(sold)), 0.9
            return self._result(text, biller, service, confidence or 0.9, evidence, amount, currency)
        named = self._name_at(tokens, self.service_names_, truncated=len(text) >= 20)
        if named is not None:
            service = named[0]
            return self._result(text, self.direct_biller_.get(service), service, 0.9, ["name"], amount, currency)
        hosts = re.findall(r"\b([A-Z0-9-]+\.(?:COM|NET|ORG|TV|CO|AI|IO))\b", text)
        for host in hosts:
            service = self.service_hosts_.get(host.lower())
            if service:
                return self._result(text, self.direct_biller_.get(service), service, 0.85, ["domain"], amount, currency)
        biller_named = self._name_at(tokens, self.biller_names_, truncated=False)
        if biller_named is not None:
            biller, used = biller_named
            service = None
            if biller in self.aggregators_:
                service = self._name_anywhere(tokens[used:], None)
            return self._result(text, biller, service, 0.85, ["name"], amount, currency)
        if self._may_name_a_service(tokens):
            resolution = self.resolver_.resolve(text, "service", remember=False)
            if resolution.id is not None and resolution.confidence >= self.min_similarity:
                service = resolution.id
                confidence = round(0.9 * resolution.confidence, 3)
                return self._result(
                    text, self.direct_biller_.get(service), service, confidence, ["similarity"], amount, currency
                )
        return Match(key=text, merchant=text)

    def _result(self, text, biller, service, confidence, evidence, amount, currency) -> Match:
        candidates = ()
        if service is None and biller is not None:
            candidates = self._candidates(biller, amount, currency)
            if candidates:
                evidence = [*evidence, "amount"]
        key = f"{biller or '-'}/{service or '-'}"
        return Match(
            key=key,
            biller=biller,
            service=service,
            confidence=float(confidence),
            evidence=tuple(dict.fromkeys(evidence)),
            candidates=candidates,
            merchant=text,
        )
