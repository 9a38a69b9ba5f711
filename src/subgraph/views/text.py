"""Answers as text for a terminal: what ``subgraph cancel-path``, ``recommend`` and ``show`` print.

Each renderer takes the answer and a function that writes one line (``click.echo``,
``print``, a list's ``append``), so it is tested without a terminal.
"""

from collections.abc import Callable
from typing import Any

from ..answers import CancelPath, MethodSummary, Recommendation
from .profile import ProfileMethod, ProfileOffer, ServiceProfile

__all__ = ["render_cancel_path", "render_recommendation", "render_profile"]

Echo = Callable[[str], Any]


def _minutes(method: MethodSummary) -> str:
    return f"{method.minutes.min}-{method.minutes.max}"


def render_cancel_path(path: CancelPath, echo: Echo) -> None:
    """Write how to cancel, one line at a time.

    Examples
    --------
    >>> from subgraph import load_graph
    >>> from subgraph.decide.cancel import cancel_path
    >>> lines = []
    >>> render_cancel_path(cancel_path(load_graph(), "kaspersky", purchased_via="Best Buy"), lines.append)
    >>> lines[0], "Billed by Best Buy" in lines
    ('Cancelling Kaspersky', True)
    """
    echo(f"Cancelling {path.service.name}")
    for note in path.notes:
        echo(f"  note: {note.text}")
    if path.biller is None:
        _render_candidates(path, echo, "Who bills you decides how to cancel.", "Then follow the path for that biller:")
        return
    echo(f"Billed by {path.biller.name}")
    if path.channel:
        echo(f"  where you bought it: {path.channel.name}")
    method = path.method
    if method is None:
        return
    echo(f"\n{method.name}, about {_minutes(method)} minutes:")
    for step in path.steps:
        echo(f"  {step.position}. {step.text}")
    contact = method.contact
    where = (contact.url if contact else None) or method.url
    reach = [x for x in ((contact.telephone if contact else None), where, (contact.hours if contact else None)) if x]
    if reach:
        echo("  contact: " + ", ".join(reach))
    if path.fallbacks:
        echo("\nIf that does not work:")
        for fallback in path.fallbacks:
            phone = f" {fallback.contact.telephone}" if fallback.contact and fallback.contact.telephone else ""
            echo(f"  - {fallback.name} ({_minutes(fallback)} min){phone}")
    if path.caveats:
        echo("\nGood to know:")
        for caveat in path.caveats:
            echo(f"  - {caveat.title} (source: {caveat.source.url}, checked {caveat.source.checked_on})")
    _render_candidates(path, echo, "Bought it elsewhere?", "The other ways it is sold, and how to cancel each:")


def _render_candidates(path: CancelPath, echo: Echo, lead: str, then: str) -> None:
    """Who might bill the person (statement names) and the path for each, when the answer lists them."""
    if not path.candidates:
        return
    echo(f"\n{lead} Look for these names on your statement:")
    for hint in path.how_to_find_biller or ():
        descriptors = ", ".join(hint.statement_descriptors) or "(no known descriptor)"
        echo(f"  {hint.biller.name}: {descriptors}")
    echo(f"\n{then}")
    for candidate in path.candidates:
        method = candidate.method
        echo(f"  {candidate.channel.name}: {method.name} ({_minutes(method)} min)")


def render_recommendation(answer: Recommendation, echo: Echo) -> None:
    """Write the decision, the options with their money, the checklist and the cancel path.

    Examples
    --------
    >>> from subgraph import load_graph
    >>> from subgraph.decide.question import Question
    >>> from subgraph.decide.recommend import recommend
    >>> lines = []
    >>> render_recommendation(recommend(load_graph(), Question(service="norton", usage="never")), lines.append)
    >>> lines[0]
    'Norton: CANCEL'
    """
    echo(f"{answer.service.name}: {answer.decision.replace('_', ' ').upper()}")
    for line in answer.explanation:
        echo(f"  {line}")
    echo("\nOptions:")
    for o in answer.options:
        target = o.plan or o.service or ""
        money = (
            f"{o.annual_cost_before} -> {o.annual_cost_after} {o.currency or ''}/yr, saves {o.annual_saving}"
            if o.annual_saving is not None
            else "no price known"
        )
        lost = f"; loses {', '.join(o.features_lost)}" if o.features_lost else ""
        as_of = f" (prices as of {o.prices_as_of})" if o.prices_as_of else ""
        echo(f"  {o.score:>6}  {o.action:<21} {target:<32} {money}{lost}{as_of}")
    for note in answer.notes:
        echo(f"  note: {note.text}")
    if answer.before_cancelling:
        echo("\nBefore you cancel:")
        caveats = {c.id: c for c in answer.caveats}
        for caveat_id in answer.before_cancelling:
            echo(f"  - {caveats[caveat_id].title}: {caveats[caveat_id].text}")
    if answer.cancel_path:
        echo("")
        # in a recommendation the path's caveats are the answer's own
        render_cancel_path(answer.cancel_path, echo)


def _render_method(where: str, m: ProfileMethod, echo: Echo) -> None:
    estimate = ", our estimate" if m.minutes_estimated else ""
    echo(f"  [{where}] {m.name} ({m.kind}, {m.minutes.min}-{m.minutes.max} min{estimate})")
    for step in m.steps:
        echo(f"     {step.position}. {step.text}")
    for c in m.contacts:
        echo("     contact: " + ", ".join(x for x in (c.telephone, c.url, c.hours) if x))


def _price_line(o: ProfileOffer) -> str:
    """One price with its age: the page's own date, or the day an undated page was read."""
    line = f"    {o.billing_cycle:<8} {', '.join(o.regions)}"
    line += f" {o.devices} devices" if o.devices else ""
    line += f"  {o.regular_price.amount:.2f} {o.currency}"
    line += f" (first term {o.intro_price.amount:.2f})" if o.intro_price else ""
    price = o.regular_price
    dated = f"as of {price.as_of:%Y-%m}" if price.as_of_basis == "source date" else f"undated, read {price.as_of}"
    return f"{line}  {dated} ({price.age})"


def render_profile(p: ServiceProfile, echo: Echo) -> None:
    """Write everything the graph knows about a service, as ``subgraph show`` does.

    Examples
    --------
    >>> from subgraph import load_graph
    >>> from subgraph.views.profile import service_profile
    >>> lines = []
    >>> render_profile(service_profile(load_graph(), "youtube-premium"), lines.append)
    >>> any("last sourced price" in line for line in lines)
    True
    """
    echo(f"{p.name} ({p.id}), by {p.provider.name or p.provider.id}")
    echo(f"category: {', '.join(c.label for c in p.category)}")
    for a in p.availability:
        state = "sold" if a.available else "NOT sold"
        echo(
            f"  {state} in {', '.join(a.regions)}"
            + (f" since {a.since}" if a.since else "")
            + (f": {a.note}" if a.note else "")
        )
    echo("\nplans:")
    for plan in p.plans:
        echo(
            f"  {plan.name} [{plan.status}]"
            + (f" -> {', '.join(plan.succeeded_by)}" if plan.succeeded_by else "")
            + (f" (line-up read for {', '.join(plan.regions)})" if plan.regions else "")
        )
        echo(f"    features: {', '.join(plan.features) or '-'}")
        for o in plan.offers:
            echo(_price_line(o))
        for o in plan.channel_offers:
            echo(f"{_price_line(o)}  only when bought through {o.channel.name if o.channel else '?'}")
        for o in plan.superseded_offers:
            echo(f"{_price_line(o)}  last sourced price, {o.regular_price.as_of.year}: raised since")
            if o.note:
                echo(f"      {o.note}")
    echo("\nwhere it is sold, and who bills you:")
    for ch in p.channels:
        echo(f"  {ch.name} ({ch.kind}) -> billed by {ch.biller}")
    echo("\nhow to cancel:")
    methods = [(ch.name, m) for ch in p.channels for m in ch.cancel_methods]
    methods += [(biller.name, m) for biller in p.billers for m in biller.cancel_methods]
    for where, m in methods:
        _render_method(where, m, echo)
    bases = {m.minutes_basis.id: m.minutes_basis for _, m in methods if m.minutes_estimated}
    for basis in bases.values():
        echo(f"  (minutes marked 'our estimate': {basis.definition or basis.label})")
    if p.caveats:
        echo("\nthings to know:")
        for c in p.caveats:
            echo(f"  - {c.title}: {c.text}")
    if p.faq:
        echo("\nFAQ:")
        for q in p.faq:
            echo(f"  Q: {q.question}\n  A: {q.answer}")
    if p.gaps:
        echo("\nwhat we do not know:")
        for gap in p.gaps:
            where = f" ({', '.join(gap.regions)})" if gap.regions else ""
            echo(f"  - {gap.description}{where} Last looked for on {gap.last_searched}.")
