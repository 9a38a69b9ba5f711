"""Who is billing me: a bank or card export in, its recurring charges out, each with biller and service.

The one entry point the CLI and the API call. The statement is read from
memory, analysed and dropped: nothing of it is written, logged or kept.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..answers import to_plain
from ..decide.cancel import cancel_path
from .camt import looks_like_camt, read_camt
from .clean import clean_descriptor, is_hold, merchant_key
from .csvfile import read_csv
from .match import DescriptorMatcher
from .model import FORMATS, Match, Statement, StatementAnalysis, StatementError, Stream
from .ofx import looks_like_ofx, read_ofx
from .recurrence import detect_streams

if TYPE_CHECKING:
    from ..graph.loader import KnowledgeGraph

__all__ = [
    "MAX_BYTES",
    "MAX_ROWS",
    "read_statement",
    "analyse_statement",
    "stream_cancel_path",
    "analysis_as_dict",
]

#: The largest export read (5 MiB holds years of a busy account); over it: ``too-large``.
MAX_BYTES = 5 * 1024 * 1024
#: The most transactions read; over it: ``too-many-rows``.
MAX_ROWS = 50_000
#: Regions whose banks write dates month-first when nothing in the file decides.
_MONTH_FIRST_REGIONS = {"US", "PH", "CA"}


def _format_of(data: bytes, filename: str | None) -> str:
    suffix = (filename or "").rsplit(".", 1)[-1].lower() if filename and "." in filename else ""
    if suffix in ("ofx", "qfx") or looks_like_ofx(data):
        return "ofx"
    if suffix == "xml" or looks_like_camt(data):
        return "camt"
    return "csv"


def read_statement(
    data: bytes, *, format: str | None = None, filename: str | None = None, region: str | None = "US"
) -> Statement:
    """Read an export in any supported format, within the size and row limits.

    Parameters
    ----------
    data : bytes
    format : {"csv", "ofx", "camt"}, optional
        Default: from the file name's suffix, else from the content.
    filename : str, optional
        Only its suffix is used.
    region : str, optional
        ISO 3166-1 code; decides the date order of a CSV when no date does.

    Raises
    ------
    StatementError

    Examples
    --------
    >>> read_statement(b"Date,Description,Amount\\n2025-01-31,NETFLIX.COM,-13.99\\n").transactions[0].amount
    Decimal('13.99')
    """
    if format is not None and format not in FORMATS:
        raise StatementError("unknown-format", f"format must be one of {', '.join(FORMATS)}")
    if len(data) > MAX_BYTES:
        raise StatementError("too-large", f"the statement is over {MAX_BYTES // (1024 * 1024)} MiB")
    if not data.strip():
        raise StatementError("empty", "the file is empty")
    chosen = format or _format_of(data, filename)
    if chosen == "ofx":
        statement = read_ofx(data)
    elif chosen == "camt":
        statement = read_camt(data)
    else:
        if data.lstrip()[:1] == b"<":
            raise StatementError("unknown-format", "markup that is neither OFX nor CAMT.053")
        statement = read_csv(data, default_day_first=(region or "US").upper() not in _MONTH_FIRST_REGIONS)
    if len(statement.transactions) > MAX_ROWS:
        raise StatementError("too-many-rows", f"the statement has over {MAX_ROWS} transactions")
    return statement


def analyse_statement(
    kg: KnowledgeGraph,
    data: bytes,
    *,
    format: str | None = None,
    filename: str | None = None,
    region: str | None = "US",
    matcher: DescriptorMatcher | None = None,
) -> StatementAnalysis:
    """The recurring charges of a bank or card export, each matched to its biller and service.

    Parameters
    ----------
    kg : KnowledgeGraph
    data : bytes
        The export as exported: CSV, OFX/QFX or CAMT.053.
    format : {"csv", "ofx", "camt"}, optional
        Default: recognised from `filename` and the content.
    filename : str, optional
    region : str, optional
        ISO 3166-1 code: the date order assumed for a CSV no date decides.
    matcher : DescriptorMatcher, optional
        A fitted matcher to reuse across statements (a server fits one per graph).

    Returns
    -------
    StatementAnalysis
        Streams newest first (by last charge).

    Raises
    ------
    StatementError
        A file that cannot be read at all, or over the limits.

    Examples
    --------
    >>> from subgraph import load_graph
    >>> csv = "Date,Description,Amount\\n" + "".join(
    ...     f"2025-{m:02d}-05,PAYPAL *SPOTIFY 402-935-7733,-10.99\\n" for m in range(1, 6))
    >>> s = analyse_statement(load_graph(), csv.encode()).streams[0]
    >>> s.match.biller, s.match.service, s.cadence, s.next_date.isoformat(), s.status
    ('paypal', 'spotify', 'monthly', '2025-06-05', 'active')
    """
    statement = read_statement(data, format=format, filename=filename, region=region)
    matcher = matcher if matcher is not None else _matcher(kg)
    as_of = max(t.posted for t in statement.transactions)
    groups: dict[str, list] = defaultdict(list)
    seen: dict[str, Counter[str]] = defaultdict(Counter)
    matches: dict[str, Match] = {}
    cleaned: dict[str, str] = {}
    holds = 0
    for t in statement.transactions:
        text = cleaned.get(t.description)
        if text is None:
            text = cleaned[t.description] = clean_descriptor(t.description)
        if t.pending or is_hold(text):
            holds += 1
            continue
        match = matcher.match(text)
        # unknown merchants group on their words alone: references and phone digits left in split a stream
        key = match.key if match.matched else f"?|{merchant_key(text) or text}"
        groups[key].append(t)
        seen[key][text] += 1
        matches.setdefault(key, match)
    streams: list[Stream] = []
    for key, items in groups.items():
        if sum(1 for t in items if t.amount >= 0) < 2:
            continue
        match = matches[key]
        descriptors = [text for text, _ in seen[key].most_common()]
        for stream in detect_streams(items, match, as_of=as_of, descriptors=descriptors):
            if stream.match.biller is not None and stream.match.service is None:
                # a biller-only descriptor: the candidates depend on the stream's own amount
                priced = matcher.match(descriptors[0], amount=stream.last_amount, currency=stream.currency)
                stream = _with_match(stream, priced)
            streams.append(stream)
    streams.sort(key=lambda s: (s.last, s.last_amount), reverse=True)
    return StatementAnalysis(
        format=statement.format,
        rows=len(statement.transactions),
        streams=tuple(streams),
        skipped=statement.skipped,
        notes=statement.notes,
        holds=holds,
        as_of=as_of,
    )


def _with_match(stream: Stream, match: Match) -> Stream:
    from dataclasses import replace

    return replace(stream, match=match)


def _matcher(kg: KnowledgeGraph) -> DescriptorMatcher:
    """One fitted matcher per loaded graph: fitting indexes the whole catalogue."""
    cached = _MATCHERS.get(id(kg))
    if cached is None or cached[0] is not kg:
        cached = _MATCHERS[id(kg)] = (kg, DescriptorMatcher().fit(kg))
    return cached[1]


_MATCHERS: dict[int, tuple[Any, DescriptorMatcher]] = {}


def stream_cancel_path(kg: KnowledgeGraph, stream: Stream, *, region: str | None = "US") -> dict[str, Any] | None:
    """The cancel path of an active stream's service through the biller that charges it, as JSON data; or None.

    The only call into :mod:`subgraph.decide` from statement analysis, so a
    change of the cancel path's answer type changes this function alone.

    Examples
    --------
    >>> from subgraph import load_graph
    >>> csv = "Date,Description,Amount\\n" + "".join(f"2025-{m:02d}-05,NETFLIX.COM,-15.49\\n" for m in range(1, 5))
    >>> kg = load_graph()
    >>> path = stream_cancel_path(kg, analyse_statement(kg, csv.encode()).streams[0])
    >>> path["biller"]["id"]
    'netflix-inc'
    """
    if stream.match.service is None or stream.status != "active":
        return None
    # the typed answer as plain data, exactly as the API serialises it
    return to_plain(cancel_path(kg, stream.match.service, purchased_via=stream.match.biller, region=region))


def _money(value: Decimal) -> str:
    return str(value.quantize(Decimal("0.01")))


def analysis_as_dict(
    kg: KnowledgeGraph, analysis: StatementAnalysis, *, region: str | None = "US", cancel_paths: bool = True
) -> dict[str, Any]:
    """The JSON object the CLI's ``--json`` and the API answer with (amounts as strings, dates ISO).

    Examples
    --------
    >>> from subgraph import load_graph
    >>> kg = load_graph()
    >>> csv = b"Date,Description,Amount\\n2025-01-05,SHOP,-3.00\\n"
    >>> analysis_as_dict(kg, analyse_statement(kg, csv))["streams"]
    []
    """
    cat = kg.catalogue

    def name(table: Mapping[str, Any], node_id: str | None) -> dict[str, str] | None:
        return {"id": node_id, "name": table[node_id].name} if node_id is not None else None

    streams = []
    for s in analysis.streams:
        m = s.match
        item: dict[str, Any] = {
            "descriptor": s.descriptor,
            "descriptors": list(s.descriptors),
            "biller": name(cat.billers, m.biller),
            "service": name(cat.services, m.service),
            "candidates": [
                {"service": name(cat.services, c), "price": _money(p), "currency": cur} for c, p, cur in m.candidates
            ],
            "match": {"confidence": round(m.confidence, 3), "evidence": list(m.evidence)},
            "cadence": s.cadence,
            "currency": s.currency,
            "occurrences": s.occurrences,
            "amounts": {
                "average": _money(s.average),
                "last": _money(s.last_amount),
                "next": _money(s.next_amount),
            },
            "price_changes": [
                {"date": c.on.isoformat(), "old": _money(c.old), "new": _money(c.new)} for c in s.price_changes
            ],
            "first_date": s.first.isoformat(),
            "last_date": s.last.isoformat(),
            "next_date": s.next_date.isoformat(),
            "status": s.status,
            "trial": s.trial,
            "refunds": [{"date": d.isoformat(), "amount": _money(a)} for d, a in s.refunds],
            "regularity": s.regularity,
        }
        if cancel_paths:
            item["cancel_path"] = stream_cancel_path(kg, s, region=region)
        streams.append(item)
    return {
        "format": analysis.format,
        "rows": analysis.rows,
        "as_of": analysis.as_of.isoformat() if analysis.as_of else None,
        "streams": streams,
        "holds": analysis.holds,
        "skipped": [{"line": r.line, "reason": r.reason} for r in analysis.skipped],
        "notes": list(analysis.notes),
    }
