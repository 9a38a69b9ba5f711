"""Statement descriptors: the text a biller prints on a card or bank statement.

``APPLE.COM/BILL``, ``GOOGLE *Kaspersky``, ``PAYPAL *SPOTIFY``: the first
words name who bills, and the biller decides where to cancel. The one place
a line is matched to a biller's ``sg:StatementDescriptor`` patterns, for a
place of purchase typed by a person (:mod:`.places`) and for a line of a
bank export (:mod:`subgraph.statements.match`) alike.

A pattern matches at a boundary, never as a loose prefix of any text:

* it starts the line (or, when it is long and specific, ``MSBILL.INFO``,
  stands anywhere after a word's end), and the line does not go on with a
  letter or digit right after it ("DROPBOX" does not start with "DR");
* a pattern written with ``*`` (``GOOGLE*``, ``DR*``) needs the star
  ("DR MARTENS", "GOOGLE PLAY" are not such lines);
* a pattern of under :data:`SHORT_DESCRIPTOR` letters and digits (``NW``)
  needs the star or a service that biller sells right after it, so
  "NW Natural" and "nw corner store" are nobody's reseller.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .names import CatalogueNames, catalogue_names, name_key

if TYPE_CHECKING:  # the loader imports the text package
    from ..graph.catalogue import Catalogue
    from ..graph.loader import KnowledgeGraph

__all__ = ["DescriptorMatch", "DescriptorPatterns", "descriptor_patterns", "match_descriptor"]

#: A descriptor this short ("NW", "DR*": resellers' prefixes) is the start of many words ("dropbox.com",
#: "nwa"), so it needs its star, or a service its biller sells, right after it.
SHORT_DESCRIPTOR = 4
#: A descriptor this long and specific ("MSBILL.INFO") names the biller wherever it stands in the line.
ANYWHERE_DESCRIPTOR = 8
#: A service name run into the next word ("KASPERSKYLAB") counts when the name is at least this long.
_RUN_IN = 6


@dataclass(frozen=True, slots=True)
class DescriptorMatch:
    """The biller a statement line names by its descriptor, and the rest of the line without it."""

    biller: str
    #: What follows the pattern, star and spaces dropped ("SPOTIFY" in "PAYPAL *SPOTIFY"); for a pattern
    #: found later in the line, the line without it.
    rest: str


class DescriptorPatterns:
    """The graph's statement descriptor patterns, read once: which biller a statement line names.

    Parameters
    ----------
    catalogue : Catalogue
    names : CatalogueNames, optional
        The catalogue's names as keys, if already made (:func:`catalogue_names`); else made here.

    Examples
    --------
    >>> from subgraph import load_graph
    >>> patterns = DescriptorPatterns(load_graph().catalogue)
    >>> patterns.match("PAYPAL *SPOTIFY 402-935-7733")
    DescriptorMatch(biller='paypal', rest='SPOTIFY 402-935-7733')
    >>> patterns.match("NW KASPERSKY LAB").biller, patterns.match("NW NATURAL GAS"), patterns.match("dropbox.com")
    ('nexway', None, None)
    """

    def __init__(self, catalogue: Catalogue, *, names: CatalogueNames | None = None) -> None:
        patterns = []
        for biller in catalogue.billers.values():
            for d in biller.descriptors:
                written = " ".join(catalogue.descriptors[d].pattern.upper().split())
                patterns.append((written.rstrip("*").rstrip(), biller.id, written.endswith("*")))
        #: (literal, biller, needs a star), the longest first: "ITUNES.COM/BILL" before any shorter pattern
        self.patterns = tuple(sorted(patterns, key=lambda p: (-len(p[0]), p[1])))
        #: billers whose pattern is written with a star: what follows it names another company's service
        self.starred = frozenset(biller for _, biller, starred in patterns if starred)
        sold: dict[str, set[str]] = defaultdict(set)
        service_keys = (names or CatalogueNames.of(catalogue)).service_keys
        for service in catalogue.services.values():
            keys = service_keys[service.id]
            for c in service.channels:
                sold[catalogue.channels[c].biller] |= {k for k in keys if len(k) >= 3}
        self._sold_names = {biller: frozenset(keys) for biller, keys in sold.items()}

    def _sells_next(self, biller: str, tail: str) -> bool:
        """Whether the words after a short pattern spell a service that biller sells."""
        names = self._sold_names.get(biller, frozenset())
        words = re.findall(r"[A-Z0-9]+", tail)
        joined = ""
        for word in words[:5]:
            joined += word.lower()
            if joined in names:
                return True
        first = words[0].lower() if words else ""
        return any(len(name) >= _RUN_IN and first.startswith(name) for name in names)

    def match(self, text: str) -> DescriptorMatch | None:
        """The biller whose pattern the line shows at a boundary (the longest pattern winning), or None."""
        line = " ".join(str(text).upper().split())
        for literal, biller, starred in self.patterns:
            at = 0 if line.startswith(literal) else -1
            if at and len(literal) >= ANYWHERE_DESCRIPTOR:  # "MSFT*MICROSOFT 365 MSBILL.INFO": the biller last
                starts = (m.start() for m in re.finditer(re.escape(literal), line))
                at = next((i for i in starts if i and not line[i - 1].isalnum()), -1)
            if at < 0:
                continue
            rest = line[at + len(literal) :]
            if rest[:1].isalnum() and literal[-1:].isalnum():
                continue  # "DROPBOX" does not start with the pattern "DR"
            star = rest.lstrip().startswith("*")
            tail = rest.lstrip(" *")
            if starred and not star:
                continue
            if len(name_key(literal)) < SHORT_DESCRIPTOR and not star and not self._sells_next(biller, tail):
                continue
            return DescriptorMatch(biller, f"{line[:at]} {tail}".strip() if at else tail)
        return None


def descriptor_patterns(kg: KnowledgeGraph) -> DescriptorPatterns:
    """The loaded graph's descriptor patterns, read on first use and kept with its answers.

    Examples
    --------
    >>> from subgraph import load_graph
    >>> kg = load_graph()
    >>> descriptor_patterns(kg) is descriptor_patterns(kg)
    True
    """
    return kg.answers.get("fitted", _read_patterns, kg)


def _read_patterns(kg: KnowledgeGraph) -> DescriptorPatterns:
    return DescriptorPatterns(kg.catalogue, names=catalogue_names(kg))


def match_descriptor(kg: KnowledgeGraph, text: str) -> DescriptorMatch | None:
    """The biller whose statement descriptor the line shows, at a boundary, and the rest of the line.

    Parameters
    ----------
    kg : KnowledgeGraph
    text : str
        A statement line, or its start ("GOOGLE *Kaspersky 855-000").

    Returns
    -------
    DescriptorMatch or None
        None if no descriptor of the graph matches.

    Examples
    --------
    >>> from subgraph import load_graph
    >>> match_descriptor(load_graph(), "GOOGLE *Kaspersky 855-000")
    DescriptorMatch(biller='google-play', rest='KASPERSKY 855-000')
    >>> match_descriptor(load_graph(), "DR. Martens") is None
    True
    """
    return descriptor_patterns(kg).match(text)
