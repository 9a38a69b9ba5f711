"""The ``subgraph`` command line: a view of the core, like the API."""

import json
import sys

import click

from .catalogue import UnknownId
from .loader import default_graph_dir, load_graph
from .problems import GraphInvalid
from .profile import service_profile
from .stats import graph_stats

__all__ = ["main"]


def _load(ctx):
    """Load the graph once per invocation; an invalid graph stops the command."""
    if "kg" not in ctx.obj:
        try:
            ctx.obj["kg"] = load_graph(ctx.obj["graph"])
        except GraphInvalid as error:
            for problem in error.problems:
                click.echo(str(problem), err=True)
            click.echo(f"error: the graph in {ctx.obj['graph']} is invalid "
                       f"({len(error.problems)} problem{'s' if len(error.problems) != 1 else ''}); nothing loaded",
                       err=True)
            ctx.exit(1)
    return ctx.obj["kg"]


def _print_json(data):
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


@click.group()
@click.option("--graph", "graph_dir", type=click.Path(file_okay=False, path_type=str), envvar="SUBGRAPH_GRAPH",
              default=None, help="Graph directory (default: the embedded graph/; env SUBGRAPH_GRAPH).")
@click.version_option(package_name="subgraph")
@click.pass_context
def main(ctx, graph_dir):
    """subgraph: cancel or downgrade, and exactly how."""
    ctx.ensure_object(dict)
    ctx.obj["graph"] = graph_dir or str(default_graph_dir())


@main.command()
@click.option("--graph", "graph_dir", type=click.Path(file_okay=False, path_type=str), default=None,
              help="Graph directory to validate (overrides the global option).")
@click.pass_context
def validate(ctx, graph_dir):
    """Parse and validate every file of the graph; exit 1 on any problem."""
    if graph_dir:
        ctx.obj["graph"] = graph_dir
    kg = _load(ctx)
    click.echo(f"ok: {ctx.obj['graph']}: {len(set(kg.files.values()))} data files, "
               f"{len(kg.rdf)} triples, {kg.nx.number_of_nodes()} nodes; conforms to the shapes")


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def stats(ctx, as_json):
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
@click.argument("service")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def show(ctx, service, as_json):
    """Everything the graph knows about SERVICE (an id or a name)."""
    kg = _load(ctx)
    try:
        found = kg.catalogue.find_service(service)
    except UnknownId as error:
        click.echo(f"error: {error}", err=True)
        ctx.exit(2)
    profile = service_profile(kg.catalogue, found.id)
    if as_json:
        _print_json(profile)
        return
    _print_profile(profile)


def _print_profile(p):
    echo = click.echo
    echo(f"{p['name']} ({p['id']}), by {p['provider']['name'] or p['provider']['id']}")
    echo(f"category: {', '.join(c['label'] for c in p['category'])}")
    for a in p["availability"]:
        state = "sold" if a["available"] else "NOT sold"
        echo(f"  {state} in {', '.join(a['regions'])}" + (f" since {a['since']}" if a["since"] else "")
             + (f": {a['note']}" if a["note"] else ""))
    echo("\nplans:")
    for plan in p["plans"]:
        echo(f"  {plan['name']} [{plan['status']}]" + (f" -> {', '.join(plan['succeeded_by'])}" if plan["succeeded_by"] else ""))
        echo(f"    features: {', '.join(plan['features']) or '-'}")
        for o in plan["offers"]:
            intro = o["intro_price"]
            line = f"    {o['billing_cycle']:<8} {', '.join(o['regions'])}"
            line += f" {o['devices']} devices" if o["devices"] else ""
            line += f"  {o['regular_price']['amount']:.2f} {o['currency']}"
            line += f" (first term {intro['amount']:.2f})" if intro else ""
            line += f"  as of {o['regular_price']['source']['source_date'] or o['regular_price']['source']['checked_on']}"
            echo(line)
    echo("\nwhere it is sold, and who bills you:")
    for ch in p["channels"]:
        echo(f"  {ch['name']} ({ch['kind']}) -> billed by {ch['biller']}")
    echo("\nhow to cancel:")
    for biller in p["billers"]:
        for m in biller["cancel_methods"]:
            echo(f"  [{biller['name']}] {m['name']} ({m['kind']}, {m['minutes']['min']}-{m['minutes']['max']} min)")
            for step in m["steps"]:
                echo(f"     {step['position']}. {step['text']}")
            for c in m["contacts"]:
                echo("     contact: " + ", ".join(x for x in (c["telephone"], c["url"], c["hours"]) if x))
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
