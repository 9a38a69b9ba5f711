"""One index of the catalogue's names, read by places of purchase and statement lines alike."""

from subgraph.statements.match import DescriptorMatcher
from subgraph.text.names import catalogue_names
from subgraph.text.places import resolve_place


def test_a_shared_name_lists_every_biller_that_goes_by_it(kg):
    names = catalogue_names(kg)
    assert names.billers["comcast"] == ("nbcuniversal", "xfinity")
    assert catalogue_names(kg) is names  # made once per graph


def test_each_reader_takes_a_shared_name_by_its_own_rule(kg):
    # a place means the biller people buy through; a statement line, the same biller, by the places' rule
    assert resolve_place(kg, "Comcast").biller == "xfinity"
    assert DescriptorMatcher().fit(kg).biller_names_["comcast"] == "xfinity"
