"""What the core answers, as typed, immutable values: defined once, here.

The CLI prints them, the API serialises them (orjson encodes dataclasses
natively) and its OpenAPI document is generated from them
(:func:`answer_schema`), so the three never disagree. Every answer is a
frozen dataclass whose collections are tuples and whose mappings are
read-only views: an answer is shared by every caller that asks the same
question (see :mod:`subgraph.graph.memo`), so nothing may change it.
Answer types have no ``__slots__``: orjson encodes a slotted dataclass
several times slower than one with a ``__dict__`` (a whole recommendation
took about 100 us against 20-45 us), and a new question's answer is
encoded every time.

Dates are :class:`datetime.date` (ISO strings in JSON); money is a float
with cents, in the currency named beside it.
"""

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal
from types import MappingProxyType
from typing import Annotated, Any, TypeVar

import orjson
from pydantic import Field, TypeAdapter

from .vocabulary import Action, MatchedBy, SourceKind

__all__ = [
    "Source",
    "Ref",
    "Label",
    "Minutes",
    "Step",
    "Caveat",
    "PathContact",
    "MethodSummary",
    "ChannelRef",
    "BillerHint",
    "Candidate",
    "Note",
    "CancelPath",
    "ResolvedText",
    "Suggestion",
    "TextMeaning",
    "ResolvedInputs",
    "Current",
    "Why",
    "Option",
    "ScoredOption",
    "Alternatives",
    "BundleRef",
    "Recommendation",
    "note",
    "money",
    "assembled",
    "answer_schema",
    "json_default",
    "to_json",
    "to_plain",
    "json_fragment",
    "JsonFragment",
]


@dataclass(frozen=True)
class Source:
    """Provenance of a fact: the page, its kind, the page's own date and when we checked it."""

    url: str
    kind: SourceKind
    source_date: date | None
    checked_on: date

    @property
    def as_of(self) -> date:
        """The date the fact is known true at: the source's own date, else when we checked."""
        return self.source_date or self.checked_on


@dataclass(frozen=True)
class Ref:
    id: str
    name: str | None


@dataclass(frozen=True)
class Label:
    id: str
    label: str


@dataclass(frozen=True)
class Minutes:
    min: int
    max: int


@dataclass(frozen=True)
class Step:
    position: int
    text: str
    url: str | None = None


@dataclass(frozen=True)
class Caveat:
    id: str
    kind: str
    title: str
    text: str
    refund_days: int | None
    regions: tuple[str, ...]
    source: Source


@dataclass(frozen=True)
class PathContact:
    url: str | None
    telephone: str | None
    hours: str | None
    source: Source | None


@dataclass(frozen=True)
class MethodSummary:
    """One way to cancel: what it is, how long it takes, whom to contact."""

    id: str
    name: str
    kind: str
    minutes: Minutes
    contact: PathContact | None
    url: str | None
    caveats: Annotated[
        tuple[str, ...],
        Field(
            description="Ids of the caveats about this method in particular, each given in full once: "
            "in the path's `caveats` or `method_caveats`, or the recommendation's `caveats`."
        ),
    ]
    source: Source | None = None


@dataclass(frozen=True)
class ChannelRef:
    id: str
    name: str
    kind: str


@dataclass(frozen=True)
class BillerHint:
    biller: Ref
    statement_descriptors: tuple[str, ...]


@dataclass(frozen=True)
class Candidate:
    channel: ChannelRef
    biller: Ref
    method: MethodSummary


@dataclass(frozen=True)
class Note:
    """Something the answer wants the person to know: a stable code, its parameters, and an English text.

    A view may render the code and parameters its own way (another language,
    a guide page); the text is the default rendering.
    """

    code: str
    text: str
    params: Mapping[str, str | int | float | None]


def note(code: str, text: str, **params: str | int | float | None) -> Note:
    """A :class:`Note` whose parameters cannot be changed afterwards.

    Examples
    --------
    >>> n = note("not-sold-in-region", "Kaspersky is not sold in US.", service="kaspersky", region="US")
    >>> n.code, dict(n.params)
    ('not-sold-in-region', {'service': 'kaspersky', 'region': 'US'})
    """
    return Note(code, text, MappingProxyType(params))


@dataclass(frozen=True)
class CancelPath:
    """How to stop paying: through whoever bills the person, least effort first."""

    service: Ref
    purchased_via: str | None
    matched_by: MatchedBy
    region: str | None
    platform: str | None
    channel: ChannelRef | None
    biller: Ref | None
    method: Annotated[
        MethodSummary | None, Field(description="The least-effort way to cancel, with its minutes and contact.")
    ]
    steps: tuple[Step, ...]
    caveats: Annotated[
        tuple[Caveat, ...],
        Field(
            description="Caveats of the service, channel, biller and method, one per kind, most specific first. "
            "Inside a recommendation this is empty: the recommendation's own `caveats` carry them, once."
        ),
    ]
    fallbacks: tuple[MethodSummary, ...]
    method_caveats: Annotated[
        tuple[Caveat, ...],
        Field(description="Caveats of the fallbacks and candidates that are not among `caveats`."),
    ]
    how_to_find_biller: tuple[BillerHint, ...] | None
    candidates: tuple[Candidate, ...]
    notes: tuple[Note, ...]


@dataclass(frozen=True)
class Suggestion:
    """A node a text might mean, and how sure that is (0 to 1)."""

    id: str
    confidence: float


@dataclass(frozen=True)
class ResolvedText:
    text: str
    id: str


@dataclass(frozen=True)
class TextMeaning:
    """What a text was taken to mean: a node of one kind, or below the threshold only "did you mean"."""

    text: str
    kind: str
    id: Annotated[str | None, Field(description="The node meant; None when unsure (see `did_you_mean`).")]
    confidence: float
    matched: Annotated[str | None, Field(description="The stored name or phrasing it equals, if any.")]
    did_you_mean: Annotated[tuple[Suggestion, ...], Field(description="Candidates, most likely first, when unsure.")]
    also: Annotated[
        tuple[ResolvedText, ...],
        Field(description="Reasons or features that parts of the text name besides `id`, each with the part read."),
    ] = ()


@dataclass(frozen=True)
class ResolvedInputs:
    """What each text input of the question was taken to mean."""

    service: ResolvedText
    plan: ResolvedText | None
    reasons: tuple[ResolvedText, ...]
    needs: tuple[ResolvedText, ...]
    platform: ResolvedText | None


@dataclass(frozen=True)
class Current:
    service: str
    plan: str | None
    offer: str | None
    billing_cycle: str | None
    annual_cost: float | None
    currency: str | None
    features: tuple[str, ...]
    prices_as_of: date | None


@dataclass(frozen=True)
class Why:
    """One fact or weight an option's score used, and by how much."""

    fact: str
    weight: float
    node: str | None
    detail: str | None


@dataclass(frozen=True)
class Option:
    action: Action
    plan: str | None
    service: str | None
    offer: str | None
    billing_cycle: str | None
    annual_cost_before: float | None
    annual_cost_after: float | None
    annual_saving: float | None
    currency: str | None
    features_lost: tuple[str, ...]
    features_kept: tuple[str, ...]
    how: str | None
    prices_as_of: date | None
    based_on: tuple[str, ...]
    note: str | None
    built_in_to: tuple[str, ...]


@dataclass(frozen=True)
class ScoredOption(Option):
    score: float
    why: tuple[Why, ...]


@dataclass(frozen=True)
class Alternatives:
    current: Current
    options: tuple[Option, ...]
    notes: tuple[Note, ...]
    resolved: ResolvedInputs


@dataclass(frozen=True)
class BundleRef:
    id: str
    name: str
    also_includes: tuple[Ref, ...]
    annual_cost: Annotated[float | None, Field(description="The bundle's cheapest regular price, for a year.")]
    currency: str | None
    prices_as_of: date | None


@dataclass(frozen=True)
class Recommendation:
    """The decision for one subscription, every option scored with its reasons, and how to act on it."""

    decision: Action
    service: Ref
    current: Current
    options: tuple[ScoredOption, ...]
    cancel_path: Annotated[
        CancelPath | None, Field(description="For cancel and switch decisions; its caveats are in `caveats`.")
    ]
    caveats: Annotated[
        tuple[Caveat, ...],
        Field(description="The caveats of the cancel path, one per kind, most specific first, each given once."),
    ]
    before_cancelling: Annotated[
        tuple[str, ...],
        Field(description="Ids of the caveats in `caveats` to act on before cancelling, in the order to do it."),
    ]
    explanation: tuple[str, ...]
    bundles: Annotated[tuple[BundleRef, ...], Field(description="Bundles that already include this service.")]
    resolved: ResolvedInputs
    notes: tuple[Note, ...]


def money(amount: Decimal | None) -> float | None:
    """A Decimal amount as answers give it: a JSON number with cents.

    Examples
    --------
    >>> money(Decimal("59.990"))
    59.99
    """
    return None if amount is None else float(round(amount, 2))


_Answer = TypeVar("_Answer")
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def assembled(answer_type: type[_Answer], values: Mapping[str, Any]) -> _Answer:
    """An answer made from all its field values at once, as its ``__init__`` would make it.

    A frozen dataclass's ``__init__`` sets each field with a call of its own (~3 us for a
    scored option's 18): a new question makes several options, so they are assembled instead.
    Every field must be given, in the declared order (the order of the answer's JSON),
    and nothing else.

    Examples
    --------
    >>> assembled(Minutes, {"min": 1, "max": 3}) == Minutes(1, 3)
    True
    >>> assembled(Minutes, {"max": 3, "min": 1})
    Traceback (most recent call last):
    TypeError: Minutes is made of min, max in this order; given max, min
    """
    names = _FIELD_NAMES.get(answer_type)
    if names is None:
        names = _FIELD_NAMES[answer_type] = tuple(f.name for f in fields(answer_type))  # type: ignore[arg-type]
    if tuple(values) != names:
        given = ", ".join(values)
        raise TypeError(f"{answer_type.__name__} is made of {', '.join(names)} in this order; given {given}")
    answer = object.__new__(answer_type)
    answer.__dict__.update(values)  # what a frozen __init__ does through object.__setattr__, a field at a time
    return answer


def json_default(obj: Any) -> Any:
    """orjson's fallback for what it does not encode natively: read-only mappings, and Decimal amounts as numbers.

    Examples
    --------
    >>> to_json({"saving": Decimal("5.02")})
    b'{"saving":5.02}'
    """
    if isinstance(obj, MappingProxyType):
        return dict(obj)
    if isinstance(obj, Decimal):
        return float(obj)
    raise TypeError(f"cannot encode {type(obj).__name__} as JSON")


def to_json(answer: Any, *, indent: bool = False) -> bytes:
    """An answer as UTF-8 JSON: what the API sends and ``--json`` prints.

    Examples
    --------
    >>> to_json(Minutes(1, 3))
    b'{"min":1,"max":3}'
    """
    option = orjson.OPT_NON_STR_KEYS | (orjson.OPT_INDENT_2 if indent else 0)
    return orjson.dumps(answer, default=json_default, option=option)


#: An answer already encoded, spliced as it is into the JSON of another (orjson's Fragment).
JsonFragment = orjson.Fragment


def json_fragment(answer: Any) -> JsonFragment:
    """An answer encoded once, to be part of others: ``to_json([json_fragment(a)]) == to_json([a])``.

    Examples
    --------
    >>> to_json({"span": json_fragment(Minutes(1, 3))})
    b'{"span":{"min":1,"max":3}}'
    """
    return orjson.Fragment(to_json(answer))


def to_plain(answer: Any) -> Any:
    """An answer as plain JSON values (dicts, lists, strings, numbers), as a client reads it."""
    return orjson.loads(to_json(answer))


def answer_schema(answer_type: Any) -> dict[str, Any]:
    """The JSON schema of an answer type, as the API's OpenAPI document gives it.

    Examples
    --------
    >>> answer_schema(Minutes)["required"]
    ['min', 'max']
    """
    return TypeAdapter(answer_type).json_schema(mode="serialization")
