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
# # Exploring the subscription graph
#
# What is in the graph, who sits between people and the services they pay
# for, which services are hardest to leave, and how fresh the facts are.
# Everything here uses the `subgraph` package's public API.

# %%
import collections

import matplotlib.pyplot as plt
import networkx as nx
import pandas as pd

from subgraph import load_graph
from subgraph.graph.analyses import gatekeeping_billers, hardest_to_cancel
from subgraph.graph.browse import services_per_category
from subgraph.graph.stats import graph_stats

kg = load_graph()
cat = kg.catalogue
pd.Series(graph_stats(kg)).drop("facts_by_source_kind").to_frame("value")

# %% [markdown]
# ## Counts by class and by category

# %%
types = collections.Counter(t for _, data in kg.nx.nodes(data=True) for t in data.get("types", []))
pd.Series(types).sort_values(ascending=False).head(15).to_frame("nodes")

# %%
by_category = pd.Series({c.label: c.services for c in services_per_category(kg) if c.services})
ax = by_category.sort_values().plot.barh(title="Services per category", figsize=(7, 5))
ax.set_xlabel("services")
plt.tight_layout()
plt.show()

# %% [markdown]
# ## Gatekeeping billers
#
# The networkx projection keeps the graph's ids. A biller that bills many
# services sits between people and those services: in the graph of services and the billers their channels lead
# to, it shows by degree and by betweenness
# (`subgraph.graph.analyses.gatekeeping_billers`).

# %%
billers = pd.DataFrame(
    [
        {"biller": b.name, "services billed": b.services, "betweenness": round(b.betweenness, 3)}
        for b in gatekeeping_billers(kg)
    ]
)
billers.head(10)

# %% [markdown]
# ## Hardest to cancel
#
# For each service, the least effort among the ways to cancel that its
# channels lead to, and whether any of them works without a phone call or
# a trip to a store (`subgraph.graph.analyses.hardest_to_cancel`, hardest
# first; services the graph knows no way to cancel come last).

# %%
effort = pd.DataFrame(
    [
        {
            "service": e.name,
            "ways to cancel": e.ways,
            "least minutes": e.minutes,
            "online option": e.self_service,
            "minutes are our estimate": e.minutes_estimated,
        }
        for e in hardest_to_cancel(kg)
    ]
)
effort.head(12)

# %% [markdown]
# ## How fresh the facts are
#
# Staleness is measured from each source's own date (a 2023 price report
# checked today is a 2023 price).

# %%
facts = pd.DataFrame(
    [
        {
            "kind": kind,
            "source kind": node.source.kind,
            "source year": node.source.source_date.year if node.source.source_date else None,
        }
        for kind, node in cat.facts()
    ]
)
facts.groupby("source kind").size().to_frame("facts")

# %%
dated = facts.dropna(subset=["source year"])
ax = (
    dated.groupby(["source year", "source kind"])
    .size()
    .unstack(fill_value=0)
    .plot.bar(stacked=True, title="Facts by the year of their source", figsize=(9, 4))
)
ax.set_ylabel("facts")
plt.tight_layout()
plt.show()

# %% [markdown]
# ## One service's neighbourhood: Kaspersky
#
# Its plans, the channels it is sold through, the billers behind them and
# their cancel methods.

# %%
keep = {"planOf", "soldThrough", "biller", "cancelMethod"}
neighbourhood = nx.DiGraph()
for u, v, key in kg.nx.edges(keys=True):
    if key in keep and (
        "kaspersky" in (u, v)
        or u in {c for c in cat.service("kaspersky").channels}
        or (key == "cancelMethod" and u in {cat.channels[c].biller for c in cat.service("kaspersky").channels})
    ):
        neighbourhood.add_edge(u, v, key=key)
colours = {
    "Service": "tab:red",
    "Plan": "tab:orange",
    "SalesChannel": "tab:blue",
    "Biller": "tab:green",
    "CancelMethod": "tab:purple",
}
node_colours = [
    next((colours[t] for t in kg.nx.nodes[n].get("types", []) if t in colours), "grey") for n in neighbourhood
]
plt.figure(figsize=(12, 9))
nx.draw_networkx(
    neighbourhood,
    pos=nx.spring_layout(neighbourhood, seed=1),
    node_color=node_colours,
    node_size=300,
    font_size=7,
    arrows=False,
)
plt.axis("off")
plt.title("Kaspersky: plans, channels, billers, cancel methods")
plt.show()
