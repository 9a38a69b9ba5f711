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
# # The graph as RDF: SPARQL, pandas and exports
#
# The same questions asked in SPARQL, through the library and through the
# running HTTP endpoint; results into pandas; a service exported for
# another tool.

# %%
import io
import json
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pandas as pd

from subgraph import load_graph
from subgraph.rdf.export import export
from subgraph.rdf.sparql import SparqlEngine

kg = load_graph()
engine = SparqlEngine(kg.rdf)

PREFIXES = """PREFIX schema: <https://schema.org/> PREFIX sg: <https://w3id.org/subgraph/ns#>
PREFIX sgd: <https://w3id.org/subgraph/id/>
"""

# %% [markdown]
# ## Through the library
#
# Which billers sit between people and the most services?

# %%
BILLERS = (
    PREFIXES
    + """
SELECT ?biller (COUNT(DISTINCT ?service) AS ?services) WHERE {
  ?service sg:soldThrough/sg:biller ?b . ?b schema:name ?biller }
GROUP BY ?biller ORDER BY DESC(?services) LIMIT 10"""
)
body, media = engine.query(BILLERS, "text/csv")
billers = pd.read_csv(io.BytesIO(body))
billers

# %% [markdown]
# Cancel methods that need a phone call or a store visit, with their effort:

# %%
HARD = (
    PREFIXES
    + """
SELECT ?biller ?method ?minutes WHERE {
  ?b sg:cancelMethod ?m . ?b schema:name ?biller . ?m schema:name ?method ; sg:maxMinutes ?minutes ;
     sg:methodKind ?kind FILTER(?kind IN (sgd:phone, sgd:in-store, sgd:retailer-service)) }
ORDER BY DESC(?minutes)"""
)
hard = pd.read_csv(io.BytesIO(engine.query(HARD, "text/csv")[0]))
hard.head(10)

# %% [markdown]
# ## Through the running endpoint
#
# The service started as a user starts it (gunicorn), asked over HTTP.

# %%
with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
root = Path.cwd() if (Path.cwd() / "gunicorn.conf.py").exists() else Path.cwd().parent
server = subprocess.Popen(
    [
        str(Path(sys.executable).with_name("gunicorn")),
        "-c",
        str(root / "gunicorn.conf.py"),
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "1",
        "subgraph_api:create_app()",
    ],
    cwd=root,
    stdout=subprocess.DEVNULL,
    stderr=subprocess.DEVNULL,
)
for _ in range(200):
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1).read()
        break
    except OSError:
        time.sleep(0.1)


def ask(query):
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/sparql?query=" + urllib.parse.quote(query),
        headers={"Accept": "application/sparql-results+json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        result = json.load(response)
    return pd.DataFrame([{k: v["value"] for k, v in row.items()} for row in result["results"]["bindings"]])


over_http = ask(BILLERS)
over_http.assign(services=over_http["services"].astype(int)).equals(billers) or over_http

# %% [markdown]
# Prices with their age, straight from the endpoint:

# %%
ask(
    PREFIXES
    + """
SELECT ?plan ?price ?currency ?cycle ?asOf WHERE {
  ?offer schema:itemOffered ?p ; schema:priceSpecification ?spec . ?p schema:name ?plan .
  ?spec schema:price ?price ; schema:priceCurrency ?currency ; schema:billingDuration ?cycle ;
        sg:priceKind sgd:regular-price .
  OPTIONAL { ?spec <http://purl.org/dc/terms/source> ?page . ?page sg:sourceDate ?asOf } }
ORDER BY ?plan LIMIT 15"""
)

# %%
server.terminate()
server.wait(10)
engine.close()

# %% [markdown]
# ## Exporting a service for another tool
#
# One service and everything that describes it, as Turtle and as JSON-LD
# (schema.org context):

# %%
turtle = export(kg, "turtle", "netflix").decode()
print(turtle[:800])

# %%
jsonld = json.loads(export(kg, "jsonld", "netflix"))
print(jsonld["@context"]["@vocab"], len(jsonld["@graph"]), "nodes")
