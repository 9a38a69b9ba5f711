"""The guide pages in a real browser (Debian's chromium) from the service as a user starts it (gunicorn).

axe-core (bundled by axe-playwright-python) checks every page type for
accessibility; screenshots at a 375 px phone and a desktop width are saved
under tmp_path and the page must not scroll sideways; keyboard focus must be
visible; and the page must not ask another host for anything.
"""

import os
import shutil
from urllib.parse import urlsplit

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# .ci/run installs Debian's chromium; elsewhere the test says why it does not run
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        CHROMIUM is None and not os.environ.get("CI"), reason="needs chromium (apt-get install chromium)"
    ),
]

#: One page of each type, and the status it is served with.
PAGE_TYPES = {
    "home": ("/", 200),
    "index": ("/guides/", 200),
    "category": ("/guides/category/security-software", 200),
    "guide": ("/guides/kaspersky", 200),
    "guide-via": ("/guides/kaspersky?via=kaspersky--google-play", 200),
    "guide-unknown-biller": ("/guides/kaspersky?via=no+idea", 200),
    "decide": ("/guides/norton/decide?reasons=I+never+use+it&usage=never", 200),
    "bad-input": ("/guides/norton/decide?price_paid=abc", 400),
    "search": ("/search?q=qqqzzzxv", 404),
    "not-found": ("/guides/kaspersy", 404),
    "statement-form": ("/statement", 200),
}
WIDTHS = {"phone": (375, 812), "desktop": (1280, 900)}


@pytest.fixture(scope="module")
def browser():
    assert CHROMIUM, "CI must install chromium (see .ci/run)"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


def _open(browser, base, path, size, status):
    page = browser.new_page(viewport={"width": size[0], "height": size[1]})
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    console = []
    page.on("console", lambda message: console.append(message.text) if message.type == "error" else None)
    # the page's own error status is logged as a failed load too: only its subresources count
    failed = []
    page.on(
        "response",
        lambda r: failed.append(r.url) if r.status >= 400 and r.request.resource_type != "document" else None,
    )
    response = page.goto(base + path)
    assert response.status == status, path
    page.wait_for_load_state("load")
    assert not failed, failed
    if status >= 400:
        console = [m for m in console if not m.startswith("Failed to load resource")]
    return page, requested, console


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_page_is_accessible_and_fits_a_phone_and_a_desktop(gunicorn_server, browser, tmp_path, kind):
    from axe_playwright_python.sync_playwright import Axe

    path, status = PAGE_TYPES[kind]
    for width, size in WIDTHS.items():
        page, requested, console = _open(browser, gunicorn_server, path, size, status)
        try:
            host = urlsplit(gunicorn_server).netloc
            assert {urlsplit(url).netloc for url in requested} == {host}, requested
            # a CSP violation (an inline style, a script) shows as a console error
            assert not console, console
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{kind} scrolls sideways by {overflow}px at {width}"
            # the whole page where it is narrowest and tallest; a desktop-sized view beside it (a full
            # capture of a long guide at both widths cost seconds of the suite)
            page.screenshot(path=tmp_path / f"{kind}-{width}.png", full_page=width == "phone")
            assert (tmp_path / f"{kind}-{width}.png").stat().st_size > 1000
            if width == "desktop":
                results = Axe().run(page)
                serious = [
                    (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
                    for v in results.response["violations"]
                    if v["impact"] in ("serious", "critical")
                ]
                assert not serious, serious
        finally:
            page.close()


def test_keyboard_focus_is_visible_and_reaches_the_form(gunicorn_server, browser):
    page, _, _ = _open(browser, gunicorn_server, "/guides/kaspersky", WIDTHS["desktop"], 200)
    try:
        page.keyboard.press("Tab")
        first = page.evaluate("document.activeElement.textContent")
        assert first == "Skip to content"
        assert page.evaluate("document.activeElement.getBoundingClientRect().left") >= 0  # shown when focused
        seen = set()
        for _ in range(400):
            page.keyboard.press("Tab")
            focused = page.evaluate(
                """() => { const e = document.activeElement; const s = getComputedStyle(e);
                    return [e.tagName, e.id, s.outlineStyle, parseFloat(s.outlineWidth)]; }"""
            )
            tag, element_id, style, width = focused
            assert style != "none" and width >= 2, focused  # every focused control shows where it is
            seen.add(element_id)
            if element_id == "usage":
                break
        assert {"plan", "billing_cycle", "price_paid", "reasons", "usage"} <= seen
    finally:
        page.close()


def test_the_form_works_without_javascript(gunicorn_server, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(gunicorn_server + "/guides/norton")
        page.select_option("#usage", "never")
        page.fill("#reasons", "I never use it")
        page.click("#decide button[type=submit]")
        page.wait_for_load_state("load")
        assert page.url.startswith(gunicorn_server + "/guides/norton/decide?")
        assert page.inner_text("h1") == "Norton: cancel"
    finally:
        context.close()


def test_statement_page_is_accessible_and_fits_once_answered(gunicorn_server, browser, tmp_path):
    from axe_playwright_python.sync_playwright import Axe
    from test_pages_statement import EXPORT

    export = tmp_path / "bank.csv"
    export.write_text(EXPORT)
    for width, size in WIDTHS.items():
        page, requested, console = _open(browser, gunicorn_server, "/statement", size, 200)
        try:
            page.set_input_files("#file", str(export))
            page.click("form button[type=submit]")
            page.wait_for_load_state("load")
            assert page.inner_text("#charges").startswith("Recurring charges (4)")
            assert {urlsplit(url).netloc for url in requested} == {urlsplit(gunicorn_server).netloc}
            assert not console, console
            assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0, width
            page.screenshot(path=tmp_path / f"statement-{width}.png", full_page=True)
            if width == "desktop":
                serious = [
                    (v["id"], v["impact"])
                    for v in Axe().run(page).response["violations"]
                    if v["impact"] in ("serious", "critical")
                ]
                assert not serious, serious
        finally:
            page.close()
