# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Where the savings are
#
# For every priced plan, the best cheaper way to keep it that the
# recommender finds; how much annual billing saves (is the usual "20-30%"
# true of our prices?); and the jump from introductory to renewal prices.
# Every figure is derived from dated prices in the graph, and carries that
# date.

# %%
import matplotlib.pyplot as plt
import pandas as pd

from subgraph import load_graph
from subgraph.decide.alternatives import alternatives
from subgraph.decide.question import Question
from subgraph.graph.analyses import bundles_against_parts

kg = load_graph()
cat = kg.catalogue

# %% [markdown]
# ## The best alternative for every priced plan

# %%
rows = []
for plan in cat.plans.values():
    for offer in plan.offers:
        if offer.regular.amount == 0:
            continue
        region = offer.regions[0]
        question = Question(service=plan.service, plan=plan.id, billing_cycle=offer.billing_cycle, region=region)
        found = alternatives(kg, question)
        cheaper = [o for o in found.options if o.action not in ("keep", "cancel") and o.annual_saving]
        best = max(cheaper, key=lambda o: o.annual_saving, default=None)
        rows.append(
            {
                "service": cat.services[plan.service].name,
                "plan": plan.name,
                "cycle": offer.billing_cycle,
                "region": region,
                "annual cost": float(offer.annual_cost),
                "currency": offer.regular.currency,
                "best alternative": best and f"{best.action} {best.plan or best.service}",
                "annual saving": best and best.annual_saving,
                "category": cat.categories[cat.services[plan.service].categories[0]].label,
                "prices as of": best and best.prices_as_of,
            }
        )
savings = pd.DataFrame(rows)
savings.sort_values("annual saving", ascending=False).head(15)

# %%
by_category = (
    savings.dropna(subset=["annual saving"]).groupby("category")["annual saving"].agg(["count", "median", "max"])
)
by_category

# %%
ax = savings.dropna(subset=["annual saving"]).boxplot(column="annual saving", by="category", rot=60, figsize=(9, 5))
ax.set_ylabel("annual saving (local currency)")
plt.suptitle("")
plt.title("Annual saving of the best alternative, by category")
plt.tight_layout()
plt.show()

# %% [markdown]
# ## Does annual billing save 20-30%?
#
# Where a plan has both a monthly and an annual regular price for the same
# region, devices and currency, the saving of paying yearly.

# %%
pairs = []
for plan in cat.plans.values():
    offers = {(o.regions, o.devices, o.regular.currency, o.months): o for o in plan.offers}
    for (regions, devices, currency, months), monthly in offers.items():
        annual = offers.get((regions, devices, currency, 12))
        if months == 1 and annual and monthly.regular.amount > 0:
            twelve = 12 * monthly.regular.amount
            pairs.append(
                {
                    "plan": plan.name,
                    "monthly x 12": float(twelve),
                    "annual": float(annual.regular.amount),
                    "saving %": round(float((twelve - annual.regular.amount) / twelve * 100), 1),
                    "currency": currency,
                    "as of": max(monthly.regular.source.as_of, annual.regular.source.as_of).isoformat(),
                }
            )
cycles = pd.DataFrame(pairs)
cycles

# %%
if not cycles.empty:
    share = cycles["saving %"].between(20, 30).mean() * 100
    print(
        f"{len(cycles)} plans with both cycles; median saving {cycles['saving %'].median():.1f}%; "
        f"{share:.0f}% of them fall in the 20-30% band"
    )

# %% [markdown]
# ## Introductory prices and the renewal jump

# %%
intro = pd.DataFrame(
    [
        {
            "plan": cat.plans[o.plan].name,
            "intro": float(o.intro.amount),
            "renewal": float(o.regular.amount),
            "currency": o.regular.currency,
            "jump %": round(float((o.regular.amount - o.intro.amount) / o.intro.amount * 100)),
        }
        for o in cat.offers.values()
        if o.intro
    ]
)
intro if not intro.empty else "No introductory prices in the graph yet."

# %% [markdown]
# ## Bundles against paying for each service
#
# For each bundle plan with a price anyone in the region pays now (not a
# superseded price, nor one seller's own, such as what Verizon bills for the
# Disney Bundle), the cheapest monthly-billed plan of every service it
# includes, bought on its own in the same region and currency. A service the
# graph has no price for is left out of the sum and listed, and so is
# anything a bundle includes that the graph has no node for (Apple One's
# Arcade, News+ and Fitness+), so a bundle can look dearer than it is, never
# cheaper. Family tiers are compared with the cheapest plan of each service,
# not its family plan. A comparison is as old as the oldest price in it
# (`subgraph.graph.analyses.bundles_against_parts`).

# %%
bundles = pd.DataFrame(
    [
        {
            "bundle plan": cat.plans[c.plan].name,
            "region": c.region,
            "currency": c.currency,
            "bundle a month": float(c.bundle_monthly),
            "services priced alone a month": float(c.parts_monthly),
            "saving a month": float(c.monthly_saving),
            "priced": ", ".join(cat.services[p.service].name for p in c.priced),
            "no price alone": ", ".join(cat.services[s].name for s in c.unpriced) or "-",
            "as of": c.as_of.isoformat(),
        }
        for c in bundles_against_parts(kg)
    ]
)
bundles if not bundles.empty else "No priced bundle in the graph yet."
