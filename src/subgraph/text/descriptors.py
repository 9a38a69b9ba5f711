"""Statement descriptors: the text a biller prints on a card or bank statement.

``APPLE.COM/BILL``, ``GOOGLE *Kaspersky``, ``PAYPAL *SPOTIFY``: the first
words name who bills, and the biller decides where to cancel.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the loader imports the text package
    from ..graph.loader import KnowledgeGraph

__all__ = ["match_descriptor", "name_key"]


def name_key(text: str) -> str:
    """Text reduced to its letters and digits, lower case: how names and descriptors are compared.

    Examples
    --------
    >>> name_key("APPLE.COM/BILL"), name_key("Best Buy")
    ('applecombill', 'bestbuy')
    """
    return re.sub(r"[^a-z0-9]+", "", str(text).lower())


def match_descriptor(kg: KnowledgeGraph, text: str) -> str | None:
    """The biller whose statement descriptor starts the text, the longest pattern winning.

    Parameters
    ----------
    kg : KnowledgeGraph
    text : str
        A statement line, or its start ("GOOGLE *Kaspersky 855-000").

    Returns
    -------
    str or None
        The biller's id, or None if no descriptor of the graph matches.

    Examples
    --------
    >>> from subgraph import load_graph
    >>> match_descriptor(load_graph(), "GOOGLE *Kaspersky 855-000")
    'google-play'
    """
    key = name_key(text)
    if not key:
        return None
    cat = kg.catalogue
    best = None
    for biller in cat.billers.values():
        for descriptor in (cat.descriptors[d] for d in biller.descriptors):
            pattern = name_key(descriptor.pattern)
            if pattern and _starts(text, key, descriptor.pattern, pattern) and (best is None or len(pattern) > best[0]):
                best = (len(pattern), biller.id)
    return best[1] if best else None


#: A descriptor this short ("NW", "DR*": resellers' prefixes) is the start of many words ("dropbox.com",
#: "nwa"), so it must stand as written, marks included, and end where a word ends.
SHORT_DESCRIPTOR = 4


def _starts(text: str, key: str, raw: str, pattern: str) -> bool:
    """True if the statement line ``text`` begins with the descriptor ``raw``.

    Examples
    --------
    >>> _starts("DR *Kaspersky", "drkaspersky", "DR*", "dr"), _starts("dropbox.com", "dropboxcom", "DR*", "dr")
    (True, False)
    >>> _starts("NW*KASPERSKY", "nwkaspersky", "NW", "nw"), _starts("nwa flights", "nwaflights", "NW", "nw")
    (True, False)
    """
    if len(pattern) >= SHORT_DESCRIPTOR:
        return key.startswith(pattern)
    line, written = re.sub(r"\s+", "", text.upper()), re.sub(r"\s+", "", raw.upper())
    if not line.startswith(written):
        return False
    rest = line[len(written) :]
    return not (written[-1].isalnum() and rest[:1].isalnum())
