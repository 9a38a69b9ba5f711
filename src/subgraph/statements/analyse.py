"""Who is billing me: a bank or card export in, its recurring charges out, each with biller and service.

The one entry point the CLI and the API call. The statement is read from
memory, analysed and dropped: nothing of it is written, logged or kept.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

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
    "fitted_matcher",
    "Progress",
]

#: The largest export read (5 MiB holds years of a busy account); over it: ``too-large``.
MAX_BYTES = 5 * 1024 * 1024
#: The most transactions read; over it: ``too-many-rows``.
MAX_ROWS = 50_000
#: Transactions matched between two calls of a progress callback.
PROGRESS_STEP = 2000
#: A progress callback: (transactions done, transactions in all).
Progress = Callable[[int, int], object]
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
    progress: Progress | None = None,
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
        Default: the graph's own (:func:`fitted_matcher`).
    progress : callable, optional
        Called as ``progress(done, total)`` while the transactions are matched
        (a terminal's progress bar); never given any of their content.

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
    matcher = matcher if matcher is not None else fitted_matcher(kg)
    as_of = max(t.posted for t in statement.transactions)
    groups: dict[str, list] = defaultdict(list)
    seen: dict[str, Counter[str]] = defaultdict(Counter)
    matches: dict[str, Match] = {}
    # what this statement's descriptors clean and match to: remembered for this call only (personal data)
    # each distinct line is cleaned, matched and keyed once: (cleaned text, its match or None for a hold, group key)
    read: dict[str, tuple[str, Match | None, str]] = {}
    matched: dict[str, Match] = {}
    holds = 0
    total = len(statement.transactions)
    for done, t in enumerate(statement.transactions):
        if progress is not None and done % PROGRESS_STEP == 0:
            progress(done, total)
        entry = read.get(t.description)
        if entry is None:
            entry = read[t.description] = _read_line(t.description, matcher, matched)
        text, match, key = entry
        if t.pending or match is None:
            holds += 1
            continue
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
    if progress is not None:
        progress(total, total)
    return StatementAnalysis(
        format=statement.format,
        rows=len(statement.transactions),
        streams=tuple(streams),
        skipped=statement.skipped,
        notes=statement.notes,
        holds=holds,
        as_of=as_of,
    )


def _read_line(
    description: str, matcher: DescriptorMatcher, matched: dict[str, Match]
) -> tuple[str, Match | None, str]:
    """A statement line cleaned, matched (None for a hold) and given the key its group is formed on."""
    text = clean_descriptor(description)
    if is_hold(text):
        return text, None, ""
    match = matched.get(text)
    if match is None:
        match = matched[text] = matcher.match(text)
    # unknown merchants group on their words alone: references and phone digits left in split a stream
    return text, match, match.key if match.matched else f"?|{merchant_key(text) or text}"


def _with_match(stream: Stream, match: Match) -> Stream:
    return replace(stream, match=match)


def fitted_matcher(kg: KnowledgeGraph) -> DescriptorMatcher:
    """The graph's descriptor matcher, fitted on first use and kept with the graph's answers.

    Fitting indexes the whole catalogue (~15 ms), so a server fits once per
    loaded graph; a reloaded graph has a new answer cache, hence a new matcher.

    Examples
    --------
    >>> from subgraph import load_graph
    >>> kg = load_graph()
    >>> fitted_matcher(kg) is fitted_matcher(kg)
    True
    """
    return kg.answers.get("fitted", _fit, kg)


def _fit(kg: KnowledgeGraph) -> DescriptorMatcher:
    return DescriptorMatcher().fit(kg)
