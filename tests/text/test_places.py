"""Places of purchase: the biller a person means when they say where they bought."""

import csv
from pathlib import Path

import pytest

from subgraph.text.descriptors import match_descriptor
from subgraph.text.places import resolve_place

CASES = [
    row
    for row in csv.reader((Path(__file__).parents[1] / "data" / "place_cases.tsv").open(), delimiter="\t")
    if row and not row[0].startswith("#")
]


def test_enough_place_cases():
    assert len(CASES) >= 60


@pytest.mark.parametrize("text,service,biller,direct", CASES)
def test_place(kg, text, service, biller, direct):
    place = resolve_place(kg, text, service=None if service == "-" else service)
    assert (place.biller, place.direct) == (None if biller == "-" else biller, direct == "yes"), place


@pytest.mark.parametrize(
    "text", ["dropbox.com", "drive", "Dr. Martens", "nwa", "nw corner store", "NW Natural", "Comcast", "google play"]
)
def test_short_reseller_descriptors_do_not_catch_words(kg, text):
    """Nexway's "NW" and Digital River's "DR*" once took any text starting with those letters."""
    assert match_descriptor(kg, text) is None


@pytest.mark.parametrize("text", ["best buy store", "the best buy shop", "bought it at best buy store"])
def test_a_filler_word_inside_a_name_still_names_it(kg, text):
    """ "buy" is a filler ("where I buy it"), but without it "best store" read closer to an app store."""
    assert resolve_place(kg, text, service="kaspersky").biller == "best-buy"


@pytest.mark.parametrize("text", ["bought it online", "through their website", "paid on the site"])
def test_a_text_of_fillers_alone_names_no_place(kg, text):
    place = resolve_place(kg, text, service="kaspersky")
    assert (place.biller, place.matched_by, place.candidates) == (None, "unrecognised", ())


def test_places_say_how_they_were_read(kg):
    kind = resolve_place(kg, "got it through my phone plan")
    assert (kind.biller, kind.kind, kind.matched_by) == (None, "carrier", "kind") and kind.candidates
    assert resolve_place(kg, "").matched_by == "unrecognised"
    assert resolve_place(kg, "Comcast").matched_by == "biller"


@pytest.mark.parametrize(
    ("text", "biller", "rest"),
    [
        ("PAYPAL *SPOTIFY 402-935-7733", "paypal", "SPOTIFY 402-935-7733"),
        ("nw kaspersky lab", "nexway", "KASPERSKY LAB"),  # a short pattern followed by a service its biller sells
        ("DR *Kaspersky", "digital-river", "KASPERSKY"),
        ("MSFT*MICROSOFT 365 MSBILL.INFO", "microsoft-store", "MSFT*MICROSOFT 365"),  # a long pattern anywhere
        ("itunes.com/bill", "apple-app-store", ""),
    ],
)
def test_one_descriptor_matcher_gives_the_biller_and_the_rest_of_the_line(kg, text, biller, rest):
    """Places and statement lines are matched by one function; what follows the pattern names the service."""
    found = match_descriptor(kg, text)
    assert (found.biller, found.rest) == (biller, rest)
