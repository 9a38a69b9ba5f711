"""The ``subgraph`` command line: a view of the core, like the API."""

import json
import sys
from collections.abc import Callable
from typing import IO, Any, Literal, get_args, get_origin

import click
from pydantic import ValidationError

from .answers import to_json
from .decide.cancel import cancel_path
from .decide.question import Question
from .decide.recommend import recommend
from .graph.catalogue import UnknownId
from .graph.freshness import stale_facts
from .graph.loader import KnowledgeGraph, default_graph_dir, load_graph
from .graph.stats import graph_stats
from .problems import GraphInvalid
from .rdf.export import FORMATS, export
from .text.resolve import KINDS, resolve_id
from .views.profile import service_profile
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
    """Facts last checked more than DAYS days ago: the list to check again."""
    facts = stale_facts(_load(ctx), days)
    if as_json:
        _print_json(facts)
        return
    for fact in facts:
        click.echo(f"{fact['checked_on']}  {fact['kind']:<20} {fact['id']:<48} {fact['file']}  {fact['source_url']}")
    click.echo(f"{len(facts)} fact{'s' if len(facts) != 1 else ''} checked more than {days} days ago")


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
    "plan", "billing_cycle", "price_paid", "purchased_via", "platform", "region", "reasons", "needs", "usage"
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


@main.command("resolve")
@click.argument("text")
@click.option("--kind", type=click.Choice(KINDS), default="service", show_default=True)
@click.pass_context
def resolve_command(ctx: click.Context, text: str, kind: str) -> None:
    """Which graph node TEXT means, with a confidence."""
    _print_json(_load(ctx).resolver.resolve(text, kind).as_dict())


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
