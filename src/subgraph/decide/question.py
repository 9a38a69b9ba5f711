"""The question a person asks about one subscription, typed once.

:class:`Question` is the single declaration of what a person may say: the
API's request body is this model, the CLI's options are made from its
fields, and the core takes it. It normalises what it can without the graph
(region case, billing-cycle synonyms, blank text, lists to tuples), so two
ways of saying the same thing are one question and one cache entry.
:func:`resolve_question` then reads its text against the graph.
"""

import re
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo, field_validator

from ..answers import ResolvedInputs, ResolvedText
from ..graph.loader import KnowledgeGraph
from ..text.resolve import resolve_id, resolve_ids
from ..vocabulary import CYCLE_SYNONYMS, BillingCycle, Usage

__all__ = [
    "Question",
    "resolve_question",
    "Region",
    "Currency",
    "currency_code",
    "PurchasedVia",
    "Platform",
    "TextItem",
]


def _blank_to_none(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _cycle(value: Any) -> Any:
    if isinstance(value, str):
        return CYCLE_SYNONYMS.get(" ".join(value.lower().split()), value)
    return value


def _not_true_or_false(value: Any) -> Any:
    """A JSON true is not a price of 1.0; numbers, and numbers written in a query string, are."""
    if isinstance(value, bool):
        raise ValueError("a price is a number, not true or false")
    return value


def _optional_text(max_length: int, description: str) -> Any:
    """Text that may be left out: blank means not given; the bound applies to text, not to its absence."""
    return Annotated[
        Annotated[str, Field(max_length=max_length)] | None,
        BeforeValidator(_blank_to_none),
        Field(description=description),
    ]


#: An ISO 3166-1 alpha-2 country code, upper case whatever was typed.
Region = Annotated[
    str,
    Field(min_length=2, max_length=2, pattern=r"^[A-Za-z]{2}$", description="ISO 3166-1 alpha-2 country code."),
    AfterValidator(str.upper),
]
#: How an ISO 4217 currency code is written (whatever the case).
_CURRENCY_CODE = "[A-Za-z]{3}"
#: An ISO 4217 currency code, upper case whatever was typed.
Currency = Annotated[str, Field(min_length=3, max_length=3, pattern=f"^{_CURRENCY_CODE}$"), AfterValidator(str.upper)]


def currency_code(written: str | None) -> str | None:
    """The currency code a text is, as :data:`Currency` takes it, or None where it is something else.

    Exports write a currency as a code, a symbol or a name: only a code says which one it is.

    Examples
    --------
    >>> currency_code(" eur "), currency_code("€"), currency_code("US$"), currency_code(None)
    ('EUR', None, None, None)
    """
    text = (written or "").strip()
    return text.upper() if re.fullmatch(_CURRENCY_CODE, text) else None


PurchasedVia = _optional_text(
    200, "Where it was bought: a store or retailer, `direct`, or the text on the card statement."
)
Platform = _optional_text(50, "windows, macos, ios, android, web, tv or console (free text is resolved).")
#: One free-text item of a list (a reason, a need): long enough for a sentence, bounded so that a
#: request's work is bounded (a megabyte-long reason cost seconds of CPU).
TextItem = Annotated[str, Field(min_length=1, max_length=300)]


class Question(BaseModel):
    """What a person asks about one subscription: should I cancel, and how?

    Examples
    --------
    >>> q = Question(service="netflx", region="gb", billing_cycle="yearly", reasons=["too pricey"])
    >>> q.region, q.billing_cycle, q.reasons
    ('GB', 'annual', ('too pricey',))
    >>> q == Question(service="netflx", region="GB", billing_cycle="annual", reasons=("too pricey",))
    True
    """

    # frozen: a question is the key of its cached answer; forbid: a misspelt field would
    # silently change the answer; NaN and Infinity, which JSON bodies may spell, are refused as no number
    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    service: Annotated[str, Field(min_length=1, max_length=200, description="Service id or name, typos allowed.")]
    plan: _optional_text(200, "Plan id or name.") = None  # type: ignore[valid-type]
    billing_cycle: Annotated[
        BillingCycle | None, BeforeValidator(_cycle), Field(description="How often you are billed.")
    ] = None
    # not strict, so that a query string's "9.99" is a price (a strict float refused every one)
    price_paid: Annotated[
        Annotated[float, Field(ge=0, le=100_000)] | None,
        BeforeValidator(_not_true_or_false),
        Field(description="What one billing period costs you."),
    ] = None
    currency: Annotated[
        Currency | None,
        Field(description="The currency of price_paid (ISO 4217); default: the region's. Unused without price_paid."),
    ] = None
    purchased_via: PurchasedVia = None  # type: ignore[valid-type]
    platform: Platform = None  # type: ignore[valid-type]
    region: Region = "US"
    reasons: Annotated[
        tuple[TextItem, ...],
        Field(max_length=10, description="Why you consider cancelling: reason ids or free text."),
    ] = ()
    needs: Annotated[
        tuple[TextItem, ...],
        Field(max_length=20, description="Features you still need: feature ids or free text."),
    ] = ()
    usage: Annotated[Usage | None, Field(description="How often you use it.")] = None

    @field_validator("currency")
    @classmethod
    def _currency_only_with_an_amount(cls, currency: str | None, info: ValidationInfo) -> str | None:
        # a currency says nothing without an amount: dropped, so that the question is the one asked without it
        return currency if info.data.get("price_paid") is not None else None


def resolve_question(kg: KnowledgeGraph, question: Question) -> ResolvedInputs:
    """Every text input of a question as graph ids, remembered per question.

    Parameters
    ----------
    kg : KnowledgeGraph
    question : Question

    Returns
    -------
    ResolvedInputs
        Each input with the text given and the id it was taken to mean.

    Raises
    ------
    UnknownId
        For the first input that resolves to nothing, with suggestions.

    Examples
    --------
    >>> from subgraph import load_graph
    >>> q = Question(service="kaspersy", plan="total security", needs=["antivirus"])
    >>> resolved = resolve_question(load_graph(), q)
    >>> resolved.service.id, resolved.plan.id, resolved.needs[0].id
    ('kaspersky', 'kaspersky-total-security', 'antivirus')
    """
    # only the text decides what the text means: questions that differ in price or usage share it
    texts = (question.service, question.plan, question.reasons, question.needs, question.platform)
    return kg.answers.get("resolved", _resolve, kg, *texts)


def _resolve(
    kg: KnowledgeGraph,
    service_text: str,
    plan: str | None,
    reasons: tuple[str, ...],
    needs: tuple[str, ...],
    platform: str | None,
) -> ResolvedInputs:
    def one(text: str, kind: str, **options: Any) -> ResolvedText:
        return ResolvedText(text, resolve_id(kg, text, kind, **options))

    def every(texts: tuple[str, ...], kind: str, **options: Any) -> tuple[ResolvedText, ...]:
        # one sentence may give several reasons ("price doubled and I never use it")
        found = (ResolvedText(text, node) for text in texts for node in resolve_ids(kg, text, kind, **options))
        return tuple(dict.fromkeys(found))

    service = one(service_text, "service")
    plans = set(kg.catalogue.services[service.id].plans)
    return ResolvedInputs(
        service=service,
        plan=one(plan, "plan", among=plans) if plan else None,
        reasons=every(reasons, "reason"),
        needs=every(needs, "feature", label="need"),
        platform=one(platform, "platform") if platform else None,
    )
