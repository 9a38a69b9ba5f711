"""One index of the catalogue's names, read by places of purchase and statement lines alike."""

from types import SimpleNamespace as node

from subgraph.text.names import CatalogueNames, catalogue_names


def test_a_shared_name_lists_every_node_that_goes_by_it_in_catalogue_order():
    bundle = node(id="disney-bundle", name="Disney Bundle", aliases=("Disney",))
    plus = node(id="disney-plus", name="Disney+", aliases=("Disney",))
    names = CatalogueNames.of(node(services={s.id: s for s in (bundle, plus)}, billers={}))
    # places take the first ("Disney" bought is the bundle here); statement lines take neither
    assert names.services["disney"] == ("disney-bundle", "disney-plus")
    assert names.service_keys["disney-plus"] == {"disneyplus", "disney"}


def test_the_graphs_names_are_indexed_once(kg):
    names = catalogue_names(kg)
    assert names.billers["comcast"] == ("nbcuniversal", "xfinity")
    assert catalogue_names(kg) is names
