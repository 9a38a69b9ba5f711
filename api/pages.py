"""The person-facing site: guide pages rendered by Jinja from the core's answers.

A plain Flask blueprint, not an API blueprint, so none of these pages is in
the OpenAPI document. Every page is a view of a core answer
(:func:`subgraph.views.guide.guide`, :func:`subgraph.decide.recommend.recommend`,
the resolver); nothing here decides anything. Pages need no JavaScript and
load nothing from another host; the JSON-LD block is data, which browsers do
not run. Errors are pages that say what to fix, never a trace.
"""

import base64
import json
from typing import Any

from flask import Blueprint, Response, current_app, make_response, redirect, render_template, request, url_for
from markupsafe import Markup, escape
from pydantic import TypeAdapter, ValidationError
from werkzeug.exceptions import RequestEntityTooLarge

from subgraph import UnknownId
from subgraph.answers import Minutes, Source
from subgraph.decide.question import Question, Region
from subgraph.decide.recommend import recommend
from subgraph.graph.browse import services_per_category
from subgraph.statements import StatementError
from subgraph.text.resolve import SUGGESTION_FLOOR
from subgraph.views.guide import METHOD_KIND_LABELS, guide, guide_jsonld
from subgraph.views.statement_page import statement_page
from subgraph.vocabulary import BILLING_CYCLES, USAGE_LEVELS

from .graph import current_graph
from .statements import read_form

__all__ = ["pages", "JSONLD_CONTEXT"]

pages = Blueprint("pages", __name__)
#: The statement upload page: it takes files, so it has the statements API's own body bound (api/__init__.py).
STATEMENT_PATH = "/statement"

#: The JSON-LD context every guide names, served from this site (no request to schema.org).
JSONLD_CONTEXT = {"@context": {"@vocab": "https://schema.org/", "schema": "https://schema.org/"}}
_MAX_QUERY = 200
#: A search goes straight to a guide only when the resolver's best service leads the next by this
#: much; otherwise the page asks "did you mean" ("antivirus" is Norton by a hair, and McAfee too).
_CLEAR_MARGIN = 0.1
_REGION = TypeAdapter(Region)


@pages.app_template_global()
def method_kind(kind: str) -> str:
    """A method kind as a page names it."""
    return METHOD_KIND_LABELS.get(kind, kind.replace("-", " "))


@pages.app_template_global()
def source(fact_source: Source | None) -> Markup:
    """A fact's source link and date, as every fact on a page shows it.

    A function rather than a Jinja macro: a guide shows a hundred of these, and a macro call
    costs several times as much.
    """
    if fact_source is None:
        return Markup("")
    day = fact_source.as_of.isoformat()
    # escape() and an f-string: Markup.format costs five times as much, a hundred times a page
    return Markup(
        f'<span class="source">(<a href="{escape(fact_source.url)}" rel="nofollow noreferrer">'
        f'{escape(fact_source.kind)} source</a>, as of <time datetime="{day}">{day}</time>)</span>'
    )


@pages.app_template_global()
def money(amount: float | None, currency: str | None) -> str:
    """An amount with cents and its currency, or that the price is unknown."""
    if amount is None:
        return "price unknown"
    return f"{amount:.2f} {currency}" if currency else f"{amount:.2f}"


@pages.app_template_global()
def minutes(span: Minutes) -> str:
    """How long a method takes, as a range of minutes."""
    return f"{span.min} min" if span.min == span.max else f"{span.min}–{span.max} min"


@pages.app_template_global()
def name_of(kind: str, node_id: str) -> str:
    """The name of a plan or service an answer gives by id."""
    table = current_graph().catalogue.plans if kind == "plan" else current_graph().catalogue.services
    node = table.get(node_id)
    return node.name if node is not None else node_id


@pages.app_template_filter()
def words(identifier: str) -> str:
    """An id of the vocabulary (``switch_billing_cycle``) as words."""
    return identifier.replace("_", " ").replace("-", " ")


def _site() -> str:
    return request.host_url.rstrip("/")


def _services_by_category() -> list[tuple[Any, list[Any]]]:
    cat = current_graph().catalogue
    return [
        (c, sorted((cat.services[s] for s in cat.services_by_category.get(c.id, ())), key=lambda s: s.name.lower()))
        for c in services_per_category(current_graph())
    ]


def _suggestions(text: str, found: Any = None) -> list[Any]:
    """Services the text might mean: the resolver's candidates (read once, and not remembered: typed text)."""
    kg = current_graph()
    if found is None:
        found = kg.resolver.resolve(text[:_MAX_QUERY], "service", remember=False)
    ids = [found.id] if found.id else []
    ids += [i for i, confidence in found.candidates if confidence >= SUGGESTION_FLOOR]
    return [kg.catalogue.services[i] for i in dict.fromkeys(ids) if i in kg.catalogue.services][:5]


def _page(template: str, status: int = 200, **context: Any) -> tuple[str, int]:
    return render_template(template, **context), status


def _personal_page(template: str, status: int = 200, **context: Any) -> Response:
    """A page that echoes what a person typed: free text is personal, so neither caches nor the app keep it."""
    response = make_response(render_template(template, **context), status)
    response.cache_control.no_store = True
    return response


@pages.get("/")
def home() -> tuple[str, int]:
    """What this is, a search box, the categories."""
    return _page("home.html", categories=_services_by_category(), canonical=url_for("pages.home"))


@pages.get("/search")
def search() -> Response | tuple[str, int]:
    """The search box: a service it names goes to its guide; otherwise "did you mean"."""
    text = (request.args.get("q") or "").strip()
    if not text:
        return _page("search.html", 400, text="", found=[], problem="Type the name of a service to search for.")
    if len(text) > _MAX_QUERY:
        return _page("search.html", 400, text="", found=[], problem=f"Use at most {_MAX_QUERY} characters.")
    kg = current_graph()
    resolution = kg.resolver.resolve(text, "service", remember=False)  # what a person typed is not kept
    runner_up = max((c for i, c in resolution.candidates if i != resolution.id), default=0.0)
    if resolution.id is not None and resolution.confidence - runner_up >= _CLEAR_MARGIN:
        return redirect(url_for("pages.service_guide", service_id=resolution.id), 303)  # type: ignore[return-value]
    found = _suggestions(text, resolution)
    return _personal_page("search.html", 200 if found else 404, text=text, found=found, problem=None)


@pages.get("/guides/")
def guides() -> tuple[str, int]:
    """Every guide, by category."""
    return _page("guides.html", categories=_services_by_category(), canonical=url_for("pages.guides"))


@pages.get("/guides/category/<category_id>")
def category(category_id: str) -> tuple[str, int]:
    """The guides of one category."""
    for concept, services in _services_by_category():
        if concept.id == category_id:
            canonical = url_for("pages.category", category_id=category_id)
            return _page("category.html", category=concept, services=services, canonical=canonical)
    return _not_found(category_id, "category")


@pages.get("/guides/context.jsonld")
def jsonld_context() -> Response:
    """The JSON-LD context the guides name, served here so that no page reaches another host."""
    return Response(json.dumps(JSONLD_CONTEXT, indent=1), mimetype="application/ld+json")


def _guide_or_error(service_id: str) -> Any:
    """The guide the URL asks for, or the error page saying what to fix."""
    kg = current_graph()
    if service_id not in kg.catalogue.services:
        return None, _not_found(service_id, "service")
    region = _region(request.args.get("region"))
    if region is None:
        return None, _bad_input(service_id, [("region", "Use a two-letter country code, such as US or GB.")])
    via = (request.args.get("via") or "").strip() or None
    if via is not None and len(via) > _MAX_QUERY:
        return None, _bad_input(
            service_id, [("via", f"Name the place you bought it in at most {_MAX_QUERY} characters.")]
        )
    return guide(kg, service_id, via=via, region=region), None


@pages.get("/guides/<service_id>")
def service_guide(service_id: str) -> tuple[str, int]:
    """The guide: how to cancel, through whoever bills you, with every fact's source and date."""
    page, error = _guide_or_error(service_id)
    if error:
        return error  # type: ignore[no-any-return]
    site = _site()
    canonical = url_for("pages.service_guide", service_id=service_id)
    context = site + url_for("pages.jsonld_context")
    return _page(
        "guide.html",
        g=page,
        canonical=canonical,
        jsonld=guide_jsonld(page, site, context=context),
        cycles=BILLING_CYCLES,
        usages=USAGE_LEVELS,
        plans=current_graph().catalogue.plans_of(service_id),
    )


@pages.get("/guides/<service_id>/decide")
def decide(service_id: str) -> Response | tuple[str, int]:
    """The "cancel or downgrade?" form's answer: the recommendation with its explanation."""
    kg = current_graph()
    if service_id not in kg.catalogue.services:
        return _not_found(service_id, "service")
    args = request.args
    fields: dict[str, Any] = {
        "service": service_id,
        "plan": args.get("plan") or None,
        "billing_cycle": args.get("billing_cycle") or None,
        "currency": (args.get("currency") or "").strip() or None,
        "purchased_via": args.get("purchased_via") or None,
        "region": args.get("region") or "US",
        "reasons": tuple(r for r in args.getlist("reasons") if r.strip()),
        "needs": tuple(n for n in args.getlist("needs") if n.strip()),
        "usage": args.get("usage") or None,
    }
    problems: list[tuple[str, str]] = []
    price = (args.get("price_paid") or "").strip()
    if price:
        try:
            fields["price_paid"] = float(price.replace(",", "."))
        except ValueError:
            problems.append(("price_paid", "Type the price as a number, such as 9.99."))
    if not problems:
        try:
            question = Question(**fields)
        except ValidationError as error:
            problems = [(".".join(str(p) for p in e["loc"][:1]), e["msg"]) for e in error.errors()]
    if problems:
        return _bad_input(service_id, problems)
    try:
        answer = recommend(kg, question)
    except UnknownId as error:
        field = {"need": "needs", "reason": "reasons"}.get(error.kind, error.kind)
        hint = f" Did you mean {', '.join(error.suggestions)}?" if error.suggestions else ""
        return _bad_input(service_id, [(field, f"We could not tell what {error.node_id!r} means.{hint}")])
    canonical = url_for("pages.service_guide", service_id=service_id)
    return _personal_page("decide.html", answer=answer, service=kg.catalogue.services[service_id], canonical=canonical)


@pages.get(STATEMENT_PATH)
def statement_form() -> tuple[str, int]:
    """The upload form: a bank or card export, read and dropped."""
    return _page("statement.html", canonical=url_for("pages.statement_form"), result=None, problem=None)


@pages.post(STATEMENT_PATH)
def statement_upload() -> tuple[str, int]:
    """The recurring charges of an uploaded export, the portfolio they make, and the pictures.

    Nothing uploaded is stored or logged: the bytes live for this request only, and the
    answer is never cached (a POST answer is ``no-store``).
    """
    if request.mimetype != "multipart/form-data":
        return _statement_problem("Send the export with the form on this page.")
    form, files = read_form()  # in memory: werkzeug's default would spool a large file to disk
    upload = files.get("file")
    region = _region(form.get("region"))
    if upload is None or not upload.filename:
        return _statement_problem("Choose a bank or card export to upload (CSV, OFX, QFX or CAMT.053).")
    if region is None:
        return _statement_problem("Use a two-letter country code, such as US or GB.")
    try:
        result = statement_page(current_graph(), upload.read(), filename=upload.filename, region=region)
    except StatementError as error:
        return _statement_problem(str(error))
    calendar = base64.b64encode(result.calendar).decode() if result.calendar else None
    return _page("statement.html", canonical=url_for("pages.statement_form"), result=result, calendar=calendar)


@pages.errorhandler(RequestEntityTooLarge)
def upload_too_large(error: RequestEntityTooLarge) -> tuple[str, int]:
    """An export over the limit: a page saying the limit, not an error document."""
    limit = request.max_content_length or current_app.config["MAX_CONTENT_LENGTH"]
    return _statement_problem(f"The file is too large: upload at most {limit // 1024} KB.", 413)


def _statement_problem(text: str, status: int = 400) -> tuple[str, int]:
    return _page("statement.html", status, canonical=url_for("pages.statement_form"), result=None, problem=text)


def _region(text: str | None) -> str | None:
    """A typed region as a question reads it (default US), or None when it is no country code."""
    try:
        return str(_REGION.validate_python((text or "US").strip()))
    except ValidationError:
        return None


def _not_found(text: str, kind: str) -> tuple[str, int]:
    return _page("not_found.html", 404, text=text, kind=kind, suggestions=_suggestions(text))


def _bad_input(service_id: str, problems: list[tuple[str, str]]) -> Response:
    service = current_graph().catalogue.services[service_id]
    return _personal_page("bad_input.html", 400, service=service, problems=problems)
