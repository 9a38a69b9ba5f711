"""Request and response models: the API's contract, and its OpenAPI document.

Responses are the core's dicts validated against these models (in tests
and by schemathesis); requests are parsed into them before the core is
called. Unknown query parameters are ignored; unknown body fields are
rejected, since a misspelt field would silently change the answer.
"""

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, RootModel, create_model

from subgraph import answers
from subgraph.decide.question import Question, Region
from subgraph.graph.browse import MAX_PER_PAGE, PER_PAGE
from subgraph.portfolio.model import Portfolio as PortfolioAnswer
from subgraph.statements import answer as statement
from subgraph.statements.model import Format
from subgraph.views import profile


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


# ----------------------------------------------------------------- problems
class FieldError(_Out):
    field: str
    message: str


class Problem(_Out):
    """An error, as RFC 9457 problem details (``application/problem+json``)."""

    type: str = Field(description="A stable URI naming the kind of problem.")
    title: str
    status: int
    detail: str
    errors: list[FieldError] | None = None
    suggestions: list[str] | None = Field(None, description="Ids the request may have meant.")


# ------------------------------------------------------------------ services
# A profile is the core's answer (subgraph.views.profile), served as it is.
class ServiceProfile(RootModel[profile.ServiceProfile]):
    """Everything about a service: plans and dated prices, channels, cancel methods, caveats, FAQ, gaps."""


class ServiceList(_Out):
    items: list[profile.ServiceSummary]
    page: int
    per_page: int
    total: int


class Category(_Out):
    id: str
    label: str
    services: int


class CategoryList(_Out):
    items: list[Category]


class BillerSummary(_Out):
    id: str
    name: str
    url: str | None
    services: int


class BillerList(_Out):
    items: list[BillerSummary]


class BillerProfile(RootModel[profile.BillerProfile]):
    """A biller's cancel methods and steps, statement descriptors, policies and the services it bills."""


# ------------------------------------------------- answers of the decision core
# The core defines these answers (subgraph.answers) and the API serialises them as they are;
# the wrappers only give the OpenAPI document a named schema for each.
class CancelPath(RootModel[answers.CancelPath]):
    """How to cancel: through whoever bills you, least effort first."""


class Alternatives(RootModel[answers.Alternatives]):
    """Every cheaper way to keep what is needed."""


class Recommendation(RootModel[answers.Recommendation]):
    """Cancel, downgrade, switch or keep, with the saving and how."""


class Portfolio(RootModel[PortfolioAnswer]):
    """Many subscriptions at once: overlaps, bundles, totals, a plan."""


class StatementAnswer(RootModel[statement.StatementAnswer]):
    """Who is billing me: the recurring charges of a bank or card export, each with its biller and cancel path."""


class Resolution(RootModel[answers.TextMeaning]):
    """What a text was taken to mean, or "did you mean" when unsure."""


class GraphInfo(_Out):
    version: str | None
    triples: int
    services: int
    billers: int


class Health(_Out):
    status: Literal["ok"]
    graph: GraphInfo


# ------------------------------------------------------------------ requests
class ServicePath(BaseModel):
    service_id: str = Field(max_length=200, description="A service id, e.g. `kaspersky`.")


class BillerPath(BaseModel):
    biller_id: str = Field(max_length=200, description="A biller id, e.g. `best-buy`.")


class ServicesQuery(BaseModel):
    category: str | None = Field(None, max_length=200, description="Category id.")
    q: str | None = Field(None, max_length=200, description="Text matched against names and aliases.")
    page: int = Field(1, ge=1, le=10_000)
    per_page: int = Field(PER_PAGE, ge=1, le=MAX_PER_PAGE)


def _fields_of_question(name: str, *fields: str) -> type[BaseModel]:
    """A query model made of some of the question's fields, with their types, limits and normalisation."""
    definitions: dict[str, Any] = {f: (Question.model_fields[f].annotation, Question.model_fields[f]) for f in fields}
    return create_model(name, **definitions)


CancelPathQuery = _fields_of_question("CancelPathQuery", "purchased_via", "platform", "region")
AlternativesQuery = _fields_of_question(
    "AlternativesQuery", "plan", "billing_cycle", "price_paid", "currency", "needs", "platform", "region"
)
#: A recommendation is asked with the question itself.
RecommendationRequest = Question


class StatementQuery(BaseModel):
    format: Format | None = Field(None, description="Read the body as this format, whatever its media type.")
    #: as a question gives it: the region of the cancel paths, and a CSV's date order when no date decides
    region: Region = Question.model_fields["region"].default


class ResolveQuery(BaseModel):
    q: str = Field(min_length=1, max_length=200)
    kind: Literal["service", "plan", "biller", "feature", "reason", "category", "platform"] = "service"
