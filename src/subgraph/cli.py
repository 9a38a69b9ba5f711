"""The ``subgraph`` command line: a view of the core, like the API."""

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any, Literal, get_args, get_origin

import click
from pydantic import TypeAdapter, ValidationError

from .answers import to_json
from .decide.cancel import cancel_path
from .decide.question import Question, Region
from .decide.recommend import recommend
from .graph.analyses import (
    CancelEffort,
    GatekeepingBiller,
    bundles_against_parts,
    gatekeeping_billers,
    hardest_to_cancel,
)
from .graph.browse import MAX_PER_PAGE, PER_PAGE, find_services, services_per_biller, services_per_category
from .graph.catalogue import UnknownId
from .graph.freshness import stale_pages
from .graph.loader import KnowledgeGraph, default_graph_dir, load_graph
from .graph.skeleton import new_service
from .graph.stats import graph_stats
from .problems import GraphInvalid
from .rdf.export import FORMATS, export
from .statements import FORMATS as STATEMENT_FORMATS
from .statements import MAX_BYTES, analyse_statement, statement_answer
from .statements.model import StatementError
from .text.resolve import KINDS, resolve_id
from .views.gaps import known_gaps
from .views.profile import service_profile, service_summary
from .views.statement import render_statement
from .views.text import render_cancel_path, render_profile, render_recommendation

__all__ = ["main"]


def _load(ctx: click.Context, *, compiled: bool = True) -> KnowledgeGraph:
    """Load the graph once per invocation (or take the one in ``ctx.obj``); an invalid graph stops the command."""
    if "kg" not in ctx.obj:
        try:
            ctx.obj["kg"] = load_graph(ctx.obj["graph"], compiled=compiled)
        except GraphInvalid as error:
            for problem in error.problems:
                click.echo(str(problem), err=True)
            click.echo(
                f"error: the graph in {ctx.obj['graph']} is invalid "
                f"({len(error.problems)} problem{'s' if len(error.problems) != 1 else ''}); nothing loaded",
                err=True,
            )
            ctx.exit(1)
    return ctx.obj["kg"]


def _print_json(data: object) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


def _print_answer(answer: object) -> None:
    click.echo(to_json(answer, indent=True).decode())


@click.group()
@click.option(
    "--graph",
    "graph_dir",
    type=click.Path(file_okay=False, path_type=str),
    envvar="SUBGRAPH_GRAPH",
    default=None,
    help="Graph directory (default: the embedded graph/; env SUBGRAPH_GRAPH).",
)
@click.version_option(package_name="subgraph")
@click.pass_context
def main(ctx: click.Context, graph_dir: str | None) -> None:
    """subgraph: cancel or downgrade, and exactly how."""
    ctx.ensure_object(dict)
    ctx.obj.setdefault("graph", graph_dir or str(default_graph_dir()))


@main.command()
@click.option(
    "--graph",
    "graph_dir",
    type=click.Path(file_okay=False, path_type=str),
    default=None,
    help="Graph directory to validate (overrides the global option).",
)
@click.pass_context
def validate(ctx: click.Context, graph_dir: str | None) -> None:
    """Parse and validate every file of the graph, whatever is compiled; exit 1 on any problem."""
    if graph_dir:
        ctx.obj["graph"] = graph_dir
    ctx.obj.pop("kg", None)  # validate reads the files, whatever graph was handed in
    kg = _load(ctx, compiled=False)
    click.echo(
        f"ok: {ctx.obj['graph']}: {len(set(kg.files.values()))} data files, "
        f"{kg.triples} triples, {kg.nx.number_of_nodes()} nodes; conforms to the shapes"
    )


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def stats(ctx: click.Context, as_json: bool) -> None:
    """How big the graph is and how its facts are sourced."""
    figures = graph_stats(_load(ctx))
    if as_json:
        _print_json(figures)
        return
    width = max(len(k) for k in figures)
    for key, value in figures.items():
        if isinstance(value, dict):
            value = ", ".join(f"{k} {v}" for k, v in value.items())
        click.echo(f"{key.replace('_', ' '):<{width}}  {value}")


@main.command()
@click.option("--days", type=click.IntRange(min=0), required=True, help="How many days a check stays good.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def stale(ctx: click.Context, days: int, as_json: bool) -> None:
    """Pages last read more than DAYS days ago, each with the facts resting on it: the list to re-read."""
    pages = stale_pages(_load(ctx), days)
    if as_json:
        _print_json(pages)
        return
    for page in pages:
        click.echo(f"{page['checked_on']}  {page['kind']:<10} {page['id']}  {page['url']}")
        for fact in page["facts"]:
            click.echo(f"            {fact['kind']:<20} {fact['id']:<48} {fact['file']}")
    facts = sum(len(p["facts"]) for p in pages)
    click.echo(
        f"{len(pages)} page{'s' if len(pages) != 1 else ''} read more than {days} days ago, "
        f"{facts} fact{'s' if facts != 1 else ''} resting on them"
    )


@main.command("services")
@click.argument("text", required=False)
@click.option("--category", help="Only this category (an id, as `subgraph categories` lists them).")
@click.option("--page", type=click.IntRange(min=1), default=1, show_default=True)
@click.option("--per-page", type=click.IntRange(1, MAX_PER_PAGE), default=PER_PAGE, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def services_command(
    ctx: click.Context, text: str | None, category: str | None, page: int, per_page: int, as_json: bool
) -> None:
    """Services in name order, optionally of one category or matching TEXT; one page at a time."""
    kg = _load(ctx)
    category = _resolved(ctx, kg, category, "category") if category else None
    found = find_services(kg, text=text, category=category, page=page, per_page=per_page)
    if as_json:
        # the object GET /v1/services answers with
        summaries = [service_summary(kg.catalogue, s) for s in found.services]
        _print_answer({"items": summaries, "page": found.page, "per_page": found.per_page, "total": found.total})
        return
    for service in found.services:
        click.echo(f"{service.id:<28} {service.name}")
    last = max(1, -(-found.total // found.per_page))
    click.echo(f"page {found.page} of {last}: {found.total} service{'s' if found.total != 1 else ''} in all")


@main.command("billers")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def billers_command(ctx: click.Context, as_json: bool) -> None:
    """Every biller, with how many services the graph knows it to bill for."""
    counts = services_per_biller(_load(ctx))
    if as_json:
        _print_answer(counts)
        return
    for biller in counts:
        click.echo(f"{biller.services:>4}  {biller.id:<28} {biller.name}")


@main.command("categories")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def categories_command(ctx: click.Context, as_json: bool) -> None:
    """Every category, with how many services it holds."""
    counts = services_per_category(_load(ctx))
    if as_json:
        _print_answer(counts)
        return
    for category in counts:
        click.echo(f"{category.services:>4}  {category.id:<28} {category.label}")


#: The graph-wide analyses the notebooks explore, by the name ``subgraph analyse`` takes.
ANALYSES: dict[str, Callable[[KnowledgeGraph], tuple[Any, ...]]] = {
    "gatekeepers": gatekeeping_billers,
    "hardest-to-cancel": hardest_to_cancel,
    "bundles": bundles_against_parts,
}


@main.command("analyse")
@click.argument("analysis", type=click.Choice(list(ANALYSES)))
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def analyse_command(ctx: click.Context, analysis: str, as_json: bool) -> None:
    """Graph-wide analyses: billers that sit between people and services, services hardest to leave,
    bundles against buying their parts."""
    rows = ANALYSES[analysis](_load(ctx))
    if as_json:
        _print_answer(rows)
        return
    for row in rows:
        if isinstance(row, GatekeepingBiller):
            click.echo(f"{row.betweenness:.3f}  {row.services:>3} services  {row.name}")
        elif isinstance(row, CancelEffort):
            minutes = "no known way" if row.minutes is None else f"{row.minutes} min"
            alone = "self-service" if row.self_service else "needs someone else"
            click.echo(f"{row.ways:>2} ways  {minutes:<13} {alone:<19} {row.name}")
        else:
            click.echo(
                f"{row.bundle} {row.plan} ({row.region}, {row.currency}, prices as of {row.as_of}): "
                f"{row.bundle_monthly}/month against {row.parts_monthly} for its priced parts, "
                f"saves {row.monthly_saving}" + (f"; no price for {', '.join(row.unpriced)}" if row.unpriced else "")
            )


@main.command()
@click.option("--service", help="Only this service's gaps (an id or a name).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def gaps(ctx: click.Context, service: str | None, as_json: bool) -> None:
    """What the graph looked for and does not know: what, for which service, when last looked for, where."""
    kg = _load(ctx)
    found = known_gaps(kg, service=_resolved(ctx, kg, service, "service") if service else None)
    if as_json:
        _print_answer(found)
        return
    for gap in found:
        regions = f" ({', '.join(gap.regions)})" if gap.regions else ""
        click.echo(f"{gap.service}{regions} [{gap.kind}] {gap.description}")
        click.echo(f"    last looked for {gap.last_searched} in: {'; '.join(gap.searched_in)}")
    click.echo(f"{len(found)} known gap{'s' if len(found) != 1 else ''}")


@main.command("new-service")
@click.argument("service_id")
@click.option("--name", help="The service's name (else a FILL: marker).")
@click.option("--write", is_flag=True, help="Write services/SERVICE_ID.ttl in the graph instead of printing it.")
@click.pass_context
def new_service_command(ctx: click.Context, service_id: str, name: str | None, write: bool) -> None:
    """A commented Turtle skeleton for a new service: replace its FILL: markers, then validate."""
    kg = _load(ctx)
    try:
        text = new_service(kg, service_id, name=name)
    except ValueError as error:
        click.echo(f"error: {error}", err=True)
        ctx.exit(1)
    if not write:
        click.echo(text, nl=False)
        return
    path = Path(ctx.obj["graph"]) / "services" / f"{service_id}.ttl"
    if path.exists():
        click.echo(f"error: {path} exists; nothing written", err=True)
        ctx.exit(1)
    path.write_text(text, encoding="utf-8")
    click.echo(f"wrote {path}: replace every FILL: marker, then run subgraph validate")


@main.command("export")
@click.option("--service", help="Only this service's description (an id or a name).")
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATS)), default="turtle", show_default=True)
@click.option("-o", "--output", type=click.File("wb"), default="-", help="File to write (default: stdout).")
@click.pass_context
def export_command(ctx: click.Context, service: str | None, fmt: str, output: IO[bytes]) -> None:
    """The graph as RDF, for triple stores and other tools."""
    kg = _load(ctx)
    output.write(export(kg, fmt, _resolved(ctx, kg, service, "service") if service else None))


def _resolved(ctx: click.Context, kg: KnowledgeGraph, text: str, kind: str) -> str:
    """An id from user text; exit 2 with the suggestions if it means nothing known (empty text included)."""
    try:
        return resolve_id(kg, text, kind)
    except UnknownId as error:
        click.echo(f"error: {error}", err=True)
        ctx.exit(2)


@main.command()
@click.argument("service")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def show(ctx: click.Context, service: str, as_json: bool) -> None:
    """Everything the graph knows about SERVICE (an id or a name)."""
    kg = _load(ctx)
    profile = service_profile(kg, _resolved(ctx, kg, service, "service"))
    if as_json:
        _print_answer(profile)
        return
    render_profile(profile, click.echo)


#: The command-line flag of each field of the question, where it is not the field's own name.
_FLAGS = {
    "billing_cycle": "--cycle",
    "price_paid": "--price",
    "purchased_via": "--via",
    "reasons": "--reason",
    "needs": "--need",
}


def question_options(*names: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Click options made from :class:`Question`'s fields: one declaration for the CLI, the API and the core."""

    def decorate(command: Callable[..., Any]) -> Callable[..., Any]:
        for name in reversed(names):
            field = Question.model_fields[name]
            annotation = field.annotation
            flag = _FLAGS.get(name, "--" + name.replace("_", "-"))
            options: dict[str, Any] = {"help": field.description}
            choices = [a for a in get_args(annotation) if a is not type(None)]
            if get_origin(annotation) is tuple:
                options["multiple"] = True
            elif choices and get_origin(choices[0]) is Literal:
                options["type"] = click.Choice(get_args(choices[0]))
            elif any(float in (c, *get_args(c)) for c in choices):
                options["type"] = click.FloatRange(min=0)
            if field.default not in (None, ()):
                options.update(default=field.default, show_default=True)
            command = click.option(flag, name, **options)(command)
        return command

    return decorate


def _question(ctx: click.Context, service: str, **fields: Any) -> Question:
    """The question, or exit 2 saying which input is wrong."""
    if not service.strip():
        click.echo("error: unknown service '': name a service", err=True)
        ctx.exit(2)
    try:
        # options not given are the question's defaults, not explicit nulls
        return Question(service=service, **{k: v for k, v in fields.items() if v is not None})
    except ValidationError as error:
        for problem in error.errors():
            field = ".".join(str(part) for part in problem["loc"])
            click.echo(f"error: {_FLAGS.get(field, '--' + field.replace('_', '-'))}: {problem['msg']}", err=True)
        ctx.exit(2)


@main.command("cancel-path")
@click.argument("service")
@question_options("purchased_via", "platform", "region")
@click.option("--json", "as_json", is_flag=True, help="Print JSON: the API's object.")
@click.pass_context
def cancel_path_command(ctx: click.Context, service: str, as_json: bool, **fields: Any) -> None:
    """How to cancel SERVICE, through whoever bills you."""
    kg = _load(ctx)
    question = _question(ctx, service, **fields)
    path = cancel_path(
        kg,
        _resolved(ctx, kg, service, "service"),
        purchased_via=question.purchased_via,
        platform=_resolved(ctx, kg, question.platform, "platform") if question.platform else None,
        region=question.region,
    )
    if as_json:
        _print_answer(path)
    else:
        render_cancel_path(path, click.echo)


@main.command("recommend")
@click.argument("service")
@question_options(
    "plan",
    "billing_cycle",
    "price_paid",
    "currency",
    "purchased_via",
    "platform",
    "region",
    "reasons",
    "needs",
    "usage",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON: the API's object.")
@click.pass_context
def recommend_command(ctx: click.Context, service: str, as_json: bool, **fields: Any) -> None:
    """Cancel, downgrade, switch or keep SERVICE? With the saving and how."""
    kg = _load(ctx)
    question = _question(ctx, service, **fields)
    try:
        answer = recommend(kg, question)
    except UnknownId as error:
        click.echo(f"error: {error}", err=True)
        ctx.exit(2)
    if as_json:
        _print_answer(answer)
    else:
        render_recommendation(answer, click.echo)


@main.command("portfolio")
@click.argument("file", type=click.File("rb"))
@click.option("--json", "as_json", is_flag=True, help="Print JSON: the API's object.")
@click.option("--ics", type=click.File("wb"), help="Write the plan's deadlines as iCalendar reminders to this file.")
@click.option("--region", default="US", show_default=True, help="For items that do not say theirs (ISO 3166-1).")
@click.pass_context
def portfolio_command(ctx: click.Context, file: IO[bytes], as_json: bool, ics: IO[bytes] | None, region: str) -> None:
    """Many subscriptions at once: overlaps, bundles, totals and a plan.

    FILE is a JSON list or a CSV list of subscriptions (the fields of
    `recommend`, plus label, renews_on, trial_ends_on), or a bank export
    (CSV, OFX, CAMT.053), whose recurring charges are found first.
    """
    # imported here, as only this command reads portfolios: the others start faster without them
    from .portfolio import TooManyItems, portfolio
    from .portfolio.calendar import reminders
    from .portfolio.read import PortfolioInputError, read_subscriptions
    from .views.portfolio import render_portfolio

    kg = _load(ctx)
    if len(region) != 2 or not region.isascii() or not region.isalpha():
        click.echo("error: --region: an ISO 3166-1 alpha-2 code, such as US or GB", err=True)
        ctx.exit(2)
    try:
        answer = portfolio(kg, read_subscriptions(kg, file.read(), filename=file.name, region=region.upper()))
    except (PortfolioInputError, StatementError, TooManyItems, UnknownId) as error:
        click.echo(f"error: {error}", err=True)
        ctx.exit(2)
    if ics is not None:
        ics.write(reminders(answer))
    if as_json:
        _print_answer(answer)
    else:
        render_portfolio(answer, click.echo)


@main.command("resolve")
@click.argument("text")
@click.option("--kind", type=click.Choice(KINDS), default="service", show_default=True)
@click.pass_context
def resolve_command(ctx: click.Context, text: str, kind: str) -> None:
    """Which graph node TEXT means, with a confidence."""
    _print_answer(_load(ctx).resolver.meaning(text, kind))


@main.command("statement")
@click.argument("file", type=click.File("rb"))
@click.option(
    "--format", "fmt", type=click.Choice(STATEMENT_FORMATS), help="Default: from the file's name and content."
)
@click.option("--region", default="US", show_default=True, help="ISO 3166-1 code: cancel paths, and CSV date order.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON: the API's object.")
@click.pass_context
def statement_command(ctx: click.Context, file: IO[bytes], fmt: str | None, region: str, as_json: bool) -> None:
    """Who is billing me: the recurring charges in FILE, a bank or card export (CSV, OFX/QFX, CAMT.053; - for stdin)."""
    try:
        region = TypeAdapter(Region).validate_python(region)
    except ValidationError:
        click.echo(f"error: --region: {region!r} is not a two-letter country code", err=True)
        ctx.exit(2)
    kg = _load(ctx)
    data = file.read(MAX_BYTES + 1)  # one byte over the limit is enough to refuse the file
    name = getattr(file, "name", None)
    with _StatementProgress(enabled=not as_json and sys.stdout.isatty()) as progress:
        try:
            analysis = analyse_statement(
                kg, data, format=fmt, filename=name if isinstance(name, str) else None, region=region, progress=progress
            )
        except StatementError as error:
            click.echo(f"error: {error}", err=True)
            ctx.exit(1)
    answer = statement_answer(kg, analysis, region=region)
    if as_json:
        _print_answer(answer)
    else:
        render_statement(answer, click.echo)


class _StatementProgress:
    """A progress bar for a large statement on a terminal, fed by the core's progress callback."""

    #: Fewer transactions than this are analysed too fast for a bar to help.
    LARGE = 5000

    def __init__(self, *, enabled: bool) -> None:
        self.enabled, self.done = enabled, 0
        self.bar: Any = None  # click's ProgressBar, made once the total is known

    def __enter__(self) -> "_StatementProgress":
        return self

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or total < self.LARGE:
            return
        if self.bar is None:
            self.bar = click.progressbar(length=total, label="Reading the statement", file=sys.stdout)
            self.bar.__enter__()
        self.bar.update(done - self.done)
        self.done = done

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
