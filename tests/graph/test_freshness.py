from datetime import date, timedelta

from subgraph.graph.freshness import stale_pages


def test_a_stale_page_is_named_by_its_source_node_even_when_a_fact_links_the_same_url(kg):
    # the graph has cancel methods whose schema:url is the very page they cite
    pages = stale_pages(kg, days=0, today=date.today() + timedelta(days=10000))
    assert pages
    assert {(p["id"].startswith("src-"), p["file"]) for p in pages} == {(True, "graph/sources.ttl")}
