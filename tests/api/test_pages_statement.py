"""The statement page: upload an export, see who bills each recurring charge, the portfolio and the pictures."""

import base64
import io
import re

import icalendar
import pytest
from bs4 import BeautifulSoup

MONTHS = range(1, 9)
EXPORT = "Date,Description,Amount\n" + "".join(
    f"2025-{m:02d}-05,NETFLIX.COM,-15.49\n"
    f"2025-{m:02d}-09,SPOTIFY USA,-11.99\n"
    f"2025-{m:02d}-11,Hulu 877-8244858 CA,-9.99\n"
    f"2025-{m:02d}-12,DISNEY PLUS,-13.99\n"
    f"2025-{m:02d}-15,CORNER GROCERY,-{50 + m}.12\n"
    for m in MONTHS
)


def _upload(client, data, filename="bank.csv", **form):
    return client.post(
        "/statement",
        data={"file": (io.BytesIO(data), filename), **form},
        content_type="multipart/form-data",
    )


@pytest.fixture(scope="module")
def answered(app):
    response = _upload(app.test_client(), EXPORT.encode())
    assert response.status_code == 200
    return response, BeautifulSoup(response.get_data(as_text=True), "html.parser")


def test_recurring_charges_with_who_bills_each(answered):
    _, soup = answered
    charges = soup.find("ul", class_="charges").find_all("li", recursive=False)
    text = {li.a.get_text(): " ".join(li.get_text(" ").split()) for li in charges}
    assert set(text) == {"Netflix", "Spotify", "Hulu", "Disney+"}  # groceries are not a subscription
    assert "15.49" in text["Netflix"] and "Billed by" in text["Netflix"]


def test_monthly_spend_is_a_picture_with_its_figures_in_a_table(answered):
    _, soup = answered
    chart = soup.find("svg", class_="chart")
    assert chart["role"] == "img" and chart.title
    assert len(chart.find_all("rect")) == 4 * len(MONTHS)
    rows = {tr.th.get_text(): tr.td.get_text() for tr in soup.find("table").tbody.find_all("tr")}
    assert rows == {f"2025-{m:02d}": "51.46" for m in MONTHS}  # 15.49 + 11.99 + 9.99 + 13.99


def test_the_plan_with_totals_and_reminders_to_download(answered):
    _, soup = answered
    plan = " ".join(soup.find("section", attrs={"aria-labelledby": "plan"}).get_text(" ").split())
    assert re.search(r"A year now: \d+\.\d\d USD ; after the plan: \d+\.\d\d USD", plan)
    link = soup.find("a", download=True)
    assert link["href"].startswith("data:text/calendar;base64,")
    calendar = icalendar.Calendar.from_ical(base64.b64decode(link["href"].split(",", 1)[1]))
    assert calendar.walk("VEVENT")


def test_an_answer_is_never_cached(answered):
    response, _ = answered
    assert response.headers["Cache-Control"] == "no-store"
    assert "ETag" not in response.headers


def test_the_answer_page_is_not_kept_even_as_a_policy_cache_key(client):
    from subgraph_api.headers import _remembered_policy

    before = _remembered_policy.cache_info()
    response = _upload(client, EXPORT.encode())
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    after = _remembered_policy.cache_info()
    assert (after.hits, after.misses) == (before.hits, before.misses)


@pytest.mark.parametrize(
    "data,filename,status,says",
    [
        (b"\x00\x01\x02garbage", "bank.ofx", 400, "binary"),
        (b"", "bank.csv", 400, ""),
        (b"x" * (6 * 1024 * 1024), "bank.csv", 413, "too large"),  # the page takes what the API takes
    ],
)
def test_a_bad_upload_is_a_page_saying_what_is_wrong(client, data, filename, status, says):
    response = _upload(client, data, filename)
    assert response.status_code == status
    assert response.mimetype == "text/html"
    alert = BeautifulSoup(response.get_data(as_text=True), "html.parser").find(attrs={"role": "alert"})
    assert alert and says in alert.get_text()
    assert "Traceback" not in response.get_data(as_text=True)


def test_no_file_or_a_bad_region_is_a_page_too(client):
    assert client.post("/statement", data={}, content_type="multipart/form-data").status_code == 400
    assert _upload(client, EXPORT.encode(), region="<script>").status_code == 400


def test_the_form_is_linked_from_home(client):
    soup = BeautifulSoup(client.get("/").get_data(as_text=True), "html.parser")
    assert "/statement" in {a["href"] for a in soup.find_all("a")}
    form = BeautifulSoup(client.get("/statement").get_data(as_text=True), "html.parser").find("form")
    assert form["method"] == "post" and form["enctype"] == "multipart/form-data"


def test_charges_in_a_currency_not_known_for_the_region_are_named_not_counted(client):
    """The export names no currency, and the graph knows none for Britain: nothing can be totalled."""
    response = _upload(client, EXPORT.encode(), region="GB")
    assert response.status_code == 200
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    (said,) = [p.get_text() for p in soup.find_all("p", class_="unknown") if "currency unknown" in p.get_text()]
    assert said.startswith("Not counted, currency unknown: ") and "Netflix" in said
