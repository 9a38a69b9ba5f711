"""The guide pages, in process: what a person reads, the links they follow, the data search engines read."""

import json
import re
from decimal import Decimal
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import rdflib
from bs4 import BeautifulSoup

from subgraph.views.guide import guide

SCHEMA = rdflib.Namespace("https://schema.org/")
PAGE_LIMIT = 100 * 1024


def _page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    assert response.mimetype == "text/html"
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def _text(soup):
    return " ".join(soup.get_text(" ").split())


@pytest.fixture(scope="module")
def kaspersky_page(app):
    return _page(app.test_client(), "/guides/kaspersky")


def test_guide_has_title_description_canonical_and_every_section(kaspersky_page):
    soup = kaspersky_page
    assert soup.title.string.startswith("How to cancel Kaspersky")
    assert soup.find("meta", attrs={"name": "description"})["content"]
    assert soup.find("link", rel="canonical")["href"].endswith("/guides/kaspersky")
    headings = [h.get_text(" ", strip=True) for h in soup.find_all("h2")]
    for section in (
        "Cancellation summary",
        "Where did you buy it?",
        "Other ways to cancel Kaspersky",
        "Kaspersky: things to know",
        "Before you cancel",
        "Cheaper options",
        "Cancel or downgrade?",
        "Frequently asked questions about cancelling Kaspersky",
        "Why people cancel Kaspersky",
        "What the graph does not know",
    ):
        assert any(h.startswith(section) for h in headings), section


def test_default_path_says_it_assumes_a_direct_purchase(kaspersky_page):
    assert "These steps assume you bought Kaspersky from Kaspersky Lab directly" in _text(kaspersky_page)


def test_switcher_keeps_the_region(client):
    switcher = _page(client, "/guides/kaspersky?region=AU").find("nav", class_="switcher")
    assert all(parse_qs(urlsplit(a["href"]).query)["region"] == ["AU"] for a in switcher.find_all("a"))


def test_switcher_links_every_channel_and_marks_the_chosen_one(client, kg):
    soup = _page(client, "/guides/kaspersky?via=kaspersky--google-play")
    switcher = soup.find("nav", class_="switcher")
    vias = {parse_qs(urlsplit(a["href"]).query).get("via", [None])[0] for a in switcher.find_all("a")}
    assert vias == {None, *(c.id for c in guide(kg, "kaspersky").channels)}
    assert switcher.find("a", attrs={"aria-current": "page"}).get_text(strip=True).endswith("Google Play")
    assert "Billed by Google Play" in _text(soup.find("section", attrs={"aria-labelledby": "steps"}))


def test_every_fact_shown_has_its_source_and_date(kaspersky_page):
    sources = kaspersky_page.find_all("span", class_="source")
    assert len(sources) > 20
    for span in sources:
        assert span.a["href"].startswith("https://")
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", span.time["datetime"])


# ---- the reference guide (../shared/reference/kaspersky-cancel-guide.txt), section by section, on the page


def test_reference_summary_box(kaspersky_page):
    summary = _text(kaspersky_page.find("section", class_="summary"))
    assert "Cancel online Yes" in summary
    for method in ("Website", "Phone", "Retailer", "App store"):
        assert method in summary, method
    assert "5–10 min" in summary  # "Time to Cancel 5-10 mins"
    assert "up to" in summary  # "Longer for phone support"
    assert "My Kaspersky" in summary  # "Where to Cancel: My Kaspersky Account"


def test_reference_steps_for_a_direct_purchase(kaspersky_page):
    steps = kaspersky_page.find("section", attrs={"aria-labelledby": "steps"}).find("ol", class_="steps")
    items = [li.get_text(" ", strip=True).lower() for li in steps.find_all("li")]
    assert len(items) >= 5
    assert "my.kaspersky.com" in items[0] and "sign in" in items[0]
    assert any("renewal" in i for i in items) and any("subscription" in i for i in items)


def test_reference_phone_support_without_an_unsourced_number(kaspersky_page):
    text = _text(kaspersky_page)
    assert "Ask Kaspersky Customer Service" in text
    assert "1-855-472-3555" not in text  # no official source shows it
    assert "No official source gives a phone number" in text


@pytest.mark.parametrize("via,biller", [("Amazon", "Amazon"), ("Best Buy", "Best Buy"), ("Costco", "Costco")])
def test_reference_retailer_paths(client, via, biller):
    soup = _page(client, f"/guides/kaspersky?via={via}")
    steps = _text(soup.find("section", attrs={"aria-labelledby": "steps"}))
    assert f"Billed by {biller}" in steps


def test_reference_microsoft_store_path_says_the_sale_is_not_recorded(client):
    steps = _text(
        _page(client, "/guides/kaspersky?via=Microsoft Store").find("section", attrs={"aria-labelledby": "steps"})
    )
    assert "Billed by Microsoft Store" in steps and "does not record" in steps


def test_reference_app_store_ways(kaspersky_page):
    other = _text(kaspersky_page.find("section", attrs={"aria-labelledby": "other-ways"}))
    assert "Billed by Apple" in other and "Billed by Google Play" in other


@pytest.mark.parametrize(
    "kind,region",
    [
        ("access-until-period-end", "US"),
        ("third-party-purchase", "US"),
        ("intro-price-expires", "US"),
        ("check-biller", "US"),
        ("note-end-date", "AU"),  # the graph has this one from Kaspersky's Australian terms only
        ("uninstall-does-not-cancel", "US"),
    ],
)
def test_reference_things_to_know(client, kg, kind, region):
    page = guide(kg, "kaspersky", region=region)
    text = _text(_page(client, f"/guides/kaspersky?region={region}"))
    caveats = [c for c in page.caveats if c.kind == kind]
    assert caveats and all(c.title in text and c.text in text for c in caveats)


def test_reference_plans_legacy_and_current(kaspersky_page):
    cheaper = _text(kaspersky_page.find("section", attrs={"aria-labelledby": "cheaper"}))
    for legacy in ("Kaspersky Anti-Virus", "Kaspersky Internet Security", "Kaspersky Total Security"):
        assert f"{legacy} (no longer sold; replaced by" in cheaper
    for current in ("Kaspersky Standard", "Kaspersky Plus", "Kaspersky Premium"):
        assert current in cheaper


def test_reference_faq_has_answers(kaspersky_page, kg):
    faq = kaspersky_page.find("dl", class_="faq")
    questions = [dt.get_text(strip=True) for dt in faq.find_all("dt")]
    text = " ".join(questions).lower()
    for words in ("refund", "online", "after", "cancel button", "uninstall", "phone", "fully cancel"):
        assert words in text, words
    for dd, answer in zip(faq.find_all("dd"), guide(kg, "kaspersky").faq, strict=True):
        assert answer.answer in _text(dd) and dd.find("span", class_="source")


def test_reference_related_guides_and_reasons(kaspersky_page):
    related = {a["href"] for a in kaspersky_page.find("section", attrs={"aria-labelledby": "related"}).find_all("a")}
    assert {"/guides/mcafee", "/guides/norton"} <= related
    why = _text(kaspersky_page.find("section", attrs={"aria-labelledby": "why"}))
    for reason in ("Found a cheaper option", "The price went up at renewal", "Switching to built-in"):
        assert reason in why


def test_reference_availability_by_region(kaspersky_page):
    assert "Kaspersky is not sold in US since 2024-07-20" in _text(kaspersky_page)


# ---- savings, structured data


def test_savings_are_the_exact_figures_of_the_graph(client, kg):
    text = _text(_page(client, "/guides/netflix"))
    for saving in guide(kg, "netflix").savings:
        assert f"saving {saving.annual_saving:.2f} {saving.currency}" in text


def _jsonld(client, service_id):
    soup = _page(client, f"/guides/{service_id}")
    block = soup.find("script", type="application/ld+json")
    data = json.loads(block.string)
    context = client.get("/guides/context.jsonld")
    assert context.mimetype == "application/ld+json"
    # the page names the context this site serves; rdflib reads that copy instead of fetching it
    assert data["@context"].endswith("/guides/context.jsonld")
    data["@context"] = json.loads(context.get_data())["@context"]
    return rdflib.Graph().parse(data=json.dumps(data), format="json-ld")


def test_jsonld_of_every_guide_parses_and_matches_the_graph(client, kg, catalogue):
    for service_id in catalogue.services:
        page = guide(kg, service_id)
        rdf = _jsonld(client, service_id)
        assert (None, rdflib.RDF.type, SCHEMA.FAQPage) in rdf
        assert (None, rdflib.RDF.type, SCHEMA.BreadcrumbList) in rdf
        howtos = {str(rdf.value(h, SCHEMA.name)): h for h in rdf.subjects(rdflib.RDF.type, SCHEMA.HowTo)}
        for path in (page.path, *page.other_ways):
            if path.method and path.steps:
                howto = howtos[f"Cancel {page.service.name}: {path.method.name}"]
                steps = sorted(
                    (int(rdf.value(s, SCHEMA.position)), str(rdf.value(s, SCHEMA.text)))
                    for s in rdf.objects(howto, SCHEMA.step)
                )
                # the graph's own steps of that method, not the guide answer the page was built from
                assert steps == [(s.position, s.text) for s in catalogue.methods[path.method.id].steps]
        prices = {
            (Decimal(str(rdf.value(o, SCHEMA.price))), str(rdf.value(o, SCHEMA.priceCurrency)))
            for o in rdf.subjects(rdflib.RDF.type, SCHEMA.Offer)
        }
        expected = {(Decimal(str(p.amount)), p.currency) for plan in page.plans for p in plan.prices}
        assert prices == expected, service_id
        # and every one is a price the graph holds for one of the service's plans
        held = {
            (price.amount, price.currency)
            for plan in catalogue.plans_of(service_id)
            for offer in (*plan.offers, *plan.superseded_offers, *plan.channel_offers)
            for price in (offer.regular, offer.intro)
            if price is not None
        }
        assert prices <= held, (service_id, prices - held)


# ---- every page: crawl, size, caching, errors


def test_crawl_from_home_finds_no_dead_link_and_loads_nothing_from_another_host(client, catalogue):
    sources = {urlsplit(s.url).netloc for s in catalogue.sources()} | {
        urlsplit(u).netloc for u in (*(s.url for s in catalogue.services.values() if s.url),) if u
    }
    css = len(client.get("/static/site.css").get_data())
    seen, queue, pages = set(), ["/"], 0
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code == 200, url
        if response.mimetype != "text/html":
            continue
        pages += 1
        assert len(response.get_data()) + css <= PAGE_LIMIT, url
        soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
        faq = soup.find("dl", class_="faq")
        assert faq is None or not re.search(r"[{}]", faq.get_text()), url  # answers' placeholders are filled
        for tag in soup.find_all(["link", "script", "img", "iframe", "source", "form"]):
            address = tag.get("href") or tag.get("src") or tag.get("action")
            if address:
                assert urlsplit(address).netloc in ("", "localhost"), (url, address)  # nothing loaded from elsewhere
        for a in soup.find_all("a", href=True):
            href = a["href"]
            parts = urlsplit(href)
            if parts.scheme == "tel":
                continue
            if parts.netloc and parts.netloc != "localhost":
                # the only links out are the sources of the facts shown, and the services' own sites
                assert parts.netloc in sources or any(parts.netloc == urlsplit(s).netloc for s in _step_urls(catalogue))
                continue
            target = urljoin(url, href).split("#")[0]
            if target.startswith("/docs"):
                continue  # the API's page, tested in test_docs_page.py
            queue.append(target)
    assert pages > len(catalogue.services)  # every guide was reached


def _step_urls(catalogue):
    urls = [s.url for m in catalogue.methods.values() for s in m.steps if s.url]
    urls += [m.url for m in catalogue.methods.values() if m.url]
    urls += [c.url for c in catalogue.contacts.values() if c.url]
    return urls


def test_every_guide_with_its_css_is_under_100_kb(client, catalogue):
    css = len(client.get("/static/site.css").get_data())
    for service_id in catalogue.services:
        size = len(client.get(f"/guides/{service_id}").get_data())
        assert size + css <= PAGE_LIMIT, (service_id, size + css)


def test_pages_are_cached_like_api_answers(client):
    first = client.get("/guides/norton")
    assert first.headers["Cache-Control"] == "public, max-age=300"
    again = client.get("/guides/norton", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


def test_pages_have_their_own_policy_and_the_api_keeps_its_own(client):
    page = client.get("/guides/norton").headers["Content-Security-Policy"]
    assert "default-src 'self'" in page and "'unsafe-inline'" not in page
    api = client.get("/v1/services/norton").headers["Content-Security-Policy"]
    assert api.startswith("default-src 'none'")


def test_pages_are_not_api_operations(app):
    assert not [path for path in app.api_doc["paths"] if not path.startswith(("/v1", "/healthz", "/sparql"))]


def test_unknown_service_is_a_404_page_with_suggestions(client):
    soup = _page(client, "/guides/kaspersy", 404)
    assert "/guides/kaspersky" in {a["href"] for a in soup.find_all("a")}


def test_search_goes_to_the_guide_or_asks_did_you_mean(client):
    found = client.get("/search?q=netflx")
    assert found.status_code == 303 and found.headers["Location"].endswith("/guides/netflix")
    for text, first in (("antivirus", "norton"), ("GOOGLE *Norton", "norton")):  # close calls: ask
        found = [a["href"] for a in _page(client, f"/search?q={text}").find("ul", class_="services").find_all("a")]
        assert found[0] == f"/guides/{first}" and len(found) > 1, text
    soup = _page(client, "/search?q=qqqzzzxv", 404)
    assert "No service is clearly called" in _text(soup)
    assert _page(client, "/search?q=", 400).find(attrs={"role": "alert"})


def test_script_in_a_query_is_escaped(client):
    hostile = "<script>alert(1)</script>"
    for url, status in (
        (f"/search?q={hostile}", (200, 404)),  # whatever it suggests
        ("/guides/<script>alert(1)", 404),  # a path cannot hold the closing tag's slash
        (f"/guides/norton?via={hostile}", 200),
        (f"/guides/norton/decide?reasons={hostile}", 400),
    ):
        response = client.get(url)
        assert response.status_code in (status if isinstance(status, tuple) else (status,)), url
        body = response.get_data(as_text=True)
        assert "<script>alert" not in body, url
        assert "&lt;script&gt;" in body, url


def test_decide_form_shows_the_recommendation_and_why(client):
    soup = _page(client, "/guides/norton/decide?reasons=I+never+use+it&usage=never&region=US")
    assert soup.h1.get_text(strip=True) == "Norton: cancel"
    assert "cancel scores" in _text(soup.find("section", attrs={"aria-labelledby": "why"}))
    assert soup.find("section", attrs={"aria-labelledby": "how"})


def test_decide_answer_names_plans_and_services(client):
    options = _text(
        _page(client, "/guides/netflix/decide?plan=netflix-premium&billing_cycle=monthly&reasons=too+expensive").find(
            "section", attrs={"aria-labelledby": "options"}
        )
    )
    assert "downgrade (Netflix Standard, monthly)" in options and "netflix-standard" not in options


def test_decide_form_takes_the_currency_of_the_price(client):
    asked = "/guides/netflix/decide?plan=netflix-standard&billing_cycle=monthly&price_paid=10.99&region=GB"
    assert "not in the currency of GB" in _text(_page(client, asked))
    in_pounds = _text(_page(client, asked + "&currency=gbp"))
    assert "not in GBP" in in_pounds and "currency of GB" not in in_pounds


def test_decide_form_is_on_every_guide_and_needs_no_script(kaspersky_page):
    form = kaspersky_page.find("form", class_="decide")
    assert form["method"] == "get" and form["action"] == "/guides/kaspersky/decide"
    names = {field["name"] for field in form.find_all(["input", "select"])}
    assert {"plan", "billing_cycle", "price_paid", "currency", "purchased_via", "reasons", "needs", "usage"} <= names
    assert not kaspersky_page.find("script", src=True)


@pytest.mark.parametrize(
    "query,field",
    [
        ("price_paid=abc", "price paid"),
        ("price_paid=-3", "price paid"),
        ("billing_cycle=weekly", "billing cycle"),
        ("usage=sometimes", "usage"),
        ("plan=the+platinum+plan", "plan"),
        ("region=Mars", "region"),
        ("price_paid=9.99&currency=euro", "currency"),
    ],
)
def test_bad_form_input_is_a_page_saying_what_to_fix(client, query, field):
    soup = _page(client, f"/guides/kaspersky/decide?{query}", 400)
    problems = soup.find(attrs={"role": "alert"})
    assert field in _text(problems)
    assert "Traceback" not in str(soup)


@pytest.mark.parametrize(
    "url",
    [
        "/guides/norton/decide?reasons=my+wife+lost+her+job&usage=never",
        "/guides/norton/decide?reasons=zzzq+my+wife+lost+her+job&price_paid=abc",
        "/search?q=my+wife+lost+her+job",
    ],
)
def test_a_page_echoing_what_was_typed_is_never_cached(client, kg, url):
    from subgraph_api.headers import _remembered_policy

    before = _remembered_policy.cache_info().currsize
    remembered = kg.resolver._cached.cache_info().currsize
    response = client.get(url)
    assert response.status_code in (200, 400, 404)
    assert response.headers["Cache-Control"] == "no-store" and "ETag" not in response.headers
    assert _remembered_policy.cache_info().currsize == before  # not even kept as the policy cache's key
    if url.startswith("/search"):  # nor in the resolver's cache
        assert kg.resolver._cached.cache_info().currsize == remembered


def test_a_guide_says_when_a_bundles_price_is_another_regions(client):
    """Apple One is priced in the US only: a British guide to Apple Music shows its US price, and says so."""
    british = _page(client, "/guides/apple-music?region=GB")
    said = _text(british.find("section", attrs={"aria-labelledby": "unknown"}))
    assert "Apple One" in said and "is a price in US: the graph has none for GB" in said
    american = _page(client, "/guides/apple-music?region=US")
    assert "is a price in US" not in _text(american.find("section", attrs={"aria-labelledby": "unknown"}))
