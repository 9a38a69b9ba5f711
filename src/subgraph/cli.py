"""The ``subgraph`` command line: a view of the core, like the API."""

import json
import sys
from typing import IO, Any

import click

from .decide.cancel import cancel_path
from .decide.recommend import USAGE_LEVELS, recommend
from .graph.catalogue import UnknownId
from .graph.freshness import stale_facts
from .graph.loader import KnowledgeGraph, default_graph_dir, load_graph
from .graph.stats import graph_stats
from .problems import GraphInvalid
from .rdf.export import FORMATS, export
from .text.resolve import KINDS, resolve_id
from .views.profile import service_profile

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
    profile = service_profile(kg.catalogue, _resolved(ctx, kg, service, "service"))
    if as_json:
        _print_json(profile)
        return
    _print_profile(profile)


_REGION = click.option("--region", default="US", show_default=True, help="ISO 3166-1 alpha-2 country code.")
_PLATFORM = click.option("--platform", help="windows, macos, ios, android, web, tv or console (free text is resolved).")
_VIA = click.option(
    "--via", "purchased_via", help="Where it was bought: store, retailer, 'direct', or the text on your card statement."
)


@main.command("cancel-path")
@click.argument("service")
@_VIA
@_PLATFORM
@_REGION
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def cancel_path_command(
    ctx: click.Context,
    service: str,
    purchased_via: str | None,
    platform: str | None,
    region: str,
    as_json: bool,
) -> None:
    """How to cancel SERVICE, through whoever bills you."""
    kg = _load(ctx)
    path = cancel_path(
        kg,
        _resolved(ctx, kg, service, "service"),
        purchased_via=purchased_via,
        platform=_resolved(ctx, kg, platform, "platform") if platform else None,
        region=region,
    )
    if as_json:
        _print_json(path)
    else:
        _print_cancel_path(path)


@main.command("recommend")
@click.argument("service")
@click.option("--plan", help="Plan id or name.")
@click.option("--cycle", "billing_cycle", type=click.Choice(["monthly", "annual"]), help="Billing cycle.")
@click.option("--price", "price_paid", type=click.FloatRange(min=0), help="What one billing period costs you.")
@_VIA
@_PLATFORM
@_REGION
@click.option("--reason", "reasons", multiple=True, help="Why you consider cancelling (repeatable, free text).")
@click.option("--need", "needs", multiple=True, help="A feature you still need (repeatable, free text).")
@click.option("--usage", type=click.Choice(USAGE_LEVELS), help="How often you use it.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def recommend_command(
    ctx: click.Context,
    service: str,
    plan: str | None,
    billing_cycle: str | None,
    price_paid: float | None,
    purchased_via: str | None,
    platform: str | None,
    region: str,
    reasons: tuple[str, ...],
    needs: tuple[str, ...],
    usage: str | None,
    as_json: bool,
) -> None:
    """Cancel, downgrade, switch or keep SERVICE? With the saving and how."""
    kg = _load(ctx)
    try:
        answer = recommend(
            kg,
            service,
            plan=plan,
            billing_cycle=billing_cycle,
            price_paid=price_paid,
            purchased_via=purchased_via,
            platform=platform,
            region=region,
            reasons=reasons,
            needs=needs,
            usage=usage,
        )
    except UnknownId as error:
        click.echo(f"error: {error}", err=True)
        ctx.exit(2)
    if as_json:
        _print_json(answer)
    else:
        _print_recommendation(answer)


@main.command("resolve")
@click.argument("text")
@click.option("--kind", type=click.Choice(KINDS), default="service", show_default=True)
@click.pass_context
def resolve_command(ctx: click.Context, text: str, kind: str) -> None:
    """Which graph node TEXT means, with a confidence."""
    _print_json(_load(ctx).resolver.resolve(text, kind).as_dict())


def _print_cancel_path(path: dict[str, Any]) -> None:
    echo = click.echo
    echo(f"Cancelling {path['service']['name']}")
    for note in path["notes"]:
        echo(f"  note: {note}")
    if path["biller"] is None:
        _print_candidates(path, "Who bills you decides how to cancel.", "Then follow the path for that biller:")
        return
    echo(f"Billed by {path['biller']['name']}")
    if path["channel"]:
        echo(f"  where you bought it: {path['channel']['name']}")
    if path["method"] is None:
        return
    m = path["method"]
    echo(f"\n{m['name']}, about {path['minutes']['min']}-{path['minutes']['max']} minutes:")
    for step in path["steps"]:
        echo(f"  {step['position']}. {step['text']}")
    contact = path["contact"]
    if contact and (contact["telephone"] or contact["url"]):
        echo("  contact: " + ", ".join(x for x in (contact["telephone"], contact["url"], contact["hours"]) if x))
    if path["fallbacks"]:
        echo("\nIf that does not work:")
        for f in path["fallbacks"]:
            phone = f" {f['contact']['telephone']}" if f["contact"] and f["contact"]["telephone"] else ""
            echo(f"  - {f['name']} ({f['minutes']['min']}-{f['minutes']['max']} min){phone}")
    if path["caveats"]:
        echo("\nGood to know:")
        for c in path["caveats"]:
            echo(f"  - {c['title']} (source: {c['source']['url']}, checked {c['source']['checked_on']})")
    _print_candidates(path, "Bought it elsewhere?", "The other ways it is sold, and how to cancel each:")


def _print_candidates(path: dict[str, Any], lead: str, then: str) -> None:
    """Who might bill the person (statement names) and the path for each, when the answer lists them."""
    echo = click.echo
    if not path["candidates"]:
        return
    echo(f"\n{lead} Look for these names on your statement:")
    for item in path["how_to_find_biller"] or []:
        descriptors = ", ".join(item["statement_descriptors"]) or "(no known descriptor)"
        echo(f"  {item['biller']['name']}: {descriptors}")
    echo(f"\n{then}")
    for candidate in path["candidates"]:
        m = candidate["method"]
        echo(f"  {candidate['channel']['name']}: {m['name']} ({m['minutes']['min']}-{m['minutes']['max']} min)")


def _print_recommendation(answer: dict[str, Any]) -> None:
    echo = click.echo
    echo(f"{answer['service']['name']}: {answer['decision'].replace('_', ' ').upper()}")
    for line in answer["explanation"]:
        echo(f"  {line}")
    echo("\nOptions:")
    for o in answer["options"]:
        target = o["plan"] or o["service"] or ""
        money = (
            f"{o['annual_cost_before']} -> {o['annual_cost_after']} {o['currency'] or ''}/yr, "
            f"saves {o['annual_saving']}"
            if o["annual_saving"] is not None
            else "no price known"
        )
        lost = f"; loses {', '.join(o['features_lost'])}" if o["features_lost"] else ""
        asof = f" (prices as of {o['prices_as_of']})" if o["prices_as_of"] else ""
        echo(f"  {o['score']:>6}  {o['action']:<21} {target:<32} {money}{lost}{asof}")
    for note in answer["notes"]:
        echo(f"  note: {note}")
    if answer["before_cancelling"]:
        echo("\nBefore you cancel:")
        texts = {c["id"]: c["text"] for c in answer["caveats"]}
        for item in answer["before_cancelling"]:
            echo(f"  - {item['title']}: {texts[item['caveat']]}")
    if answer["cancel_path"]:
        echo("")
        _print_cancel_path(answer["cancel_path"])


def _print_method(where: str, m: dict[str, Any]) -> None:
    click.echo(f"  [{where}] {m['name']} ({m['kind']}, {m['minutes']['min']}-{m['minutes']['max']} min)")
    for step in m["steps"]:
        click.echo(f"     {step['position']}. {step['text']}")
    for c in m["contacts"]:
        click.echo("     contact: " + ", ".join(x for x in (c["telephone"], c["url"], c["hours"]) if x))


def _print_profile(p: dict[str, Any]) -> None:
    echo = click.echo
    echo(f"{p['name']} ({p['id']}), by {p['provider']['name'] or p['provider']['id']}")
    echo(f"category: {', '.join(c['label'] for c in p['category'])}")
    for a in p["availability"]:
        state = "sold" if a["available"] else "NOT sold"
        echo(
            f"  {state} in {', '.join(a['regions'])}"
            + (f" since {a['since']}" if a["since"] else "")
            + (f": {a['note']}" if a["note"] else "")
        )
    echo("\nplans:")
    for plan in p["plans"]:
        echo(
            f"  {plan['name']} [{plan['status']}]"
            + (f" -> {', '.join(plan['succeeded_by'])}" if plan["succeeded_by"] else "")
        )
        echo(f"    features: {', '.join(plan['features']) or '-'}")
        for o in plan["offers"]:
            intro = o["intro_price"]
            line = f"    {o['billing_cycle']:<8} {', '.join(o['regions'])}"
            line += f" {o['devices']} devices" if o["devices"] else ""
            line += f"  {o['regular_price']['amount']:.2f} {o['currency']}"
            line += f" (first term {intro['amount']:.2f})" if intro else ""
            line += (
                f"  as of {o['regular_price']['source']['source_date'] or o['regular_price']['source']['checked_on']}"
            )
            echo(line)
    echo("\nwhere it is sold, and who bills you:")
    for ch in p["channels"]:
        echo(f"  {ch['name']} ({ch['kind']}) -> billed by {ch['biller']}")
    echo("\nhow to cancel:")
    for ch in p["channels"]:
        for m in ch["cancel_methods"]:
            _print_method(ch["name"], m)
    for biller in p["billers"]:
        for m in biller["cancel_methods"]:
            _print_method(biller["name"], m)
    if p["caveats"]:
        echo("\nthings to know:")
        for c in p["caveats"]:
            echo(f"  - {c['title']}: {c['text']}")
    if p["faq"]:
        echo("\nFAQ:")
        for q in p["faq"]:
            echo(f"  Q: {q['question']}\n  A: {q['answer']}")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
